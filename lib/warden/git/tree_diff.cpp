// Tree comparison over ObjectReader (docs/tree-diff.md): both trees are
// walked together in git's tree order, a subtree whose id equals the base's
// is never compared entry by entry (and, for a partial listing, never read).
//
// Order: git sorts a tree's entries by name, a subtree's name compared as if
// it ended in '/'. Walked depth first in that order, the full paths of the
// blobs come out bytewise sorted, which is the order TreeChange promises. An
// unopened subtree is listed under its own path ("a/b"), which sorts before
// a sibling "a/b.txt" that git's order puts first; such an entry is moved
// back into place as it is listed.
#include "warden/git/tree_diff.hpp"

#include "warden/core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace warden::git {

namespace {

constexpr std::uint32_t k_mode_type = 0170000;
constexpr std::uint32_t k_mode_tree = 040000;

bool is_tree(std::uint32_t mode) { return (mode & k_mode_type) == k_mode_tree; }

// Entry modes as the index stores them: the legacy group-writable blob mode
// reads as a plain blob, as git does (the same rule as repository.cpp).
std::uint32_t normal_mode(std::uint32_t mode) { return mode == 0100664u ? 0100644u : mode; }

bool same_oid(const git_oid& a, const git_oid& b) { return std::memcmp(a.id, b.id, sizeof a.id) == 0; }

std::string hex(const git_oid& oid) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out(sizeof oid.id * 2, '0');
  for (std::size_t i = 0; i < sizeof oid.id; ++i) {
    out[2 * i] = k_digits[oid.id[i] >> 4];
    out[2 * i + 1] = k_digits[oid.id[i] & 0xf];
  }
  return out;
}

// <0, 0, >0 as `a` sorts before, with, after `b` in git's tree order.
int git_order(const TreeItem& a, const TreeItem& b) {
  const std::size_t n = std::min(a.name.size(), b.name.size());
  if (n != 0)
    if (const int c = std::memcmp(a.name.data(), b.name.data(), n); c != 0) return c;
  const auto next = [n](const TreeItem& item) -> unsigned {
    if (item.name.size() > n) return static_cast<unsigned char>(item.name[n]);
    return is_tree(item.mode) ? '/' : 0;
  };
  return static_cast<int>(next(a)) - static_cast<int>(next(b));
}

std::vector<TreeItem> read_tree(const ObjectReader& objects, const git_oid& id) {
  std::optional<std::vector<TreeItem>> items = objects.tree(id);
  if (!items) throw Error(fmt::format("read tree {}: missing or not a tree", hex(id)), k_exit_usage);
  // Git writes trees sorted; a tree that is not (a foreign tool's) is
  // sorted here, so that the walk's order and the merge below still hold.
  for (std::size_t i = 1; i < items->size(); ++i) {
    if (git_order((*items)[i - 1], (*items)[i]) < 0) continue;
    std::stable_sort(items->begin(), items->end(),
                     [](const TreeItem& a, const TreeItem& b) { return git_order(a, b) < 0; });
    break;
  }
  return std::move(*items);
}

class TreeDiffer {
public:
  TreeDiffer(const ObjectReader& objects, Listing listing, TreeChange& out)
    : m_objects(objects), m_partial(listing == Listing::partial), m_out(out) {
    m_path.reserve(256);
    m_out.entries.reserve(256);
  }

  // Every path of `tree`, below the current directory, marked `changed`.
  void list(const git_oid& tree, bool changed) {
    const std::vector<TreeItem> items = read_tree(m_objects, tree);
    for (const TreeItem& item : items) {
      if (is_tree(item.mode)) {
        const std::size_t mark = enter(item.name);
        list(item.oid, changed);
        m_path.resize(mark);
      } else {
        add(item, changed);
      }
    }
  }

  // Every path of the base's `tree`, below the current directory, as removed.
  void drop(const git_oid& tree) {
    const std::vector<TreeItem> items = read_tree(m_objects, tree);
    for (const TreeItem& item : items) {
      if (is_tree(item.mode)) {
        const std::size_t mark = enter(item.name);
        drop(item.oid);
        m_path.resize(mark);
      } else {
        m_out.removed.push_back(path_of(item.name));
      }
    }
  }

  // `tree` against the base's `base`, two different trees at the current directory.
  void diff(const git_oid& tree, const git_oid& base) {
    const std::vector<TreeItem> ours = read_tree(m_objects, tree);
    const std::vector<TreeItem> theirs = read_tree(m_objects, base);
    std::size_t i = 0, j = 0;
    while (i < ours.size() || j < theirs.size()) {
      const int order = i == ours.size() ? 1 : j == theirs.size() ? -1 : git_order(ours[i], theirs[j]);
      if (order < 0) {
        added(ours[i++]);
      } else if (order > 0) {
        gone(theirs[j++]);
      } else {
        // Same name and same kind: git's order tells a subtree "a" from a file "a".
        const TreeItem& item = ours[i++];
        const TreeItem& old = theirs[j++];
        if (!is_tree(item.mode)) {
          add(item, normal_mode(item.mode) != normal_mode(old.mode) || !same_oid(item.oid, old.oid));
        } else if (!same_oid(item.oid, old.oid)) {
          const std::size_t mark = enter(item.name);
          diff(item.oid, old.oid);
          m_path.resize(mark);
        } else if (m_partial) {
          add_unopened(item);
        } else {
          const std::size_t mark = enter(item.name);
          list(item.oid, false);
          m_path.resize(mark);
        }
      }
    }
  }

private:
  void added(const TreeItem& item) {
    if (!is_tree(item.mode)) return add(item, true);
    const std::size_t mark = enter(item.name);
    list(item.oid, true);
    m_path.resize(mark);
  }

  void gone(const TreeItem& item) {
    if (!is_tree(item.mode)) return m_out.removed.push_back(path_of(item.name));
    const std::size_t mark = enter(item.name);
    drop(item.oid);
    m_path.resize(mark);
  }

  void add(const TreeItem& item, bool changed) {
    m_out.entries.push_back(TreeEntry{path_of(item.name), normal_mode(item.mode), item.oid, changed});
  }

  void add_unopened(const TreeItem& item) {
    m_out.partial = true;
    m_out.entries.push_back(TreeEntry{path_of(item.name), k_mode_tree, item.oid, false});
    // Git's order put the siblings "b.txt", "b-x/..." before the subtree
    // "b"; by path, "b" comes first. Those siblings are the last entries
    // listed, all after "b": move "b" before them.
    auto& entries = m_out.entries;
    if (entries.size() < 2 || !(entries.back().path < entries[entries.size() - 2].path)) return;
    const auto last = entries.end() - 1;
    const auto place = std::upper_bound(entries.begin(), last, last->path,
                                        [](const std::string& path, const TreeEntry& e) { return path < e.path; });
    std::rotate(place, last, entries.end());
  }

  std::string path_of(const std::string& name) const {
    std::string path;
    path.reserve(m_path.size() + name.size());
    path.append(m_path).append(name);
    return path;
  }

  // Descend into the subdirectory `name`; returns the length to cut back to.
  std::size_t enter(const std::string& name) {
    const std::size_t mark = m_path.size();
    m_path.append(name).push_back('/');
    return mark;
  }

  const ObjectReader& m_objects;
  bool m_partial;
  TreeChange& m_out;
  std::string m_path; // the current directory, "" or "a/b/"
};

} // namespace

TreeChange tree_change(const ObjectReader& objects, const git_oid& tree, const std::optional<git_oid>& base,
                       Listing listing) {
  TreeChange change;
  TreeDiffer differ(objects, listing, change);
  if (!base) {
    differ.list(tree, true);
  } else if (!same_oid(tree, *base)) {
    differ.diff(tree, *base);
  } else if (listing == Listing::partial) {
    change.partial = true; // the root itself is unopened
  } else {
    differ.list(tree, false);
  }
  return change;
}

std::optional<TreeEntry> find_path(const ObjectReader& objects, const git_oid& tree, std::string_view path) {
  if (path.empty()) return std::nullopt;
  git_oid current = tree;
  std::size_t begin = 0;
  for (;;) {
    const std::size_t slash = path.find('/', begin);
    const std::string_view name = path.substr(begin, slash == std::string_view::npos ? path.npos : slash - begin);
    if (name.empty()) return std::nullopt;
    const std::vector<TreeItem> items = read_tree(objects, current);
    const auto it = std::find_if(items.begin(), items.end(), [&](const TreeItem& item) { return item.name == name; });
    if (it == items.end()) return std::nullopt;
    if (slash == std::string_view::npos)
      return TreeEntry{std::string(path), is_tree(it->mode) ? k_mode_tree : normal_mode(it->mode), it->oid, false};
    if (!is_tree(it->mode)) return std::nullopt;
    current = it->oid;
    begin = slash + 1;
  }
}

} // namespace warden::git

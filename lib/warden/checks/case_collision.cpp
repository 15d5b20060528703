// case-collision, normalization-collision: names a case-insensitive,
// normalization-insensitive file system (macOS, Windows) would merge.
//
// Built for 100,000-path trees: every file and directory of the tree is one
// node, keyed by a 64-bit hash of its folded full path (parent key + folded
// name, so each path is folded once and siblings in the same folded parent
// directory meet). Pure-ASCII names are folded while hashing, without
// allocating or calling utf8proc. A flat hash table finds equal keys; only
// those are looked at again, with the real folded strings.
//
// On a partial listing (docs/tree-diff.md) an unopened subtree is one entry
// of mode 040000: a directory node, like the directory node the full
// listing makes of its first path, whose contents are skipped as the full
// listing's unchanged directories are.
#include "warden/checks/registry.hpp"
#include "warden/checks/file_util.hpp"
#include "warden/checks/unicode.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace warden {

constexpr char k_case_id[] = "case-collision";
constexpr char k_normalization_id[] = "normalization-collision";

namespace {

constexpr std::uint32_t k_no_parent = UINT32_MAX;
constexpr std::uint32_t k_listed = UINT32_MAX - 1; // a table slot whose nodes are all candidates
constexpr std::uint64_t k_root_key = 0x6a09e667f3bcc908ull;

struct Node {
  std::uint32_t parent = k_no_parent;
  std::uint32_t entry = 0;      // an entry whose path starts with this node's path
  std::uint32_t name_begin = 0; // the node's name is entry.path[name_begin, end)
  std::uint32_t end = 0;
  std::uint64_t key = 0;        // hash of the folded full path
  bool changed = false;         // the file, or something under the directory, is changed
  bool directory = false;
};

std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

// FNV-1a over `bytes` (lower-cased when `lower`), mixed.
std::uint64_t name_hash(const char* bytes, std::size_t size, bool lower) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (std::size_t i = 0; i < size; ++i) {
    const char c = lower ? ascii_lower(bytes[i]) : bytes[i];
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return mix(h ^ size);
}

std::uint64_t child_key(std::uint64_t parent_key, std::uint64_t name) {
  return mix(parent_key * 0x9e3779b97f4a7c15ull + name);
}

class CollisionFinder {
public:
  CollisionFinder(const Policy& policy, const FileCheckInput& input)
    : m_folding(policy.files.case_folding), m_severity(policy.files.case_collision), m_input(input) {}

  void run(Findings& out) {
    build_nodes();
    // A flat open-addressing table of keys: only nodes whose key is already
    // there become candidates, so the common case (no collision) never sorts.
    std::size_t capacity = 16;
    while (capacity < m_nodes.size() * 2) capacity *= 2;
    struct Slot {
      std::uint64_t key = 0;
      std::uint32_t node = k_no_parent;
    };
    std::vector<Slot> table(capacity);
    std::vector<std::pair<std::uint64_t, std::uint32_t>> candidates;
    for (std::uint32_t i = 0; i < m_nodes.size(); ++i) {
      const std::uint64_t key = m_nodes[i].key;
      for (std::size_t slot = key & (capacity - 1);; slot = (slot + 1) & (capacity - 1)) {
        Slot& entry = table[slot];
        if (entry.node == k_no_parent) {
          entry = Slot{key, i};
          break;
        }
        if (entry.key == key) {
          candidates.emplace_back(key, i);
          if (entry.node != k_listed) candidates.emplace_back(key, entry.node);
          entry.node = k_listed; // its first node is a candidate now
          break;
        }
      }
    }
    std::sort(candidates.begin(), candidates.end());
    for (std::size_t i = 0; i < candidates.size();) {
      std::size_t j = i + 1;
      while (j < candidates.size() && candidates[j].first == candidates[i].first) ++j;
      std::vector<std::uint32_t> run;
      for (std::size_t k = i; k < j; ++k) run.push_back(candidates[k].second);
      report_run(run, out);
      i = j;
    }
  }

private:
  std::string_view path_of(const Node& node) const {
    return std::string_view(entry_path(node.entry)).substr(0, node.end);
  }
  std::string_view name_of(const Node& node) const {
    return std::string_view(entry_path(node.entry)).substr(node.name_begin, node.end - node.name_begin);
  }
  const std::string& entry_path(std::uint32_t index) const { return m_input.entries[m_order[index]].path; }

  // The hash of `name` folded. Non-ASCII names go through utf8proc once
  // per distinct name: trees repeat names across directories.
  std::uint64_t folded_name_hash(std::string_view name) {
    if (is_ascii(name)) return name_hash(name.data(), name.size(), true);
    const auto [it, inserted] = m_unicode_names.try_emplace(name, 0);
    if (inserted) {
      const std::string folded = fold_name(name, m_folding);
      it->second = name_hash(folded.data(), folded.size(), false);
    }
    return it->second;
  }

  void add_node(std::uint32_t parent, std::uint32_t entry, std::size_t name_begin, std::size_t end,
                bool directory) {
    Node node;
    node.parent = parent;
    node.entry = entry;
    node.name_begin = static_cast<std::uint32_t>(name_begin);
    node.end = static_cast<std::uint32_t>(end);
    node.directory = directory;
    const std::uint64_t parent_key = parent == k_no_parent ? k_root_key : m_nodes[parent].key;
    node.key = child_key(parent_key, folded_name_hash(std::string_view(entry_path(entry)).substr(name_begin, end - name_begin)));
    m_nodes.push_back(node);
  }

  // One node per distinct file and directory. In bytewise order every
  // directory's paths are contiguous, so a stack of open directories is enough.
  void build_nodes() {
    const auto& entries = m_input.entries;
    m_order.resize(entries.size());
    std::iota(m_order.begin(), m_order.end(), 0u);
    const bool sorted = std::is_sorted(entries.begin(), entries.end(),
                                       [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
    if (!sorted) {
      std::sort(m_order.begin(), m_order.end(),
                [&](std::uint32_t a, std::uint32_t b) { return entries[a].path < entries[b].path; });
    }
    // Only changed paths can be reported (unless report_all): a directory
    // with nothing changed below it still meets its siblings, but what is
    // inside it cannot collide with anything changed, so it is skipped
    // whole (a binary search over the sorted paths, not a walk).
    const bool skip_unchanged = !m_input.report_all;
    std::vector<std::uint32_t> changed_positions;
    if (skip_unchanged) {
      for (std::uint32_t i = 0; i < entries.size(); ++i)
        if (entries[m_order[i]].changed) changed_positions.push_back(i);
      if (changed_positions.empty()) return;
    }
    m_nodes.reserve(skip_unchanged ? 1024 : entries.size() + entries.size() / 4);
    std::vector<std::uint32_t> open; // directory nodes, outermost first
    std::string_view previous;
    for (std::uint32_t i = 0; i < entries.size(); ++i) {
      const FileEntry& entry = entries[m_order[i]];
      const std::string_view path = entry.path;
      std::size_t common = 0;
      const std::size_t limit = std::min(path.size(), previous.size());
      while (common < limit && path[common] == previous[common]) ++common;
      if (i > 0 && common == path.size() && common == previous.size()) continue; // duplicate
      // A directory of the previous path stays open when its path and the
      // '/' after it are shared.
      while (!open.empty() && m_nodes[open.back()].end >= common) open.pop_back();
      std::size_t begin = open.empty() ? 0 : m_nodes[open.back()].end + 1;
      bool skipped = false;
      for (std::size_t slash = path.find('/', begin); slash != std::string_view::npos;
           slash = path.find('/', begin)) {
        add_node(open.empty() ? k_no_parent : open.back(), i, begin, slash, true);
        if (skip_unchanged) {
          const std::uint32_t past = end_of_directory(i, path.substr(0, slash + 1));
          const auto next_changed = std::lower_bound(changed_positions.begin(), changed_positions.end(), i);
          if (next_changed == changed_positions.end() || *next_changed >= past) {
            previous = entry_path(past - 1);
            i = past - 1;
            skipped = true;
            break;
          }
        }
        open.push_back(static_cast<std::uint32_t>(m_nodes.size() - 1));
        begin = slash + 1;
      }
      if (skipped) continue;
      // An unopened subtree of a partial listing is a directory node whose
      // contents are unchanged: what is under it cannot collide with a
      // changed path, but the directory itself meets its siblings.
      add_node(open.empty() ? k_no_parent : open.back(), i, begin, path.size(), is_subtree(entry));
      if (entry.changed) {
        m_nodes.back().changed = true;
        for (auto it = open.rbegin(); it != open.rend() && !m_nodes[*it].changed; ++it) m_nodes[*it].changed = true;
      }
      previous = path;
    }
  }

  // The position just past the last path starting with `prefix` ("dir/"),
  // searching from `first`, which has that prefix.
  std::uint32_t end_of_directory(std::uint32_t first, std::string_view prefix) const {
    std::uint32_t lo = first + 1, hi = static_cast<std::uint32_t>(m_order.size());
    while (lo < hi) {
      const std::uint32_t mid = lo + (hi - lo) / 2;
      if (std::string_view(entry_path(mid)).substr(0, prefix.size()) == prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  std::string folded_path(const Node& node) const {
    std::vector<const Node*> chain;
    for (const Node* n = &node; n != nullptr; n = n->parent == k_no_parent ? nullptr : &m_nodes[n->parent])
      chain.push_back(n);
    std::string out;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      if (!out.empty()) out += '/';
      append_folded(out, name_of(**it), m_folding);
    }
    return out;
  }

  // Nodes with one hash: split by the real folded path (a hash collision is
  // not a name collision), then judge each group.
  void report_run(const std::vector<std::uint32_t>& run, Findings& out) const {
    std::vector<std::pair<std::string, std::uint32_t>> folded;
    folded.reserve(run.size());
    for (const std::uint32_t index : run) folded.emplace_back(folded_path(m_nodes[index]), index);
    std::sort(folded.begin(), folded.end());
    for (std::size_t i = 0; i < folded.size();) {
      std::size_t j = i + 1;
      while (j < folded.size() && folded[j].first == folded[i].first) ++j;
      if (j - i > 1) {
        std::vector<std::uint32_t> group;
        for (std::size_t k = i; k < j; ++k) group.push_back(folded[k].second);
        report_group(folded[i].first, group, out);
      }
      i = j;
    }
  }

  void report_group(const std::string& folded, const std::vector<std::uint32_t>& group, Findings& out) const {
    // Same name under colliding parents: already reported for the parents.
    const std::string_view first_name = name_of(m_nodes[group.front()]);
    const bool inherited = std::all_of(group.begin(), group.end(),
                                       [&](std::uint32_t n) { return name_of(m_nodes[n]) == first_name; });
    if (inherited) return;
    const bool changed = std::any_of(group.begin(), group.end(), [&](std::uint32_t n) { return m_nodes[n].changed; });
    if (!changed && !m_input.report_all) return;

    std::vector<std::string> paths;
    std::size_t directories = 0;
    for (const std::uint32_t n : group) {
      paths.emplace_back(path_of(m_nodes[n]));
      if (m_nodes[n].directory) ++directories;
    }
    std::sort(paths.begin(), paths.end());
    const std::string nfc = to_nfc(paths.front());
    const bool normalization_only =
      std::all_of(paths.begin() + 1, paths.end(), [&](const std::string& p) { return to_nfc(p) == nfc; });
    const char* what = directories == group.size() ? "directories"
                       : directories == 0          ? "files"
                                                   : "a file and a directory";
    if (normalization_only) {
      add_finding(out, m_severity, k_normalization_id, std::move(paths),
                  fmt::format("{} differ only in Unicode normalization (NFC/NFD): they collide on "
                              "normalization-insensitive file systems (macOS)",
                              what));
    } else {
      add_finding(out, m_severity, k_case_id, std::move(paths),
                  fmt::format("{} fold to the same name '{}': they collide on case-insensitive file systems "
                              "(macOS, Windows)",
                              what, folded));
    }
  }

  CaseFolding m_folding;
  Severity m_severity;
  const FileCheckInput& m_input;
  std::vector<std::uint32_t> m_order; // entries in bytewise path order
  std::vector<Node> m_nodes;
  std::unordered_map<std::string_view, std::uint64_t> m_unicode_names;
};

} // namespace

namespace {

void check_case_collision(const Policy& policy, const FileCheckInput& input, Findings& out) {
  if (policy.files.case_collision == Severity::off || input.entries.size() < 2) return;
  CollisionFinder(policy, input).run(out);
}

} // namespace

checks::CheckSpec checks::case_collision_check() {
  return {.ids = {{k_case_id, "Paths that collide on a case-insensitive file system (macOS, Windows)"},
                  {k_normalization_id, "Paths that differ only in Unicode normalization (NFC/NFD)"}},
          .keys = {config::files_key<&FilesPolicy::case_collision>(
                     "files.case-collision", config::KeyType::severity, "error",
                     "error | warn | off (every check takes these three); also governs normalization-collision"),
                   config::files_key<&FilesPolicy::case_folding>(
                     "files.case-folding", config::KeyType::choice, "simple",
                     "simple | full: Unicode simple case folding, or full (which also joins ß and ss)",
                     {"simple", "full"})},
          .severity_key = "files.case-collision",
          .enabled = is_on<&Policy::files, &FilesPolicy::case_collision>,
          .run = &check_case_collision};
}

} // namespace warden

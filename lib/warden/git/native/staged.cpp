// The index format (gitformat-index.txt): "DIRC", version, entry count;
// entries sorted by path (62-byte fixed part + path; v2/v3 NUL-padded to 8
// bytes, v4 prefix-compressed); extensions ("TREE" = cache-tree); a
// trailing checksum, which we do not verify: git has just written the file
// and verifying it costs half of libgit2's index read time (docs/pre-commit.md).
#include "warden/git/native/staged.hpp"

#include "warden/git/native/mapped_file.hpp"

#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <string_view>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>

namespace warden::git::native {

namespace {

// One node of the cache-tree extension.
struct CacheNode {
  std::string name;
  bool valid = false;
  git_oid oid{};
  std::vector<CacheNode> children;
  const CacheNode* child(std::string_view child_name) const {
    for (const auto& c : children)
      if (c.name == child_name) return &c;
    return nullptr;
  }
};

bool parse_cache_tree(const unsigned char*& p, const unsigned char* end, CacheNode& node, int depth) {
  if (depth > 4096) return false;
  const unsigned char* nul = static_cast<const unsigned char*>(std::memchr(p, 0, static_cast<std::size_t>(end - p)));
  if (!nul) return false;
  node.name.assign(reinterpret_cast<const char*>(p), static_cast<std::size_t>(nul - p));
  p = nul + 1;
  // "<entry count> <subtree count>\n"; entry count -1 = invalidated.
  auto number = [&](char stop, long& value) {
    bool negative = false;
    if (p < end && *p == '-') { negative = true; ++p; }
    if (p >= end || *p < '0' || *p > '9') return false;
    value = 0;
    while (p < end && *p >= '0' && *p <= '9') {
      value = value * 10 + (*p - '0');
      if (value > 100000000) return false;
      ++p;
    }
    if (p >= end || *p != stop) return false;
    ++p;
    if (negative) value = -value;
    return true;
  };
  long entries = 0, subtrees = 0;
  if (!number(' ', entries) || !number('\n', subtrees) || subtrees < 0) return false;
  if (entries >= 0) {
    if (end - p < 20) return false;
    node.valid = true;
    std::memcpy(node.oid.id, p, 20);
    p += 20;
  }
  node.children.resize(static_cast<std::size_t>(subtrees));
  for (auto& child : node.children)
    if (!parse_cache_tree(p, end, child, depth + 1)) return false;
  return true;
}

struct IndexFile {
  std::vector<TreeEntry> entries; // stage 0 (and conflicted paths once), sorted
  CacheNode cache_tree;
  bool has_cache_tree = false;
};

std::optional<IndexFile> parse_index(const MappedFile& map) {
  const unsigned char* data = map.data();
  const std::size_t size = map.size();
  if (!data || size < 12 + 20 || std::memcmp(data, "DIRC", 4) != 0) return std::nullopt;
  const std::uint32_t version = be32(data + 4);
  if (version < 2 || version > 4) return std::nullopt;
  const std::uint32_t count = be32(data + 8);
  // Every entry takes more than its 62-byte fixed part: a larger count is damage.
  if (count > size / 62) return std::nullopt;
  const unsigned char* p = data + 12;
  const unsigned char* end = data + size - 20; // before the checksum
  IndexFile index;
  index.entries.reserve(count);
  std::string previous; // v4 prefix compression
  for (std::uint32_t i = 0; i < count; ++i) {
    const unsigned char* start = p;
    if (end - p < 62) return std::nullopt;
    const std::uint32_t mode = be32(p + 24);
    git_oid oid;
    std::memcpy(oid.id, p + 40, 20);
    const std::uint16_t flags = static_cast<std::uint16_t>((p[60] << 8) | p[61]);
    p += 62;
    std::uint16_t extended = 0;
    if (flags & 0x4000) {
      if (version < 3 || end - p < 2) return std::nullopt;
      extended = static_cast<std::uint16_t>((p[0] << 8) | p[1]);
      p += 2;
    }
    const int stage = (flags >> 12) & 3;
    std::string path;
    if (version == 4) {
      std::uint64_t strip = 0;
      unsigned char c;
      // git's offset varint: each continuation adds one before shifting.
      if (p >= end) return std::nullopt;
      c = *p++;
      strip = c & 0x7f;
      while (c & 0x80) {
        if (p >= end || strip > (1u << 24)) return std::nullopt;
        c = *p++;
        strip = ((strip + 1) << 7) | (c & 0x7f);
      }
      if (strip > previous.size()) return std::nullopt;
      const unsigned char* nul = static_cast<const unsigned char*>(std::memchr(p, 0, static_cast<std::size_t>(end - p)));
      if (!nul) return std::nullopt;
      path.reserve(previous.size() - strip + static_cast<std::size_t>(nul - p));
      path.assign(previous, 0, previous.size() - strip);
      path.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(nul - p));
      p = nul + 1;
      previous = path;
    } else {
      const unsigned char* nul = static_cast<const unsigned char*>(std::memchr(p, 0, static_cast<std::size_t>(end - p)));
      if (!nul) return std::nullopt;
      path.assign(reinterpret_cast<const char*>(p), static_cast<std::size_t>(nul - p));
      // Entries are padded with 1-8 NULs to a multiple of 8 bytes.
      const std::size_t length = static_cast<std::size_t>(nul - start) + 1;
      const std::size_t padded = (length + 7) & ~std::size_t(7);
      p = start + padded;
      if (p > end) return std::nullopt;
    }
    if ((mode & 0170000) == 0040000) return std::nullopt; // sparse-index directory entry
    if (extended & 0x2000) return std::nullopt;          // intent-to-add: libgit2 decides
    if (stage != 0 && !index.entries.empty() && index.entries.back().path == path) {
      // A conflict: the path once, with "ours" (stage 2) when there is one.
      if (stage == 2) {
        index.entries.back().mode = mode;
        index.entries.back().oid = oid;
      }
      continue;
    }
    TreeEntry entry;
    entry.path = std::move(path);
    entry.mode = mode == 0100664 ? 0100644 : mode; // as git normalises old group-writable modes
    entry.oid = oid;
    entry.changed = stage != 0; // a conflicted path is being resolved by this commit
    index.entries.push_back(std::move(entry));
  }
  // Extensions.
  while (end - p >= 8) {
    const unsigned char* signature = p;
    const std::uint32_t length = be32(p + 4);
    p += 8;
    if (static_cast<std::size_t>(end - p) < length) return std::nullopt;
    if (std::memcmp(signature, "TREE", 4) == 0 && length > 0) {
      const unsigned char* q = p;
      if (!parse_cache_tree(q, p + length, index.cache_tree, 0)) return std::nullopt;
      index.has_cache_tree = true;
    } else if (std::memcmp(signature, "link", 4) == 0 || std::memcmp(signature, "sdir", 4) == 0) {
      return std::nullopt; // split or sparse index: libgit2 handles those
    } else if (signature[0] < 'A' || signature[0] > 'Z') {
      return std::nullopt; // an extension git says readers must understand
    }
    p += length;
  }
  return index;
}

bool is_tree_mode(std::uint32_t mode) { return (mode & 0170000) == 0040000; }

// Compares index entries with HEAD's trees, one directory at a time.
class Comparer {
public:
  Comparer(ObjectStore& store, std::vector<TreeEntry>& entries, std::vector<std::string>& removed)
    : m_store(store), m_entries(entries), m_removed(removed) {}

  // Entries [lo, hi) all lie under `prefix` ("" or "dir/"); `head_tree` is
  // HEAD's tree for that directory (nullopt: it did not exist).
  bool compare(std::size_t lo, std::size_t hi, const std::string& prefix, const CacheNode* cache,
               const std::optional<git_oid>& head_tree) {
    if (!head_tree) {
      for (std::size_t i = lo; i < hi; ++i) m_entries[i].changed = true;
      return true;
    }
    if (cache && cache->valid && std::memcmp(cache->oid.id, head_tree->id, 20) == 0) return true;
    auto object = m_store.read(*head_tree);
    if (!object || object->type != ObjectType::tree) return false;
    auto items = parse_tree(object->data);
    if (!items) return false;
    std::unordered_map<std::string_view, std::size_t> by_name;
    by_name.reserve(items->size());
    for (std::size_t k = 0; k < items->size(); ++k) by_name.emplace((*items)[k].name, k);
    std::vector<bool> seen(items->size(), false);

    std::size_t i = lo;
    while (i < hi) {
      std::string_view rest = std::string_view(m_entries[i].path).substr(prefix.size());
      std::size_t slash = rest.find('/');
      if (slash == std::string_view::npos) {
        auto found = by_name.find(rest);
        TreeEntry& entry = m_entries[i];
        if (found == by_name.end() || is_tree_mode((*items)[found->second].mode)) {
          entry.changed = true;
          if (found != by_name.end()) {
            seen[found->second] = true; // a directory replaced by a file
            if (!list_removed(prefix + std::string(rest) + "/", (*items)[found->second].oid)) return false;
          }
        } else {
          const TreeItem& item = (*items)[found->second];
          seen[found->second] = true;
          if ((item.mode == 0100664 ? 0100644u : item.mode) != entry.mode || std::memcmp(item.oid.id, entry.oid.id, 20) != 0) entry.changed = true;
        }
        ++i;
        continue;
      }
      // A subdirectory: its entries are contiguous.
      std::string child_prefix = prefix + std::string(rest.substr(0, slash + 1));
      std::size_t j = i + 1;
      while (j < hi && m_entries[j].path.compare(0, child_prefix.size(), child_prefix) == 0) ++j;
      std::string_view child_name = rest.substr(0, slash);
      auto found = by_name.find(child_name);
      std::optional<git_oid> child_tree;
      if (found != by_name.end()) {
        const TreeItem& item = (*items)[found->second];
        seen[found->second] = true;
        if (is_tree_mode(item.mode)) child_tree = item.oid;
        else m_removed.push_back(prefix + item.name); // a file replaced by a directory
      }
      const CacheNode* child_cache = cache ? cache->child(child_name) : nullptr;
      if (!compare(i, j, child_prefix, child_cache, child_tree)) return false;
      i = j;
    }
    for (std::size_t k = 0; k < items->size(); ++k) {
      if (seen[k]) continue;
      const TreeItem& item = (*items)[k];
      if (is_tree_mode(item.mode)) {
        if (!list_removed(prefix + item.name + "/", item.oid)) return false;
      } else {
        m_removed.push_back(prefix + item.name);
      }
    }
    return true;
  }

private:
  // Every path of the tree `oid`, which the index no longer has.
  bool list_removed(const std::string& prefix, const git_oid& oid, int depth = 0) {
    if (depth > 4096) return false;
    auto object = m_store.read(oid);
    if (!object || object->type != ObjectType::tree) return false;
    auto items = parse_tree(object->data);
    if (!items) return false;
    for (const auto& item : *items) {
      if (is_tree_mode(item.mode)) {
        if (!list_removed(prefix + item.name + "/", item.oid, depth + 1)) return false;
      } else {
        m_removed.push_back(prefix + item.name);
      }
    }
    return true;
  }

  ObjectStore& m_store;
  std::vector<TreeEntry>& m_entries;
  std::vector<std::string>& m_removed;
};

} // namespace

std::optional<TreeChange> staged_input(ObjectStore& store, const std::optional<git_oid>& head_commit,
                                           const std::string& index_file) {
  MappedFile map(index_file);
  TreeChange input;
  std::optional<IndexFile> index = parse_index(map);
  if (!index) return std::nullopt;
  std::optional<git_oid> head_tree;
  if (head_commit) {
    auto commit = store.read(*head_commit);
    if (!commit || commit->type != ObjectType::commit) return std::nullopt;
    head_tree = commit_tree_id(commit->data);
    if (!head_tree) return std::nullopt;
  }
  Comparer comparer(store, index->entries, input.removed);
  if (!comparer.compare(0, index->entries.size(), "", index->has_cache_tree ? &index->cache_tree : nullptr,
                        head_tree))
    return std::nullopt;
  input.entries = std::move(index->entries);
  std::sort(input.removed.begin(), input.removed.end());
  return input;
}

const std::string* StoreBlobSource::kept(const git_oid& oid) const {
  auto it = m_kept.find(std::string(reinterpret_cast<const char*>(oid.id), 20));
  return it == m_kept.end() ? nullptr : &it->second;
}

std::optional<std::uint64_t> StoreBlobSource::size(const git_oid& oid) {
  if (const std::string* data = kept(oid)) return data->size();
  auto header = m_checked ? m_store.header_checked(oid) : m_store.header(oid);
  if (!header) return std::nullopt;
  return header->size;
}

std::optional<std::string> StoreBlobSource::contents(const git_oid& oid, std::uint64_t limit) {
  if (const std::string* data = kept(oid)) {
    if (data->size() > limit) return std::nullopt;
    return *data;
  }
  auto object = m_checked ? m_store.read_checked(oid, limit) : m_store.read(oid, limit);
  if (!object) return std::nullopt;
  if (object->data.size() <= k_keep_below && m_kept_bytes + object->data.size() <= k_keep_budget) {
    m_kept_bytes += object->data.size();
    m_kept.emplace(std::string(reinterpret_cast<const char*>(oid.id), 20), object->data);
  }
  return std::move(object->data);
}

} // namespace warden::git::native

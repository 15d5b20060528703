#pragma once
// The typed view of a tree that git/ hands out: every path of a tree (the
// index being committed, or a commit's tree), which of them a change
// touches, and a lazy reader of blobs. Both readers fill it: libgit2
// (repository.hpp) and git's files read directly (native/). No handle
// crosses this header.
#include <git2/oid.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace warden::git {

struct TreeEntry {
  std::string path;       // repository-relative, raw bytes as git stores them
  std::uint32_t mode = 0; // 0100644, 0100755, 0120000 (symlink), 0160000 (gitlink);
                          // 040000: an unopened subtree of a partial listing (TreeChange::partial)
  git_oid oid{};
  bool changed = false;   // added, renamed or modified by this change
};

// One entry of a tree object, as stored: a name inside its directory.
struct TreeItem {
  std::string name;
  std::uint32_t mode = 0; // 040000 for a subtree
  git_oid oid{};
};

struct TreeChange {
  std::vector<TreeEntry> entries;   // every path of the tree, sorted bytewise
  std::vector<std::string> removed; // paths of the base tree that are gone (deleted, or renamed away)
  // A partial listing (git::tree_change, tree_diff.hpp; docs/tree-diff.md):
  // some subtree equal to the base's was left unopened. Each is ONE entry of
  // mode 040000 with its path and tree id, changed=false, in bytewise order
  // by its own path; none of its paths is listed. False: `entries` is every
  // path of the tree.
  bool partial = false;
};

// Reads blob sizes and contents only when asked (never for unchanged paths).
class BlobReader {
public:
  virtual ~BlobReader() = default;
  // Size of the blob, without reading its contents when the store allows it.
  virtual std::optional<std::uint64_t> size(const git_oid& oid) = 0;
  // Contents of the blob; nullopt when it is missing or larger than `limit` bytes.
  virtual std::optional<std::string> contents(const git_oid& oid, std::uint64_t limit) = 0;
};

} // namespace warden::git

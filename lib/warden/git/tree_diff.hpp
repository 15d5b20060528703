#pragma once
// Tree comparison, written once over the read-only interface (reader.hpp),
// so that the libgit2 reader and the native one give the file checks the
// same input (docs/tree-diff.md).
#include "warden/git/reader.hpp"

#include <git2/oid.h>

#include <optional>
#include <string_view>

namespace warden::git {

enum class Listing {
  full,    // every path of the tree
  partial, // subtrees equal to the base's left unopened: one 040000 entry each
};

// Return the file-check input for `tree` against `base` (nullopt: every path
// is new).
//  full: every blob, symlink and gitlink of `tree`, sorted bytewise by path,
//    modes normalised as the index stores them (0100664 reads 0100644),
//    `changed` set for a path that is new or whose mode or id differs,
//    `removed` the base's paths that are gone, sorted; a path whose type
//    changed (file -> directory) is removed and added. What
//    git::tree_input (repository.hpp) gives.
//  partial: the same, except that a subtree whose id equals the base's is
//    not opened: it is ONE entry of mode 040000 with its path and tree id,
//    changed=false, kept in bytewise order by its own path; `partial` is
//    then true. When `tree` equals `base` nothing is opened: no entries.
// Throws Error naming the id when a tree cannot be read.
TreeChange tree_change(const ObjectReader& objects, const git_oid& tree, const std::optional<git_oid>& base,
                       Listing listing);

// Return the entry at `path` ("a/b/c.txt") in `tree`, reading only the
// trees on the way (the mode as stored, normalised as above; 040000 for a
// directory; changed=false); nullopt when absent or when `path` is empty or
// holds an empty component. Throws Error naming the id when a tree on the
// way cannot be read.
std::optional<TreeEntry> find_path(const ObjectReader& objects, const git_oid& tree, std::string_view path);

} // namespace warden::git

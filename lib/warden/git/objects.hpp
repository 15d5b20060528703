#pragma once
// Trees, blobs and the differences between trees: the paths a change
// touches, the blob a path holds, blob contents and blob ids of any bytes.
// Views hold values only, never a handle.
#include "warden/git/repository.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden::git {

struct ChangedPath {
  std::string path;
  bool deleted = false; // the change removes it
};

// Return the paths that differ between the trees of commits `from` and `to`, in
// path order; nullopt when a tree cannot be read or diffed.
std::optional<std::vector<ChangedPath>> commit_changes(const Repository& repo, const git_oid& from,
                                                       const git_oid& to);

// Return the paths the repository's index changes against the tree of commit
// `from` (a squash merge before its commit); nullopt when unreadable.
std::optional<std::vector<ChangedPath>> index_changes(const Repository& repo, const git_oid& from);

// Return the blob at `path` ("docs/a.md") in the tree of commit `commit`; nullopt
// when there is no such path or it is not a file.
std::optional<git_oid> blob_in_commit(const Repository& repo, const git_oid& commit, const std::string& path);

// Return the blob staged at `path` in the repository's index (stage 0); nullopt when none.
std::optional<git_oid> blob_in_index(const Repository& repo, const std::string& path);

// Return the contents of blob `id`; nullopt when it is missing or not a blob.
std::optional<std::string> blob_contents(const Repository& repo, const git_oid& id);


} // namespace warden::git

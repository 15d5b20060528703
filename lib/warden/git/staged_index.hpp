#pragma once
// The staged tree for pre-commit, read two ways with the same result:
//  - staged_input_libgit2: git_index_open + a walk of HEAD's tree;
//  - staged_input_fast: the index file mapped and parsed in place (versions
//    2, 3, 4), compared with HEAD through the index's cache-tree (TREE)
//    extension so that only invalidated directories of HEAD are read.
// staged_input (repository.hpp) tries the fast path and falls back, then to
// git itself.
#include "warden/git/repository.hpp"

#include <optional>
#include <string>

namespace warden::git {

// The index file named by `index_path` (GIT_INDEX_FILE): relative to the
// worktree root (the git dir when bare); empty: the repository's own index.
std::string resolve_index_path(const Repository& repo, const std::string& index_path);

TreeChange staged_input_libgit2(const Repository& repo, const std::string& index_path);

// The last resort, for what libgit2 cannot read (a split index, very long
// paths): `git ls-files --stage -z` on the same index file.
TreeChange staged_input_git(const Repository& repo, const std::string& index_path);

// nullopt when the index has something the fast reader does not handle
// (split index, sparse index, unknown version or extension that matters,
// a malformed file): the caller then uses staged_input_libgit2.
std::optional<TreeChange> staged_input_fast(const Repository& repo, const std::string& index_path);

} // namespace warden::git

#pragma once
// The worktrees of a repository and the state of the one we run in. What a
// worktree has checked out is read from git's documented files (HEAD, gitdir,
// rebase-*/head-name), which libgit2 does not expose for linked worktrees.
#include "warden/git/repository.hpp"

#include <optional>
#include <string>
#include <vector>

namespace warden::git {

struct Worktree {
  std::string path;                  // worktree root; empty for a bare repository's HEAD
  std::string git_dir;               // its private git directory
  std::optional<std::string> branch; // short name checked out (or being rebased); nullopt when detached
  bool is_current = false;           // the worktree this process runs in
};

// Return every worktree of `repo` (the main one first, then the linked ones
// by directory name) with what each has checked out.
std::vector<Worktree> list_worktrees(const Repository& repo);

// Return true when the working tree we run in has no staged or unstaged
// changes to tracked files (untracked files do not count) and no operation
// in progress. False for a bare repository.
bool worktree_clean(const Repository& repo);

// Return the operation in progress in the worktree we run in ("merge",
// "rebase", "cherry-pick", "revert", "bisect", "am"); nullopt when none.
std::optional<std::string> operation_in_progress(const Repository& repo);

// Return the directory git commands for `repo` run in: the worktree root, or
// the git directory when bare.
std::string command_dir(const Repository& repo);

} // namespace warden::git

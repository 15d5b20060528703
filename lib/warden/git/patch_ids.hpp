#pragma once
// Patch ids: whether two changes are the same patch, as `git cherry` and
// `git patch-id --stable` decide, computed in-process (docs/branch.md,
// "How a branch's work was merged"). A change is a commit against its first
// parent, or the tree diff between two commits (a branch's whole change since
// its merge base).
#include "warden/git/repository.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace warden::git {

// One change between two trees (no rename detection, as git's patch ids).
// The paths key is cheap (it reads trees, no file contents); the patch id
// reads the changed blobs and is computed on the first call. A Change refers
// to its repository: it must not outlive it.
class Change {
public:
  // Return a hash of the paths the change touches and how (added, deleted,
  // modified, their modes): two changes with the same patch id have the same
  // key, so a key that differs answers "not the same patch" cheaply.
  std::uint64_t paths_key() const { return m_paths_key; }
  // Return true when the change touches nothing (an empty commit, equal trees).
  bool empty() const { return m_paths.empty(); }
  // Return the change's patch id: git's stable patch id (whitespace and line
  // numbers ignored), with each binary file's blob ids mixed in (git's patch
  // text of a binary file says only that it differs). Throws Error when a
  // blob cannot be read.
  git_oid patch_id();

private:
  friend std::optional<Change> commit_change(const Repository&, const git_oid&);
  friend Change tree_change(const Repository&, const git_oid&, const git_oid&);
  Change(const Repository& repo, const std::optional<git_oid>& from_tree, const git_oid& to_tree);
  const Repository* m_repo;
  std::optional<git_oid> m_from_tree; // nullopt: the empty tree
  git_oid m_to_tree;
  std::vector<std::string> m_paths; // the paths that differ, sorted
  std::uint64_t m_paths_key = 0;
  std::optional<git_oid> m_patch_id;
};

// Return the change commit `commit` makes against its first parent (a root
// commit: against the empty tree); nullopt for a merge commit, which has no
// patch id (as in `git cherry`). Throws Error when it cannot be read.
std::optional<Change> commit_change(const Repository& repo, const git_oid& commit);

// Return the change from the tree of commit `from` to the tree of commit `to`.
// Throws Error when either cannot be read.
Change tree_change(const Repository& repo, const git_oid& from, const git_oid& to);

} // namespace warden::git

#pragma once
// `warden branch prune`: delete branches that are done with, never work
// that exists nowhere else (docs/branch.md). Also used by the post-merge
// hook (`branches.prune-on-merge`).
#include "warden/branch/branches.hpp"
#include "warden/config/policy.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace warden::branch {

enum class Fetch { no, yes };

struct PruneOptions {
  bool merged = false;   // also local branches fully merged into the default branch
  bool remote = false;   // also remote branches merged into the default branch
  bool force = false;    // delete gone branches even with unmerged (e.g. squash-merged) work
  DryRun dry_run = DryRun::no;
  Fetch fetch = Fetch::yes; // learn what is gone from the remote first (no network in hooks)
};

struct PruneReport {
  std::vector<std::string> deleted;        // local branches deleted (or that would be)
  std::vector<std::string> deleted_remote; // remote branches deleted, "<remote>/<name>"
  std::vector<std::string> kept;           // candidates kept, with the reason
  std::vector<std::string> failures;
  int exit_code = 0;
};

// Return the local branches whose upstream is gone (per the remote-tracking refs as they are).
std::vector<git::LocalBranch> gone_branches(const git::Repository& repo);

// Delete local branches whose upstream is gone (when their commits are
// reachable from the default branch or a remote branch, or `force`), with
// `merged` those fully merged into the default branch, with `remote` the
// remote branches merged into it. Never the current branch, one checked out
// in any worktree, the default branch or a protected one. Each deletion
// prints the command that restores it. Progress to `out`, failures to `err`.
PruneReport prune_branches(const git::Repository& repo, const Policy& policy, const PruneOptions& options,
                           std::FILE* out, std::FILE* err);

} // namespace warden::branch

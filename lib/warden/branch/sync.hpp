#pragma once
// `warden branch sync`: bring local branches up to date with their remotes
// without ever losing work (docs/branch.md).
#include "warden/branch/branches.hpp"
#include "warden/config/policy.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace warden::branch {

enum class FixUpstreams { no, yes };

struct SyncOptions {
  DryRun dry_run = DryRun::no;
  FixUpstreams fix = FixUpstreams::no;
};

// What sync found and did, branch names each (for tests and summaries).
struct SyncReport {
  std::vector<std::string> fast_forwarded;
  std::vector<std::string> skipped_dirty;      // checked out here with local changes
  std::vector<std::string> other_worktree;     // behind, but checked out in another worktree
  std::vector<std::string> diverged;
  std::vector<std::string> gone;
  std::vector<std::string> mismatched;         // branch.X.merge names another branch
  std::vector<std::string> fixed;              // mismatches repaired by --fix
  std::vector<std::string> failures;           // one line per failed command
  int exit_code = 0;
};

// `git fetch --prune` every remote the branches track (and branches.remote),
// fast-forward each local branch strictly behind its upstream (the one
// checked out here through `git merge --ff-only`, only with a clean working
// tree; others through `git update-ref` with the old value; never a branch
// checked out in another worktree), set `<remote>/HEAD` from the remote, and
// report diverged, gone and mismatched-upstream branches. Progress to `out`,
// failures to `err`.
SyncReport sync_branches(const git::Repository& repo, const Policy& policy, const SyncOptions& options,
                         std::FILE* out, std::FILE* err);

} // namespace warden::branch

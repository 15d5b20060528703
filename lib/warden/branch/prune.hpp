#pragma once
// `warden branch prune`: delete branches that are done with, never work
// that exists nowhere else (docs/branch.md). Also used by the post-merge
// hook (`branches.prune-on-merge`).
#include "warden/branch/branches.hpp"
#include "warden/branch/classify.hpp"
#include "warden/config/policy.hpp"

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace warden::branch {

enum class Fetch { no, yes };

struct PruneOptions {
  bool merged = false;   // also local branches whose work is merged into the default branch
  bool remote = false;   // also remote branches whose work is merged into the default branch
  bool force = false;    // delete gone branches even when they hold unmerged or partly merged work
  DryRun dry_run = DryRun::no;
  Fetch fetch = Fetch::yes; // learn what is gone from the remote first (no network in hooks)
};

struct PruneReport {
  std::vector<std::string> deleted;        // local branches deleted (or that would be)
  std::vector<std::string> deleted_remote; // remote branches deleted, "<remote>/<name>"
  std::vector<std::string> kept;           // candidates kept, with the reason
  std::vector<std::string> failures;
  std::map<std::string, MergeClass> classes; // every branch classified ("<remote>/<name>" for remote ones)
  int exit_code = 0;
};

struct ClassifiedBranch {
  git::LocalBranch branch;
  Classification merge;
};

// Return the local branches whose upstream is gone (per the remote-tracking refs as they are).
std::vector<git::LocalBranch> gone_branches(const git::Repository& repo);

// Return the local branches whose upstream is gone, each with how its work
// reached the default branch in force (as prune judges it).
std::vector<ClassifiedBranch> classify_gone_branches(const git::Repository& repo, const Policy& policy);

// Delete local branches whose upstream is gone when their work is merged
// into the default branch (by ancestry, rebase or squash: classify.hpp), or
// with `force` whatever they hold; with `merged` also the other local
// branches whose work is merged; with `remote` first the remote branches
// whose work is merged. Never the current branch, one checked out
// in any worktree, the default branch or a protected one. Each deletion
// prints the command that restores it. Progress to `out`, failures to `err`.
PruneReport prune_branches(const git::Repository& repo, const Policy& policy, const PruneOptions& options,
                           std::FILE* out, std::FILE* err);

} // namespace warden::branch

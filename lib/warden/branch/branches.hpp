#pragma once
// The facts the branch commands and the post-merge hook share: local
// branches with their upstreams, the worktrees and what they have checked
// out, and whether a tip holds work that exists nowhere else. All read
// through libgit2 (or git's documented on-disk files for worktree HEADs);
// nothing here changes the repository.
#include "warden/git/repository.hpp"

#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace warden::branch {

// Whether a command only prints its plan.
enum class DryRun { no, yes };

struct Worktree {
  std::string path;                  // worktree root; empty for a bare repository's HEAD
  std::string git_dir;               // its private git directory
  std::optional<std::string> branch; // short name checked out (or being rebased); nullopt when detached
  bool is_current = false;           // the worktree this process runs in
};

struct LocalBranch {
  std::string name;                            // short name ("feature/x")
  git_oid oid{};
  std::optional<std::string> upstream_remote;  // branch.<name>.remote ("." = this repository)
  std::optional<std::string> upstream_branch;  // branch.<name>.merge without refs/heads/
  std::optional<std::string> tracking_ref;     // refs/remotes/<remote>/<branch> when the remote is named
  std::optional<git_oid> tracking_oid;         // its value; nullopt when the ref does not exist (gone)
  std::optional<std::string> worktree;         // path of the worktree that has it checked out
  bool is_current = false;                     // checked out in the worktree we run in

  // Tracks a branch of a named remote (not ".").
  bool has_remote_upstream() const { return upstream_remote && *upstream_remote != "." && tracking_ref; }
  // Tracks a remote branch whose remote-tracking ref no longer exists.
  bool upstream_gone() const { return has_remote_upstream() && !tracking_oid; }
  // Tracks a remote branch of a different name (branch.X.merge names Y).
  bool upstream_mismatch() const { return has_remote_upstream() && upstream_branch && *upstream_branch != name; }
  // "<remote>/<branch>" for messages.
  std::string upstream_label() const;
};

// Every worktree of the repository (main first), with what it has checked out.
std::vector<Worktree> list_worktrees(const git::Repository& repo);

// Every local branch, sorted by name, with upstream facts and worktree use.
std::vector<LocalBranch> list_local_branches(const git::Repository& repo);

// The value of `refname` peeled to a commit; nullopt when missing.
std::optional<git_oid> ref_commit(const git::Repository& repo, const std::string& refname);

// The branch `refs/remotes/<remote>/HEAD` names, nullopt when it is missing.
std::optional<std::string> remote_head_branch(const git::Repository& repo, const std::string& remote);

// The names of the configured remotes.
std::set<std::string> configured_remotes(const git::Repository& repo);

// Tips of every remote-tracking branch (refs/remotes/*, symbolic refs skipped).
// Every remote-tracking branch (symbolic refs skipped): full ref name -> tip.
std::map<std::string, git_oid> remote_tracking_tips(const git::Repository& repo);

std::vector<git_oid> remote_branch_tips(const git::Repository& repo);

// Tips of the default branch: refs/heads/<default> and refs/remotes/<remote>/<default>, those that exist.
std::vector<git_oid> default_branch_tips(const git::Repository& repo, const std::string& default_branch,
                                         const std::string& remote);

// How many commits reachable from `tip` are reachable from none of `bases`.
// Stops counting at `limit`.
std::size_t count_commits_outside(const git::Repository& repo, const git_oid& tip,
                                  const std::vector<git_oid>& bases, std::size_t limit = 1000);

// True when `tip` is reachable from (or equal to) one of `bases`.
bool reachable_from_any(const git::Repository& repo, const git_oid& tip, const std::vector<git_oid>& bases);

// True when the working tree we run in has no staged or unstaged changes to
// tracked files (untracked files do not count) and no operation in progress.
bool worktree_clean(const git::Repository& repo);

// A merge, rebase, cherry-pick, revert, bisect or am in progress in the
// worktree we run in: its name ("merge", "rebase"...), nullopt when none.
std::optional<std::string> operation_in_progress(const git::Repository& repo);

// True when `name` is a valid branch name for git.
bool valid_branch_name(const std::string& name);

// First 7 hex digits of `oid`.
std::string short_hex(const git_oid& oid);

// Quote `arg` for a shell command line shown to the user (only when needed).
std::string shell_quote(const std::string& arg);

// "git ARGS..." as the user would type it.
std::string git_command_line(const std::vector<std::string>& args);

// The first line of `text` that is not empty (git's stderr, for one-line messages).
std::string first_line(const std::string& text);

// The directory git commands run in: the worktree root, or the git dir when bare.
std::string command_dir(const git::Repository& repo);

} // namespace warden::branch

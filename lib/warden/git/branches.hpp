#pragma once
// Branches as the branch commands, the doctor and the hooks see them: one
// iteration over local or remote-tracking branches, and the local branches
// with their upstream facts and worktree use. Nothing here changes the
// repository.
#include "warden/git/reader_refs.hpp" // valid_branch_name
#include "warden/git/repository.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace warden::git {

enum class BranchKind { local, remote };

// One branch reference as the iteration hands it out.
struct BranchRef {
  std::string ref_name;          // full name ("refs/heads/feature/x", "refs/remotes/origin/main")
  std::string name;              // short name ("feature/x", "origin/main")
  std::optional<git_oid> target; // the object it points at; nullopt for a symbolic ref (origin/HEAD)
};

// Call `visit` for every branch of `kind`, in libgit2's order. Throws Error
// when the references cannot be read.
void for_each_branch(const Repository& repo, BranchKind kind, const std::function<void(const BranchRef&)>& visit);

enum class BranchScope { local, local_and_remote };

// Return the short name of the first branch in `scope` whose tip is
// `commit` (local branches before remote-tracking ones); empty when none.
std::string branch_at(const Repository& repo, const git_oid& commit, BranchScope scope);

struct LocalBranch {
  std::string name;                            // short name ("feature/x")
  git_oid oid{};                               // its tip
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

// Return every local branch whose tip is a commit, sorted by name, with its
// upstream and the worktree that has it checked out.
std::vector<LocalBranch> local_branches(const Repository& repo);

// Return the remote-tracking ref that `remote`'s fetch refspecs map
// `merge_ref` (a branch.<name>.merge value, "refs/heads/x") to; the standard
// layout refs/remotes/<remote>/x when no refspec maps it.
std::string upstream_tracking_ref(const Repository& repo, const std::string& remote, const std::string& merge_ref);

// Return every remote-tracking branch (symbolic refs skipped): full ref name -> tip.
std::map<std::string, git_oid> remote_tracking_tips(const Repository& repo);

// Return the remote-tracking branches of `remote`: name on the remote -> tip.
std::map<std::string, git_oid> remote_branches_of(const Repository& repo, const std::string& remote);

// Return the tips of the default branch that exist: refs/heads/<default>,
// then refs/remotes/<remote>/<default>.
std::vector<git_oid> default_branch_tips(const Repository& repo, const std::string& default_branch,
                                         const std::string& remote);

} // namespace warden::git

#pragma once
// The branch rules of the `branches` section, as pure functions over names
// and ancestry facts, so pre-push, pre-receive and `warden check --range`
// judge refs the same way. Each finding names the ref (its path) and says
// what to do. Ids: branch-name, upstream-match, force-push, branch-deletion,
// remote-head.
#include "warden/checks/finding.hpp"
#include "warden/config/policy.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace warden {

// The branch name of `ref` ("refs/heads/feature/x" -> "feature/x");
// nullopt when `ref` is not under refs/heads/ (tags, notes, "HEAD").
std::optional<std::string> branch_of_ref(std::string_view ref);

// True when `branch` (short name) matches one of `branches.protected`.
bool is_protected_branch(const Policy& policy, std::string_view branch);

// A name for `branch` that branches.pattern accepts: `branch` lower-cased
// with every other character made '-', else that prefixed with "feature/"
// ("My_Bad_Branch" -> "feature/my_bad_branch"); nullopt when neither
// matches (or no pattern is set).
std::optional<std::string> suggest_branch_name(const Policy& policy, std::string_view branch);

// The command that renames `branch` to a name the policy accepts:
// `warden branch rename NEW OLD` with suggest_branch_name(), else the
// instruction to pick one ("rename it to match branches.pattern: ...").
std::string rename_hint(const Policy& policy, std::string_view branch);

// How to publish `branch` on `remote` with an upstream of its own name:
// `git push -u REMOTE BRANCH` when the policy accepts the name, else
// rename_hint() (a push under a refused name would fail in pre-push).
std::string publish_hint(const Policy& policy, std::string_view remote, std::string_view branch);

// branch-name: the branch `ref` (a refs/heads/ ref being created or updated)
// must match `branches.pattern`. Refs that are not branches are ignored.
void check_branch_name(const Policy& policy, const std::string& ref, Findings& out);

// upstream-match: pushing the local branch `local_branch` to the remote
// branch `remote_ref` of `remote` with another name is refused; so is
// pushing a branch whose configured upstream (`upstream_ref`, the value of
// branch.<local>.merge when branch.<local>.remote is `remote`) names a
// different branch.
void check_upstream_match(const Policy& policy, const std::string& remote, const std::string& local_branch,
                          const std::string& remote_ref, const std::optional<std::string>& upstream_ref,
                          Findings& out);

// How the new tip of a ref relates to the old one.
enum class FastForward {
  yes,      // the old tip is an ancestor of the new one
  no,       // history would be rewritten
  unknown,  // the old tip is not in the local object store (fetch first)
};

// force-push: a non-fast-forward update of a protected branch `ref`.
// `remote` names where it goes (empty on the server side).
void check_force_push(const Policy& policy, const std::string& ref, FastForward fast_forward,
                      const std::string& remote, Findings& out);

// branch-deletion: deleting a protected branch `ref`.
void check_branch_deletion(const Policy& policy, const std::string& ref, const std::string& remote,
                           Findings& out);

// remote-head: `refs/remotes/<remote>/HEAD` must exist (`head_target` is its
// symbolic target, nullopt when missing) and point at
// refs/remotes/<remote>/<default_branch> (the default branch in force,
// config/default_branch.hpp). `fix` is the command the finding suggests.
void check_remote_head(const Policy& policy, const std::string& remote,
                       const std::optional<std::string>& head_target, const std::string& default_branch,
                       const std::string& fix, Findings& out);

} // namespace warden

#include "warden/checks/branch_rules.hpp"

#include <fmt/core.h>

namespace warden {

namespace {

constexpr std::string_view k_heads_prefix = "refs/heads/";

std::string remote_or_default(const Policy& policy, const std::string& remote) {
  return remote.empty() ? policy.branches.remote : remote;
}

} // namespace

std::optional<std::string> branch_of_ref(std::string_view ref) {
  if (ref.size() <= k_heads_prefix.size() || ref.substr(0, k_heads_prefix.size()) != k_heads_prefix)
    return std::nullopt;
  return std::string(ref.substr(k_heads_prefix.size()));
}

bool is_protected_branch(const Policy& policy, std::string_view branch) {
  // Branch globs name whole branches: "main" must not protect
  // "feature/main", as a gitignore-style basename pattern would. A leading
  // '/' anchors the glob at the start of the name.
  for (const Glob& glob : policy.branches.protected_branches) {
    const std::string& pattern = glob.pattern();
    if (Glob(pattern.starts_with('/') ? pattern : "/" + pattern).matches(branch)) return true;
  }
  return false;
}

void check_branch_name(const Policy& policy, const std::string& ref, Findings& out) {
  const auto branch = branch_of_ref(ref);
  // An unset pattern (no regex compiled) accepts every name.
  if (!branch || !policy.branches.pattern.regex) return;
  if (policy.branches.pattern.partial_match(*branch)) return;
  add_finding(out, Severity::error, "branch-name", {ref},
              fmt::format("branch name '{}' does not match branches.pattern '{}'; rename the branch "
                          "(warden branch rename NEW) and push it under a valid name",
                          *branch, policy.branches.pattern.source));
}

void check_upstream_match(const Policy& policy, const std::string& remote, const std::string& local_branch,
                          const std::string& remote_ref, const std::optional<std::string>& upstream_ref,
                          Findings& out) {
  const auto remote_branch = branch_of_ref(remote_ref);
  if (!remote_branch || local_branch.empty()) return;
  const Severity severity = policy.branches.upstream_match;
  if (local_branch != *remote_branch) {
    add_finding(out, severity, "upstream-match", {remote_ref},
                fmt::format("local branch '{}' is pushed to '{}' on {}: the names must match; push it under "
                            "its own name (git push -u {} {}) or rename it first (warden branch rename {} {})",
                            local_branch, *remote_branch, remote, remote, local_branch, *remote_branch,
                            local_branch));
    return;
  }
  if (!upstream_ref) return;
  const auto upstream_branch = branch_of_ref(*upstream_ref);
  if (upstream_branch && *upstream_branch == local_branch) return;
  add_finding(out, severity, "upstream-match", {remote_ref},
              fmt::format("local branch '{}' tracks '{}' on {}, a different branch; point its upstream at the "
                          "branch it is pushed to (git branch --set-upstream-to={}/{} {}, or warden branch sync --fix)",
                          local_branch, upstream_branch.value_or(*upstream_ref), remote, remote, local_branch,
                          local_branch));
}

void check_force_push(const Policy& policy, const std::string& ref, FastForward fast_forward,
                      const std::string& remote, Findings& out) {
  if (fast_forward == FastForward::yes) return;
  const auto branch = branch_of_ref(ref);
  if (!branch || !is_protected_branch(policy, *branch)) return;
  const std::string where = remote_or_default(policy, remote);
  if (fast_forward == FastForward::unknown) {
    add_finding(out, Severity::error, "force-push", {ref},
                fmt::format("the remote tip of protected branch '{}' is not in this repository, so this push "
                            "could overwrite work: fetch first (git fetch {}), integrate it "
                            "(git pull --rebase {} {}) and push again",
                            *branch, where, where, *branch));
    return;
  }
  add_finding(out, Severity::error, "force-push",
              {ref},
              fmt::format("non-fast-forward update of protected branch '{}' refused: it would rewrite published "
                          "history; integrate the remote changes (git pull --rebase {} {}) and push again",
                          *branch, where, *branch));
}

void check_branch_deletion(const Policy& policy, const std::string& ref, const std::string& remote,
                           Findings& out) {
  const auto branch = branch_of_ref(ref);
  if (!branch || !is_protected_branch(policy, *branch)) return;
  const std::string where = remote.empty() ? std::string("the server") : remote;
  add_finding(out, Severity::error, "branch-deletion", {ref},
              fmt::format("deleting protected branch '{}' on {} is refused; it matches branches.protected "
                          "(change the policy first if the branch really must go)",
                          *branch, where));
}

void check_remote_head(const Policy& policy, const std::string& remote,
                       const std::optional<std::string>& head_target, Findings& out) {
  const std::string head_ref = fmt::format("refs/remotes/{}/HEAD", remote);
  const std::string expected = fmt::format("refs/remotes/{}/{}", remote, policy.branches.default_branch);
  const std::string fix = fmt::format("git remote set-head {} {}", remote, policy.branches.default_branch);
  if (!head_target) {
    add_finding(out, policy.branches.remote_head, "remote-head", {head_ref},
                fmt::format("{}/HEAD is missing; point it at the default branch '{}': {}", remote,
                            policy.branches.default_branch, fix));
    return;
  }
  if (*head_target == expected) return;
  std::string shown = *head_target;
  const std::string remote_prefix = fmt::format("refs/remotes/{}/", remote);
  if (shown.starts_with(remote_prefix)) shown = shown.substr(remote_prefix.size());
  add_finding(out, policy.branches.remote_head, "remote-head", {head_ref},
              fmt::format("{}/HEAD points at '{}', not the default branch '{}'; fix it: {}", remote, shown,
                          policy.branches.default_branch, fix));
}

} // namespace warden

#include "warden/checks/branch_rules.hpp"
#include "warden/checks/registry.hpp"

#include "warden/core/process.hpp"

#include <fmt/core.h>

namespace warden {

namespace {

constexpr char k_branch_name_id[] = "branch-name";
constexpr char k_upstream_match_id[] = "upstream-match";
constexpr char k_remote_head_id[] = "remote-head";
constexpr char k_force_push_id[] = "force-push";
constexpr char k_branch_deletion_id[] = "branch-deletion";


constexpr std::string_view k_heads_prefix = "refs/heads/";

std::string remote_or_default(const Policy& policy, const std::string& remote) {
  return remote.empty() ? policy.branches.remote : remote;
}

bool slug_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

// `name` lower-cased, every run of other characters one '-' ('/' kept when
// `keep_slash`), with no empty component and none that starts or ends with
// '.' or '-' or ends with ".lock": a name git accepts, or empty.
std::string slug(std::string_view name, bool keep_slash) {
  std::string out;
  std::string part;
  auto flush = [&] {
    while (!part.empty() && (part.front() == '-' || part.front() == '.')) part.erase(0, 1);
    while (!part.empty() && (part.back() == '-' || part.back() == '.' || part.ends_with(".lock"))) {
      part.resize(part.ends_with(".lock") ? part.size() - 5 : part.size() - 1);
    }
    if (part.empty()) return;
    if (!out.empty()) out.push_back('/');
    out += part;
    part.clear();
  };
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '/' && keep_slash) {
      flush();
    } else if (slug_char(c)) {
      if (!(c == '.' && part.ends_with('.'))) part.push_back(c);
    } else if (!part.empty() && part.back() != '-') {
      part.push_back('-');
    }
  }
  flush();
  return out;
}

} // namespace

std::optional<std::string> suggest_branch_name(const Policy& policy, std::string_view branch) {
  const Pattern& pattern = policy.branches.pattern;
  if (!pattern.regex) return std::nullopt;
  const std::string base = slug(branch, false);
  for (const std::string& candidate : {slug(branch, true), base.empty() ? std::string() : "feature/" + base}) {
    if (!candidate.empty() && candidate != branch && pattern.full_match(candidate)) return candidate;
  }
  return std::nullopt;
}

std::string rename_hint(const Policy& policy, std::string_view branch) {
  if (const auto name = suggest_branch_name(policy, branch))
    return fmt::format("warden branch rename {} {}", shell_quote(*name), shell_quote(branch));
  return "rename it to match branches.pattern: warden branch rename NEW";
}

namespace {

bool name_passes(const Policy& policy, std::string_view branch) {
  return !policy.branches.pattern.regex || policy.branches.pattern.partial_match(branch);
}

} // namespace

std::string publish_hint(const Policy& policy, std::string_view remote, std::string_view branch) {
  if (!name_passes(policy, branch)) return rename_hint(policy, branch) + ", then push it under the new name";
  return fmt::format("git push -u {} {}", shell_quote(remote), shell_quote(branch));
}

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
  const auto name = suggest_branch_name(policy, *branch);
  add_finding(out, Severity::error, k_branch_name_id, {ref},
              name ? fmt::format("branch name '{}' does not match branches.pattern '{}'; rename it and push it "
                                 "under the new name: {}",
                                 *branch, policy.branches.pattern.source, rename_hint(policy, *branch))
                   : fmt::format("branch name '{}' does not match branches.pattern '{}'; {}, and push it under "
                                 "the new name",
                                 *branch, policy.branches.pattern.source, rename_hint(policy, *branch)));
}

void check_upstream_match(const Policy& policy, const std::string& remote, const std::string& local_branch,
                          const std::string& remote_ref, const std::optional<std::string>& upstream_ref,
                          Findings& out) {
  const auto remote_branch = branch_of_ref(remote_ref);
  if (!remote_branch || local_branch.empty()) return;
  const Severity severity = policy.branches.upstream_match;
  if (local_branch != *remote_branch && !name_passes(policy, local_branch)) {
    add_finding(out, severity, k_upstream_match_id, {remote_ref},
                fmt::format("local branch '{}' is pushed to '{}' on {}: the names must match, and '{}' does not "
                            "match branches.pattern; rename it first ({}) and push it under the new name",
                            local_branch, *remote_branch, remote, local_branch, rename_hint(policy, local_branch)));
    return;
  }
  if (local_branch != *remote_branch) {
    add_finding(out, severity, k_upstream_match_id, {remote_ref},
                fmt::format("local branch '{}' is pushed to '{}' on {}: the names must match; push it under "
                            "its own name (git push -u {} {}) or rename it first (warden branch rename {} {})",
                            local_branch, *remote_branch, remote, remote, local_branch, *remote_branch,
                            local_branch));
    return;
  }
  if (!upstream_ref) return;
  const auto upstream_branch = branch_of_ref(*upstream_ref);
  if (upstream_branch && *upstream_branch == local_branch) return;
  add_finding(out, severity, k_upstream_match_id, {remote_ref},
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
    add_finding(out, Severity::error, k_force_push_id, {ref},
                fmt::format("the remote tip of protected branch '{}' is not in this repository, so this push "
                            "could overwrite work: fetch first (git fetch {}), integrate it "
                            "(git pull --rebase {} {}) and push again",
                            *branch, where, where, *branch));
    return;
  }
  add_finding(out, Severity::error, k_force_push_id,
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
  add_finding(out, Severity::error, k_branch_deletion_id, {ref},
              fmt::format("deleting protected branch '{}' on {} is refused; it matches branches.protected "
                          "(change the policy first if the branch really must go)",
                          *branch, where));
}

void check_remote_head(const Policy& policy, const std::string& remote,
                       const std::optional<std::string>& head_target, const std::string& default_branch,
                       const std::string& fix, Findings& out) {
  const std::string head_ref = fmt::format("refs/remotes/{}/HEAD", remote);
  const std::string expected = fmt::format("refs/remotes/{}/{}", remote, default_branch);
  if (!head_target) {
    add_finding(out, policy.branches.remote_head, k_remote_head_id, {head_ref},
                fmt::format("{}/HEAD is missing; point it at the remote's default branch: {}", remote, fix));
    return;
  }
  if (*head_target == expected) return;
  std::string shown = *head_target;
  const std::string remote_prefix = fmt::format("refs/remotes/{}/", remote);
  if (shown.starts_with(remote_prefix)) shown = shown.substr(remote_prefix.size());
  add_finding(out, policy.branches.remote_head, k_remote_head_id, {head_ref},
              fmt::format("{}/HEAD points at '{}', not the default branch '{}'; fix it: {}", remote, shown,
                          default_branch, fix));
}

// The branch rules run where their input is, in the push hooks and `warden
// check --range` (no `run`); their ids, keys and help are declared here.

checks::CheckSpec checks::branch_name_check() {
  return {.ids = {{k_branch_name_id, "A branch name that does not match branches.pattern"}},
          .keys = {config::branches_key<&BranchesPolicy::pattern>("branches.pattern", config::KeyType::pattern,
            "'^(main|master|develop|(feature|fix|hotfix|chore|docs|refactor|test|release)/[a-z0-9._-]+)$'",
            "RE2 every branch name must match (searched: anchor it with ^...$)")},
          .enabled = is_set<&Policy::branches, &BranchesPolicy::pattern>, .reads = Reads::refs,
          .subject = Subject::refs};
}

checks::CheckSpec checks::upstream_match_check() {
  return {.ids = {{k_upstream_match_id, "A local branch pushed to or tracking a differently named remote branch"}},
          .keys = {config::branches_key<&BranchesPolicy::upstream_match>("branches.upstream-match",
            config::KeyType::severity, "error", "local name must equal the remote branch it pushes to / tracks")},
          .severity_key = "branches.upstream-match",
          .enabled = is_on<&Policy::branches, &BranchesPolicy::upstream_match>, .reads = Reads::refs,
          .subject = Subject::refs};
}

checks::CheckSpec checks::remote_head_check() {
  return {.ids = {{k_remote_head_id, "The remote's HEAD is missing or does not point at the default branch"}},
          .keys = {config::branches_key<&BranchesPolicy::remote_head>("branches.remote-head", config::KeyType::severity,
            "warn", "<remote>/HEAD must exist and point at branches.default-branch")},
          .severity_key = "branches.remote-head",
          .enabled = is_on<&Policy::branches, &BranchesPolicy::remote_head>, .reads = Reads::refs,
          .subject = Subject::refs};
}

// branches.protected also guards branch-deletion.
checks::CheckSpec checks::force_push_check() {
  return {.ids = {{k_force_push_id, "A non-fast-forward update of a protected branch"}},
          .keys = {config::branches_key<&BranchesPolicy::protected_branches>("branches.protected",
            config::KeyType::globs, "[main, master, \"release/*\"]",
            "no force-push, no deletion (globs naming whole branches)")},
          .enabled = is_set<&Policy::branches, &BranchesPolicy::protected_branches>,
          .reads = Reads::refs | Reads::commits, .subject = Subject::refs};
}

// Reads branches.protected, declared by force-push.
checks::CheckSpec checks::branch_deletion_check() {
  return {.ids = {{k_branch_deletion_id, "The deletion of a protected branch"}},
          .enabled = is_set<&Policy::branches, &BranchesPolicy::protected_branches>, .reads = Reads::refs,
          .subject = Subject::refs};
}

} // namespace warden

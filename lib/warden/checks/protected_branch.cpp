// protected-branch: no direct commits on a branch named by branches.no-commit.
#include "warden/checks/registry.hpp"

namespace warden {

namespace {

constexpr char k_id[] = "protected-branch";

// Branch globs name whole branches: "main" is main only (not feature/main),
// "release/*" is release/1.0. So each is anchored at the root.
bool names_branch(const Glob& glob, const std::string& branch) {
  const std::string& pattern = glob.pattern();
  if (pattern.starts_with('/')) return glob.matches(branch);
  return Glob("/" + pattern).matches(branch);
}

} // namespace

void check_protected_branch(const Policy& policy, const std::optional<std::string>& branch, Findings& out) {
  if (!branch) return;
  for (const Glob& glob : policy.branches.no_commit) {
    if (!names_branch(glob, *branch)) continue;
    add_finding(out, Severity::error, k_id, {*branch},
                "branch " + *branch + " takes no direct commits (branches.no-commit matches '" + glob.pattern() +
                  "'); commit on a topic branch and merge it");
    return;
  }
}

// Run by pre-commit and `warden check --staged` on the branch being
// committed to (check_protected_branch, checks/file_input.hpp).
checks::CheckSpec checks::protected_branch_check() {
  return {.ids = {{k_id, "A direct commit to a branch listed in branches.no-commit"}},
          .keys = {config::branches_key<&BranchesPolicy::no_commit>("branches.no-commit", config::KeyType::globs, "[]",
            "branches that take no direct commits (protected-branch)")},
          .enabled = is_set<&Policy::branches, &BranchesPolicy::no_commit>, .reads = Reads::refs,
          .subject = Subject::refs};
}

} // namespace warden

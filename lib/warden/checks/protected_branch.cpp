// protected-branch: no direct commits on a branch named by branches.no-commit.
#include "warden/checks/file_input.hpp"

namespace warden {

namespace {

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
    add_finding(out, Severity::error, "protected-branch", {*branch},
                "branch " + *branch + " takes no direct commits (branches.no-commit matches '" + glob.pattern() +
                  "'); commit on a topic branch and merge it");
    return;
  }
}

} // namespace warden

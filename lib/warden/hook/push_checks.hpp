#pragma once
// What pre-push and pre-receive share: the fast-forward judgement and the
// checks of one pushed commit range (docs/push-checks.md).
#include "warden/checks/branch_rules.hpp"
#include "warden/checks/finding.hpp"
#include "warden/git/reader.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden {

// Whether moving a ref from `old_hex` to the commit `new_commit` is a
// fast-forward; unknown when the old object is not in the repository.
FastForward fast_forward(const git::RepoReader& repo, std::string_view old_hex, const git_oid& new_commit);

// Run the file checks on `tree` against `base_tree` (nullopt: every path is
// new; subtrees equal in both are not opened: git/tree_diff.hpp) and append the findings with `label` in front of each message
// ("in refs/heads/x: ..."). `changed_paths`, when given, collects the paths
// the change adds or modifies.
void check_pushed_tree(const git::RepoReader& repo, const Policy& policy, const git_oid& tree,
                       const std::optional<git_oid>& base_tree, const std::string& label, Findings& out,
                       std::vector<std::string>* changed_paths = nullptr);

} // namespace warden

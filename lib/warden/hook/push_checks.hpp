#pragma once
// What pre-push and pre-receive share: object and ref facts read through
// libgit2, and the checks of one pushed commit range.
#include "warden/checks/branch_rules.hpp"
#include "warden/checks/finding.hpp"
#include "warden/git/repository.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden {

// The commit `hex` names, annotated tags peeled; nullopt when the object is
// missing or does not lead to a commit (a tag of a tree or blob).
std::optional<git_oid> peel_to_commit(const git::Repository& repo, std::string_view hex);

// The best common ancestor of `a` and `b`; nullopt when there is none.
std::optional<git_oid> merge_base(const git::Repository& repo, const git_oid& a, const git_oid& b);

// The id `ref` points at (peeled to a commit); nullopt when missing.
std::optional<git_oid> ref_commit(const git::Repository& repo, const std::string& ref);

// The target of the symbolic ref `ref` ("refs/remotes/origin/HEAD" ->
// "refs/remotes/origin/main"); nullopt when missing or not symbolic.
std::optional<std::string> symbolic_target(const git::Repository& repo, const std::string& ref);

// Whether moving a ref from `old_hex` to the commit `new_commit` is a
// fast-forward; unknown when the old object is not in the repository.
FastForward fast_forward(const git::Repository& repo, std::string_view old_hex, const git_oid& new_commit);

// Run the file checks on `tree` against `base_tree` (nullopt: every path is
// new) and append the findings with `label` in front of each message
// ("in refs/heads/x: ..."). `changed_paths`, when given, collects the paths
// the change adds or modifies.
void check_pushed_tree(const git::Repository& repo, const Policy& policy, const git_oid& tree,
                       const std::optional<git_oid>& base_tree, const std::string& label, Findings& out,
                       std::vector<std::string>* changed_paths = nullptr);


} // namespace warden

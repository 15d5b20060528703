#pragma once
// The default branch in force: `branches.default-branch` when the policy
// names one, else what the repository says (docs/branch.md, "The default
// branch"). Every reader of the default branch asks here, so the hooks,
// the doctor and the branch commands agree.
#include "warden/config/policy.hpp"
#include "warden/git/reader.hpp"

#include <string>
#include <string_view>

namespace warden::config {

// Where the default branch in force comes from, in the order they are asked.
enum class DefaultBranchSource {
  policy,       // branches.default-branch names it
  remote_head,  // refs/remotes/<remote>/HEAD
  init_config,  // git config init.defaultBranch
  only_branch,  // the repository's one local branch
  fallback,     // none of those: "main"
};

struct DefaultBranch {
  std::string name;
  DefaultBranchSource source = DefaultBranchSource::fallback;
};

// Resolve the default branch for `remote` (empty: branches.remote).
DefaultBranch resolve_default_branch(const git::RepoReader& repo, const Policy& policy,
                                     const std::string& remote = {});

// The name alone.
std::string effective_default_branch(const git::RepoReader& repo, const Policy& policy,
                                     const std::string& remote = {});

// Where `source` is, for messages: "branches.default-branch",
// "origin/HEAD", "init.defaultBranch", "the only branch", "fallback".
std::string source_label(DefaultBranchSource source, std::string_view remote);

// The command that points refs/remotes/<remote>/HEAD at `branch` and works
// here: `git remote set-head <remote> <branch>` when
// refs/remotes/<remote>/<branch> exists, else `git remote set-head <remote> -a`
// (the remote's own HEAD) when <remote>/HEAD is missing; when it names
// another branch and <remote> has no `branch`, what to do first.
std::string remote_head_fix(const git::RepoReader& repo, const std::string& remote, const std::string& branch);

} // namespace warden::config

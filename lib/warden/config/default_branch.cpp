#include "warden/config/default_branch.hpp"

#include "warden/core/process.hpp"
#include "warden/git/reader_refs.hpp"

#include <fmt/core.h>

namespace warden::config {

namespace {

constexpr char k_fallback[] = "main";

// The name of the repository's one local branch; empty when it has none or several.
std::string only_local_branch(const git::RepoReader& repo) {
  constexpr std::string_view prefix = "refs/heads/";
  const auto branches = repo.refs(std::string(prefix));
  return branches.size() == 1 ? branches.front().name.substr(prefix.size()) : std::string();
}

} // namespace

DefaultBranch resolve_default_branch(const git::RepoReader& repo, const Policy& policy, const std::string& remote) {
  if (!policy.branches.default_branch.empty())
    return {policy.branches.default_branch, DefaultBranchSource::policy};
  const std::string& where = remote.empty() ? policy.branches.remote : remote;
  if (auto head = git::remote_head_branch(repo, where); head && !head->empty())
    return {*head, DefaultBranchSource::remote_head};
  if (auto configured = repo.config_string("init.defaultBranch");
      configured && git::valid_branch_name(*configured))
    return {*configured, DefaultBranchSource::init_config};
  if (std::string only = only_local_branch(repo); !only.empty()) return {only, DefaultBranchSource::only_branch};
  return {k_fallback, DefaultBranchSource::fallback};
}

std::string effective_default_branch(const git::RepoReader& repo, const Policy& policy, const std::string& remote) {
  return resolve_default_branch(repo, policy, remote).name;
}

std::string source_label(DefaultBranchSource source, std::string_view remote) {
  switch (source) {
  case DefaultBranchSource::policy: return "branches.default-branch";
  case DefaultBranchSource::remote_head: return fmt::format("{}/HEAD", remote);
  case DefaultBranchSource::init_config: return "init.defaultBranch";
  case DefaultBranchSource::only_branch: return "the only branch";
  case DefaultBranchSource::fallback: return "fallback";
  }
  return "fallback";
}

std::string remote_head_fix(const git::RepoReader& repo, const std::string& remote, const std::string& branch) {
  if (!branch.empty() && repo.ref_id(fmt::format("refs/remotes/{}/{}", remote, branch)))
    return fmt::format("git remote set-head {} {}", remote, shell_quote(branch));
  const std::string head = fmt::format("refs/remotes/{}/HEAD", remote);
  if (!repo.ref_id(head) && !repo.symbolic_ref(head))
    return fmt::format("git remote set-head {} -a", remote);
  // <remote>/HEAD names another branch and <remote> has no `branch` yet:
  // set-head would fail until it is pushed.
  return fmt::format("{0} has no branch '{1}' yet: push it (git push -u {0} {2}), then git remote set-head {0} {2}; "
                     "or set branches.default-branch: \"\" to follow {0}/HEAD",
                     remote, branch, shell_quote(branch));
}

} // namespace warden::config

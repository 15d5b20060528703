#include "warden/hook/pre_commit_run.hpp"

#include "warden/config/scoped.hpp"
#include "warden/fix/repairs.hpp"
#include "warden/hook/commands.hpp"

#include <fmt/core.h>

#include <cstdio>

namespace warden {

std::optional<int> pre_commit_skipped_all(const HookContext& context, const git::RepoFacts& repo) {
  if (!context.skip.all()) return std::nullopt;
  fmt::print(stderr, "warden pre-commit: all checks skipped (WARDEN_SKIP=all)\n");
  return run_local_hook(repo.hooks_dir(), context, std::nullopt);
}

Policy pre_commit_policy(const git::RepoFacts& repo) {
  return load_policy(repo);
}

int run_pre_commit_on(const HookContext& context, const git::RepoFacts& repo, const Policy& policy,
                      FileCheckInput& input, git::BlobReader& blobs) {
  input.blobs = &blobs;
  input.worktree_root = repo.worktree_root();
  // Scoped policies: the `.warden.yml` files the index tracks, read from the
  // worktree as the root policy is (docs/monorepo.md).
  const PolicyScopes scopes = worktree_scopes(policy, input.entries, input.worktree_root);
  input.scopes = &scopes;
  Findings findings = run_file_checks(policy, input);
  check_protected_branch(policy, repo.head_branch(), findings);

  auto commands = policy.commands.find("pre-commit");
  if ((commands != policy.commands.end() && !commands->second.empty()) || !scopes.empty()) {
    std::vector<std::string> changed;
    for (const auto& entry : input.entries)
      if (entry.changed) changed.push_back(entry.path);
    run_policy_commands(repo, scopes, "pre-commit", changed, findings);
  }

  FinishOptions options = finish_options(context);
  options.repairable = [&](const Findings& left) { return fix::count_repairable(policy, left, input.entries); };
  const int status = finish(findings, options);
  if (status != 0) return status;
  return run_local_hook(repo.hooks_dir(), context, std::nullopt);
}

} // namespace warden

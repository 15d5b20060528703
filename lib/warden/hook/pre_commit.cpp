// pre-commit: the file checks on what is being committed (the index git
// hands us in GIT_INDEX_FILE), then the policy's pre-commit commands, then
// the chained foreign hook. Reads only; spawns nothing but configured
// commands and the chained hook.
#include "warden/checks/file_input.hpp"
#include "warden/git/repository.hpp"
#include "warden/hook/commands.hpp"
#include "warden/hook/hooks.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <cstdlib>

namespace warden {

int run_pre_commit(const HookContext& context) {
  auto repo = git::Repository::discover();
  if (context.skip.all()) {
    fmt::print(stderr, "warden pre-commit: all checks skipped (WARDEN_SKIP=all)\n");
    return run_local_hook(repo.hooks_dir(), context, std::nullopt);
  }
  const Policy policy = repo.load_policy();

  // git commit -a / git commit PATH hand us a temporary index: check that one.
  const char* index_file = std::getenv("GIT_INDEX_FILE");
  FileCheckInput input = git::staged_input(repo, index_file ? index_file : "");
  git::OdbBlobSource blobs(repo);
  input.blobs = &blobs;

  Findings findings = run_file_checks(policy, input);
  check_protected_branch(policy, repo.head_branch(), findings);

  auto commands = policy.commands.find("pre-commit");
  if (commands != policy.commands.end() && !commands->second.empty()) {
    std::vector<std::string> changed;
    for (const auto& entry : input.entries)
      if (entry.changed) changed.push_back(entry.path);
    run_policy_commands(repo, policy, "pre-commit", changed, findings);
  }

  const int status = finish(findings, finish_options(context));
  if (status != 0) return status;
  return run_local_hook(repo.hooks_dir(), context, std::nullopt);
}

} // namespace warden

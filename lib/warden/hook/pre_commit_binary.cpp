#include "warden/hook/pre_commit_binary.hpp"

#include "warden/checks/file_input.hpp"
#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/core/paths.hpp"
#include "warden/git/native/repo_files.hpp"
#include "warden/git/native/staged.hpp"
#include "warden/hook/hooks.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <unistd.h>

namespace warden {

namespace {

// The whole hook through the native reader; nullopt means "not handled here".
std::optional<int> run_fast(const HookContext& context) {
  auto paths = git::native::locate_repository();
  if (!paths) return std::nullopt;
  auto config = git::native::ConfigValues::load(*paths);
  if (!config) return std::nullopt;
  const auto hooks_path = config->get("core.hooksPath");
  const std::string hooks_dir =
      hooks_path ? fs::absolute_from(paths->worktree, *hooks_path).string() : paths->common_dir + "/hooks";
  if (context.skip.all()) {
    fmt::print(stderr, "warden pre-commit: all checks skipped (WARDEN_SKIP=all)\n");
    return run_local_hook(hooks_dir, context, std::nullopt);
  }
  const Policy policy = load_policy(paths->worktree, config->get("warden.policy"));
  // Commands need trust (libgit2's config and hashing): the full path runs them.
  auto commands = policy.commands.find("pre-commit");
  if (commands != policy.commands.end() && !commands->second.empty()) return std::nullopt;

  auto head = git::native::read_head(*paths);
  if (!head) return std::nullopt;
  const char* index_env = std::getenv("GIT_INDEX_FILE");
  const std::string index_file = index_env && *index_env ? fs::absolute_from(paths->worktree, index_env).string()
                                                         : paths->git_dir + "/index";
  git::native::ObjectStore store(paths->common_dir + "/objects");
  auto staged = git::native::staged_input(store, head->commit, index_file);
  if (!staged) return std::nullopt;
  // Kept until the process exits: freeing one string per path of a large
  // index costs more than all the checks (bench/RESULTS.md).
  static FileCheckInput* kept_until_exit = nullptr;
  kept_until_exit = new FileCheckInput(std::move(*staged));
  FileCheckInput* input = kept_until_exit;
  git::native::StoreBlobSource blobs(store);
  input->blobs = &blobs;

  Findings findings = run_file_checks(policy, *input);
  check_protected_branch(policy, head->branch, findings);
  const int status = finish(findings, finish_options(context));
  if (status != 0) return status;
  return run_local_hook(hooks_dir, context, std::nullopt);
}

// Hand over to the full implementation in the `warden` binary.
int run_full(const HookContext& context) {
  const std::string warden = warden_binary_path();
  std::vector<std::string> args{"warden", "hook", context.name};
  args.insert(args.end(), context.args.begin(), context.args.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  ::execv(warden.c_str(), argv.data());
  fmt::print(stderr, "warden pre-commit: cannot run {}: {} (reinstall warden)\n", warden, std::strerror(errno));
  return k_exit_usage;
}

} // namespace

int run_pre_commit_binary(int argc, char** argv) {
  HookContext context;
  context.name = "pre-commit";
  for (int i = 1; i < argc; ++i) context.args.emplace_back(argv[i]);
  context.skip = SkipList::from_environment();
  return run_top_level("warden " + context.name, [&] {
    if (auto status = run_fast(context)) return *status;
    return run_full(context);
  });
}

} // namespace warden

// The commit-msg binary: git's files read directly (git/native/), no
// libgit2, as the pre-commit binary does (docs/pre-commit.md); what that
// reader does not handle goes to `warden hook commit-msg`.
#include "warden/core/error.hpp"
#include "warden/core/paths.hpp"
#include "warden/git/native/repository.hpp"
#include "warden/hook/commit_msg.hpp"

#include <fmt/core.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <unistd.h>

namespace warden {

namespace {

// Run `warden hook commit-msg` with the same arguments, environment and stdin.
int hand_over(const HookContext& context) {
  if (const char* debug = std::getenv("WARDEN_DEBUG_HANDOVER"); debug && std::string_view(debug) == "1")
    fmt::print(stderr, "warden commit-msg: handing over to `warden hook commit-msg`: repository or config beyond "
                       "the native reader\n");
  const std::string warden = warden_binary_path();
  std::vector<std::string> args{"warden", "hook", context.name};
  args.insert(args.end(), context.args.begin(), context.args.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  ::execv(warden.c_str(), argv.data());
  fmt::print(stderr, "warden commit-msg: cannot run {}: {} (reinstall warden)\n", warden, std::strerror(errno));
  return k_exit_usage;
}

} // namespace

int run_commit_msg_binary(int argc, char** argv) {
  HookContext context;
  context.name = "commit-msg";
  for (int i = 1; i < argc; ++i) context.args.emplace_back(argv[i]);
  context.skip = SkipList::from_environment();
  return run_top_level("warden " + context.name, [&] {
    const auto repo = git::native::NativeRepository::open();
    if (!repo) return hand_over(context);
    return run_commit_msg_on(context, *repo);
  });
}

} // namespace warden

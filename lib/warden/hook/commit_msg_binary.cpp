// The commit-msg binary: git's files read directly (git/native/), no
// libgit2, as the pre-commit binary does (docs/pre-commit.md); what that
// reader does not handle goes to `warden hook commit-msg`.
#include "warden/core/error.hpp"
#include "warden/core/paths.hpp"
#include "warden/git/native/repository.hpp"
#include "warden/hook/commit_msg.hpp"
#include "warden/hook/hand_over.hpp"

#include <fmt/core.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <unistd.h>

namespace warden {

int run_commit_msg_binary(int argc, char** argv) {
  HookContext context;
  context.name = "commit-msg";
  for (int i = 1; i < argc; ++i) context.args.emplace_back(argv[i]);
  context.skip = SkipList::from_environment();
  return run_top_level("warden " + context.name, [&] {
    const auto repo = git::native::NativeRepository::open();
    if (!repo) return hand_over_to_warden(context, "repository or config beyond the native reader");
    return run_commit_msg_on(context, *repo);
  });
}

} // namespace warden

#include "warden/hook/pre_commit_binary.hpp"

#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/core/paths.hpp"
#include "warden/git/native/object_store.hpp"
#include "warden/git/native/repository.hpp"
#include "warden/git/native/staged.hpp"
#include "warden/hook/hand_over.hpp"
#include "warden/hook/hooks.hpp"
#include "warden/hook/pre_commit_run.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string_view>
#include <unistd.h>
#include <variant>

namespace warden {

namespace {

// Why the native reader left a commit to `warden hook pre-commit`
// (printed with WARDEN_DEBUG_HANDOVER=1).
struct HandOver {
  std::string_view reason;
};

// The whole hook through the native reader; a HandOver when it cannot read
// something, before anything is printed or run.
std::variant<int, HandOver> run_native(const HookContext& context) {
  auto repo = git::native::NativeRepository::open();
  if (!repo) return HandOver{"repository or config beyond the native reader"};
  if (auto status = pre_commit_skipped_all(context, *repo)) return *status;
  const Policy policy = pre_commit_policy(*repo);

  const auto& paths = repo->paths();
  const char* index_env = std::getenv("GIT_INDEX_FILE");
  const std::string index_file = index_env && *index_env ? fs::absolute_from(paths.worktree, index_env).string()
                                                         : paths.git_dir + "/index";
  git::native::ObjectStore store(paths.common_dir + "/objects");
  auto staged = git::native::staged_input(store, repo->head_commit(), index_file);
  if (!staged) return HandOver{"index or objects beyond the native reader"};
  // Kept until the process exits: freeing one string per path of a large
  // index costs more than all the checks (bench/RESULTS.md).
  static FileCheckInput* kept_until_exit = nullptr;
  kept_until_exit = new FileCheckInput(std::move(*staged));
  git::native::StoreBlobSource blobs(store);
  return run_pre_commit_on(context, *repo, policy, *kept_until_exit, blobs);
}

} // namespace

int run_pre_commit_binary(int argc, char** argv) {
  HookContext context;
  context.name = "pre-commit";
  for (int i = 1; i < argc; ++i) context.args.emplace_back(argv[i]);
  context.skip = SkipList::from_environment();
  return run_top_level("warden " + context.name, [&] {
    auto result = run_native(context);
    if (auto* status = std::get_if<int>(&result)) return *status;
    return hand_over_to_warden(context, std::get<HandOver>(result).reason);
  });
}

} // namespace warden

#include "warden/hook/run_hook.hpp"

#include "warden/core/error.hpp"
#include "warden/hook/hooks.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <cstdlib>
#include <exception>

namespace warden {

int run_hook(Hook hook, int argc, char** argv) {
  HookContext context;
  context.name = hook_name(hook);
  for (int i = 1; i < argc; ++i) context.args.emplace_back(argv[i]);
  context.skip = SkipList::from_environment();
  return run_top_level("warden " + context.name, [&] {
    switch (hook) {
    case Hook::pre_commit: return run_pre_commit(context);
    case Hook::commit_msg: return run_commit_msg(context);
    case Hook::pre_push: return run_pre_push(context);
    case Hook::post_merge: return run_post_merge(context);
    case Hook::pre_receive: return run_pre_receive(context);
    case Hook::reference_transaction: return 0;
    }
    return 0;
  });
}

} // namespace warden

// `warden hook pre-push` and `warden hook pre-receive`: the hooks on
// libgit2's reader, for what the hook binaries' native reader hands over
// (docs/native-reader.md). Apart from the hooks themselves so that the hook
// binaries link no libgit2.
#include "warden/git/repository.hpp"
#include "warden/hook/hooks.hpp"
#include "warden/git/push_update.hpp"

#include <cstdio>

namespace warden {

int run_pre_push(const HookContext& context) {
  const std::string stdin_text = read_push_input(stdin);
  return run_pre_push_on(context, git::Repository::discover(), stdin_text);
}

int run_pre_receive(const HookContext& context) {
  const std::string stdin_text = read_push_input(stdin);
  return run_pre_receive_on(context, git::Repository::discover(), stdin_text);
}

} // namespace warden

// commit-msg through libgit2 (`warden hook commit-msg`): the commit-msg
// binary hands over to this for what its own reader does not handle.
#include "warden/git/repository.hpp"
#include "warden/hook/commit_msg.hpp"

namespace warden {

int run_commit_msg(const HookContext& context) {
  const auto repo = git::Repository::discover();
  return run_commit_msg_on(context, repo);
}

} // namespace warden

// pre-commit through libgit2 (`warden hook pre-commit`): the pre-commit
// binary hands over to this for what its own reader does not handle. Reads
// the repository here; everything else is hook/pre_commit_run.cpp.
#include "warden/git/repository.hpp"
#include "warden/hook/hooks.hpp"
#include "warden/hook/pre_commit_run.hpp"

#include <cstdlib>

namespace warden {

int run_pre_commit(const HookContext& context) {
  auto repo = git::Repository::discover();
  if (auto status = pre_commit_skipped_all(context, repo)) return *status;
  const Policy policy = pre_commit_policy(repo);

  // git commit -a / git commit PATH hand us a temporary index: check that one.
  const char* index_file = std::getenv("GIT_INDEX_FILE");
  FileCheckInput input = git::staged_input(repo, index_file ? index_file : "");
  git::OdbBlobSource blobs(repo);
  return run_pre_commit_on(context, repo, policy, input, blobs);
}

} // namespace warden

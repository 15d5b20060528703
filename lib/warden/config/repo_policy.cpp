// The policy of a repository, from what the git layer says about it. Here,
// not in git/, so that the git layer depends on core/ alone
// (docs/architecture.md).
#include "warden/config/extends.hpp"
#include "warden/config/policy.hpp"
#include "warden/git/config_read.hpp"

namespace warden {

Policy load_policy(const git::RepoFacts& repo) {
  // extends: local bases from the worktree, remote ones from the cache in
  // the common git directory (docs/monorepo.md).
  return load_policy(repo.worktree_root(), repo.config_string("warden.policy"),
                     policy_context(repo.worktree_root(), repo.git_dir()));
}

} // namespace warden

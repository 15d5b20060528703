// The fast path of staged_input: the gitfs reader (the index mapped and
// parsed in place, compared with HEAD through the cache-tree), which the
// pre-commit binary also uses without libgit2. Here it gets its paths and
// HEAD from the open repository.
#include "warden/git/staged_index.hpp"

#include "warden/gitfs/object_store.hpp"
#include "warden/gitfs/staged.hpp"

#include <cstdlib>

namespace warden::git {

std::optional<FileCheckInput> staged_input_fast(const Repository& repo, const std::string& index_path) {
  // Objects somewhere else than the common directory (quarantine, alternates
  // named by the environment): leave those to libgit2.
  if (repo.is_bare() || std::getenv("GIT_OBJECT_DIRECTORY") || std::getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES"))
    return std::nullopt;
  gitfs::ObjectStore store(repo.common_dir() + "/objects");
  return gitfs::staged_input(store, repo.head_commit(), resolve_index_path(repo, index_path));
}

} // namespace warden::git

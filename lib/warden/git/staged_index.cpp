// The fast path of staged_input: the native reader (the index mapped and
// parsed in place, compared with HEAD through the cache-tree), which the
// pre-commit binary also uses without libgit2. Here it gets its paths and
// HEAD from the open repository.
#include "warden/git/staged_index.hpp"

#include "warden/git/native/object_store.hpp"
#include "warden/git/native/staged.hpp"

#include <cstdlib>

namespace warden::git {

std::optional<TreeChange> staged_input_fast(const Repository& repo, const std::string& index_path) {
  // Objects somewhere else than the common directory (quarantine, alternates
  // named by the environment): leave those to libgit2.
  if (repo.is_bare() || std::getenv("GIT_OBJECT_DIRECTORY") || std::getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES"))
    return std::nullopt;
  git::native::ObjectStore store(repo.common_dir() + "/objects");
  return git::native::staged_input(store, repo.head_commit(), resolve_index_path(repo, index_path));
}

} // namespace warden::git

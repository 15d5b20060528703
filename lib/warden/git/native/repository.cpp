#include "warden/git/native/repository.hpp"

#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"

#include <cstdlib>

namespace warden::git::native {

std::optional<NativeRepository> NativeRepository::open() {
  auto paths = locate_repository();
  if (!paths) return std::nullopt;
  auto config = ConfigValues::load(*paths);
  if (!config) return std::nullopt;
  auto head = read_head(*paths);
  if (!head) return std::nullopt;
  return NativeRepository(std::move(*paths), std::move(*config), std::move(*head));
}

std::string NativeRepository::hooks_dir() const {
  // As Repository::hooks_dir: a pathname setting, "~/" expanded, relative
  // to the worktree root.
  if (auto configured = m_config.get("core.hooksPath"); configured && !configured->empty()) {
    std::string path = *configured;
    if (path.rfind("~/", 0) == 0) {
      if (const char* home = std::getenv("HOME"); home && *home) path = std::string(home) + path.substr(1);
    }
    return fs::absolute_from(m_paths.worktree, path).string();
  }
  return m_paths.common_dir + "/hooks";
}

void NativeRepository::set_local_config(const std::string& key, const std::string&) const {
  throw Error("cannot set " + key + " without libgit2 (run `warden trust`)");
}

} // namespace warden::git::native

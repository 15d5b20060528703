#include "warden/git/local_config.hpp"

#include "warden/core/fs.hpp"
#include "warden/core/process.hpp"

namespace warden::git {

namespace {

// git run from a hook sees git's variables (GIT_DIR, GIT_INDEX_FILE): drop
// them so the directory alone decides the repository.
ProcessOptions clean_env() {
  ProcessOptions options;
  options.clear_git_env = true;
  return options;
}

} // namespace

std::vector<std::string> local_config_values(const Repository& repo, const std::string& key) {
  const auto result = run_git({"config", "--local", "--get-all", key}, command_dir(repo), false, clean_env());
  std::vector<std::string> values;
  if (!result.ok()) return values;
  std::size_t start = 0;
  while (start < result.out.size()) {
    auto end = result.out.find('\n', start);
    if (end == std::string::npos) end = result.out.size();
    values.push_back(result.out.substr(start, end - start));
    start = end + 1;
  }
  return values;
}

void replace_local_config_values(const Repository& repo, const std::string& key,
                                 const std::vector<std::string>& values) {
  const std::string dir = command_dir(repo);
  run_git({"config", "--local", "--unset-all", key}, dir, false, clean_env());
  for (const auto& value : values) run_git({"config", "--local", "--add", key, value}, dir, false, clean_env());
}

std::string absolute_gitdir(const Repository& repo) { return fs::absolute_from(".", repo.git_dir()).string(); }

std::filesystem::path path_from_gitdir(const Repository& repo, const std::string& path) {
  return fs::absolute_from(repo.git_dir(), path);
}

} // namespace warden::git

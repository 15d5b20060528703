#include "warden/git/config_edit.hpp"

#include <string_view>

namespace warden::git {

std::set<std::string> configured_remotes(const Repository& repo) {
  // Walk the config rather than call git_remote_list: Debian's libgit2
  // 1.5.1 leaks PCRE2 match data on every regex-filtered config walk.
  std::set<std::string> names;
  git_config* raw_config = nullptr;
  check(git_repository_config_snapshot(&raw_config, repo.get()), "read git config");
  ConfigPtr config(raw_config);
  git_config_iterator* raw_iter = nullptr;
  check(git_config_iterator_new(&raw_iter, config.get()), "read git config");
  Handle<git_config_iterator, git_config_iterator_free> iter(raw_iter);
  git_config_entry* entry = nullptr;
  constexpr std::string_view prefix = "remote.", suffix = ".url";
  while (git_config_next(&entry, iter.get()) == 0) {
    const std::string_view name = entry->name;
    if (name.size() > prefix.size() + suffix.size() && name.starts_with(prefix) && name.ends_with(suffix)) {
      names.emplace(name.substr(prefix.size(), name.size() - prefix.size() - suffix.size()));
    }
  }
  return names;
}

bool remote_exists(const Repository& repo, const std::string& name) {
  git_remote* raw = nullptr;
  if (git_remote_lookup(&raw, repo.get(), name.c_str()) != 0) return false;
  RemotePtr remote(raw);
  return true;
}

std::optional<std::string> local_config_value(const Repository& repo, const std::string& key) {
  git_config* raw = nullptr;
  if (git_repository_config(&raw, repo.get()) != 0) return std::nullopt;
  ConfigPtr all(raw);
  git_config* raw_local = nullptr;
  if (git_config_open_level(&raw_local, all.get(), GIT_CONFIG_LEVEL_LOCAL) != 0) return std::nullopt;
  ConfigPtr local(raw_local);
  git_buf buffer = GIT_BUF_INIT;
  std::optional<std::string> value;
  if (git_config_get_string_buf(&buffer, local.get(), key.c_str()) == 0) value.emplace(buffer.ptr, buffer.size);
  git_buf_dispose(&buffer);
  return value;
}

bool same_config_value(const std::string& a, const std::string& b) {
  if (a == b) return true;
  int left = 0;
  int right = 0;
  if (git_config_parse_bool(&left, a.c_str()) == 0 && git_config_parse_bool(&right, b.c_str()) == 0)
    return left == right;
  return false;
}

} // namespace warden::git

#pragma once
// This clone's own settings and places: values in its local config file
// (.git/config, never the global file other clones share) and the
// directories tools run in.
#include "warden/git/repository.hpp"
#include "warden/git/worktrees.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace warden::git {


// Return every value of `key` in the local config file, as git reads it now (other
// processes may have changed the file since `repo` was opened).
std::vector<std::string> local_config_values(const Repository& repo, const std::string& key);

// Make `values` the values of `key` in the local config file, in order
// (none: the key is removed).
void replace_local_config_values(const Repository& repo, const std::string& key,
                                 const std::vector<std::string>& values);

// Return the git directory as an absolute path, for a process that starts elsewhere.
std::string absolute_gitdir(const Repository& repo);

// Return `path` made absolute against the git directory (left as it is when absolute).
std::filesystem::path path_from_gitdir(const Repository& repo, const std::string& path);

} // namespace warden::git

#pragma once
// The git configuration as the branch commands and `warden doctor` read it:
// remotes, the repository-local level alone, and git's notion of two
// settings being equal. Changes to the config go through the `git`
// executable (`git config --local`), as git itself would write them.
#include "warden/git/repository.hpp"

#include <optional>
#include <set>
#include <string>

namespace warden::git {

// Return the names of the remotes that have a `remote.<name>.url`.
std::set<std::string> configured_remotes(const Repository& repo);

// Return true when libgit2 can load the remote `name` (a url or pushurl is set).
bool remote_exists(const Repository& repo, const std::string& name);

// Return the value of `key` at the repository-local level only (`.git/config`,
// where `warden init` and `warden doctor --fix` write); nullopt when unset there.
std::optional<std::string> local_config_value(const Repository& repo, const std::string& key);

// Return true when `a` and `b` are the same setting for git: booleans in any
// of their spellings (true/yes/on/1), anything else as written.
bool same_config_value(const std::string& a, const std::string& b);

} // namespace warden::git

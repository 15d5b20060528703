#pragma once
// What the branch commands share: the dry-run switch and how a git command
// and git's complaints are shown to the user. The repository facts they work
// on (branches, refs, worktrees) come from the git layer (warden/git/).
#include "warden/git/branches.hpp"

#include <string>
#include <vector>

namespace warden::branch {

// Whether a command only prints its plan.
enum class DryRun { no, yes };

// Return the remotes a fetch before `sync` or `prune` asks: `policy_remote`
// first, then every remote a local branch tracks; only configured ones, each once.
std::vector<std::string> remotes_to_fetch(const git::Repository& repo, const std::string& policy_remote);

// Return "1 commit", "3 commits".
std::string commit_count(std::size_t count);

// Return "git ARGS..." as the user would type it (arguments shell-quoted when needed).
std::string command_text(const std::vector<std::string>& args);

// Return the most telling line of git's stderr: a rejected ref, else a
// fatal/error line, else the first line that is not empty.
std::string first_line(const std::string& text);

} // namespace warden::branch

#pragma once
// The policy's `commands` (local CI) and trust (docs/push-checks.md).
// Written against git::RepoFacts, so the pre-commit binary runs them
// without libgit2.
#include "warden/checks/finding.hpp"
#include "warden/config/policy.hpp"

#include <string>
#include <vector>

namespace warden::git { class RepoFacts; }

namespace warden {

// True when the policy has no commands, or its commands_hash() is the one
// recorded by `warden trust` (git config warden.trusted) in `repo`.
bool commands_trusted(const git::RepoFacts& repo, const Policy& policy);

// Record the policy's commands as trusted (local git config warden.trusted).
void trust_commands(const git::RepoFacts& repo, const Policy& policy);

// Run `policy.commands[hook]` in the worktree root, output streamed to the
// user. `{files}` becomes the shell-quoted `changed_paths` matching the
// command's glob; a command with a glob and no matching path is skipped.
// Untrusted commands are not run: one `command` warn finding says so and
// names `warden trust`. A failing command is an error `command` finding
// naming the command and its exit code.
void run_policy_commands(const git::RepoFacts& repo, const Policy& policy, const std::string& hook,
                         const std::vector<std::string>& changed_paths, Findings& findings);

} // namespace warden

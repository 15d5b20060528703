#pragma once
// The policy's `commands` (local CI) and trust (docs/push-checks.md).
// Written against git::RepoFacts, so the pre-commit binary runs them
// without libgit2.
#include "warden/checks/finding.hpp"
#include "warden/config/policy.hpp"

#include <string>
#include <vector>

namespace warden::git { class RepoFacts; }
namespace warden { class PolicyScopes; }

namespace warden {

// True when the policy has no commands, or its commands_hash() is the one
// recorded by `warden trust` (git config warden.trusted) in `repo`.
bool commands_trusted(const git::RepoFacts& repo, const Policy& policy);

// Record the policy's commands as trusted (local git config warden.trusted).
void trust_commands(const git::RepoFacts& repo, const Policy& policy);

// Trust over the root policy of `scopes` and the commands its scoped
// policies set (docs/monorepo.md): warden.trusted holds the root hash, and
// "+<scoped hash>" after it when scoped policies have commands, so that
// the hooks that run the root's commands only still find them trusted.
std::string trusted_value(const PolicyScopes& scopes);
bool commands_trusted(const git::RepoFacts& repo, const PolicyScopes& scopes);
void trust_commands(const git::RepoFacts& repo, const PolicyScopes& scopes);
// True when the root policy or a scoped one has commands.
bool has_any_commands(const PolicyScopes& scopes);

// Run `policy.commands[hook]` in the worktree root, output streamed to the
// user. `{files}` becomes the shell-quoted `changed_paths` matching the
// command's glob; a command with a glob and no matching path is skipped.
// Untrusted commands are not run: one `command` warn finding says so and
// names `warden trust`. A failing command is an error `command` finding
// naming the command and its exit code.
void run_policy_commands(const git::RepoFacts& repo, const Policy& policy, const std::string& hook,
                         const std::vector<std::string>& changed_paths, Findings& findings);

// The same with scoped policies: each changed path goes to the commands in
// effect for it (its nearest scope's `commands.<hook>`, else the
// enclosing one's); a scope's commands run once, in its directory, on its
// paths made relative to it, and only when it has some. Trust covers the
// root's commands and every scope's (trusted_value).
void run_policy_commands(const git::RepoFacts& repo, const PolicyScopes& scopes, const std::string& hook,
                         const std::vector<std::string>& changed_paths, Findings& findings);

} // namespace warden

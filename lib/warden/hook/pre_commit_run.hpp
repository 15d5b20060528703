#pragma once
// The one pre-commit implementation. `warden hook pre-commit`
// (hook/pre_commit.cpp, libgit2) and the pre-commit binary
// (hook/pre_commit_binary.cpp, git's files read directly) differ only in
// how they read the repository; what the hook does with it is here
// (docs/pre-commit.md).
#include "warden/checks/file_input.hpp"
#include "warden/config/policy.hpp"
#include "warden/git/config_read.hpp"
#include "warden/hook/hooks.hpp"

#include <optional>

namespace warden {

// With WARDEN_SKIP=all: say so and run the chained hook of `repo`, returning
// its status. nullopt otherwise (the hook goes on).
std::optional<int> pre_commit_skipped_all(const HookContext& context, const git::RepoFacts& repo);

// Return the policy of `repo` (warden.policy config, .warden.yml, default).
Policy pre_commit_policy(const git::RepoFacts& repo);

// Run pre-commit on `input` (the staged tree against HEAD, blobs read
// through `blobs`): the file checks, protected-branch for HEAD's branch, the
// policy's trusted pre-commit commands on the changed paths, then finish()
// and, when that passed, the chained `.local` hook. Return the exit status.
int run_pre_commit_on(const HookContext& context, const git::RepoFacts& repo, const Policy& policy,
                      FileCheckInput& input, git::BlobReader& blobs);

} // namespace warden

#pragma once
// `warden branch rename NEW [OLD]`: rename a branch locally and on its
// remote in one step (docs/branch.md).
#include "warden/branch/branches.hpp"
#include "warden/config/policy.hpp"

#include <cstdio>
#include <optional>
#include <string>

namespace warden::branch {

struct RenameOptions {
  std::string new_name;
  std::optional<std::string> old_name; // nullopt: the branch checked out here
  DryRun dry_run = DryRun::no;
};

// Rename `options.old_name` to `options.new_name`: `git branch -m`, push the
// new name with its upstream set, delete the old name on the remote (only
// when the upstream had the same name), and point `<remote>/HEAD` at the new
// name when the old one was the default branch. Refuses (nothing changed)
// when the new name exists locally or on the remote, breaks
// `branches.pattern`, or an operation is in progress. When a step fails,
// prints what was done and the commands that complete or undo it.
// Progress goes to `out`, problems to `err`. Returns the exit code:
// 0 done, 1 refused or a step failed, 2 usage (bad names, detached HEAD).
int rename_branch(const git::Repository& repo, const Policy& policy, const RenameOptions& options,
                  std::FILE* out, std::FILE* err);

} // namespace warden::branch

#pragma once
// Carrying out a repair plan (docs/fix.md): the worktree first (renames
// through a temporary name, so a case-only rename works on a
// case-insensitive file system; removed files parked under a temporary
// name), then the index, written once. When the index write fails, every
// worktree step is undone; a parked file is deleted only after the index
// is written.
#include "warden/fix/repairs.hpp"
#include "warden/git/index_edit.hpp"
#include "warden/git/repository.hpp"

#include <optional>
#include <string>
#include <vector>

namespace warden::fix {

// The worktree questions plan_repairs asks, answered from `repo`'s
// worktree and `index`.
RepairContext worktree_context(const git::Repository& repo, const git::IndexEditor& index,
                               const std::vector<FileEntry>& entries);

// The root .gitignore's rules: its lines in the index and in the worktree,
// trailing spaces stripped.
std::vector<std::string> gitignore_rules(const git::Repository& repo, const git::IndexEditor& index);

// Apply `plan` to `repo`'s worktree and to `index`, then write the index.
// Throws Error (after undoing the worktree steps) when a step fails.
void apply_repairs(const git::Repository& repo, git::IndexEditor& index, const Plan& plan);

} // namespace warden::fix

#pragma once
// What `warden fix` would do about a list of findings (docs/fix.md): plan
// the repairs that lose nothing, and say why each other finding is left to
// a person. Pure: the index, HEAD and the worktree are reached through the
// callbacks of RepairContext, so the pre-commit hook can count what `warden
// fix` could repair (its hint) without a worktree, and the planner is
// tested without a repository.
#include "warden/checks/file_input.hpp"
#include "warden/config/policy.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace warden::fix {

enum class RepairKind {
  rename, // canonical-name: `path` -> `target`, index and worktree
  remove, // a collision twin: `path` leaves index and worktree; `target` is the twin kept
  untrack // forbidden-path: `path` leaves the index, stays on disk, `target` is the ignore rule
};

struct Repair {
  RepairKind kind = RepairKind::rename;
  std::string check_id;
  std::string path;
  std::string target;
  // untrack: whether the root .gitignore needs `target` added (false when
  // an earlier repair adds the same rule).
  bool new_rule = false;
};

// A finding no repair resolves, with why (empty: not a kind warden fix
// repairs; it needs a person).
struct Unrepaired {
  Finding finding;
  std::string reason;
};

struct Plan {
  std::vector<Repair> repairs;
  std::vector<Unrepaired> unrepaired;
};

// What the planner may ask about the repository.
struct RepairContext {
  // The index's stage-0 entries, sorted bytewise (FileCheckInput::entries).
  const std::vector<FileEntry>* entries = nullptr;
  // Paths with a merge conflict in the index.
  std::vector<std::string> conflicted{};
  // True when HEAD's tree has `path` (a collision keeps that twin); empty:
  // nothing is in HEAD.
  std::function<bool(const std::string&)> in_head{};
  // Why the worktree file of index entry `path` must not be renamed or
  // removed (unstaged changes, deleted, ...); nullopt when it may. Empty:
  // every file may (the hook's count).
  std::function<std::optional<std::string>(const std::string&)> worktree_problem{};
  // Why the worktree cannot take `from` renamed to `to` (another file is
  // there); nullopt when it can. Empty: it can.
  std::function<std::optional<std::string>(const std::string& from, const std::string& to)> rename_problem{};
  // Why the root .gitignore cannot take a rule (nullopt: it can). Empty: it can.
  std::function<std::optional<std::string>()> gitignore_problem{};
  // The rules the root .gitignore already has (lines, trailing spaces
  // stripped), so that no rule is added twice.
  std::vector<std::string> gitignore_rules{};
};

// True for the check ids warden fix has a repair for.
bool is_repairable_id(std::string_view check_id);

// Plan the repairs of `findings` (already filtered to what the user asked
// for) against the index of `context`. Findings resolved are dropped;
// every other one lands in `unrepaired`.
Plan plan_repairs(const Policy& policy, const Findings& findings, const RepairContext& context);

// `input` (the index the plan was made on) as `plan` would leave it:
// renamed entries moved (and changed), removed and untracked ones gone (in
// `removed` when `in_head` has them), .gitignore changed. For --dry-run's
// second look at what would be left. The blob reader is not kept.
FileCheckInput simulate(const FileCheckInput& input, const Plan& plan,
                        const std::function<bool(const std::string&)>& in_head);

// The findings left after `plan`: `after` (the checks run again on the
// repaired index), each finding that plan_repairs left alone carrying its
// reason ("... (left alone: REASON)").
Findings findings_left(const Findings& after, const Plan& plan);

// How many of `findings` plan_repairs would resolve with only the index
// `entries` to go on (the pre-commit hook's hint).
std::size_t count_repairable(const Policy& policy, const Findings& findings, const std::vector<FileEntry>& entries);

// The ignore rule for `path`: anchored at the root, gitignore's special
// characters escaped ("/a\*b.orig"); a trailing '/' for a directory.
// nullopt when gitignore cannot express it (a newline in the name).
std::optional<std::string> ignore_rule(std::string_view path, bool directory);

} // namespace warden::fix

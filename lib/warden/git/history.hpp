#pragma once
// Commits and how they relate: commit facts, revision walks, merge bases,
// the commits a squash merge names, and dates as `git log --since` reads
// them. Views hold values only (ids, strings, numbers), never a handle.
#include "warden/git/repository.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden::git {

// One commit's facts.
struct CommitInfo {
  git_oid id{};
  git_oid tree{};
  std::optional<git_oid> first_parent; // nullopt for a root commit
  std::size_t parents = 0;
  std::string summary; // the first paragraph on one line, as `git log --format=%s`
  std::string message; // the whole message
  std::string author;  // the author's name
  std::string author_email;
  std::string committer_email;
  std::int64_t time = 0; // committer time, Unix seconds
};

// Return true when `a` and `b` are the same object id.
bool same_id(const git_oid& a, const git_oid& b);

// Return the facts of commit `id`; nullopt when it is missing or not a commit.
std::optional<CommitInfo> find_commit(const Repository& repo, const git_oid& id);
// Return the parents of commit `id`, in order. Throws Error (exit 2) naming it when it cannot be read.
std::vector<git_oid> commit_parents(const Repository& repo, const git_oid& id);
// Return the facts of commit `id`. Throws Error (exit 2) naming it when it cannot be read.
CommitInfo read_commit(const Repository& repo, const git_oid& id);

// Return the commit `hex` names, annotated tags peeled; nullopt when the object is
// missing or does not lead to a commit (a tag of a tree or blob).
std::optional<git_oid> peel_to_commit(const Repository& repo, std::string_view hex);

// Return the best common ancestor of `a` and `b`; nullopt when there is none.
std::optional<git_oid> merge_base(const Repository& repo, const git_oid& a, const git_oid& b);
// Return a common ancestor of all of `commits` (`git merge-base --octopus`);
// nullopt when `commits` is empty or they share none.
std::optional<git_oid> merge_base_of_all(const Repository& repo, const std::vector<git_oid>& commits);

enum class WalkOrder {
  newest_first,       // by committer time
  topological,        // children before parents, ties by time
  oldest_first,       // parents before children
};
enum class WalkParents { all, first };

// A revision walk: the commits reachable from the pushed tips and from none
// of the hidden ones, each once, in `order`.
class RevisionWalk {
public:
  RevisionWalk(const Repository& repo, WalkOrder order, WalkParents parents = WalkParents::all);
  // Start from `tip`. Throws Error (exit 2) when it is not a commit here;
  // `what` names it in the message (default: its id).
  void push(const git_oid& tip, const std::string& what = {});
  // Leave out `commit` and its ancestors; a commit this repository does not
  // have is ignored (nothing to leave out).
  void hide(const git_oid& commit);
  // Return the next commit; nullopt at the end (or when the walk cannot go on).
  std::optional<git_oid> next();

private:
  const Repository& m_repo;
  RevwalkPtr m_walk;
};

// Return the commits of `from..to` (reachable from `to`, not from `from`), oldest first.
std::vector<git_oid> range_commits(const Repository& repo, const git_oid& from, const git_oid& to);

// Return the commits a squash merge took, as SQUASH_MSG lists them ("commit <id>"
// lines), in the file's order; empty when there is no SQUASH_MSG.
std::vector<git_oid> squash_message_commits(const Repository& repo);

// Return the message of HEAD's newest reflog entry ("merge feature/x: Fast-forward");
// empty when HEAD has no reflog.
std::string last_head_reflog_message(const Repository& repo);

// Return the Unix time of `when` as `git log --since` understands it ("yesterday",
// "2026-01-01 00:00:00"); nullopt when git makes no date of it. git reads
// what it cannot parse as "now": callers decide whether "now" was meant.
std::optional<std::int64_t> approxidate(const Repository& repo, const std::string& when);

} // namespace warden::git

#include "warden/git/history.hpp"

#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/core/process.hpp"
#include "warden/git/local_config.hpp"
#include "warden/git/worktrees.hpp"

#include <fmt/core.h>

#include <filesystem>

namespace warden::git {

namespace {

// The facts of a looked-up commit; git_commit_summary caches into the
// handle, hence the non-const pointer.
CommitInfo facts_of(const git_oid& id, git_commit* commit) {
  CommitInfo info;
  info.id = id;
  info.tree = *git_commit_tree_id(commit);
  info.parents = git_commit_parentcount(commit);
  if (info.parents > 0) info.first_parent = *git_commit_parent_id(commit, 0);
  if (const char* summary = git_commit_summary(commit)) info.summary = summary;
  if (const char* message = git_commit_message(commit)) info.message = message;
  if (const git_signature* author = git_commit_author(commit)) {
    if (author->name) info.author = author->name;
    if (author->email) info.author_email = author->email;
  }
  if (const git_signature* committer = git_commit_committer(commit); committer && committer->email)
    info.committer_email = committer->email;
  info.time = git_commit_time(commit);
  return info;
}

unsigned int sort_mode(WalkOrder order) {
  switch (order) {
  case WalkOrder::newest_first: return GIT_SORT_TIME;
  case WalkOrder::topological: return GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME;
  case WalkOrder::oldest_first: return GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE;
  }
  return GIT_SORT_NONE;
}

} // namespace

bool same_id(const git_oid& a, const git_oid& b) { return git_oid_equal(&a, &b) == 1; }

std::optional<CommitInfo> find_commit(const Repository& repo, const git_oid& id) {
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo.get(), &id) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  CommitPtr commit(raw);
  return facts_of(id, commit.get());
}

std::vector<git_oid> commit_parents(const Repository& repo, const git_oid& id) {
  git_commit* raw = nullptr;
  check(git_commit_lookup(&raw, repo.get(), &id), "read commit " + oid_hex(id));
  CommitPtr commit(raw);
  std::vector<git_oid> parents;
  const unsigned count = git_commit_parentcount(commit.get());
  parents.reserve(count);
  for (unsigned i = 0; i < count; ++i) parents.push_back(*git_commit_parent_id(commit.get(), i));
  return parents;
}

CommitInfo read_commit(const Repository& repo, const git_oid& id) {
  git_commit* raw = nullptr;
  check(git_commit_lookup(&raw, repo.get(), &id), "read commit " + oid_hex(id));
  CommitPtr commit(raw);
  return facts_of(id, commit.get());
}

std::optional<git_oid> peel_to_commit(const Repository& repo, std::string_view hex) {
  const auto oid = parse_oid(hex);
  if (!oid) return std::nullopt;
  git_object* raw = nullptr;
  if (git_object_lookup(&raw, repo.get(), &*oid, GIT_OBJECT_ANY) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  ObjectPtr object(raw);
  raw = nullptr;
  if (git_object_peel(&raw, object.get(), GIT_OBJECT_COMMIT) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  ObjectPtr commit(raw);
  return *git_object_id(commit.get());
}

std::optional<git_oid> merge_base(const Repository& repo, const git_oid& a, const git_oid& b) {
  git_oid out;
  if (git_merge_base(&out, repo.get(), &a, &b) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  return out;
}

std::optional<git_oid> merge_base_of_all(const Repository& repo, const std::vector<git_oid>& commits) {
  if (commits.empty()) return std::nullopt;
  if (commits.size() == 1) return commits.front();
  git_oid out;
  if (git_merge_base_octopus(&out, repo.get(), commits.size(), commits.data()) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  return out;
}

RevisionWalk::RevisionWalk(const Repository& repo, WalkOrder order, WalkParents parents) : m_repo(repo) {
  git_revwalk* raw = nullptr;
  check(git_revwalk_new(&raw, repo.get()), "start a revision walk");
  m_walk.reset(raw);
  check(git_revwalk_sorting(m_walk.get(), sort_mode(order)), "sort the revision walk");
  if (parents == WalkParents::first) check(git_revwalk_simplify_first_parent(m_walk.get()), "follow first parents");
}

void RevisionWalk::push(const git_oid& tip, const std::string& what) {
  check(git_revwalk_push(m_walk.get(), &tip), "walk " + (what.empty() ? oid_hex(tip) : what));
}

void RevisionWalk::hide(const git_oid& commit) {
  if (!m_repo.has_object(commit)) return;
  if (git_revwalk_hide(m_walk.get(), &commit) < 0) git_error_clear();
}

std::optional<git_oid> RevisionWalk::next() {
  git_oid oid;
  if (git_revwalk_next(&oid, m_walk.get()) == 0) return oid;
  git_error_clear(); // GIT_ITEROVER, or a walk that cannot go on: the end either way
  return std::nullopt;
}

std::vector<git_oid> range_commits(const Repository& repo, const git_oid& from, const git_oid& to) {
  RevisionWalk walk(repo, WalkOrder::oldest_first);
  walk.push(to);
  walk.hide(from);
  std::vector<git_oid> commits;
  while (const auto oid = walk.next()) commits.push_back(*oid);
  return commits;
}

std::vector<git_oid> squash_message_commits(const Repository& repo) {
  std::vector<git_oid> oids;
  const auto text = fs::read_file(std::filesystem::path(repo.git_dir()) / "SQUASH_MSG");
  if (!text) return oids;
  std::size_t pos = 0;
  while ((pos = text->find("\ncommit ", pos)) != std::string::npos) {
    pos += 8;
    if (auto oid = parse_oid(std::string_view(*text).substr(pos, GIT_OID_HEXSZ))) oids.push_back(*oid);
  }
  if (text->starts_with("commit ")) {
    if (auto oid = parse_oid(std::string_view(*text).substr(7, GIT_OID_HEXSZ))) oids.insert(oids.begin(), *oid);
  }
  return oids;
}

std::string last_head_reflog_message(const Repository& repo) {
  std::string message;
  git_reflog* raw = nullptr;
  if (git_reflog_read(&raw, repo.get(), "HEAD") != 0) {
    git_error_clear();
    return message;
  }
  Handle<git_reflog, git_reflog_free> reflog(raw);
  if (git_reflog_entrycount(reflog.get()) > 0) {
    const git_reflog_entry* entry = git_reflog_entry_byindex(reflog.get(), 0);
    if (const char* text = git_reflog_entry_message(entry)) message = text;
  }
  return message;
}

std::optional<std::int64_t> approxidate(const Repository& repo, const std::string& when) {
  const auto result = run_git({"rev-parse", "--since=" + when}, command_dir(repo), false);
  const std::string prefix = "--max-age=";
  if (!result.ok() || !result.out.starts_with(prefix)) return std::nullopt;
  try {
    return std::stoll(result.out.substr(prefix.size()));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

} // namespace warden::git

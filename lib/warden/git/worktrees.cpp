#include "warden/git/worktrees.hpp"

#include "warden/core/fs.hpp"

#include <algorithm>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace warden::git {

namespace stdfs = std::filesystem;

namespace {

constexpr std::string_view k_heads = "refs/heads/";

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

// The branch a HEAD file names ("ref: refs/heads/x"), nullopt when detached.
std::optional<std::string> branch_of_head_file(const stdfs::path& head_file) {
  auto text = fs::read_file(head_file);
  if (!text) return std::nullopt;
  auto line = trim(*text);
  constexpr std::string_view prefix = "ref: refs/heads/";
  if (line.rfind(prefix, 0) != 0) return std::nullopt;
  return line.substr(prefix.size());
}

// A rebase keeps the branch it works on in head-name while HEAD is detached:
// git treats that branch as checked out, so do we.
std::optional<std::string> branch_being_rebased(const stdfs::path& git_dir) {
  for (const char* dir : {"rebase-merge", "rebase-apply"}) {
    if (auto text = fs::read_file(git_dir / dir / "head-name")) {
      auto line = trim(*text);
      if (line.rfind(k_heads, 0) == 0) return line.substr(k_heads.size());
    }
  }
  return std::nullopt;
}

// What the worktree whose private git directory is `git_dir` has checked out.
std::optional<std::string> checked_out_branch(const stdfs::path& git_dir) {
  if (auto branch = branch_being_rebased(git_dir)) return branch;
  return branch_of_head_file(git_dir / "HEAD");
}

std::string canonical(const std::string& path) {
  std::error_code ec;
  auto result = stdfs::weakly_canonical(path, ec);
  return ec ? path : result.lexically_normal().string();
}

std::string without_trailing_slash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

Worktree main_worktree(const Repository& repo, const stdfs::path& common) {
  Worktree main;
  main.git_dir = common.string();
  if (git_repository_is_worktree(repo.get()) == 1) {
    // From a linked worktree: the main one sits above the common .git directory
    // (none when the common directory is a bare repository).
    if (common.filename() == ".git") main.path = common.parent_path().string();
  } else {
    main.path = repo.worktree_root();
  }
  main.branch = checked_out_branch(common);
  return main;
}

// The private git directories of the linked worktrees, sorted.
std::vector<stdfs::path> linked_worktree_dirs(const stdfs::path& common) {
  std::vector<stdfs::path> dirs;
  std::error_code ec;
  stdfs::directory_iterator it(common / "worktrees", ec);
  if (ec) return dirs;
  for (const auto& entry : it) {
    if (entry.is_directory(ec)) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

Worktree linked_worktree(const stdfs::path& dir) {
  Worktree tree;
  tree.git_dir = dir.string();
  if (auto gitdir = fs::read_file(dir / "gitdir")) {
    // `gitdir` names the worktree's .git file; its directory is the worktree.
    tree.path = without_trailing_slash(stdfs::path(trim(*gitdir)).parent_path().string());
  }
  tree.branch = checked_out_branch(dir);
  return tree;
}

} // namespace

std::vector<Worktree> list_worktrees(const Repository& repo) {
  const stdfs::path common = repo.common_dir();
  std::vector<Worktree> result{main_worktree(repo, common)};
  for (const auto& dir : linked_worktree_dirs(common)) result.push_back(linked_worktree(dir));
  const std::string here = canonical(repo.git_dir());
  for (auto& tree : result) tree.is_current = canonical(tree.git_dir) == here;
  return result;
}

bool worktree_clean(const Repository& repo) {
  if (repo.is_bare()) return false;
  // The init function, not GIT_STATUS_OPTIONS_INIT: clang's
  // -Wmissing-field-initializers rejects the macro's partial initializer.
  git_status_options options;
  check(git_status_options_init(&options, GIT_STATUS_OPTIONS_VERSION), "git_status_options_init");
  options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  options.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  git_status_list* raw_list = nullptr;
  check(git_status_list_new(&raw_list, repo.get(), &options), "read the working tree status");
  Handle<git_status_list, git_status_list_free> list(raw_list);
  return git_status_list_entrycount(list.get()) == 0 && !operation_in_progress(repo);
}

std::optional<std::string> operation_in_progress(const Repository& repo) {
  switch (git_repository_state(repo.get())) {
  case GIT_REPOSITORY_STATE_NONE: return std::nullopt;
  case GIT_REPOSITORY_STATE_MERGE: return "merge";
  case GIT_REPOSITORY_STATE_REVERT:
  case GIT_REPOSITORY_STATE_REVERT_SEQUENCE: return "revert";
  case GIT_REPOSITORY_STATE_CHERRYPICK:
  case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE: return "cherry-pick";
  case GIT_REPOSITORY_STATE_BISECT: return "bisect";
  case GIT_REPOSITORY_STATE_REBASE:
  case GIT_REPOSITORY_STATE_REBASE_INTERACTIVE:
  case GIT_REPOSITORY_STATE_REBASE_MERGE: return "rebase";
  case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
  case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE: return "am";
  default: return "operation";
  }
}

std::string command_dir(const Repository& repo) { return repo.is_bare() ? repo.git_dir() : repo.worktree_root(); }

} // namespace warden::git

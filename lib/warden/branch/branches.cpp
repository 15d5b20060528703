#include "warden/branch/branches.hpp"

#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"

#include <git2.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <system_error>

namespace warden::branch {

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

std::string canonical(const std::string& path) {
  std::error_code ec;
  auto result = stdfs::weakly_canonical(path, ec);
  return ec ? path : result.lexically_normal().string();
}

std::string without_trailing_slash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// The remote-tracking ref that `remote`'s fetch refspecs map `merge_ref` to
// (what git_branch_upstream_name computes, without its remote lookup, which
// leaks in Debian's libgit2 1.5.1); the standard layout when none maps it.
std::string tracking_ref_for(const git::Repository& repo, const std::string& remote, const std::string& merge_ref) {
  for (std::string spec : repo.config_strings("remote." + remote + ".fetch")) {
    if (!spec.empty() && spec.front() == '+') spec.erase(0, 1);
    const auto colon = spec.find(':');
    if (spec.empty() || spec.front() == '^' || colon == std::string::npos) continue;
    const std::string src = spec.substr(0, colon), dst = spec.substr(colon + 1);
    const auto star = src.find('*'), dst_star = dst.find('*');
    if (star == std::string::npos) {
      if (src == merge_ref) return dst;
      continue;
    }
    if (dst_star == std::string::npos) continue;
    const std::string before = src.substr(0, star), after = src.substr(star + 1);
    if (merge_ref.size() >= before.size() + after.size() && merge_ref.starts_with(before) &&
        merge_ref.ends_with(after)) {
      const auto middle = merge_ref.substr(before.size(), merge_ref.size() - before.size() - after.size());
      return dst.substr(0, dst_star) + middle + dst.substr(dst_star + 1);
    }
  }
  std::string short_name = merge_ref.starts_with(k_heads) ? merge_ref.substr(k_heads.size()) : merge_ref;
  return "refs/remotes/" + remote + "/" + short_name;
}

} // namespace

std::string LocalBranch::upstream_label() const {
  if (tracking_ref && tracking_ref->rfind("refs/remotes/", 0) == 0) return tracking_ref->substr(13);
  return upstream_remote.value_or("?") + "/" + upstream_branch.value_or("?");
}

std::vector<Worktree> list_worktrees(const git::Repository& repo) {
  std::vector<Worktree> result;
  const stdfs::path common = repo.common_dir();
  const std::string here = canonical(repo.git_dir());

  Worktree main;
  main.git_dir = common.string();
  if (git_repository_is_worktree(repo.get()) == 1) {
    // From a linked worktree: the main one sits above the common .git directory
    // (none when the common directory is a bare repository).
    if (common.filename() == ".git") main.path = common.parent_path().string();
  } else {
    main.path = repo.worktree_root();
  }
  main.branch = branch_being_rebased(common);
  if (!main.branch) main.branch = branch_of_head_file(common / "HEAD");
  main.is_current = canonical(main.git_dir) == here;
  result.push_back(std::move(main));

  std::error_code ec;
  stdfs::directory_iterator it(common / "worktrees", ec);
  if (ec) return result;
  std::vector<stdfs::path> dirs;
  for (const auto& entry : it) {
    if (entry.is_directory(ec)) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  for (const auto& dir : dirs) {
    Worktree tree;
    tree.git_dir = dir.string();
    if (auto gitdir = fs::read_file(dir / "gitdir")) {
      // `gitdir` names the worktree's .git file; its directory is the worktree.
      tree.path = without_trailing_slash(stdfs::path(trim(*gitdir)).parent_path().string());
    }
    tree.branch = branch_being_rebased(dir);
    if (!tree.branch) tree.branch = branch_of_head_file(dir / "HEAD");
    tree.is_current = canonical(tree.git_dir) == here;
    result.push_back(std::move(tree));
  }
  return result;
}

std::vector<LocalBranch> list_local_branches(const git::Repository& repo) {
  std::vector<LocalBranch> result;
  const auto worktrees = list_worktrees(repo);

  git_branch_iterator* raw_iter = nullptr;
  git::check(git_branch_iterator_new(&raw_iter, repo.get(), GIT_BRANCH_LOCAL), "list local branches");
  git::BranchIteratorPtr iter(raw_iter);
  for (;;) {
    git_reference* raw_ref = nullptr;
    git_branch_t type{};
    int code = git_branch_next(&raw_ref, &type, iter.get());
    if (code == GIT_ITEROVER) break;
    git::check(code, "list local branches");
    git::ReferencePtr ref(raw_ref);

    LocalBranch branch;
    std::string refname = git_reference_name(ref.get());
    branch.name = refname.substr(k_heads.size());
    git_object* raw_obj = nullptr;
    if (git_reference_peel(&raw_obj, ref.get(), GIT_OBJECT_COMMIT) != 0) continue; // not a commit: skip
    git::ObjectPtr obj(raw_obj);
    branch.oid = *git_object_id(obj.get());

    branch.upstream_remote = repo.config_string("branch." + branch.name + ".remote");
    if (auto merge = repo.config_string("branch." + branch.name + ".merge")) {
      branch.upstream_branch = merge->rfind(k_heads, 0) == 0 ? merge->substr(k_heads.size()) : *merge;
    }
    if (branch.upstream_remote && *branch.upstream_remote != "." && branch.upstream_branch) {
      branch.tracking_ref = tracking_ref_for(repo, *branch.upstream_remote, std::string(k_heads) + *branch.upstream_branch);
      branch.tracking_oid = ref_commit(repo, *branch.tracking_ref);
    }
    for (const auto& tree : worktrees) {
      if (tree.branch && *tree.branch == branch.name) {
        branch.worktree = tree.path.empty() ? tree.git_dir : tree.path;
        if (tree.is_current) branch.is_current = true;
      }
    }
    result.push_back(std::move(branch));
  }
  std::sort(result.begin(), result.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return result;
}

std::optional<git_oid> ref_commit(const git::Repository& repo, const std::string& refname) {
  git_reference* raw_ref = nullptr;
  if (git_reference_lookup(&raw_ref, repo.get(), refname.c_str()) != 0) return std::nullopt;
  git::ReferencePtr ref(raw_ref);
  git_object* raw_obj = nullptr;
  if (git_reference_peel(&raw_obj, ref.get(), GIT_OBJECT_COMMIT) != 0) return std::nullopt;
  git::ObjectPtr obj(raw_obj);
  return *git_object_id(obj.get());
}

std::optional<std::string> remote_head_branch(const git::Repository& repo, const std::string& remote) {
  git_reference* raw = nullptr;
  std::string name = "refs/remotes/" + remote + "/HEAD";
  if (git_reference_lookup(&raw, repo.get(), name.c_str()) != 0) return std::nullopt;
  git::ReferencePtr ref(raw);
  if (git_reference_type(ref.get()) != GIT_REFERENCE_SYMBOLIC) return std::nullopt;
  std::string target = git_reference_symbolic_target(ref.get());
  std::string prefix = "refs/remotes/" + remote + "/";
  if (target.rfind(prefix, 0) != 0) return std::nullopt;
  return target.substr(prefix.size());
}

std::set<std::string> configured_remotes(const git::Repository& repo) {
  // Walk the config rather than call git_remote_list: Debian's libgit2
  // 1.5.1 leaks PCRE2 match data on every regex-filtered config walk.
  std::set<std::string> names;
  git_config* raw_config = nullptr;
  git::check(git_repository_config_snapshot(&raw_config, repo.get()), "read git config");
  git::ConfigPtr config(raw_config);
  git_config_iterator* raw_iter = nullptr;
  git::check(git_config_iterator_new(&raw_iter, config.get()), "read git config");
  git::Handle<git_config_iterator, git_config_iterator_free> iter(raw_iter);
  git_config_entry* entry = nullptr;
  constexpr std::string_view prefix = "remote.", suffix = ".url";
  while (git_config_next(&entry, iter.get()) == 0) {
    std::string_view name = entry->name;
    if (name.size() > prefix.size() + suffix.size() && name.starts_with(prefix) && name.ends_with(suffix)) {
      names.emplace(name.substr(prefix.size(), name.size() - prefix.size() - suffix.size()));
    }
  }
  return names;
}

std::map<std::string, git_oid> remote_tracking_tips(const git::Repository& repo) {
  std::map<std::string, git_oid> tips;
  git_branch_iterator* raw_iter = nullptr;
  git::check(git_branch_iterator_new(&raw_iter, repo.get(), GIT_BRANCH_REMOTE), "list remote branches");
  git::BranchIteratorPtr iter(raw_iter);
  for (;;) {
    git_reference* raw_ref = nullptr;
    git_branch_t type{};
    int code = git_branch_next(&raw_ref, &type, iter.get());
    if (code == GIT_ITEROVER) break;
    git::check(code, "list remote branches");
    git::ReferencePtr ref(raw_ref);
    if (git_reference_type(ref.get()) != GIT_REFERENCE_DIRECT) continue;
    const std::string name = git_reference_name(ref.get());
    if (auto oid = ref_commit(repo, name)) tips.emplace(name, *oid);
  }
  return tips;
}

std::vector<git_oid> remote_branch_tips(const git::Repository& repo) {
  std::vector<git_oid> tips;
  for (const auto& [name, oid] : remote_tracking_tips(repo)) tips.push_back(oid);
  return tips;
}

std::vector<git_oid> default_branch_tips(const git::Repository& repo, const std::string& default_branch,
                                         const std::string& remote) {
  std::vector<git_oid> tips;
  if (auto oid = ref_commit(repo, "refs/heads/" + default_branch)) tips.push_back(*oid);
  if (auto oid = ref_commit(repo, "refs/remotes/" + remote + "/" + default_branch)) tips.push_back(*oid);
  return tips;
}

std::size_t count_commits_outside(const git::Repository& repo, const git_oid& tip,
                                  const std::vector<git_oid>& bases, std::size_t limit) {
  git_revwalk* raw_walk = nullptr;
  git::check(git_revwalk_new(&raw_walk, repo.get()), "walk history");
  git::RevwalkPtr walk(raw_walk);
  git::check(git_revwalk_push(walk.get(), &tip), "walk history from " + git::oid_hex(tip));
  for (const auto& base : bases) {
    // A base that is not in the object database cannot hide anything.
    git_revwalk_hide(walk.get(), &base);
  }
  std::size_t count = 0;
  git_oid oid;
  while (count < limit && git_revwalk_next(&oid, walk.get()) == 0) ++count;
  return count;
}

bool reachable_from_any(const git::Repository& repo, const git_oid& tip, const std::vector<git_oid>& bases) {
  return std::any_of(bases.begin(), bases.end(),
                     [&](const git_oid& base) { return repo.is_ancestor(tip, base); });
}

bool worktree_clean(const git::Repository& repo) {
  if (repo.is_bare()) return false;
  git_status_options options = GIT_STATUS_OPTIONS_INIT;
  options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  options.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  git_status_list* raw_list = nullptr;
  git::check(git_status_list_new(&raw_list, repo.get(), &options), "read the working tree status");
  git::Handle<git_status_list, git_status_list_free> list(raw_list);
  return git_status_list_entrycount(list.get()) == 0 && !operation_in_progress(repo);
}

std::optional<std::string> operation_in_progress(const git::Repository& repo) {
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

bool valid_branch_name(const std::string& name) {
  if (name.empty() || name == "HEAD") return false;
  int valid = 0;
  if (git_branch_name_is_valid(&valid, name.c_str()) != 0) return false;
  return valid == 1;
}

std::string short_hex(const git_oid& oid) { return git::oid_hex(oid).substr(0, 7); }

std::string shell_quote(const std::string& arg) {
  const bool plain = !arg.empty() && std::all_of(arg.begin(), arg.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '/' || c == '.' || c == '_' || c == '-' || c == ':' || c == '=' || c == '@' ||
           c == '+' || c == ',';
  });
  if (plain) return arg;
  std::string quoted = "'";
  for (char c : arg) {
    if (c == '\'') quoted += "'\\''";
    else quoted += c;
  }
  return quoted + "'";
}

std::string git_command_line(const std::vector<std::string>& args) {
  std::string line = "git";
  for (const auto& arg : args) line += " " + shell_quote(arg);
  return line;
}

std::string first_line(const std::string& text) {
  // git's most telling line: a rejected ref (" ! [remote rejected] ...") or
  // a fatal/error line; else the first line that says anything.
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    auto line = trim(text.substr(start, end - start));
    auto first = line.find_first_not_of(' ');
    if (first != std::string::npos) lines.push_back(line.substr(first));
    start = end + 1;
  }
  for (const auto& line : lines) {
    if (line.rfind("! [", 0) == 0) return line;
  }
  for (const auto& line : lines) {
    if (line.rfind("fatal:", 0) == 0 || line.rfind("error:", 0) == 0) return line;
  }
  return lines.empty() ? std::string() : lines.front();
}

std::string command_dir(const git::Repository& repo) {
  return repo.is_bare() ? repo.git_dir() : repo.worktree_root();
}

} // namespace warden::branch

#include "warden/git/branches.hpp"

#include "warden/git/refs.hpp"
#include "warden/git/worktrees.hpp"

#include <algorithm>
#include <string_view>

namespace warden::git {

namespace {

constexpr std::string_view k_heads = "refs/heads/";
constexpr std::string_view k_remotes = "refs/remotes/";

// The remote-tracking ref a fetch refspec ("+refs/heads/*:refs/remotes/o/*")
// maps `merge_ref` to; nullopt when it does not map it.
std::optional<std::string> map_through_refspec(std::string spec, const std::string& merge_ref) {
  if (!spec.empty() && spec.front() == '+') spec.erase(0, 1);
  const auto colon = spec.find(':');
  if (spec.empty() || spec.front() == '^' || colon == std::string::npos) return std::nullopt;
  const std::string src = spec.substr(0, colon), dst = spec.substr(colon + 1);
  const auto star = src.find('*'), dst_star = dst.find('*');
  if (star == std::string::npos) return src == merge_ref ? std::optional<std::string>(dst) : std::nullopt;
  if (dst_star == std::string::npos) return std::nullopt;
  const std::string before = src.substr(0, star), after = src.substr(star + 1);
  if (merge_ref.size() < before.size() + after.size() || !merge_ref.starts_with(before) || !merge_ref.ends_with(after))
    return std::nullopt;
  const auto middle = merge_ref.substr(before.size(), merge_ref.size() - before.size() - after.size());
  return dst.substr(0, dst_star) + middle + dst.substr(dst_star + 1);
}

// The upstream facts of the branch `branch.name` from its config.
void read_upstream(const Repository& repo, LocalBranch& branch) {
  branch.upstream_remote = repo.config_string("branch." + branch.name + ".remote");
  if (auto merge = repo.config_string("branch." + branch.name + ".merge")) {
    branch.upstream_branch = merge->starts_with(k_heads) ? merge->substr(k_heads.size()) : *merge;
  }
  if (branch.upstream_remote && *branch.upstream_remote != "." && branch.upstream_branch) {
    branch.tracking_ref =
      upstream_tracking_ref(repo, *branch.upstream_remote, std::string(k_heads) + *branch.upstream_branch);
    branch.tracking_oid = ref_commit(repo, *branch.tracking_ref);
  }
}

void mark_worktree_use(const std::vector<Worktree>& worktrees, LocalBranch& branch) {
  for (const auto& tree : worktrees) {
    if (tree.branch && *tree.branch == branch.name) {
      branch.worktree = tree.path.empty() ? tree.git_dir : tree.path;
      if (tree.is_current) branch.is_current = true;
    }
  }
}

} // namespace

void for_each_branch(const Repository& repo, BranchKind kind, const std::function<void(const BranchRef&)>& visit) {
  const bool local = kind == BranchKind::local;
  const std::string what = local ? "list local branches" : "list remote branches";
  git_branch_iterator* raw_iter = nullptr;
  check(git_branch_iterator_new(&raw_iter, repo.get(), local ? GIT_BRANCH_LOCAL : GIT_BRANCH_REMOTE), what);
  BranchIteratorPtr iter(raw_iter);
  for (;;) {
    git_reference* raw_ref = nullptr;
    git_branch_t type{};
    const int code = git_branch_next(&raw_ref, &type, iter.get());
    if (code == GIT_ITEROVER) break;
    check(code, what);
    ReferencePtr ref(raw_ref);
    BranchRef branch;
    branch.ref_name = git_reference_name(ref.get());
    const std::string_view prefix = local ? k_heads : k_remotes;
    branch.name = branch.ref_name.starts_with(prefix) ? branch.ref_name.substr(prefix.size()) : branch.ref_name;
    if (git_reference_type(ref.get()) == GIT_REFERENCE_DIRECT) branch.target = *git_reference_target(ref.get());
    visit(branch);
  }
}

std::string branch_at(const Repository& repo, const git_oid& commit, BranchScope scope) {
  std::string found;
  const auto visit = [&](const BranchRef& branch) {
    if (found.empty() && branch.target && git_oid_equal(&*branch.target, &commit)) found = branch.name;
  };
  for_each_branch(repo, BranchKind::local, visit);
  if (found.empty() && scope == BranchScope::local_and_remote) for_each_branch(repo, BranchKind::remote, visit);
  return found;
}

std::string LocalBranch::upstream_label() const {
  if (tracking_ref && tracking_ref->starts_with(k_remotes)) return tracking_ref->substr(k_remotes.size());
  return upstream_remote.value_or("?") + "/" + upstream_branch.value_or("?");
}

std::vector<LocalBranch> local_branches(const Repository& repo) {
  std::vector<LocalBranch> result;
  const auto worktrees = list_worktrees(repo);
  for_each_branch(repo, BranchKind::local, [&](const BranchRef& ref) {
    const auto tip = ref_commit(repo, ref.ref_name);
    if (!tip) return; // not a commit: skip
    LocalBranch branch;
    branch.name = ref.name;
    branch.oid = *tip;
    read_upstream(repo, branch);
    mark_worktree_use(worktrees, branch);
    result.push_back(std::move(branch));
  });
  std::sort(result.begin(), result.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return result;
}

std::string upstream_tracking_ref(const Repository& repo, const std::string& remote, const std::string& merge_ref) {
  // What git_branch_upstream_name computes, without its remote lookup, which
  // leaks in Debian's libgit2 1.5.1.
  for (const std::string& spec : repo.config_strings("remote." + remote + ".fetch")) {
    if (auto mapped = map_through_refspec(spec, merge_ref)) return *mapped;
  }
  const std::string short_name = merge_ref.starts_with(k_heads) ? merge_ref.substr(k_heads.size()) : merge_ref;
  return std::string(k_remotes) + remote + "/" + short_name;
}

std::map<std::string, git_oid> remote_tracking_tips(const Repository& repo) {
  std::map<std::string, git_oid> tips;
  for_each_branch(repo, BranchKind::remote, [&](const BranchRef& ref) {
    if (!ref.target) return;
    if (auto oid = ref_commit(repo, ref.ref_name)) tips.emplace(ref.ref_name, *oid);
  });
  return tips;
}

std::map<std::string, git_oid> remote_branches_of(const Repository& repo, const std::string& remote) {
  std::map<std::string, git_oid> result;
  const std::string prefix = std::string(k_remotes) + remote + "/";
  for (const auto& [name, oid] : remote_tracking_tips(repo))
    if (name.starts_with(prefix)) result[name.substr(prefix.size())] = oid;
  return result;
}

std::vector<git_oid> default_branch_tips(const Repository& repo, const std::string& default_branch,
                                         const std::string& remote) {
  std::vector<git_oid> tips;
  if (auto oid = ref_commit(repo, std::string(k_heads) + default_branch)) tips.push_back(*oid);
  if (auto oid = ref_commit(repo, std::string(k_remotes) + remote + "/" + default_branch)) tips.push_back(*oid);
  return tips;
}

} // namespace warden::git

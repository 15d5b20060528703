#include "warden/hook/push_checks.hpp"

#include "warden/checks/file_input.hpp"
#include "warden/git/graph.hpp"
#include "warden/git/reader_refs.hpp"
#include "warden/git/tree_diff.hpp"

#include <fmt/core.h>

namespace warden {

FastForward fast_forward(const git::RepoReader& repo, std::string_view old_hex, const git_oid& new_commit) {
  const auto old_commit = git::peel_hex(repo, old_hex);
  if (!old_commit) return FastForward::unknown;
  return git::is_ancestor(repo, *old_commit, new_commit) ? FastForward::yes : FastForward::no;
}

void check_pushed_tree(const git::RepoReader& repo, const Policy& policy, const git_oid& tree,
                       const std::optional<git_oid>& base_tree, const std::string& label, Findings& out,
                       std::vector<std::string>* changed_paths) {
  FileCheckInput input = git::tree_change(repo, tree, base_tree, git::Listing::partial);
  input.blobs = &repo.blobs();
  input.objects = &repo;
  input.worktree_root = repo.worktree_root();
  Findings found = run_file_checks(policy, input);
  for (Finding& finding : found) {
    finding.message = fmt::format("in {}: {}", label, finding.message);
    out.push_back(std::move(finding));
  }
  if (changed_paths) {
    for (const FileEntry& entry : input.entries)
      if (entry.changed) changed_paths->push_back(entry.path);
  }
}

} // namespace warden

#include "warden/hook/push_checks.hpp"

#include "warden/checks/file_input.hpp"
#include "warden/git/history.hpp"

#include <fmt/core.h>

namespace warden {

FastForward fast_forward(const git::Repository& repo, std::string_view old_hex, const git_oid& new_commit) {
  const auto old_commit = git::peel_to_commit(repo, old_hex);
  if (!old_commit) return FastForward::unknown;
  return repo.is_ancestor(*old_commit, new_commit) ? FastForward::yes : FastForward::no;
}

void check_pushed_tree(const git::Repository& repo, const Policy& policy, const git_oid& tree,
                       const std::optional<git_oid>& base_tree, const std::string& label, Findings& out,
                       std::vector<std::string>* changed_paths) {
  FileCheckInput input = git::tree_input(repo, tree, base_tree);
  git::OdbBlobSource blobs(repo);
  input.blobs = &blobs;
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

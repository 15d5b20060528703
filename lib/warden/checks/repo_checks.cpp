#include "warden/checks/repo_checks.hpp"

#include <cstdlib>

namespace warden {

FileCheckInput staged_check_input(const git::Repository& repo) {
  const char* index_file = std::getenv("GIT_INDEX_FILE");
  return git::staged_input(repo, index_file ? index_file : "");
}

Findings run_repo_file_checks(const git::Repository& repo, const Policy& policy, FileCheckInput& input,
                              bool report_all) {
  git::OdbBlobSource blobs(repo);
  input.blobs = &blobs;
  input.report_all = report_all;
  input.worktree_root = repo.worktree_root();
  Findings findings = run_file_checks(policy, input);
  input.blobs = nullptr;
  return findings;
}

} // namespace warden

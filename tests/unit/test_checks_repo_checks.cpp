// The file checks on a repository's index (checks/repo_checks.cpp), shared
// by warden check and warden fix.
#include "git_test_repo.hpp"

#include "warden/checks/repo_checks.hpp"

#include <catch2/catch.hpp>

using namespace warden;
using namespace warden::test;

TEST_CASE("run_repo_file_checks on the staged index", "[checks][repo-checks]") {
  TestRepo repo;
  repo.write("README.md", "r\n");
  repo.add({"README.md"});
  repo.commit();
  repo.write("readme.md", "other\n");
  repo.add({"readme.md"});
  const auto r = git::Repository::open(repo.root().string());
  const Policy policy;
  {
    ScopedEnv no_index("GIT_INDEX_FILE", std::nullopt);
    FileCheckInput input = staged_check_input(r);
    REQUIRE(input.entries.size() == 2);
    const Findings findings = run_repo_file_checks(r, policy, input, false);
    CHECK(input.blobs == nullptr);
    CHECK(input.worktree_root == r.worktree_root());
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].check_id == "canonical-name");
    CHECK(findings[1].check_id == "case-collision");
  }
  // GIT_INDEX_FILE names another index: that one is checked.
  const stdfs::path other = repo.tmp() / "other-index";
  repo.git({"read-tree", "HEAD"}, {{"GIT_INDEX_FILE", other.string()}});
  ScopedEnv index_file("GIT_INDEX_FILE", other.string());
  FileCheckInput input = staged_check_input(r);
  REQUIRE(input.entries.size() == 1);
  CHECK(run_repo_file_checks(r, policy, input, true).empty());
}

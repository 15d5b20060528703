// protected-branch (checks/protected_branch.cpp).
#include "check_runner.hpp"

using namespace warden::test;

TEST_CASE("check_protected_branch", "[checks][protected-branch]") {
  Policy policy;
  warden::Findings out;
  warden::check_protected_branch(policy, std::string("main"), out);
  CHECK(out.empty());
  policy.branches.no_commit = {warden::Glob("main"), warden::Glob("release/*")};
  warden::check_protected_branch(policy, std::string("feature/x"), out);
  warden::check_protected_branch(policy, std::string("feature/main"), out);
  warden::check_protected_branch(policy, std::string("main/x"), out);
  warden::check_protected_branch(policy, std::nullopt, out);
  CHECK(out.empty());
  warden::check_protected_branch(policy, std::string("release/1.0"), out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "protected-branch");
  CHECK(out[0].severity == Severity::error);
  CHECK(out[0].paths == Paths{"release/1.0"});
  policy.branches.no_commit = {warden::Glob("**")};
  warden::check_protected_branch(policy, std::string("feature/y"), out);
  CHECK(out.size() == 2);
}

#include "warden/checks/branch_rules.hpp"

#include <catch2/catch.hpp>

using namespace warden;

namespace {

Policy test_policy() {
  Policy policy = default_policy();
  return policy;
}

bool has(const Findings& findings, const std::string& id, Severity severity = Severity::error) {
  for (const Finding& f : findings)
    if (f.check_id == id && f.severity == severity) return true;
  return false;
}

} // namespace

TEST_CASE("branch_of_ref", "[branch_rules]") {
  CHECK(branch_of_ref("refs/heads/main") == std::optional<std::string>("main"));
  CHECK(branch_of_ref("refs/heads/feature/x") == std::optional<std::string>("feature/x"));
  CHECK_FALSE(branch_of_ref("refs/tags/v1"));
  CHECK_FALSE(branch_of_ref("HEAD"));
  CHECK_FALSE(branch_of_ref("refs/heads/"));
  CHECK_FALSE(branch_of_ref("refs/remotes/origin/main"));
}

TEST_CASE("check_branch_name", "[branch_rules]") {
  const Policy policy = test_policy();
  Findings findings;
  check_branch_name(policy, "refs/heads/feature/ok-1", findings);
  check_branch_name(policy, "refs/heads/main", findings);
  check_branch_name(policy, "refs/tags/Whatever", findings); // tags are not branches
  CHECK(findings.empty());

  check_branch_name(policy, "refs/heads/Feature/Bad", findings);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "branch-name");
  CHECK(findings[0].severity == Severity::error);
  CHECK(findings[0].paths == std::vector<std::string>{"refs/heads/Feature/Bad"});
  CHECK_THAT(findings[0].message, Catch::Contains("Feature/Bad"));
  CHECK_THAT(findings[0].message, Catch::Contains("branches.pattern"));
  CHECK(findings[0].message ==
        "branch name 'Feature/Bad' does not match branches.pattern '" + policy.branches.pattern.source +
          "'; rename it and push it under the new name: warden branch rename feature/bad Feature/Bad");
}

TEST_CASE("check_upstream_match: a bad local name is renamed, never pushed as it is", "[branch_rules]") {
  const Policy policy = test_policy();
  Findings findings;
  check_upstream_match(policy, "origin", "My_Bad_Branch", "refs/heads/feature/x", std::nullopt, findings);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "upstream-match");
  CHECK(findings[0].message ==
        "local branch 'My_Bad_Branch' is pushed to 'feature/x' on origin: the names must match, and 'My_Bad_Branch' "
        "does not match branches.pattern; rename it first (warden branch rename feature/my_bad_branch My_Bad_Branch) "
        "and push it under the new name");
}

TEST_CASE("check_upstream_match", "[branch_rules]") {
  Policy policy = test_policy();
  Findings findings;
  check_upstream_match(policy, "origin", "feature/a", "refs/heads/feature/a", std::nullopt, findings);
  check_upstream_match(policy, "origin", "feature/a", "refs/heads/feature/a",
                       std::string("refs/heads/feature/a"), findings);
  CHECK(findings.empty());

  SECTION("another name on the remote") {
    check_upstream_match(policy, "origin", "feature/a", "refs/heads/feature/b", std::nullopt, findings);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].check_id == "upstream-match");
    CHECK(findings[0].paths == std::vector<std::string>{"refs/heads/feature/b"});
    CHECK_THAT(findings[0].message, Catch::Contains("feature/a"));
    CHECK_THAT(findings[0].message, Catch::Contains("git push -u origin feature/a"));
  }
  SECTION("an upstream naming another branch") {
    check_upstream_match(policy, "origin", "feature/a", "refs/heads/feature/a", std::string("refs/heads/feature/c"),
                         findings);
    REQUIRE(findings.size() == 1);
    CHECK_THAT(findings[0].message, Catch::Contains("feature/c"));
    CHECK_THAT(findings[0].message, Catch::Contains("--set-upstream-to=origin/feature/a"));
  }
  SECTION("severity from the policy") {
    policy.branches.upstream_match = Severity::warn;
    check_upstream_match(policy, "origin", "a", "refs/heads/b", std::nullopt, findings);
    CHECK(has(findings, "upstream-match", Severity::warn));
    policy.branches.upstream_match = Severity::off;
    Findings none;
    check_upstream_match(policy, "origin", "a", "refs/heads/b", std::nullopt, none);
    CHECK(none.empty());
  }
}

TEST_CASE("is_protected_branch: globs name whole branches", "[branch_rules]") {
  Policy policy = test_policy();
  CHECK(is_protected_branch(policy, "main"));
  CHECK(is_protected_branch(policy, "release/1.0"));
  CHECK_FALSE(is_protected_branch(policy, "feature/main"));
  CHECK_FALSE(is_protected_branch(policy, "mainline"));
  CHECK_FALSE(is_protected_branch(policy, "release/1.0/hotfix"));
  policy.branches.protected_branches = {Glob("**")};
  CHECK(is_protected_branch(policy, "feature/deep/x"));
  policy.branches.protected_branches = {Glob("hotfix-*")};
  CHECK(is_protected_branch(policy, "hotfix-1"));
  CHECK_FALSE(is_protected_branch(policy, "team/hotfix-1"));
}

TEST_CASE("check_force_push", "[branch_rules]") {
  const Policy policy = test_policy();
  Findings findings;
  check_force_push(policy, "refs/heads/main", FastForward::yes, "origin", findings);
  check_force_push(policy, "refs/heads/feature/x", FastForward::no, "origin", findings); // not protected
  CHECK(findings.empty());

  check_force_push(policy, "refs/heads/main", FastForward::no, "origin", findings);
  check_force_push(policy, "refs/heads/release/1.0", FastForward::unknown, "origin", findings);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].check_id == "force-push");
  CHECK(findings[0].paths == std::vector<std::string>{"refs/heads/main"});
  CHECK_THAT(findings[0].message, Catch::Contains("non-fast-forward"));
  CHECK_THAT(findings[1].message, Catch::Contains("fetch first"));
  CHECK_THAT(findings[1].message, Catch::Contains("git fetch origin"));
}

TEST_CASE("check_branch_deletion", "[branch_rules]") {
  const Policy policy = test_policy();
  Findings findings;
  check_branch_deletion(policy, "refs/heads/feature/x", "origin", findings);
  check_branch_deletion(policy, "refs/tags/v1", "origin", findings);
  CHECK(findings.empty());
  check_branch_deletion(policy, "refs/heads/master", "origin", findings);
  check_branch_deletion(policy, "refs/heads/release/2", "", findings);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].check_id == "branch-deletion");
  CHECK(findings[0].paths == std::vector<std::string>{"refs/heads/master"});
  CHECK_THAT(findings[0].message, Catch::Contains("protected"));
}

TEST_CASE("check_remote_head", "[branch_rules]") {
  Policy policy = test_policy();
  Findings findings;
  check_remote_head(policy, "origin", std::string("refs/remotes/origin/main"), "main", "FIX", findings);
  CHECK(findings.empty());

  check_remote_head(policy, "origin", std::nullopt, "master", "git remote set-head origin -a", findings);
  check_remote_head(policy, "origin", std::string("refs/remotes/origin/develop"), "main",
                    "git remote set-head origin main", findings);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].check_id == "remote-head");
  CHECK(findings[0].severity == Severity::warn);
  CHECK(findings[0].paths == std::vector<std::string>{"refs/remotes/origin/HEAD"});
  CHECK(findings[0].message ==
        "origin/HEAD is missing; point it at the remote's default branch: git remote set-head origin -a");
  CHECK(findings[1].message ==
        "origin/HEAD points at 'develop', not the default branch 'main'; fix it: git remote set-head origin main");

  policy.branches.remote_head = Severity::error;
  Findings strict;
  check_remote_head(policy, "upstream", std::string("refs/remotes/upstream/main"), "trunk",
                    "git remote set-head upstream trunk", strict);
  REQUIRE(strict.size() == 1);
  CHECK(strict[0].severity == Severity::error);
  CHECK_THAT(strict[0].message, Catch::Contains("not the default branch 'trunk'; fix it: git remote set-head upstream trunk"));
}

TEST_CASE("suggest_branch_name: a name branches.pattern accepts", "[branch_rules]") {
  const Policy policy = test_policy();
  CHECK(suggest_branch_name(policy, "My_Bad_Branch") == std::optional<std::string>("feature/my_bad_branch"));
  CHECK(suggest_branch_name(policy, "Feature/Bad") == std::optional<std::string>("feature/bad"));
  CHECK(suggest_branch_name(policy, "fix/Crash on Start!") == std::optional<std::string>("fix/crash-on-start"));
  CHECK(suggest_branch_name(policy, "feature/x.lock") == std::optional<std::string>("feature/x"));
  CHECK(suggest_branch_name(policy, "wip/Thing") == std::optional<std::string>("feature/wip-thing"));
  CHECK(suggest_branch_name(policy, "Main") == std::optional<std::string>("main"));
  CHECK_FALSE(suggest_branch_name(policy, "!!!"));
  CHECK(rename_hint(policy, "My_Bad_Branch") == "warden branch rename feature/my_bad_branch My_Bad_Branch");
  CHECK(rename_hint(policy, "!!!") == "rename it to match branches.pattern: warden branch rename NEW");

  const Policy strict = parse_policy("version: 1\nbranches:\n  pattern: '^team-[0-9]+/[a-z]+$'\n", ".warden.yml");
  CHECK_FALSE(suggest_branch_name(strict, "Odd"));
  Policy none = test_policy();
  none.branches.pattern = Pattern{};
  CHECK_FALSE(suggest_branch_name(none, "Odd"));
}

#include "branch_fixture.hpp"

#include "warden/config/default_branch.hpp"

#include <catch2/catch.hpp>

using namespace warden;
using warden::test::RemoteAndClone;

namespace {

config::DefaultBranch resolve(const RemoteAndClone& fx, const Policy& policy = default_policy()) {
  const auto repo = fx.open();
  return config::resolve_default_branch(repo, policy);
}

} // namespace

TEST_CASE("the default policy leaves the default branch to the repository", "[config][default-branch]") {
  CHECK(default_policy().branches.default_branch.empty());
}

TEST_CASE("resolve_default_branch: the policy's name wins", "[config][default-branch]") {
  RemoteAndClone fx;
  Policy policy = default_policy();
  policy.branches.default_branch = "trunk";
  const auto resolved = resolve(fx, policy);
  CHECK(resolved.name == "trunk");
  CHECK(resolved.source == config::DefaultBranchSource::policy);
}

TEST_CASE("resolve_default_branch: <remote>/HEAD, init.defaultBranch, the only branch, main",
          "[config][default-branch]") {
  RemoteAndClone fx;
  fx.work("feature/a");

  SECTION("<remote>/HEAD") {
    auto resolved = resolve(fx);
    CHECK(resolved.name == "main");
    CHECK(resolved.source == config::DefaultBranchSource::remote_head);
    fx.git({"remote", "set-head", "origin", "feature/a"});
    resolved = resolve(fx);
    CHECK(resolved.name == "feature/a");
    CHECK(resolved.source == config::DefaultBranchSource::remote_head);
  }

  SECTION("the policy's remote, or the one asked about") {
    fx.git({"remote", "add", "upstream", fx.remote().string()});
    fx.git({"fetch", "-q", "upstream"});
    fx.git({"remote", "set-head", "upstream", "feature/a"});
    const auto repo = fx.open();
    CHECK(config::effective_default_branch(repo, default_policy()) == "main");
    CHECK(config::effective_default_branch(repo, default_policy(), "upstream") == "feature/a");
    Policy policy = default_policy();
    policy.branches.remote = "upstream";
    CHECK(config::effective_default_branch(repo, policy) == "feature/a");
  }

  SECTION("no <remote>/HEAD: init.defaultBranch") {
    fx.git({"remote", "set-head", "origin", "--delete"});
    fx.git({"config", "init.defaultBranch", "trunk"});
    const auto resolved = resolve(fx);
    CHECK(resolved.name == "trunk");
    CHECK(resolved.source == config::DefaultBranchSource::init_config);
  }

  SECTION("no <remote>/HEAD, no init.defaultBranch, one branch: that branch") {
    fx.git({"remote", "set-head", "origin", "--delete"});
    fx.git({"branch", "-q", "-D", "feature/a"});
    fx.git({"branch", "-q", "-m", "main", "master"});
    const auto resolved = resolve(fx);
    CHECK(resolved.name == "master");
    CHECK(resolved.source == config::DefaultBranchSource::only_branch);
  }

  SECTION("none of those: main") {
    fx.git({"remote", "set-head", "origin", "--delete"});
    fx.git({"branch", "-q", "-m", "main", "master"});
    const auto resolved = resolve(fx);
    CHECK(resolved.name == "main");
    CHECK(resolved.source == config::DefaultBranchSource::fallback);
  }
}

TEST_CASE("source_label names where the default branch comes from", "[config][default-branch]") {
  using config::DefaultBranchSource;
  CHECK(config::source_label(DefaultBranchSource::policy, "origin") == "branches.default-branch");
  CHECK(config::source_label(DefaultBranchSource::remote_head, "upstream") == "upstream/HEAD");
  CHECK(config::source_label(DefaultBranchSource::init_config, "origin") == "init.defaultBranch");
  CHECK(config::source_label(DefaultBranchSource::only_branch, "origin") == "the only branch");
  CHECK(config::source_label(DefaultBranchSource::fallback, "origin") == "fallback");
}

TEST_CASE("remote_head_fix suggests only a command that works here", "[config][default-branch]") {
  RemoteAndClone fx;
  SECTION("the branch is on the remote: set-head to it") {
    const auto repo = fx.open();
    CHECK(config::remote_head_fix(repo, "origin", "main") == "git remote set-head origin main");
  }
  SECTION("no <remote>/HEAD and the branch is not there: ask the remote") {
    fx.git({"remote", "set-head", "origin", "--delete"});
    const auto repo = fx.open();
    CHECK(config::remote_head_fix(repo, "origin", "master") == "git remote set-head origin -a");
    CHECK(config::remote_head_fix(repo, "origin", "") == "git remote set-head origin -a");
  }
  SECTION("<remote>/HEAD names another branch and the branch is not there: push it first") {
    const auto repo = fx.open();
    CHECK(config::remote_head_fix(repo, "origin", "trunk") ==
          "origin has no branch 'trunk' yet: push it (git push -u origin trunk), then git remote set-head origin "
          "trunk; or set branches.default-branch: \"\" to follow origin/HEAD");
  }
}

#include "branch_fixture.hpp"

#include "warden/git/refs.hpp"

#include <catch2/catch.hpp>

using namespace warden;
using warden::test::RemoteAndClone;

TEST_CASE("ref_commit peels branches and annotated tags to their commit", "[git][refs]") {
  RemoteAndClone fx;
  fx.git({"tag", "-a", "-m", "release", "v1"});
  fx.git({"tag", "light"});
  const auto repo = fx.open();
  const std::string main = fx.oid("main");

  REQUIRE(git::ref_commit(repo, "refs/heads/main"));
  CHECK(git::oid_hex(*git::ref_commit(repo, "refs/heads/main")) == main);
  CHECK(git::oid_hex(*git::ref_commit(repo, "refs/remotes/origin/HEAD")) == main); // through the symbolic ref
  REQUIRE(git::ref_commit(repo, "refs/tags/v1"));
  CHECK(git::oid_hex(*git::ref_commit(repo, "refs/tags/v1")) == main);
  CHECK(git::oid_hex(*git::ref_commit(repo, "refs/tags/light")) == main);
  CHECK_FALSE(git::ref_commit(repo, "refs/heads/missing"));
  CHECK_FALSE(git::ref_commit(repo, "main")); // a full name is needed
}

TEST_CASE("ref_commit: a ref naming a tree is no commit", "[git][refs]") {
  RemoteAndClone fx;
  const std::string tree = fx.oid("main^{tree}");
  fx.git({"update-ref", "refs/tags/a-tree", tree});
  const auto repo = fx.open();
  CHECK(git::ref_exists(repo, "refs/tags/a-tree"));
  CHECK_FALSE(git::ref_commit(repo, "refs/tags/a-tree"));
}

TEST_CASE("ref_exists, symbolic_target and remote_head_branch", "[git][refs]") {
  RemoteAndClone fx;
  fx.work("feature/a");
  const auto repo = fx.open();
  CHECK(git::ref_exists(repo, "refs/heads/feature/a"));
  CHECK(git::ref_exists(repo, "refs/remotes/origin/HEAD"));
  CHECK_FALSE(git::ref_exists(repo, "refs/heads/feature/b"));

  CHECK(git::symbolic_target(repo, "refs/remotes/origin/HEAD") ==
        std::optional<std::string>("refs/remotes/origin/main"));
  CHECK(git::symbolic_target(repo, "HEAD") == std::optional<std::string>("refs/heads/main"));
  CHECK_FALSE(git::symbolic_target(repo, "refs/heads/main")); // direct
  CHECK_FALSE(git::symbolic_target(repo, "refs/heads/missing"));

  CHECK(git::remote_head_branch(repo, "origin") == std::optional<std::string>("main"));
  fx.git({"remote", "set-head", "origin", "feature/a"});
  CHECK(git::remote_head_branch(fx.open(), "origin") == std::optional<std::string>("feature/a"));
  fx.git({"remote", "set-head", "origin", "--delete"});
  CHECK_FALSE(git::remote_head_branch(fx.open(), "origin"));
  CHECK_FALSE(git::remote_head_branch(fx.open(), "nowhere"));
}

TEST_CASE("remote_head_branch: a HEAD naming another remote's branch names none", "[git][refs]") {
  RemoteAndClone fx;
  fx.git({"symbolic-ref", "refs/remotes/origin/HEAD", "refs/heads/main"});
  CHECK_FALSE(git::remote_head_branch(fx.open(), "origin"));
}

TEST_CASE("same_oid and short_hex", "[git][refs]") {
  RemoteAndClone fx;
  fx.work("feature/a", false);
  const auto repo = fx.open();
  const auto main = *repo.resolve_commit("main");
  const auto again = *git::parse_oid(fx.oid("main"));
  const auto other = *repo.resolve_commit("feature/a");
  CHECK(git::same_oid(main, again));
  CHECK_FALSE(git::same_oid(main, other));
  CHECK(git::short_hex(main) == fx.oid("main").substr(0, 7));
}

TEST_CASE("count_commits_outside and reachable_from_any", "[git][refs]") {
  RemoteAndClone fx;
  fx.work("feature/two", false);
  fx.git({"checkout", "-q", "feature/two"});
  fx.write("second.txt", "2\n");
  fx.git({"add", "."});
  fx.git({"commit", "-q", "--no-verify", "-m", "second"});
  const auto repo = fx.open();
  const auto tip = *repo.resolve_commit("feature/two");
  const auto main = *repo.resolve_commit("main");
  CHECK(git::count_commits_outside(repo, tip, {main}) == 2);
  CHECK(git::count_commits_outside(repo, tip, {main}, 1) == 1); // stops at the limit
  CHECK(git::count_commits_outside(repo, main, {tip}) == 0);
  CHECK(git::count_commits_outside(repo, tip, {}) == 3);
  CHECK(git::reachable_from_any(repo, main, {tip}));
  CHECK(git::reachable_from_any(repo, tip, {main, tip}));
  CHECK_FALSE(git::reachable_from_any(repo, tip, {main}));
  CHECK_FALSE(git::reachable_from_any(repo, tip, {}));
}

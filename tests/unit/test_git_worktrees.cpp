#include "branch_fixture.hpp"

#include "warden/git/worktrees.hpp"

#include <catch2/catch.hpp>

using namespace warden;
using warden::test::RemoteAndClone;

TEST_CASE("list_worktrees: the main worktree and a linked one", "[git][worktrees]") {
  RemoteAndClone fx;
  fx.work("feature/wt", false);
  const auto linked = fx.tmp() / "linked";
  fx.git({"worktree", "add", "-q", linked.string(), "feature/wt"});

  const auto trees = git::list_worktrees(fx.open());
  REQUIRE(trees.size() == 2);
  CHECK(trees[0].is_current);
  CHECK(std::filesystem::equivalent(trees[0].path, fx.clone()));
  CHECK(trees[0].branch == std::optional<std::string>("main"));
  CHECK(trees[1].branch == std::optional<std::string>("feature/wt"));
  CHECK(std::filesystem::equivalent(trees[1].path, linked));
  CHECK_FALSE(trees[1].is_current);

  // Seen from the linked worktree: the same list, the other one current.
  git::ensure_libgit2();
  const auto from_linked = git::list_worktrees(git::Repository::open(linked.string()));
  REQUIRE(from_linked.size() == 2);
  CHECK(std::filesystem::equivalent(from_linked[0].path, fx.clone()));
  CHECK_FALSE(from_linked[0].is_current);
  CHECK(from_linked[1].is_current);
}

TEST_CASE("list_worktrees: a detached HEAD and a branch being rebased", "[git][worktrees]") {
  RemoteAndClone fx;
  fx.git({"checkout", "-q", "--detach", "main"});
  CHECK_FALSE(git::list_worktrees(fx.open()).front().branch);

  // A rebase stopped on a conflict keeps its branch in rebase-merge/head-name.
  fx.work("feature/r", false);
  fx.git({"checkout", "-q", "main"});
  fx.write("w-0.txt", "conflicting\n");
  fx.git({"add", "."});
  fx.git({"commit", "-q", "--no-verify", "-m", "conflict"});
  fx.git({"checkout", "-q", "feature/r"});
  CHECK(fx.git_status({"rebase", "-q", "main"}) != 0);
  const auto repo = fx.open();
  CHECK(git::list_worktrees(repo).front().branch == std::optional<std::string>("feature/r"));
  CHECK(git::operation_in_progress(repo) == std::optional<std::string>("rebase"));
  CHECK_FALSE(git::worktree_clean(repo));
}

TEST_CASE("worktree_clean and operation_in_progress", "[git][worktrees]") {
  RemoteAndClone fx;
  const auto repo = fx.open();
  CHECK(git::worktree_clean(repo));
  CHECK_FALSE(git::operation_in_progress(repo));
  fx.write("untracked.txt", "x\n");
  CHECK(git::worktree_clean(repo)); // untracked files do not count
  fx.write("README.md", "changed\n");
  CHECK_FALSE(git::worktree_clean(repo));
}

TEST_CASE("command_dir: the worktree root, or the git directory when bare", "[git][worktrees]") {
  RemoteAndClone fx;
  git::ensure_libgit2();
  CHECK(std::filesystem::equivalent(git::command_dir(fx.open()), fx.clone()));
  const auto bare = git::Repository::open(fx.remote().string());
  CHECK(std::filesystem::equivalent(git::command_dir(bare), fx.remote()));
  CHECK_FALSE(git::worktree_clean(bare));
  CHECK(git::list_worktrees(bare).front().path.empty());
}

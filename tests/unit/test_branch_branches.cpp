#include "branch_fixture.hpp"

#include "warden/branch/branches.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace warden;
using warden::test::RemoteAndClone;

namespace {

const branch::LocalBranch& find(const std::vector<branch::LocalBranch>& branches, const std::string& name) {
  auto it = std::find_if(branches.begin(), branches.end(), [&](const auto& b) { return b.name == name; });
  REQUIRE(it != branches.end());
  return *it;
}

} // namespace

TEST_CASE("list_local_branches: upstream, gone, mismatch, current", "[branch]") {
  RemoteAndClone fx;
  fx.work("feature/a");
  fx.work("feature/gone");
  fx.work("feature/local", false);
  fx.git({"branch", "-q", "feature/mismatch", "origin/main"});
  fx.git({"push", "-q", "origin", "--delete", "feature/gone"});

  const auto repo = fx.open();
  const auto branches = branch::list_local_branches(repo);

  const auto& main = find(branches, "main");
  CHECK(main.is_current);
  CHECK(main.has_remote_upstream());
  CHECK_FALSE(main.upstream_gone());
  CHECK(main.tracking_ref == std::optional<std::string>("refs/remotes/origin/main"));

  const auto& a = find(branches, "feature/a");
  CHECK_FALSE(a.is_current);
  CHECK(a.upstream_label() == "origin/feature/a");
  CHECK_FALSE(a.upstream_mismatch());

  CHECK(find(branches, "feature/gone").upstream_gone());
  CHECK_FALSE(find(branches, "feature/local").has_remote_upstream());
  CHECK(find(branches, "feature/mismatch").upstream_mismatch());

  const auto gone_names = [&] {
    std::vector<std::string> names;
    for (const auto& b : branches)
      if (b.upstream_gone()) names.push_back(b.name);
    return names;
  }();
  CHECK(gone_names == std::vector<std::string>{"feature/gone"});
}

TEST_CASE("list_worktrees: the main worktree and a linked one", "[branch]") {
  RemoteAndClone fx;
  fx.work("feature/wt", false);
  const auto linked = fx.tmp() / "linked";
  fx.git({"worktree", "add", "-q", linked.string(), "feature/wt"});

  const auto repo = fx.open();
  const auto trees = branch::list_worktrees(repo);
  REQUIRE(trees.size() == 2);
  CHECK(trees[0].is_current);
  CHECK(trees[0].branch == std::optional<std::string>("main"));
  CHECK(trees[1].branch == std::optional<std::string>("feature/wt"));
  CHECK(std::filesystem::equivalent(trees[1].path, linked));
  CHECK_FALSE(trees[1].is_current);

  const auto branches = branch::list_local_branches(repo);
  const auto& wt = find(branches, "feature/wt");
  REQUIRE(wt.worktree);
  CHECK_FALSE(wt.is_current);
}

TEST_CASE("count_commits_outside and reachable_from_any", "[branch]") {
  RemoteAndClone fx;
  fx.work("feature/two", false);
  fx.git({"checkout", "-q", "feature/two"});
  fx.write("second.txt", "2\n");
  fx.git({"add", "."});
  fx.git({"commit", "-q", "--no-verify", "-m", "second"});
  const auto repo = fx.open();
  const auto tip = *repo.resolve_commit("feature/two");
  const auto main = *repo.resolve_commit("main");
  CHECK(branch::count_commits_outside(repo, tip, {main}) == 2);
  CHECK(branch::count_commits_outside(repo, main, {tip}) == 0);
  CHECK(branch::reachable_from_any(repo, main, {tip}));
  CHECK_FALSE(branch::reachable_from_any(repo, tip, {main}));
}

TEST_CASE("worktree_clean and operation_in_progress", "[branch]") {
  RemoteAndClone fx;
  const auto repo = fx.open();
  CHECK(branch::worktree_clean(repo));
  CHECK_FALSE(branch::operation_in_progress(repo));
  fx.write("untracked.txt", "x\n");
  CHECK(branch::worktree_clean(repo)); // untracked files do not count
  fx.write("README.md", "changed\n");
  CHECK_FALSE(branch::worktree_clean(repo));
}

TEST_CASE("valid_branch_name", "[branch]") {
  git::ensure_libgit2();
  CHECK(branch::valid_branch_name("feature/x"));
  CHECK(branch::valid_branch_name("main"));
  CHECK_FALSE(branch::valid_branch_name(""));
  CHECK_FALSE(branch::valid_branch_name("HEAD"));
  CHECK_FALSE(branch::valid_branch_name("a..b"));
  CHECK_FALSE(branch::valid_branch_name("-x"));
  CHECK_FALSE(branch::valid_branch_name("with space"));
}

TEST_CASE("shell_quote and git_command_line", "[branch]") {
  CHECK(branch::shell_quote("feature/x") == "feature/x");
  CHECK(branch::shell_quote("a b") == "'a b'");
  CHECK(branch::shell_quote("it's") == "'it'\\''s'");
  CHECK(branch::shell_quote("") == "''");
  CHECK(branch::git_command_line({"push", "origin", "--delete", "a b"}) == "git push origin --delete 'a b'");
}

TEST_CASE("first_line prefers git's rejection and error lines", "[branch]") {
  CHECK(branch::first_line("To /x\n ! [remote rejected] a (hook declined)\nerror: failed\n") ==
        "! [remote rejected] a (hook declined)");
  CHECK(branch::first_line("hint: x\nfatal: nope\n") == "fatal: nope");
  CHECK(branch::first_line("\n\n  plain\n") == "plain");
  CHECK(branch::first_line("") == "");
}

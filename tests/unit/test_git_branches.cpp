#include "branch_fixture.hpp"

#include "warden/git/branches.hpp"
#include "warden/git/refs.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace warden;
using warden::test::RemoteAndClone;

namespace {

const git::LocalBranch& find(const std::vector<git::LocalBranch>& branches, const std::string& name) {
  auto it = std::find_if(branches.begin(), branches.end(), [&](const auto& b) { return b.name == name; });
  REQUIRE(it != branches.end());
  return *it;
}

std::vector<git::BranchRef> all_branches(const git::Repository& repo, git::BranchKind kind) {
  std::vector<git::BranchRef> refs;
  git::for_each_branch(repo, kind, [&](const git::BranchRef& ref) { refs.push_back(ref); });
  std::sort(refs.begin(), refs.end(), [](const auto& a, const auto& b) { return a.ref_name < b.ref_name; });
  return refs;
}

} // namespace

TEST_CASE("for_each_branch: local branches by full and short name", "[git][branches]") {
  RemoteAndClone fx;
  fx.work("feature/a", false);
  const auto repo = fx.open();
  const auto refs = all_branches(repo, git::BranchKind::local);
  REQUIRE(refs.size() == 2);
  CHECK(refs[0].ref_name == "refs/heads/feature/a");
  CHECK(refs[0].name == "feature/a");
  REQUIRE(refs[0].target);
  CHECK(git::oid_hex(*refs[0].target) == fx.oid("feature/a"));
  CHECK(refs[1].name == "main");
}

TEST_CASE("for_each_branch: remote-tracking branches, origin/HEAD without a target", "[git][branches]") {
  RemoteAndClone fx;
  fx.work("feature/a");
  const auto repo = fx.open();
  const auto refs = all_branches(repo, git::BranchKind::remote);
  REQUIRE(refs.size() == 3);
  CHECK(refs[0].ref_name == "refs/remotes/origin/HEAD");
  CHECK(refs[0].name == "origin/HEAD");
  CHECK_FALSE(refs[0].target); // symbolic
  CHECK(refs[1].name == "origin/feature/a");
  REQUIRE(refs[2].target);
  CHECK(git::oid_hex(*refs[2].target) == fx.oid("origin/main"));
}

TEST_CASE("local_branches: upstream, gone, mismatch, current", "[git][branches]") {
  RemoteAndClone fx;
  fx.work("feature/a");
  fx.work("feature/gone");
  fx.work("feature/local", false);
  fx.git({"branch", "-q", "feature/mismatch", "origin/main"});
  fx.git({"push", "-q", "origin", "--delete", "feature/gone"});

  const auto repo = fx.open();
  const auto branches = git::local_branches(repo);
  CHECK(std::is_sorted(branches.begin(), branches.end(), [](const auto& a, const auto& b) { return a.name < b.name; }));

  const auto& main = find(branches, "main");
  CHECK(main.is_current);
  CHECK(main.has_remote_upstream());
  CHECK_FALSE(main.upstream_gone());
  CHECK(main.tracking_ref == std::optional<std::string>("refs/remotes/origin/main"));
  CHECK(git::oid_hex(main.oid) == fx.oid("main"));

  const auto& a = find(branches, "feature/a");
  CHECK_FALSE(a.is_current);
  CHECK(a.upstream_label() == "origin/feature/a");
  CHECK_FALSE(a.upstream_mismatch());

  const auto& gone = find(branches, "feature/gone");
  CHECK(gone.upstream_gone());
  CHECK(gone.upstream_label() == "origin/feature/gone");
  CHECK_FALSE(find(branches, "feature/local").has_remote_upstream());
  const auto& mismatch = find(branches, "feature/mismatch");
  CHECK(mismatch.upstream_mismatch());
  CHECK(mismatch.upstream_label() == "origin/main");
}

TEST_CASE("local_branches: a branch checked out in a linked worktree", "[git][branches]") {
  RemoteAndClone fx;
  fx.work("feature/wt", false);
  const auto linked = fx.tmp() / "linked";
  fx.git({"worktree", "add", "-q", linked.string(), "feature/wt"});

  const auto repo = fx.open();
  const auto branches = git::local_branches(repo);
  const auto& wt = find(branches, "feature/wt");
  REQUIRE(wt.worktree);
  CHECK(std::filesystem::equivalent(*wt.worktree, linked));
  CHECK_FALSE(wt.is_current);
}

TEST_CASE("upstream_tracking_ref follows the remote's fetch refspecs", "[git][branches]") {
  RemoteAndClone fx;
  fx.git({"config", "--replace-all", "remote.origin.fetch", "+refs/heads/*:refs/remotes/mirror/*"});
  fx.git({"config", "--add", "remote.origin.fetch", "+refs/heads/main:refs/remotes/pinned/main"});
  const auto repo = fx.open();
  CHECK(git::upstream_tracking_ref(repo, "origin", "refs/heads/feature/x") == "refs/remotes/mirror/feature/x");
  // No refspec for the remote: the standard layout.
  CHECK(git::upstream_tracking_ref(repo, "elsewhere", "refs/heads/feature/x") == "refs/remotes/elsewhere/feature/x");

  fx.git({"config", "--replace-all", "remote.origin.fetch", "+refs/heads/main:refs/remotes/pinned/main"});
  const auto pinned = fx.open();
  CHECK(git::upstream_tracking_ref(pinned, "origin", "refs/heads/main") == "refs/remotes/pinned/main");
  CHECK(git::upstream_tracking_ref(pinned, "origin", "refs/heads/other") == "refs/remotes/origin/other");
}

TEST_CASE("remote_tracking_tips and remote_branches_of skip origin/HEAD", "[git][branches]") {
  RemoteAndClone fx;
  fx.work("feature/a");
  fx.git({"remote", "add", "other", fx.remote().string()});
  fx.git({"fetch", "-q", "other"});
  const auto repo = fx.open();

  const auto tips = git::remote_tracking_tips(repo);
  std::vector<std::string> names;
  for (const auto& [name, oid] : tips) names.push_back(name);
  CHECK(names == std::vector<std::string>{"refs/remotes/origin/feature/a", "refs/remotes/origin/main",
                                          "refs/remotes/other/feature/a", "refs/remotes/other/main"});
  CHECK(git::oid_hex(tips.at("refs/remotes/origin/feature/a")) == fx.oid("feature/a"));

  const auto of_origin = git::remote_branches_of(repo, "origin");
  REQUIRE(of_origin.size() == 2);
  CHECK(of_origin.count("feature/a") == 1);
  CHECK(git::oid_hex(of_origin.at("main")) == fx.oid("main"));
  CHECK(git::remote_branches_of(repo, "nowhere").empty());
}

TEST_CASE("default_branch_tips: the local and the remote default branch that exist", "[git][branches]") {
  RemoteAndClone fx;
  fx.work("feature/a");
  const auto repo = fx.open();
  const auto tips = git::default_branch_tips(repo, "main", "origin");
  REQUIRE(tips.size() == 2);
  CHECK(git::oid_hex(tips[0]) == fx.oid("main"));
  CHECK(git::oid_hex(tips[1]) == fx.oid("origin/main"));
  CHECK(git::default_branch_tips(repo, "feature/a", "nowhere").size() == 1);
  CHECK(git::default_branch_tips(repo, "trunk", "origin").empty());
}

TEST_CASE("valid_branch_name", "[git][branches]") {
  git::ensure_libgit2();
  CHECK(git::valid_branch_name("feature/x"));
  CHECK(git::valid_branch_name("main"));
  CHECK_FALSE(git::valid_branch_name(""));
  CHECK_FALSE(git::valid_branch_name("HEAD"));
  CHECK_FALSE(git::valid_branch_name("a..b"));
  CHECK_FALSE(git::valid_branch_name("-x"));
  CHECK_FALSE(git::valid_branch_name("with space"));
}

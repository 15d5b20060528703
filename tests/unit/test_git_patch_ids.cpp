#include "git_layer_fixture.hpp"

#include "warden/git/patch_ids.hpp"

#include <catch2/catch.hpp>

using namespace warden;
using namespace warden::test;

namespace {

git::Repository open(const TestRepo& repo) {
  git::ensure_libgit2();
  return git::Repository::open(repo.root().string());
}

git::Change change_of(const git::Repository& repo, const std::string& hex) {
  auto change = git::commit_change(repo, oid_of(hex));
  REQUIRE(change.has_value());
  return std::move(*change);
}

// A file of `lines` numbered lines.
std::string numbered(int lines, int changed = -1) {
  std::string text;
  for (int i = 1; i <= lines; ++i) text += (i == changed ? "changed " : "line ") + std::to_string(i) + "\n";
  return text;
}

} // namespace

TEST_CASE("commit_change: a cherry-pick onto another base has the same patch id as `git patch-id`", "[git][patch_ids]") {
  TestRepo repo;
  commit_file(repo, "f.txt", numbered(30), "base");
  repo.git({"checkout", "-q", "-b", "topic"});
  const auto topic = commit_file(repo, "f.txt", numbered(30, 5), "change line 5");
  repo.git({"checkout", "-q", "main"});
  commit_file(repo, "f.txt", numbered(30, 25), "change line 25"); // another hunk: the pick lands elsewhere
  commit_file(repo, "other.txt", "x\n", "unrelated");
  repo.git({"cherry-pick", topic});
  const auto picked = rev_parse(repo, "HEAD");
  REQUIRE(picked != topic);

  const auto r = open(repo);
  auto a = change_of(r, topic);
  auto b = change_of(r, picked);
  CHECK(a.paths_key() == b.paths_key());
  CHECK(git::oid_hex(a.patch_id()) == git::oid_hex(b.patch_id()));
  // The id is git's own stable patch id.
  auto options = isolated_git_options(repo.tmp());
  options.stdin_data = repo.git({"show", topic});
  const auto result = run_git({"patch-id", "--stable"}, repo.root().string(), false, options);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.substr(0, 40) == git::oid_hex(a.patch_id()));
}

TEST_CASE("commit_change: different edits of one path share the paths key, not the id", "[git][patch_ids]") {
  TestRepo repo;
  commit_file(repo, "f.txt", numbered(10), "base");
  const auto one = commit_file(repo, "f.txt", numbered(10, 2), "edit 2");
  const auto two = commit_file(repo, "f.txt", numbered(10, 3), "edit 3");
  const auto other = commit_file(repo, "g.txt", "g\n", "another file");
  const auto r = open(repo);
  auto a = change_of(r, one);
  auto b = change_of(r, two);
  auto c = change_of(r, other);
  CHECK(a.paths_key() == b.paths_key());
  CHECK(a.paths_key() != c.paths_key());
  CHECK(git::oid_hex(a.patch_id()) != git::oid_hex(b.patch_id()));
  CHECK_FALSE(a.empty());
}

TEST_CASE("commit_change: binary files are told apart by their contents", "[git][patch_ids]") {
  TestRepo repo;
  commit_file(repo, "README", "r\n", "base");
  repo.git({"checkout", "-q", "-b", "topic"});
  const auto first = commit_file(repo, "blob.bin", std::string("\0\1\2first", 8), "binary one");
  repo.git({"checkout", "-q", "main"});
  const auto second = commit_file(repo, "blob.bin", std::string("\0\1\2other", 8), "binary two");
  repo.git({"checkout", "-q", "-b", "again", "main~1"});
  const auto same = commit_file(repo, "blob.bin", std::string("\0\1\2first", 8), "binary one again");
  const auto r = open(repo);
  auto a = change_of(r, first);
  auto b = change_of(r, second);
  auto c = change_of(r, same);
  CHECK(a.paths_key() == b.paths_key());
  CHECK(git::oid_hex(a.patch_id()) != git::oid_hex(b.patch_id()));
  CHECK(git::oid_hex(a.patch_id()) == git::oid_hex(c.patch_id()));
}

TEST_CASE("commit_change: merge commits have none, empty commits are empty", "[git][patch_ids]") {
  TestRepo repo;
  commit_file(repo, "a.txt", "a\n", "base");
  repo.git({"checkout", "-q", "-b", "side"});
  commit_file(repo, "b.txt", "b\n", "side");
  repo.git({"checkout", "-q", "main"});
  commit_file(repo, "c.txt", "c\n", "main");
  repo.git({"merge", "-q", "--no-ff", "--no-edit", "side"});
  const auto merge = rev_parse(repo, "HEAD");
  repo.git({"commit", "-q", "--no-verify", "--allow-empty", "-m", "empty"});
  const auto empty = rev_parse(repo, "HEAD");
  const auto r = open(repo);
  CHECK_FALSE(git::commit_change(r, oid_of(merge)).has_value());
  CHECK(change_of(r, empty).empty());
  // A root commit is diffed against the empty tree.
  CHECK_FALSE(change_of(r, rev_parse(repo, "main~2")).empty());
}

TEST_CASE("tree_change: a squash commit's patch is the branch's whole change", "[git][patch_ids]") {
  TestRepo repo;
  commit_file(repo, "f.txt", numbered(20), "base");
  const auto base = rev_parse(repo, "HEAD");
  repo.git({"checkout", "-q", "-b", "topic"});
  commit_file(repo, "f.txt", numbered(20, 3), "one");
  commit_file(repo, "n.txt", "new\n", "two");
  const auto tip = rev_parse(repo, "HEAD");
  repo.git({"checkout", "-q", "main"});
  commit_file(repo, "u.txt", "u\n", "unrelated");
  repo.git({"merge", "-q", "--squash", "topic"});
  repo.commit("squash topic");
  const auto squash = rev_parse(repo, "HEAD");
  const auto r = open(repo);
  auto whole = git::tree_change(r, oid_of(base), oid_of(tip));
  auto squashed = change_of(r, squash);
  CHECK(whole.paths_key() == squashed.paths_key());
  CHECK(git::oid_hex(whole.patch_id()) == git::oid_hex(squashed.patch_id()));
  CHECK(git::tree_change(r, oid_of(tip), oid_of(tip)).empty());
}

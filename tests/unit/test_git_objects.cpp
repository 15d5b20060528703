#include "git_layer_fixture.hpp"

#include "warden/git/objects.hpp"

#include <catch2/catch.hpp>

using namespace warden;
using namespace warden::test;

namespace {

std::vector<std::pair<std::string, bool>> listed(const std::vector<git::ChangedPath>& changes) {
  std::vector<std::pair<std::string, bool>> out;
  for (const auto& change : changes) out.emplace_back(change.path, change.deleted);
  return out;
}

} // namespace

TEST_CASE("commit_changes", "[git][objects]") {
  TestRepo test_repo;
  test_repo.write("keep.txt", "same\n");
  test_repo.write("gone.txt", "bye\n");
  test_repo.add({"keep.txt", "gone.txt"});
  const auto before = commit_file(test_repo, "edit.txt", "old\n", "before");
  test_repo.git({"rm", "-q", "gone.txt"});
  test_repo.write("dir/new.txt", "new\n");
  test_repo.add({"dir/new.txt"});
  const auto after = commit_file(test_repo, "edit.txt", "new\n", "after");
  const auto repo = git::Repository::open(test_repo.root().string());

  const auto changes = git::commit_changes(repo, oid_of(before), oid_of(after));
  REQUIRE(changes);
  using Change = std::pair<std::string, bool>;
  CHECK(listed(*changes) == std::vector<Change>{{"dir/new.txt", false}, {"edit.txt", false}, {"gone.txt", true}});
  CHECK(git::commit_changes(repo, oid_of(after), oid_of(after))->empty());
  CHECK_FALSE(git::commit_changes(repo, oid_of(std::string(40, '1')), oid_of(after)));
}

TEST_CASE("index_changes", "[git][objects]") {
  TestRepo test_repo;
  const auto base = commit_file(test_repo, "a.txt", "a\n", "base");
  test_repo.write("b.txt", "b\n");
  test_repo.add({"b.txt"});
  test_repo.write("unstaged.txt", "not in the index\n");
  const auto repo = git::Repository::open(test_repo.root().string());
  const auto changes = git::index_changes(repo, oid_of(base));
  REQUIRE(changes);
  CHECK(listed(*changes) == std::vector<std::pair<std::string, bool>>{{"b.txt", false}});
}

TEST_CASE("blob_in_commit, blob_in_index and blob_contents", "[git][objects]") {
  TestRepo test_repo;
  const auto commit = commit_file(test_repo, "docs/a.md", "hello\n", "docs");
  test_repo.write("docs/a.md", "staged\n");
  test_repo.add({"docs/a.md"});
  const auto repo = git::Repository::open(test_repo.root().string());

  const auto committed = git::blob_in_commit(repo, oid_of(commit), "docs/a.md");
  REQUIRE(committed);
  CHECK(git::blob_contents(repo, *committed) == "hello\n");
  CHECK_FALSE(git::blob_in_commit(repo, oid_of(commit), "docs")); // a tree, not a file
  CHECK_FALSE(git::blob_in_commit(repo, oid_of(commit), "missing.md"));

  const auto staged = git::blob_in_index(repo, "docs/a.md");
  REQUIRE(staged);
  CHECK(git::blob_contents(repo, *staged) == "staged\n");
  CHECK_FALSE(git::blob_in_index(repo, "missing.md"));

  CHECK_FALSE(git::blob_contents(repo, oid_of(commit))); // a commit, not a blob
}


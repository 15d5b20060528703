// IndexEditor (git/index_edit.cpp): the index warden fix edits, on real repositories.
#include "git_test_repo.hpp"

#include "warden/git/index_edit.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace warden;
using namespace warden::test;

TEST_CASE("IndexEditor::worktree_state", "[git][index-edit]") {
  ScopedEnv no_index("GIT_INDEX_FILE", std::nullopt);
  TestRepo repo;
  repo.write("clean.txt", "c\n");
  repo.write("changed.txt", "c\n");
  repo.write("gone.txt", "g\n");
  repo.write("mode.sh", "m\n");
  repo.add({"clean.txt", "changed.txt", "gone.txt", "mode.sh"});
  repo.write("changed.txt", "different\n");
  stdfs::remove(repo.root() / "gone.txt");
  ::chmod((repo.root() / "mode.sh").c_str(), 0755);
  stdfs::create_symlink("clean.txt", repo.root() / "link");
  repo.add({"link"});

  const auto r = git::Repository::open(repo.root().string());
  git::IndexEditor index(r, "");
  CHECK(index.worktree_state("clean.txt") == git::WorktreeState::clean);
  CHECK(index.worktree_state("changed.txt") == git::WorktreeState::modified);
  CHECK(index.worktree_state("gone.txt") == git::WorktreeState::missing);
  CHECK(index.worktree_state("mode.sh") == git::WorktreeState::modified);
  CHECK(index.worktree_state("link") == git::WorktreeState::clean);
  CHECK(index.worktree_state("not-tracked") == git::WorktreeState::missing);
  CHECK(index.blob_contents("clean.txt") == "c\n");
  CHECK_FALSE(index.entry("nope").has_value());
}

TEST_CASE("IndexEditor: edits reach the index only on write, stat data fresh", "[git][index-edit]") {
  ScopedEnv no_index("GIT_INDEX_FILE", std::nullopt);
  TestRepo repo;
  repo.write("readme.md", "r\n");
  repo.write("drop.txt", "d\n");
  repo.add({"readme.md", "drop.txt"});
  const auto r = git::Repository::open(repo.root().string());
  git::IndexEditor index(r, "");
  fs::rename(repo.root() / "readme.md", repo.root() / "README.md");
  index.rename("readme.md", "README.md");
  index.remove("drop.txt");
  repo.write(".gitignore", "/x\n");
  index.stage(".gitignore", "/x\n", true);
  CHECK(repo.git({"ls-files"}) == "drop.txt\nreadme.md\n"); // not written yet
  index.write();
  CHECK(repo.git({"ls-files", "-s"}).find(".gitignore") != std::string::npos);
  CHECK(repo.git({"ls-files"}) == ".gitignore\nREADME.md\n");
  CHECK(repo.git({"diff-files", "--name-only"}).empty());
}

TEST_CASE("IndexEditor::stage with other worktree content: git sees the difference", "[git][index-edit]") {
  ScopedEnv no_index("GIT_INDEX_FILE", std::nullopt);
  TestRepo repo;
  repo.write("a", "a\n");
  repo.add({"a"});
  repo.write(".gitignore", "/x\n# mine\n");
  const auto r = git::Repository::open(repo.root().string());
  git::IndexEditor index(r, "");
  index.stage(".gitignore", "/x\n", false);
  index.write();
  CHECK(repo.git({"show", ":.gitignore"}) == "/x\n");
  CHECK(repo.git({"diff", "--name-only"}) == ".gitignore\n");
}

TEST_CASE("IndexEditor honours GIT_INDEX_FILE and a held lock", "[git][index-edit]") {
  TestRepo repo;
  repo.write("a", "a\n");
  repo.add({"a"});
  const stdfs::path other = repo.root() / ".git/other-index";
  stdfs::copy_file(repo.root() / ".git/index", other);
  const auto r = git::Repository::open(repo.root().string());
  {
    git::IndexEditor index(r, ".git/other-index");
    CHECK(index.path() == other.string());
    index.remove("a");
    index.write();
  }
  CHECK(repo.git({"ls-files"}) == "a\n");
  CHECK(repo.git({"ls-files"}, {{"GIT_INDEX_FILE", other.string()}}).empty());

  fs::write_file_atomic(repo.root() / ".git/index.lock", "");
  git::IndexEditor index(r, "");
  index.remove("a");
  CHECK_THROWS_AS(index.write(), Error);
  CHECK(repo.git({"ls-files"}) == "a\n");
}

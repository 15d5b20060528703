#include "git_test_repo.hpp"
#include "warden/core/process.hpp"
#include "warden/git/native/object_store.hpp"
#include "warden/git/native/staged.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

using namespace warden;
namespace stdfs = std::filesystem;

namespace {

struct Repo : test::TestRepo {
  Repo() {
    git({"config", "user.name", "T"});
    git({"config", "user.email", "t@example.com"});
  }
  std::set<std::string> lines(const std::string& text) {
    std::set<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t end = text.find('\0', pos);
      if (end == std::string::npos) end = text.size();
      if (end > pos) out.insert(text.substr(pos, end - pos));
      pos = end + 1;
    }
    return out;
  }
  std::optional<git_oid> head() {
    ProcessOptions options;
    options.cwd = root().string();
    options.clear_git_env = true;
    auto result = run_process({"git", "rev-parse", "-q", "--verify", "HEAD"}, options);
    if (result.exit_code != 0) return std::nullopt;
    return git::native::oid_from_hex(result.out.substr(0, 40));
  }
  // staged_input must agree with `git diff --cached` and `git ls-files`.
  void expect_matches_git() {
    git::native::ObjectStore store((root() / ".git/objects").string());
    auto input = git::native::staged_input(store, head(), (root() / ".git/index").string());
    REQUIRE(input);
    std::set<std::string> all, changed;
    for (const auto& entry : input->entries) {
      all.insert(entry.path);
      if (entry.changed) changed.insert(entry.path);
    }
    CHECK(all == lines(git({"ls-files", "-z"})));
    std::string base = head() ? "HEAD" : "4b825dc642cb6eb9a060e54bf8d69288fbee4904"; // the empty tree
    CHECK(changed == lines(git({"diff", "--cached", "--no-renames", "-z", "--name-only", "--diff-filter=AMT", base})));
    std::set<std::string> removed(input->removed.begin(), input->removed.end());
    CHECK(removed == lines(git({"diff", "--cached", "--no-renames", "-z", "--name-only", "--diff-filter=D", base})));
    CHECK(std::is_sorted(input->entries.begin(), input->entries.end(),
                         [](const git::TreeEntry& a, const git::TreeEntry& b) { return a.path < b.path; }));
  }
};

} // namespace

TEST_CASE("native staged_input on an unborn branch: every path is new") {
  Repo repo;
  repo.write("README.md", "r");
  repo.write("src/a/b.c", "b");
  repo.git({"add", "-A"});
  repo.expect_matches_git();
}

TEST_CASE("native staged_input finds added, modified, deleted and renamed paths") {
  Repo repo;
  for (int i = 0; i < 30; ++i) repo.write("src/m" + std::to_string(i % 4) + "/f" + std::to_string(i) + ".txt", std::to_string(i));
  repo.write("README.md", "r");
  repo.write("a.txt", "a");
  repo.write("a/x", "ax");
  repo.write("old/name.txt", "moving");
  repo.git({"add", "-A"});
  repo.git({"commit", "-q", "-m", "one"});
  repo.expect_matches_git(); // nothing staged, cache-tree valid

  repo.write("src/m1/new.txt", "new");
  repo.write("src/m2/f2.txt", "changed");
  repo.git({"rm", "-q", "src/m3/f3.txt"});
  repo.git({"mv", "old/name.txt", "renamed.txt"});
  repo.git({"add", "-A"});
  repo.expect_matches_git();

  SECTION("a file replaced by a directory and back") {
    repo.git({"rm", "-q", "a.txt"});
    repo.write("a.txt/inner", "now a dir");
    repo.git({"rm", "-q", "-r", "a"});
    repo.write("a", "now a file");
    repo.git({"add", "-A"});
    repo.expect_matches_git();
  }
  SECTION("index version 4") {
    repo.git({"update-index", "--index-version", "4"});
    repo.expect_matches_git();
  }
  SECTION("mode change only") {
    repo.git({"update-index", "--chmod=+x", "README.md"});
    repo.expect_matches_git();
  }
  SECTION("after commit the cache-tree shortcut still agrees") {
    repo.git({"commit", "-q", "-m", "two"});
    repo.write("src/m0/deep/er/x.txt", "x");
    repo.git({"add", "-A"});
    repo.expect_matches_git();
  }
}

TEST_CASE("native staged_input reads packed HEAD trees") {
  Repo repo;
  for (int i = 0; i < 50; ++i) repo.write("d" + std::to_string(i % 5) + "/f" + std::to_string(i), std::to_string(i));
  repo.git({"add", "-A"});
  repo.git({"commit", "-q", "-m", "one"});
  repo.git({"gc", "-q"});
  repo.write("d1/f1", "changed");
  repo.git({"add", "-A"});
  repo.git({"update-index", "--index-version", "3"});
  repo.expect_matches_git();
}

TEST_CASE("native staged_input leaves unsupported indexes to libgit2") {
  Repo repo;
  repo.write("a", "a");
  repo.git({"add", "-A"});
  repo.git({"update-index", "--split-index"});
  git::native::ObjectStore store((repo.root() / ".git/objects").string());
  CHECK_FALSE(git::native::staged_input(store, std::nullopt, (repo.root() / ".git/index").string()));
  std::ofstream(repo.root() / "garbage", std::ios::binary) << "DIRC\0\0\0\x09 not an index";
  CHECK_FALSE(git::native::staged_input(store, std::nullopt, (repo.root() / "garbage").string()));
}

#include "git_test_repo.hpp"

#include "warden/git/staged_index.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>

using namespace warden;
using namespace warden::git;
using test::ScopedEnv;
using test::TestRepo;
namespace stdfs = std::filesystem;

namespace {

struct CleanGitEnv {
  ScopedEnv dir{"GIT_DIR", std::nullopt};
  ScopedEnv work_tree{"GIT_WORK_TREE", std::nullopt};
  ScopedEnv index{"GIT_INDEX_FILE", std::nullopt};
};

std::string describe(const TreeChange& input) {
  std::string text;
  for (const auto& e : input.entries) {
    text += fmt::format("{} {:o} {} {}\n", e.path, e.mode, oid_hex(e.oid), e.changed ? "changed" : "same");
  }
  for (const auto& r : input.removed) text += "removed " + r + "\n";
  return text;
}

// The fast reader handles the index and agrees with libgit2 on everything.
void require_same(const TestRepo& repo, const std::string& index_path = "") {
  auto r = Repository::open(repo.root().string());
  auto fast = staged_input_fast(r, index_path);
  REQUIRE(fast.has_value());
  const auto expected = describe(staged_input_libgit2(r, index_path));
  CHECK(describe(*fast) == expected);
  CHECK(describe(staged_input(r, index_path)) == expected);
}

std::string index_version(const TestRepo& repo) {
  auto data = fs::read_file(repo.root() / ".git" / "index").value();
  return std::to_string(static_cast<unsigned char>(data[7]));
}

// Build a history with nested directories, then stage every kind of change.
void stage_many_changes(const TestRepo& repo) {
  repo.write("README.md", "hi\n");
  for (int d = 0; d < 4; ++d) {
    for (int f = 0; f < 5; ++f) {
      repo.write(fmt::format("dir{}/sub{}/file{}.txt", d, f % 2, f), fmt::format("{} {}\n", d, f));
    }
  }
  repo.write("a.b", "x\n");
  repo.write("a-b/c", "x\n");
  repo.write("gone/deep/one.txt", "1\n");
  repo.write("gone/deep/two.txt", "2\n");
  repo.write("becomes-dir", "file\n");
  repo.write("was-dir/inner.txt", "inner\n");
  repo.add({"."});
  repo.commit("base");
  repo.write("dir0/sub0/file0.txt", "modified\n");        // modification
  repo.write("dir1/new.txt", "new\n");                    // addition in an existing dir
  repo.write("fresh/deeper/x.txt", "x\n");                // addition in a new dir
  repo.git({"rm", "-q", "dir2/sub1/file1.txt"});          // deletion
  repo.git({"mv", "dir3/sub0/file0.txt", "dir0/moved.txt"}); // rename across dirs
  repo.git({"rm", "-rq", "gone"});                        // a whole directory
  repo.git({"rm", "-q", "becomes-dir"});
  repo.write("becomes-dir/now.txt", "now\n");              // file -> directory
  repo.git({"rm", "-rq", "was-dir"});
  repo.write("was-dir", "now a file\n");                   // directory -> file
  repo.add({"."});
}

} // namespace

TEST_CASE("staged_input_fast agrees with libgit2: unborn HEAD", "[git][staged_index]") {
  CleanGitEnv env;
  TestRepo repo;
  repo.write("README.md", "hi\n");
  repo.write("src/a.cpp", "a\n");
  repo.add({"."});
  require_same(repo);
}

TEST_CASE("staged_input_fast agrees with libgit2: clean index after commit", "[git][staged_index]") {
  CleanGitEnv env;
  TestRepo repo;
  repo.write("README.md", "hi\n");
  repo.write("src/a/b.cpp", "b\n");
  repo.add({"."});
  repo.commit();
  require_same(repo);
}

TEST_CASE("staged_input_fast agrees with libgit2: every kind of change", "[git][staged_index]") {
  CleanGitEnv env;
  TestRepo repo;
  stage_many_changes(repo);
  SECTION("cache-tree partly invalidated") { require_same(repo); }
  SECTION("cache-tree rebuilt by write-tree") {
    repo.git({"write-tree"});
    require_same(repo);
  }
  SECTION("no cache-tree at all") {
    // read-tree of a tree then re-adding drops the cache-tree entries piecemeal.
    repo.git({"update-index", "--index-version", "2"});
    require_same(repo);
  }
}

TEST_CASE("staged_input_fast agrees with libgit2: index versions 2, 3 and 4", "[git][staged_index]") {
  CleanGitEnv env;
  TestRepo repo;
  stage_many_changes(repo);
  SECTION("v2") {
    repo.git({"update-index", "--index-version", "2"});
    CHECK(index_version(repo) == "2");
    require_same(repo);
  }
  SECTION("v3 (extended flags: skip-worktree)") {
    repo.git({"update-index", "--skip-worktree", "README.md"});
    CHECK(index_version(repo) == "3");
    require_same(repo);
  }
  SECTION("v4 (prefix-compressed paths)") {
    repo.git({"update-index", "--index-version", "4"});
    CHECK(index_version(repo) == "4");
    require_same(repo);
    repo.git({"write-tree"});
    require_same(repo);
  }
}

TEST_CASE("staged_input_fast: valid cache-tree that differs from HEAD", "[git][staged_index]") {
  CleanGitEnv env;
  TestRepo repo;
  stage_many_changes(repo);
  repo.commit("tip");
  // The index and its cache-tree describe the tip; HEAD moves back one.
  repo.git({"reset", "-q", "--soft", "HEAD~1"});
  require_same(repo);
  auto input = staged_input_fast(Repository::open(repo.root().string()), "");
  REQUIRE(input);
  CHECK_FALSE(input->removed.empty());
}

TEST_CASE("staged_input_fast: a temporary index named by path", "[git][staged_index]") {
  CleanGitEnv env;
  TestRepo repo;
  stage_many_changes(repo);
  repo.commit("tip");
  const auto temporary = (repo.root() / ".git" / "next-index-99.lock").string();
  repo.git({"read-tree", "HEAD"}, {{"GIT_INDEX_FILE", temporary}});
  repo.write("dir1/sub1/file1.txt", "changed again\n");
  repo.git({"add", "dir1/sub1/file1.txt"}, {{"GIT_INDEX_FILE", temporary}});
  require_same(repo, temporary);
  require_same(repo, ".git/next-index-99.lock");
}

TEST_CASE("staged_input_fast: conflicts", "[git][staged_index]") {
  CleanGitEnv env;
  TestRepo repo;
  repo.write("README.md", "hi\n");
  repo.write("d/c.txt", "base\n");
  repo.write("d/both-added.txt", "x\n");
  repo.add({"."});
  repo.commit();
  repo.git({"rm", "-q", "d/both-added.txt"});
  repo.commit("drop");
  repo.git({"checkout", "-q", "-b", "other"});
  repo.write("d/c.txt", "other\n");
  repo.write("d/both-added.txt", "other\n");
  repo.add({"."});
  repo.commit();
  repo.git({"checkout", "-q", "main"});
  repo.write("d/c.txt", "main\n");
  repo.write("d/both-added.txt", "main\n");
  repo.add({"."});
  repo.commit();
  auto merge = run_git({"merge", "-q", "other"}, repo.root().string(), false, test::isolated_git_options(repo.tmp()));
  REQUIRE(merge.exit_code != 0);
  require_same(repo);
}

TEST_CASE("staged_input_fast: paths longer than the 12-bit length field", "[git][staged_index]") {
  CleanGitEnv env;
  TestRepo repo;
  repo.write("README.md", "hi\n");
  repo.add({"."});
  repo.commit();
  std::string long_path;
  while (long_path.size() < 5000) long_path += "directory-name/";
  long_path += "file.txt";
  const auto blob = repo.git({"hash-object", "-w", "README.md"});
  repo.git({"update-index", "--add", "--cacheinfo", "100644," + blob.substr(0, 40) + "," + long_path});
  // libgit2 1.5 does not read such a v4 index: compare with git's own reading.
  auto r = Repository::open(repo.root().string());
  const auto expected = describe(staged_input_git(r, ""));
  CHECK(expected.find(long_path + " 100644") != std::string::npos);
  CHECK(describe(staged_input_fast(r, "").value()) == expected);
  repo.git({"update-index", "--index-version", "4"});
  CHECK(describe(staged_input_fast(r, "").value()) == expected);
}

TEST_CASE("staged_input_fast falls back on a split index and on intent-to-add", "[git][staged_index]") {
  CleanGitEnv env;
  TestRepo repo;
  stage_many_changes(repo);
  SECTION("split index") {
    repo.git({"update-index", "--split-index"});
    auto r = Repository::open(repo.root().string());
    CHECK_FALSE(staged_input_fast(r, ""));
    repo.git({"update-index", "--no-split-index"});
    const auto expected = describe(staged_input_libgit2(r, ""));
    repo.git({"update-index", "--split-index"});
    CHECK(describe(staged_input(r, "")) == expected);
    CHECK(describe(staged_input_git(r, "")) == expected);
  }
  SECTION("intent to add") {
    repo.write("later.txt", "later\n");
    repo.git({"add", "-N", "later.txt"});
    auto r = Repository::open(repo.root().string());
    CHECK_FALSE(staged_input_fast(r, ""));
    auto input = staged_input(r, "");
    for (const auto& e : input.entries) CHECK(e.path != "later.txt");
  }
}

TEST_CASE("staged_input_fast refuses a damaged index", "[git][staged_index]") {
  CleanGitEnv env;
  TestRepo repo;
  stage_many_changes(repo);
  const auto index = repo.root() / ".git" / "index";
  auto data = fs::read_file(index).value();
  SECTION("truncated") {
    fs::write_file_atomic(index, data.substr(0, data.size() / 2));
    auto r = Repository::open(repo.root().string());
    CHECK_FALSE(staged_input_fast(r, ""));
    CHECK_THROWS_AS(staged_input(r, ""), Error);
    try {
      staged_input(r, "");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find("read index " + index.string() + ": ") == 0);
    }
  }
  SECTION("bad signature") {
    data[0] = 'X';
    fs::write_file_atomic(index, data);
    CHECK_FALSE(staged_input_fast(Repository::open(repo.root().string()), ""));
  }
  SECTION("unknown version") {
    data[7] = 9;
    fs::write_file_atomic(index, data);
    CHECK_FALSE(staged_input_fast(Repository::open(repo.root().string()), ""));
  }
}

TEST_CASE("staged_input_fast agrees with libgit2 over a random walk of changes", "[git][staged_index]") {
  CleanGitEnv env;
  TestRepo repo;
  std::uint32_t state = 12345; // fixed seed: reproducible
  auto next = [&](std::uint32_t bound) {
    state = state * 1103515245u + 12345u;
    return (state >> 8) % bound;
  };
  const char* dirs[] = {"", "a/", "a/b/", "a/b/c/", "a.d/", "a-b/", "z/"};
  auto random_path = [&] { return fmt::format("{}f{}.txt", dirs[next(7)], next(6)); };
  repo.write("README.md", "hi\n");
  for (int i = 0; i < 20; ++i) repo.write(random_path(), fmt::format("{}\n", i));
  repo.add({"."});
  repo.commit();
  for (int step = 0; step < 24; ++step) {
    INFO("step " << step);
    const auto tracked = repo.git({"ls-files"});
    std::vector<std::string> files;
    for (std::size_t pos = 0, nl; (nl = tracked.find('\n', pos)) != std::string::npos; pos = nl + 1) {
      files.push_back(tracked.substr(pos, nl - pos));
    }
    for (int change = 0, n = 1 + static_cast<int>(next(3)); change < n; ++change) {
      switch (next(4)) {
      case 0: repo.write(random_path(), fmt::format("step {}\n", step)); break;
      case 1:
        if (!files.empty()) repo.write(files[next(static_cast<std::uint32_t>(files.size()))], fmt::format("m{}\n", step));
        break;
      case 2:
        if (files.size() > 1) {
          const auto& victim = files[next(static_cast<std::uint32_t>(files.size()))];
          std::filesystem::remove(repo.root() / victim);
        }
        break;
      default: break;
      }
    }
    repo.git({"add", "-A"});
    repo.git({"update-index", "--index-version", std::to_string(2 + next(3))});
    require_same(repo);
    if (next(3) == 0) {
      repo.commit(fmt::format("step {}", step));
      require_same(repo);
    }
    if (next(4) == 0) {
      repo.git({"write-tree"});
      require_same(repo);
    }
  }
}

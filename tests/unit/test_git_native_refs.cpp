#include "native_fixture.hpp"
#include "warden/core/fs.hpp"
#include "warden/git/native/refs.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

using namespace warden;
namespace stdfs = std::filesystem;
using test::hex;
using test::HookScope;
using test::oid;
using test::trimmed;

namespace {

// A repository with main, two more branches, a lightweight and an
// annotated tag, and a second commit on main.
void fill(const test::TestRepo& repo) {
  repo.write("a.txt", "a");
  repo.add({"a.txt"});
  repo.commit("first");
  repo.git({"branch", "feature/x"});
  repo.git({"branch", "other"});
  repo.git({"tag", "light"});
  repo.git({"tag", "-a", "-m", "annotated", "v1"});
  repo.write("a.txt", "b");
  repo.add({"a.txt"});
  repo.commit("second");
}

void expect_same_refs(const test::TestRepo& repo, const stdfs::path& cwd) {
  HookScope scope(cwd, repo.tmp());
  auto native = git::native::NativeRepository::open_any();
  for (const std::string prefix : {"refs/", "refs/heads/", "refs/tags/", "refs/remotes/"}) {
    INFO(prefix);
    CHECK(test::native_refs(native, prefix) == test::git_refs(repo, cwd, prefix));
  }
  // A prefix is a string prefix (for-each-ref's patterns match whole components).
  for (const std::string prefix : {"refs/heads/feat", "refs/remotes/origin/m", "refs/t"}) {
    INFO(prefix);
    auto expected = test::git_refs(repo, cwd, "refs/");
    expected.erase(std::remove_if(expected.begin(), expected.end(),
                                  [&](const auto& ref) { return ref.first.rfind(prefix, 0) != 0; }),
                   expected.end());
    CHECK(test::native_refs(native, prefix) == expected);
  }
  for (const auto& [name, id] : test::git_refs(repo, cwd, "refs/")) {
    INFO(name);
    auto found = native.ref_id(name);
    REQUIRE(found);
    CHECK(hex(*found) == id);
  }
  CHECK(hex(*native.ref_id("HEAD")) == trimmed(repo.git_in(cwd, {"rev-parse", "HEAD"})));
  CHECK_FALSE(native.ref_id("refs/heads/none"));
  CHECK_FALSE(native.ref_id("refs/heads")); // a directory
  CHECK_FALSE(native.ref_id("main"));       // not a full name
  CHECK_FALSE(native.ref_id("refs/heads/../../config"));
  CHECK_FALSE(native.ref_id("refs/heads/x.lock"));
  CHECK_FALSE(native.ref_id("refs/heads/a b"));
}

} // namespace

TEST_CASE("RefStore reads loose refs, packed-refs and both like git for-each-ref") {
  test::TestRepo repo;
  fill(repo);
  SECTION("loose") { expect_same_refs(repo, repo.root()); }
  SECTION("packed") {
    repo.git({"pack-refs", "--all"});
    REQUIRE_FALSE(stdfs::exists(repo.root() / ".git/refs/heads/main"));
    expect_same_refs(repo, repo.root());
  }
  SECTION("both, the loose ref winning") {
    repo.git({"pack-refs", "--all"});
    repo.git({"update-ref", "refs/heads/other", "HEAD"}); // loose now, packed still names the old commit
    repo.git({"branch", "fresh"});
    REQUIRE(stdfs::exists(repo.root() / ".git/refs/heads/other"));
    expect_same_refs(repo, repo.root());
    HookScope scope(repo.root(), repo.tmp());
    auto native = git::native::NativeRepository::open_any();
    CHECK(hex(*native.ref_id("refs/heads/other")) == trimmed(repo.git({"rev-parse", "HEAD"})));
  }
  SECTION("files git ignores as broken names") {
    const std::string id = trimmed(repo.git({"rev-parse", "HEAD"})) + "\n";
    fs::write_file_atomic(repo.root() / ".git/refs/heads/a b", id);
    fs::write_file_atomic(repo.root() / ".git/refs/heads/main.lock", id);
    fs::write_file_atomic(repo.root() / ".git/refs/heads/.hidden", id);
    expect_same_refs(repo, repo.root());
  }
  SECTION("a deleted packed ref") {
    repo.git({"pack-refs", "--all"});
    repo.git({"branch", "-D", "other"});
    expect_same_refs(repo, repo.root());
  }
}

TEST_CASE("RefStore searches a big sorted packed-refs in place and parses an unsorted one") {
  test::TempDir dir;
  const std::string git_dir = dir.str();
  stdfs::create_directories(dir.path() / "refs/heads");
  std::vector<std::string> names;
  std::string sorted = "# pack-refs with: peeled fully-peeled sorted \n";
  std::string unsorted;
  for (int i = 0; i < 3000; ++i) {
    char name[64], id[41];
    std::snprintf(name, sizeof name, "refs/heads/b%05d", i * 3);
    std::snprintf(id, sizeof id, "%040x", i + 1);
    names.push_back(name);
    sorted += std::string(id) + " " + name + "\n";
    if (i % 7 == 0) sorted += "^" + std::string(id) + "\n"; // peeled lines in between
    unsorted = std::string(id) + " " + name + "\n" + unsorted;
  }
  auto check = [&] {
    git::native::RefStore store(git_dir, git_dir);
    CHECK_FALSE(store.packed_loaded());
    for (int i = 0; i < 3000; i += 1) {
      char id[41];
      std::snprintf(id, sizeof id, "%040x", i + 1);
      auto found = store.id(names[static_cast<std::size_t>(i)]);
      INFO(names[static_cast<std::size_t>(i)]);
      REQUIRE(found);
      CHECK(hex(*found) == id);
    }
    CHECK(store.packed_loaded());
    CHECK_FALSE(store.id("refs/heads/b00001"));
    CHECK_FALSE(store.id("refs/heads/a"));
    CHECK_FALSE(store.id("refs/heads/c"));
    CHECK(store.list("refs/heads/").size() == 3000);
    CHECK(store.list("refs/heads/b0000").size() == 4); // b00000 b00003 b00006 b00009
    CHECK(store.list("refs/tags/").empty());
  };
  fs::write_file_atomic(dir.path() / "packed-refs", sorted);
  check();
  fs::write_file_atomic(dir.path() / "packed-refs", unsorted);
  check();
  fs::write_file_atomic(dir.path() / "packed-refs", "# pack-refs with: peeled sorted \nnot a line\n");
  git::native::RefStore broken(git_dir, git_dir);
  CHECK_THROWS_AS(broken.id("refs/heads/x"), git::BeyondReader);
}

TEST_CASE("RefStore follows symbolic refs: HEAD, detached HEAD, origin/HEAD, dangling ones") {
  test::TestRepo origin;
  fill(origin);
  const auto clone = origin.tmp() / "clone";
  origin.git_in(origin.tmp(), {"clone", "-q", origin.root().string(), clone.string()});
  origin.git_in(clone, {"symbolic-ref", "refs/heads/dangling", "refs/heads/nothing"});
  origin.git_in(clone, {"symbolic-ref", "refs/heads/alias", "refs/remotes/origin/other"});
  expect_same_refs(origin, clone);
  {
    HookScope scope(clone, origin.tmp());
    auto native = git::native::NativeRepository::open_any();
    CHECK(native.symbolic_ref("refs/remotes/origin/HEAD") == std::optional<std::string>("refs/remotes/origin/main"));
    CHECK(native.symbolic_ref("HEAD") == std::optional<std::string>("refs/heads/main"));
    CHECK_FALSE(native.symbolic_ref("refs/heads/main"));
    CHECK_FALSE(native.symbolic_ref("refs/heads/none"));
    CHECK(native.symbolic_ref("refs/heads/dangling") == std::optional<std::string>("refs/heads/nothing"));
    CHECK_FALSE(native.ref_id("refs/heads/dangling"));
    CHECK(hex(*native.ref_id("refs/heads/alias")) ==
          trimmed(origin.git_in(clone, {"rev-parse", "refs/remotes/origin/other"})));
    CHECK(native.head_branch() == std::optional<std::string>("main"));
  }
  origin.git_in(clone, {"pack-refs", "--all"});
  expect_same_refs(origin, clone);
  origin.git_in(clone, {"fetch", "-q"});
  origin.git_in(clone, {"checkout", "-q", "--detach", "HEAD"});
  origin.git_in(clone, {"reset", "-q", "--hard", "HEAD~1"}); // sets ORIG_HEAD
  {
    HookScope scope(clone, origin.tmp());
    auto native = git::native::NativeRepository::open_any();
    CHECK_FALSE(native.head_branch());
    CHECK_FALSE(native.symbolic_ref("HEAD"));
    CHECK(hex(*native.ref_id("HEAD")) == trimmed(origin.git_in(clone, {"rev-parse", "HEAD"})));
    CHECK(hex(*native.ref_id("ORIG_HEAD")) == trimmed(origin.git_in(clone, {"rev-parse", "ORIG_HEAD"})));
    CHECK(hex(*native.ref_id("FETCH_HEAD")) == trimmed(origin.git_in(clone, {"rev-parse", "FETCH_HEAD"})));
    CHECK_FALSE(native.ref_id("MERGE_HEAD"));
  }
  // A chain of six symbolic refs is one more than git follows.
  for (int i = 1; i <= 6; ++i)
    origin.git_in(clone, {"symbolic-ref", "refs/heads/s" + std::to_string(i),
                          i == 1 ? "refs/heads/main" : "refs/heads/s" + std::to_string(i - 1)});
  HookScope scope(clone, origin.tmp());
  auto native = git::native::NativeRepository::open_any();
  CHECK(native.ref_id("refs/heads/s4"));
  CHECK_FALSE(native.ref_id("refs/heads/s6"));
}

TEST_CASE("RefStore reads MERGE_HEAD during a conflicted merge") {
  test::TestRepo repo;
  fill(repo);
  repo.git({"checkout", "-q", "other"});
  repo.write("a.txt", "conflict");
  repo.add({"a.txt"});
  repo.commit("other side");
  auto result = run_git({"merge", "main"}, repo.root().string(), false, test::isolated_git_options(repo.tmp()));
  REQUIRE(result.exit_code != 0);
  HookScope scope(repo.root(), repo.tmp());
  auto native = git::native::NativeRepository::open_any();
  REQUIRE(native.ref_id("MERGE_HEAD"));
  CHECK(hex(*native.ref_id("MERGE_HEAD")) == trimmed(repo.git({"rev-parse", "MERGE_HEAD"})));
}

TEST_CASE("RefStore keeps HEAD and refs/bisect per linked worktree") {
  test::TestRepo repo;
  fill(repo);
  const auto wt = repo.tmp() / "wt";
  repo.git({"worktree", "add", "-q", "-b", "side", wt.string(), "HEAD~1"});
  repo.git_in(wt, {"update-ref", "refs/bisect/bad", "HEAD"});
  repo.git({"update-ref", "refs/bisect/good", "HEAD"});
  repo.git_in(wt, {"update-ref", "ORIG_HEAD", "HEAD"});
  expect_same_refs(repo, wt);
  expect_same_refs(repo, repo.root());
  HookScope scope(wt, repo.tmp());
  auto native = git::native::NativeRepository::open_any();
  CHECK(native.head_branch() == std::optional<std::string>("side"));
  CHECK(native.git_dir() != native.common_dir());
  CHECK(native.common_dir() == (repo.root() / ".git").string());
  CHECK(native.worktree_root() == wt.string());
  CHECK(hex(*native.ref_id("HEAD")) == trimmed(repo.git_in(wt, {"rev-parse", "HEAD"})));
  CHECK(hex(*native.ref_id("ORIG_HEAD")) == trimmed(repo.git_in(wt, {"rev-parse", "ORIG_HEAD"})));
  CHECK(native.ref_id("refs/bisect/bad"));
  CHECK_FALSE(native.ref_id("refs/bisect/good")); // the main worktree's
  CHECK(hex(*native.ref_id("refs/heads/main")) == trimmed(repo.git({"rev-parse", "main"})));
  // GIT_DIR naming the worktree's `gitdir:` file opens the same git dir.
  HookScope named(wt, repo.tmp(), {{"GIT_DIR", (wt / ".git").string()}});
  auto through_file = git::native::NativeRepository::open_any();
  CHECK(through_file.git_dir() == native.git_dir());
  CHECK(through_file.worktree_root() == wt.string());
  CHECK(through_file.head_branch() == std::optional<std::string>("side"));
}

TEST_CASE("RefStore hands over a malformed ref and a reftable repository") {
  test::TestRepo repo;
  fill(repo);
  fs::write_file_atomic(repo.root() / ".git/refs/heads/broken", "not an id\n");
  {
    HookScope scope(repo.root(), repo.tmp());
    auto native = git::native::NativeRepository::open_any();
    CHECK_THROWS_AS(native.ref_id("refs/heads/broken"), git::BeyondReader);
    CHECK_THROWS_AS(native.refs("refs/heads/"), git::BeyondReader);
    CHECK(native.ref_id("refs/heads/main"));
  }
  // git 2.39 refuses to write this; as a newer git would write it.
  std::ofstream(repo.root() / ".git/config", std::ios::app) << "[core]\n\trepositoryformatversion = 1\n"
                                                             << "[extensions]\n\trefStorage = reftable\n";
  HookScope scope(repo.root(), repo.tmp());
  CHECK_THROWS_AS(git::native::NativeRepository::open_any(), git::BeyondReader);
}

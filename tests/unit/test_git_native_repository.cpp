#include "native_fixture.hpp"
#include "warden/core/fs.hpp"
#include "warden/git/native/repository.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace warden;
namespace stdfs = std::filesystem;
using test::hex;
using test::HookScope;
using test::oid;
using test::trimmed;

namespace {

void commit_file(const test::TestRepo& repo, const std::string& path, const std::string& text) {
  repo.write(path, text);
  repo.add({path});
  repo.commit("add " + path);
}

// A bare repository at <tmp>/remote.git that `repo` pushed main and a tag to.
stdfs::path push_to_bare(const test::TestRepo& repo) {
  const auto bare = repo.tmp() / "remote.git";
  repo.git_in(repo.tmp(), {"init", "-q", "--bare", "-b", "main", bare.string()});
  repo.git({"push", "-q", bare.string(), "main", "--tags"});
  return bare;
}

} // namespace

TEST_CASE("NativeRepository opens a bare repository as pre-receive runs in it") {
  test::TestRepo repo;
  commit_file(repo, "a.txt", "a");
  repo.git({"tag", "-a", "-m", "t", "v1"});
  commit_file(repo, "b.txt", "b");
  const auto bare = push_to_bare(repo);
  repo.git_in(bare, {"config", "core.hooksPath", "custom-hooks"});
  const std::string main_id = trimmed(repo.git({"rev-parse", "main"}));
  auto check = [&](const git::native::NativeRepository& native) {
    CHECK(native.is_bare());
    CHECK(native.worktree_root().empty());
    CHECK(native.git_dir() == bare.string());
    CHECK(native.common_dir() == bare.string());
    CHECK(native.hooks_dir() == (bare / "custom-hooks").string());
    CHECK(native.head_branch() == std::optional<std::string>("main"));
    CHECK(hex(*native.ref_id("refs/heads/main")) == main_id);
    CHECK(test::native_refs(native, "refs/") == test::git_refs(repo, bare, "refs/"));
    auto commit = native.commit(oid(main_id));
    REQUIRE(commit);
    CHECK(commit->parents.size() == 1);
  };
  SECTION("GIT_DIR=. in it") {
    HookScope scope(bare, repo.tmp(), {{"GIT_DIR", "."}});
    check(git::native::NativeRepository::open_any());
  }
  SECTION("discovered from a directory inside it") {
    HookScope scope(bare / "refs/heads", repo.tmp());
    check(git::native::NativeRepository::open_any());
  }
  SECTION("packed refs and objects") {
    repo.git_in(bare, {"gc", "-q"});
    REQUIRE(stdfs::exists(bare / "packed-refs"));
    HookScope scope(bare, repo.tmp(), {{"GIT_DIR", "."}});
    check(git::native::NativeRepository::open_any());
  }
  SECTION("the default hooks directory") {
    repo.git_in(bare, {"config", "--unset", "core.hooksPath"});
    HookScope scope(bare, repo.tmp(), {{"GIT_DIR", bare.string()}});
    CHECK(git::native::NativeRepository::open_any().hooks_dir() == (bare / "hooks").string());
  }
}

TEST_CASE("NativeRepository reads a receive's quarantine through the object variables") {
  test::TestRepo repo;
  commit_file(repo, "a.txt", "a");
  const auto bare = push_to_bare(repo);
  const std::string old_id = trimmed(repo.git({"rev-parse", "main"}));
  commit_file(repo, "b.txt", "b");
  const std::string new_id = trimmed(repo.git({"rev-parse", "main"}));
  // The incoming objects in a directory of their own, as git's quarantine
  // keeps them (objects/incoming-XXXX) until pre-receive accepts them; its
  // path has a ':' to need git's quoting in the alternates list.
  const auto incoming = bare / "objects/incoming:1";
  stdfs::create_directories(incoming);
  std::istringstream ids(repo.git({"rev-list", "--objects", "--no-object-names", old_id + ".." + new_id}));
  std::string id;
  int moved = 0;
  while (ids >> id) {
    const auto from = repo.root() / ".git/objects" / id.substr(0, 2) / id.substr(2);
    stdfs::create_directories(incoming / id.substr(0, 2));
    stdfs::copy_file(from, incoming / id.substr(0, 2) / id.substr(2));
    ++moved;
  }
  REQUIRE(moved == 3); // commit, tree, blob
  const std::string real = (bare / "objects").string();
  SECTION("GIT_OBJECT_DIRECTORY and GIT_ALTERNATE_OBJECT_DIRECTORIES") {
    HookScope scope(bare, repo.tmp(),
                    {{"GIT_DIR", "."},
                     {"GIT_OBJECT_DIRECTORY", incoming.string()},
                     {"GIT_ALTERNATE_OBJECT_DIRECTORIES", "\"" + real + "\""},
                     {"GIT_QUARANTINE_PATH", incoming.string()}});
    auto native = git::native::NativeRepository::open_any();
    CHECK(native.in_quarantine());
    auto commit = native.commit(oid(new_id));
    REQUIRE(commit);
    REQUIRE(commit->parents.size() == 1);
    CHECK(hex(commit->parents[0]) == old_id);
    CHECK(native.commit(oid(old_id))); // through the alternate
    CHECK(native.tree(commit->tree));
    CHECK(native.has_object(oid(old_id)));
  }
  SECTION("a list of several, the quoted one with its ':'") {
    HookScope scope(bare, repo.tmp(),
                    {{"GIT_DIR", "."}, {"GIT_ALTERNATE_OBJECT_DIRECTORIES", "/nonexistent:\"" + incoming.string() + "\""}});
    auto native = git::native::NativeRepository::open_any();
    CHECK_FALSE(native.in_quarantine());
    CHECK(native.commit(oid(new_id)));
    CHECK(native.commit(oid(old_id)));
  }
  SECTION("without them the incoming objects are not there") {
    HookScope scope(bare, repo.tmp(), {{"GIT_DIR", "."}});
    auto native = git::native::NativeRepository::open_any();
    CHECK_FALSE(native.commit(oid(new_id)));
    CHECK_FALSE(native.has_object(oid(new_id)));
    CHECK(native.commit(oid(old_id)));
  }
  SECTION("the pre-commit binary's open still hands them over") {
    HookScope scope(repo.root(), repo.tmp(), {{"GIT_OBJECT_DIRECTORY", incoming.string()}});
    CHECK_FALSE(git::native::NativeRepository::open());
  }
}

TEST_CASE("parse_alternates reads git's alternates lists") {
  using git::native::parse_alternates;
  CHECK(parse_alternates("/a:/b/:rel", ':') == std::vector<std::string>{"/a", "/b", "rel"});
  CHECK(parse_alternates("\"/x:y\":\"/t\\tab\\\"q\\101\"", ':') == std::vector<std::string>{"/x:y", "/t\tab\"qA"});
  CHECK(parse_alternates("# comment\n/a\n\n../b\n", '\n') == std::vector<std::string>{"/a", "../b"});
  CHECK(parse_alternates("", ':').empty());
}

TEST_CASE("NativeRepository peels tags like git rev-parse ^{commit}") {
  test::TestRepo repo;
  commit_file(repo, "a.txt", "a");
  repo.git({"tag", "light"});
  repo.git({"tag", "-a", "-m", "annotated", "annotated"});
  repo.git({"tag", "-a", "-m", "tag of a tag", "outer", "annotated"});
  repo.git({"tag", "-a", "-m", "a tree", "treetag", "HEAD^{tree}"});
  repo.git({"tag", "-a", "-m", "a blob", "blobtag", "HEAD:a.txt"});
  const std::string head = trimmed(repo.git({"rev-parse", "HEAD"}));
  auto check = [&] {
    HookScope scope(repo.root(), repo.tmp());
    auto native = git::native::NativeRepository::open_any();
    for (const std::string tag : {"light", "annotated", "outer"}) {
      INFO(tag);
      auto ref = native.ref_id("refs/tags/" + tag);
      REQUIRE(ref);
      CHECK(hex(*ref) == trimmed(repo.git({"rev-parse", "refs/tags/" + tag})));
      auto peeled = native.peel_to_commit(*ref);
      REQUIRE(peeled);
      CHECK(hex(*peeled) == trimmed(repo.git({"rev-parse", tag + "^{commit}"})));
      CHECK(hex(*peeled) == head);
    }
    CHECK_FALSE(native.peel_to_commit(*native.ref_id("refs/tags/treetag")));
    CHECK_FALSE(native.peel_to_commit(*native.ref_id("refs/tags/blobtag")));
    CHECK_FALSE(native.peel_to_commit(oid(std::string(40, '2'))));
    CHECK(native.has_object(*native.ref_id("refs/tags/outer")));
  };
  check();
  repo.git({"gc", "-q"}); // packed refs with their "^" lines, packed objects
  check();
}

TEST_CASE("NativeRepository reads trees and blobs like git cat-file") {
  test::TestRepo repo;
  repo.write("dir/b.txt", "bee");
  repo.write("a.txt", "a");
  repo.add({"a.txt", "dir/b.txt"});
  repo.commit("c");
  HookScope scope(repo.root(), repo.tmp());
  auto native = git::native::NativeRepository::open_any();
  auto commit = native.commit(*native.ref_id("HEAD"));
  REQUIRE(commit);
  CHECK(hex(commit->tree) == trimmed(repo.git({"rev-parse", "HEAD^{tree}"})));
  auto items = native.tree(commit->tree);
  REQUIRE(items);
  std::string listed;
  for (const auto& item : *items) listed += item.name + " " + hex(item.oid) + "\n";
  std::string expected;
  std::istringstream lines(repo.git({"ls-tree", "HEAD"}));
  std::string mode, type, id, name;
  while (lines >> mode >> type >> id >> name) expected += name + " " + id + "\n";
  CHECK(listed == expected);
  CHECK_FALSE(native.tree(*native.ref_id("HEAD"))); // a commit, not a tree
  const git_oid blob = oid(repo.git({"rev-parse", "HEAD:dir/b.txt"}));
  CHECK(native.blobs().size(blob) == std::optional<std::uint64_t>(3));
  CHECK(native.blobs().contents(blob, 100) == std::optional<std::string>("bee"));
}

TEST_CASE("NativeRepository opens lazily and hands over a corrupt object") {
  test::TestRepo repo;
  commit_file(repo, "a.txt", "a");
  repo.git({"pack-refs", "--all"});
  commit_file(repo, "b.txt", "b"); // main loose again
  HookScope scope(repo.root(), repo.tmp());
  auto native = git::native::NativeRepository::open_any();
  CHECK_FALSE(native.is_bare());
  CHECK(native.worktree_root() == repo.root().string());
  CHECK_FALSE(native.ref_store().packed_loaded());
  CHECK_FALSE(native.objects().loaded());
  const auto head = native.ref_id("HEAD");
  REQUIRE(head);
  CHECK_FALSE(native.ref_store().packed_loaded()); // HEAD -> a loose main
  CHECK_FALSE(native.objects().loaded());
  REQUIRE(native.head_commit());
  CHECK(hex(*native.head_commit()) == hex(*head));
  CHECK(native.commit(*head));
  CHECK(native.objects().loaded());
  // A loose object whose zlib stream is broken is beyond the reader, not missing.
  const std::string id = hex(*head);
  const auto path = repo.root() / ".git/objects" / id.substr(0, 2) / id.substr(2);
  stdfs::permissions(path, stdfs::perms::owner_write, stdfs::perm_options::add);
  fs::write_file_atomic(path, "garbage, not zlib");
  auto fresh = git::native::NativeRepository::open_any();
  CHECK_THROWS_AS(fresh.commit(*head), git::BeyondReader);
  CHECK_THROWS_AS(fresh.has_object(*head), git::BeyondReader);
  CHECK_FALSE(fresh.objects().read(*head)); // the pre-commit binary's read: still a plain nullopt
}

TEST_CASE("NativeRepository hands over a SHA-256 repository and an unknown extension") {
  test::TestRepo repo("--object-format=sha256");
  {
    HookScope scope(repo.root(), repo.tmp());
    CHECK_THROWS_AS(git::native::NativeRepository::open_any(), git::BeyondReader);
    CHECK_FALSE(git::native::NativeRepository::open());
  }
  test::TestRepo other;
  std::ofstream(other.root() / ".git/config", std::ios::app) << "[core]\n\trepositoryformatversion = 1\n"
                                                              << "[extensions]\n\tsomethingNew = true\n";
  HookScope scope(other.root(), other.tmp());
  CHECK_THROWS_AS(git::native::NativeRepository::open_any(), git::BeyondReader);
}

TEST_CASE("NativeRepository hands over a pack it cannot read when an object may be in it") {
  test::TestRepo repo;
  commit_file(repo, "a.txt", "a");
  repo.git({"gc", "-q"});
  const std::string head = trimmed(repo.git({"rev-parse", "HEAD"}));
  stdfs::path idx;
  for (const auto& entry : stdfs::directory_iterator(repo.root() / ".git/objects/pack"))
    if (entry.path().extension() == ".idx") idx = entry.path();
  REQUIRE_FALSE(idx.empty());
  std::string bytes = *fs::read_file(idx);
  bytes[7] = 3; // index version 3
  stdfs::permissions(idx, stdfs::perms::owner_write, stdfs::perm_options::add);
  fs::write_file_atomic(idx, bytes);
  HookScope scope(repo.root(), repo.tmp());
  auto native = git::native::NativeRepository::open_any();
  CHECK_THROWS_AS(native.commit(oid(head)), git::BeyondReader);
}

TEST_CASE("NativeRepository reads what a real receive's quarantine holds") {
  // A pre-receive hook keeps a copy of the quarantine and the variables git
  // set, and rejects the push, so the objects never reach the repository.
  test::TestRepo repo;
  commit_file(repo, "a.txt", "a");
  const auto bare = push_to_bare(repo);
  const auto saved = repo.tmp() / "saved";
  const auto hook = bare / "hooks/pre-receive";
  fs::write_file_atomic(hook, "#!/bin/sh\ncp -R \"$GIT_OBJECT_DIRECTORY\" '" + saved.string() +
                                  "'\nprintf '%s' \"$GIT_ALTERNATE_OBJECT_DIRECTORIES\" > '" +
                                  (repo.tmp() / "alternates").string() + "'\nexit 1\n");
  stdfs::permissions(hook, stdfs::perms::owner_exec, stdfs::perm_options::add);
  commit_file(repo, "b.txt", "b");
  const std::string new_id = trimmed(repo.git({"rev-parse", "main"}));
  auto pushed = run_git({"push", "-q", bare.string(), "main"}, repo.root().string(), false,
                        test::isolated_git_options(repo.tmp()));
  REQUIRE(pushed.exit_code != 0); // rejected by the hook
  REQUIRE(stdfs::is_directory(saved));
  const std::string alternates = *fs::read_file(repo.tmp() / "alternates");
  REQUIRE_FALSE(alternates.empty());
  {
    HookScope scope(bare, repo.tmp(),
                    {{"GIT_DIR", "."},
                     {"GIT_OBJECT_DIRECTORY", saved.string()},
                     {"GIT_ALTERNATE_OBJECT_DIRECTORIES", alternates},
                     {"GIT_QUARANTINE_PATH", saved.string()}});
    auto native = git::native::NativeRepository::open_any();
    auto commit = native.commit(oid(new_id));
    REQUIRE(commit);
    REQUIRE(commit->parents.size() == 1);
    CHECK(native.commit(commit->parents[0])); // in the repository, through the alternate
    CHECK(native.tree(commit->tree));
  }
  HookScope scope(bare, repo.tmp(), {{"GIT_DIR", "."}});
  CHECK_FALSE(git::native::NativeRepository::open_any().has_object(oid(new_id)));
}

#include "git_test_repo.hpp"

#include "warden/git/repository.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

using namespace warden;
using namespace warden::git;
using test::ScopedEnv;
using test::TestRepo;
namespace stdfs = std::filesystem;

namespace {

// Hooks see GIT_DIR & co. only when git sets them: start each test clean.
struct CleanGitEnv {
  ScopedEnv dir{"GIT_DIR", std::nullopt};
  ScopedEnv work_tree{"GIT_WORK_TREE", std::nullopt};
  ScopedEnv index{"GIT_INDEX_FILE", std::nullopt};
  ScopedEnv common{"GIT_COMMON_DIR", std::nullopt};
  ScopedEnv objects{"GIT_OBJECT_DIRECTORY", std::nullopt};
  ScopedEnv alternates{"GIT_ALTERNATE_OBJECT_DIRECTORIES", std::nullopt};
  ScopedEnv ceiling{"GIT_CEILING_DIRECTORIES", std::nullopt};
};

// path -> changed, for compact comparisons.
std::map<std::string, bool> changes(const TreeChange& input) {
  std::map<std::string, bool> result;
  for (const auto& entry : input.entries) result[entry.path] = entry.changed;
  return result;
}

std::vector<std::string> paths(const TreeChange& input) {
  std::vector<std::string> result;
  for (const auto& entry : input.entries) result.push_back(entry.path);
  return result;
}

bool sorted_bytewise(const TreeChange& input) {
  return std::is_sorted(input.entries.begin(), input.entries.end(),
                        [](const TreeEntry& a, const TreeEntry& b) { return a.path < b.path; });
}

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

} // namespace

TEST_CASE("oid helpers", "[git][repository]") {
  const std::string hex = "0123456789abcdef0123456789abcdef01234567";
  auto oid = parse_oid(hex);
  REQUIRE(oid);
  CHECK(oid_hex(*oid) == hex);
  CHECK_FALSE(parse_oid("0123"));
  CHECK_FALSE(parse_oid("z123456789abcdef0123456789abcdef01234567"));
  CHECK(is_zero_oid("0000000000000000000000000000000000000000"));
  CHECK(is_zero_oid(std::string(64, '0')));
  CHECK_FALSE(is_zero_oid(hex));
  CHECK_FALSE(is_zero_oid(""));
}

TEST_CASE("Repository::discover finds the repository from a subdirectory", "[git][repository]") {
  CleanGitEnv env;
  TestRepo repo;
  stdfs::create_directories(repo.root() / "a" / "b");
  auto r = Repository::discover((repo.root() / "a" / "b").string());
  CHECK_FALSE(r.is_bare());
  CHECK(r.worktree_root() == repo.root().string());
  CHECK(r.git_dir() == (repo.root() / ".git").string());
  CHECK(r.common_dir() == (repo.root() / ".git").string());
  CHECK(r.hooks_dir() == (repo.root() / ".git" / "hooks").string());
}

TEST_CASE("Repository::discover outside a repository is Fatal(2)", "[git][repository]") {
  CleanGitEnv env;
  test::TempDir dir;
  ScopedEnv ceiling("GIT_CEILING_DIRECTORIES", dir.path().parent_path().string());
  try {
    Repository::discover(dir.str());
    FAIL("no error");
  } catch (const Fatal& e) {
    CHECK(e.exit_code() == 2);
    CHECK(std::string(e.what()) == "not a git repository (or any parent): " + dir.str());
  }
}

TEST_CASE("Repository::discover honours GIT_DIR and GIT_WORK_TREE", "[git][repository]") {
  CleanGitEnv env;
  TestRepo repo;
  const auto separate = repo.tmp() / "separate-tree";
  stdfs::create_directories(separate);
  ScopedEnv dir("GIT_DIR", (repo.root() / ".git").string());
  ScopedEnv work_tree("GIT_WORK_TREE", separate.string());
  auto r = Repository::discover(repo.tmp().string()); // start is ignored with GIT_DIR
  CHECK(r.git_dir() == (repo.root() / ".git").string());
  CHECK(r.worktree_root() == separate.string());
}

TEST_CASE("Repository::discover in a bare repository with GIT_DIR=.", "[git][repository]") {
  CleanGitEnv env;
  TestRepo repo("--bare");
  const auto cwd = stdfs::current_path();
  stdfs::current_path(repo.root());
  ScopedEnv dir("GIT_DIR", ".");
  auto r = Repository::discover();
  stdfs::current_path(cwd);
  CHECK(r.is_bare());
  CHECK(r.worktree_root().empty());
  CHECK(r.git_dir() == repo.root().string());
  CHECK(r.hooks_dir() == (repo.root() / "hooks").string());
  repo.git({"config", "core.hooksPath", "custom-hooks"});
  CHECK(Repository::open(repo.root().string()).hooks_dir() == (repo.root() / "custom-hooks").string());
}

TEST_CASE("Repository in a linked worktree shares the common dir's hooks", "[git][repository]") {
  CleanGitEnv env;
  TestRepo repo;
  repo.write("README.md", "x\n");
  repo.add({"README.md"});
  repo.commit();
  const auto linked = repo.tmp() / "linked";
  repo.git({"worktree", "add", "-q", "-b", "feature/x", linked.string()});
  auto r = Repository::discover(linked.string());
  CHECK(r.worktree_root() == linked.string());
  CHECK(r.git_dir() == (repo.root() / ".git" / "worktrees" / "linked").string());
  CHECK(r.common_dir() == (repo.root() / ".git").string());
  CHECK(r.hooks_dir() == (repo.root() / ".git" / "hooks").string());
  CHECK(r.head_branch() == "feature/x");
  // As the hook sees it: GIT_DIR set to the worktree's git dir.
  ScopedEnv dir("GIT_DIR", (repo.root() / ".git" / "worktrees" / "linked").string());
  auto from_env = Repository::discover(linked.string());
  CHECK(from_env.worktree_root() == linked.string());
  CHECK(from_env.common_dir() == (repo.root() / ".git").string());
}

TEST_CASE("hooks_dir honours core.hooksPath, relative to the worktree root", "[git][repository]") {
  CleanGitEnv env;
  TestRepo repo;
  repo.git({"config", "core.hooksPath", ".githooks"});
  CHECK(Repository::open(repo.root().string()).hooks_dir() == (repo.root() / ".githooks").string());
  repo.git({"config", "core.hooksPath", "/opt/hooks/"});
  CHECK(Repository::open(repo.root().string()).hooks_dir() == "/opt/hooks");
  // The same answer as git's own.
  repo.git({"config", "core.hooksPath", "tools/../hooks"});
  const auto expected = trim(repo.git({"rev-parse", "--path-format=absolute", "--git-path", "hooks"}));
  CHECK(Repository::open(repo.root().string()).hooks_dir() == expected);
}

TEST_CASE("config accessors", "[git][repository]") {
  CleanGitEnv env;
  TestRepo repo;
  repo.git({"config", "warden.policy", "policy/warden.yml"});
  repo.git({"config", "warden.flag", "yes"});
  repo.git({"config", "--add", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"});
  repo.git({"config", "--add", "remote.origin.fetch", "+refs/tags/*:refs/tags/*"});
  auto r = Repository::open(repo.root().string());
  CHECK(r.config_string("warden.policy") == "policy/warden.yml");
  CHECK_FALSE(r.config_string("warden.missing"));
  CHECK(r.config_bool("warden.flag") == true);
  CHECK_FALSE(r.config_bool("warden.missing"));
  CHECK(r.config_strings("remote.origin.fetch") ==
        std::vector<std::string>{"+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"});
  CHECK(r.config_strings("remote.none.fetch").empty());
}

TEST_CASE("HEAD, revisions, trees and ancestry", "[git][repository]") {
  CleanGitEnv env;
  TestRepo repo;
  auto r = Repository::open(repo.root().string());
  CHECK(r.head_branch() == "main"); // unborn
  CHECK_FALSE(r.head_commit());
  repo.write("a", "1\n");
  repo.add({"a"});
  repo.commit("one");
  const auto first = trim(repo.git({"rev-parse", "HEAD"}));
  repo.write("a", "2\n");
  repo.add({"a"});
  repo.commit("two");
  repo.git({"tag", "-a", "-m", "tag", "v1"});
  const auto second = trim(repo.git({"rev-parse", "HEAD"}));
  r = Repository::open(repo.root().string());
  REQUIRE(r.head_commit());
  CHECK(oid_hex(*r.head_commit()) == second);
  CHECK(oid_hex(r.resolve_commit("HEAD~1").value()) == first);
  CHECK(oid_hex(r.resolve_commit("v1").value()) == second); // peeled
  CHECK_FALSE(r.resolve_commit("no-such-ref"));
  CHECK(oid_hex(r.commit_tree(*parse_oid(second)).value()) == trim(repo.git({"rev-parse", "HEAD^{tree}"})));
  CHECK(r.has_object(*parse_oid(first)));
  CHECK_FALSE(r.has_object(*parse_oid("1111111111111111111111111111111111111111")));
  CHECK(r.is_ancestor(*parse_oid(first), *parse_oid(second)));
  CHECK_FALSE(r.is_ancestor(*parse_oid(second), *parse_oid(first)));
  CHECK(r.is_ancestor(*parse_oid(second), *parse_oid(second)));
  repo.git({"checkout", "-q", "--detach"});
  CHECK_FALSE(Repository::open(repo.root().string()).head_branch());
}

TEST_CASE("staged_input with an unborn HEAD: every path is new", "[git][staged]") {
  CleanGitEnv env;
  TestRepo repo;
  repo.write("README.md", "hi\n");
  repo.write("src/main.cpp", "int main() {}\n");
  repo.add({"."});
  auto r = Repository::open(repo.root().string());
  auto input = staged_input(r, "");
  CHECK(changes(input) == std::map<std::string, bool>{{"README.md", true}, {"src/main.cpp", true}});
  CHECK(input.removed.empty());
  CHECK(input.entries[0].mode == 0100644);
  CHECK(oid_hex(input.entries[0].oid) == trim(repo.git({"rev-parse", ":README.md"})));
}

TEST_CASE("staged_input with no index file at all", "[git][staged]") {
  CleanGitEnv env;
  TestRepo repo;
  auto input = staged_input(Repository::open(repo.root().string()), "");
  CHECK(input.entries.empty());
  CHECK(input.removed.empty());
}

TEST_CASE("staged_input: additions, modifications, deletions, renames, modes", "[git][staged]") {
  CleanGitEnv env;
  TestRepo repo;
  repo.write("README.md", "hi\n");
  repo.write("keep.txt", "same\n");
  repo.write("mod.txt", "old\n");
  repo.write("gone.txt", "bye\n");
  repo.write("old/name.txt", "moved\n");
  repo.write("deep/a/b/c.txt", "deep\n");
  repo.write("script.sh", "#!/bin/sh\n");
  repo.add({"."});
  repo.commit();
  repo.write("mod.txt", "new\n");
  repo.write("added.txt", "new file\n");
  repo.write("deep/a/b/d.txt", "deep2\n");
  repo.git({"rm", "-q", "gone.txt"});
  repo.git({"mv", "old/name.txt", "new-name.txt"});
  repo.add({"."});
  repo.git({"update-index", "--chmod=+x", "script.sh"});
  auto input = staged_input(Repository::open(repo.root().string()), ".git/index");
  CHECK(changes(input) == std::map<std::string, bool>{{"README.md", false},
                                                      {"added.txt", true},
                                                      {"deep/a/b/c.txt", false},
                                                      {"deep/a/b/d.txt", true},
                                                      {"keep.txt", false},
                                                      {"mod.txt", true},
                                                      {"new-name.txt", true},
                                                      {"script.sh", true}});
  CHECK(input.removed == std::vector<std::string>{"gone.txt", "old/name.txt"});
  CHECK(sorted_bytewise(input));
  for (const auto& entry : input.entries) {
    if (entry.path == "script.sh") CHECK(entry.mode == 0100755);
  }
}

TEST_CASE("staged_input sorts bytewise across directory boundaries", "[git][staged]") {
  CleanGitEnv env;
  TestRepo repo;
  for (const char* path : {"a-b", "a.b", "a/b", "a0", "A", "ä.txt", "a/b-c/d", "a/b.c", "a/b/c"}) {
    if (std::string(path) == "a/b") continue; // a file and a directory cannot share a name
    repo.write(path, path);
  }
  repo.add({"."});
  repo.commit();
  repo.write("a/b.c", "changed");
  repo.add({"."});
  auto input = staged_input(Repository::open(repo.root().string()), "");
  CHECK(sorted_bytewise(input));
  CHECK(paths(input) == std::vector<std::string>{"A", "a-b", "a.b", "a/b-c/d", "a/b.c", "a/b/c", "a0", "ä.txt"});
  auto c = changes(input);
  CHECK(c["a/b.c"]);
  CHECK(std::count_if(c.begin(), c.end(), [](auto& kv) { return kv.second; }) == 1);
  CHECK(input.removed.empty());
}

TEST_CASE("staged_input reads the index named by GIT_INDEX_FILE, not the cached one", "[git][staged]") {
  CleanGitEnv env;
  TestRepo repo;
  repo.write("README.md", "hi\n");
  repo.write("a.txt", "a\n");
  repo.add({"."});
  repo.commit();
  // `git commit PATH` style: a temporary index holding HEAD plus one path.
  repo.write("a.txt", "a2\n");
  repo.write("b.txt", "b\n");
  repo.add({"b.txt"});
  const auto temporary = (repo.root() / ".git" / "next-index-1234.lock").string();
  repo.git({"read-tree", "HEAD"}, {{"GIT_INDEX_FILE", temporary}});
  repo.git({"add", "a.txt"}, {{"GIT_INDEX_FILE", temporary}});
  auto r = Repository::open(repo.root().string());
  auto from_temporary = staged_input(r, temporary);
  CHECK(changes(from_temporary) == std::map<std::string, bool>{{"README.md", false}, {"a.txt", true}});
  auto from_main = staged_input(r, ".git/index");
  CHECK(changes(from_main) == std::map<std::string, bool>{{"README.md", false}, {"a.txt", false}, {"b.txt", true}});
  // A relative path is relative to the worktree root, whatever the cwd.
  CHECK(changes(staged_input(r, ".git/next-index-1234.lock")) == changes(from_temporary));
}

TEST_CASE("staged_input: a conflicted path appears once, as changed", "[git][staged]") {
  CleanGitEnv env;
  TestRepo repo;
  repo.write("README.md", "hi\n");
  repo.write("c.txt", "base\n");
  repo.add({"."});
  repo.commit();
  repo.git({"checkout", "-q", "-b", "other"});
  repo.write("c.txt", "other\n");
  repo.add({"c.txt"});
  repo.commit();
  repo.git({"checkout", "-q", "main"});
  repo.write("c.txt", "main\n");
  repo.add({"c.txt"});
  repo.commit();
  auto merge = run_git({"merge", "-q", "other"}, repo.root().string(), false, test::isolated_git_options(repo.tmp()));
  REQUIRE(merge.exit_code != 0);
  auto input = staged_input(Repository::open(repo.root().string()), "");
  CHECK(changes(input) == std::map<std::string, bool>{{"README.md", false}, {"c.txt", true}});
  CHECK(input.removed.empty());
}

TEST_CASE("staged_input keeps symlinks and gitlinks", "[git][staged]") {
  CleanGitEnv env;
  TestRepo repo;
  repo.write("README.md", "hi\n");
  stdfs::create_symlink("README.md", repo.root() / "link");
  repo.add({"."});
  repo.git({"update-index", "--add", "--cacheinfo", "160000,1111111111111111111111111111111111111111,sub"});
  auto input = staged_input(Repository::open(repo.root().string()), "");
  std::map<std::string, std::uint32_t> modes;
  for (const auto& entry : input.entries) modes[entry.path] = entry.mode;
  CHECK(modes == std::map<std::string, std::uint32_t>{{"README.md", 0100644}, {"link", 0120000}, {"sub", 0160000}});
}

TEST_CASE("tree_input compares two trees", "[git][tree]") {
  CleanGitEnv env;
  TestRepo repo;
  repo.write("README.md", "hi\n");
  repo.write("dir/a.txt", "a\n");
  repo.write("dir/b.txt", "b\n");
  repo.add({"."});
  repo.commit();
  const auto base = trim(repo.git({"rev-parse", "HEAD^{tree}"}));
  repo.write("dir/a.txt", "a2\n");
  repo.git({"rm", "-q", "dir/b.txt"});
  repo.write("new/c.txt", "c\n");
  repo.add({"."});
  repo.commit();
  const auto tip = trim(repo.git({"rev-parse", "HEAD^{tree}"}));
  auto r = Repository::open(repo.root().string());
  auto input = tree_input(r, *parse_oid(tip), parse_oid(base));
  CHECK(changes(input) ==
        std::map<std::string, bool>{{"README.md", false}, {"dir/a.txt", true}, {"new/c.txt", true}});
  CHECK(input.removed == std::vector<std::string>{"dir/b.txt"});
  auto all_new = tree_input(r, *parse_oid(tip), std::nullopt);
  CHECK(changes(all_new) == std::map<std::string, bool>{{"README.md", true}, {"dir/a.txt", true}, {"new/c.txt", true}});
  auto same = tree_input(r, *parse_oid(tip), parse_oid(tip));
  CHECK(changes(same) == std::map<std::string, bool>{{"README.md", false}, {"dir/a.txt", false}, {"new/c.txt", false}});
}

TEST_CASE("OdbBlobSource reads sizes from headers and contents up to a limit", "[git][blobs]") {
  CleanGitEnv env;
  TestRepo repo;
  repo.write("small.txt", "hello\n");
  repo.write("big.bin", std::string(100000, 'z'));
  repo.add({"."});
  repo.commit();
  repo.git({"gc", "-q"}); // packed objects too
  auto r = Repository::open(repo.root().string());
  OdbBlobSource blobs(r);
  const auto small = *parse_oid(trim(repo.git({"rev-parse", "HEAD:small.txt"})));
  const auto big = *parse_oid(trim(repo.git({"rev-parse", "HEAD:big.bin"})));
  CHECK(blobs.size(small) == 6u);
  CHECK(blobs.size(big) == 100000u);
  CHECK(blobs.contents(small, 100) == "hello\n");
  CHECK_FALSE(blobs.contents(big, 99999));
  CHECK(blobs.contents(big, 100000).value().size() == 100000u);
  CHECK_FALSE(blobs.size(*parse_oid("1111111111111111111111111111111111111111")));
  const auto tree = *parse_oid(trim(repo.git({"rev-parse", "HEAD^{tree}"})));
  CHECK_FALSE(blobs.size(tree)); // not a blob
}

TEST_CASE("Repository::discover sees objects in a pre-receive quarantine", "[git][repository]") {
  CleanGitEnv env;
  TestRepo repo("--bare");
  const auto quarantine = repo.root() / "objects" / "incoming-test";
  stdfs::create_directories(quarantine);
  // A commit written only into the quarantine, as receive-pack does.
  const std::map<std::string, std::string> quarantine_env{
    {"GIT_DIR", repo.root().string()},
    {"GIT_OBJECT_DIRECTORY", quarantine.string()},
    {"GIT_ALTERNATE_OBJECT_DIRECTORIES", (repo.root() / "objects").string()}};
  const auto tree = trim(repo.git({"mktree"}, quarantine_env));
  const auto commit = trim(repo.git({"commit-tree", "-m", "pushed", tree}, quarantine_env));
  CHECK_FALSE(Repository::open(repo.root().string()).has_object(*parse_oid(commit)));
  ScopedEnv dir("GIT_DIR", repo.root().string());
  ScopedEnv objects("GIT_OBJECT_DIRECTORY", quarantine.string());
  ScopedEnv alternates("GIT_ALTERNATE_OBJECT_DIRECTORIES", (repo.root() / "objects").string());
  auto r = Repository::discover();
  CHECK(r.has_object(*parse_oid(commit)));
  CHECK(oid_hex(r.commit_tree(*parse_oid(commit)).value()) == tree);
  CHECK(tree_input(r, *parse_oid(tree), std::nullopt).entries.empty());
}

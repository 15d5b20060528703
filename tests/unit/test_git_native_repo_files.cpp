#include "git_test_repo.hpp"
#include "native_fixture.hpp"
#include "warden/core/error.hpp"
#include "warden/git/native/object_store.hpp"
#include "warden/git/native/repo_files.hpp"
#include "warden/git/native/repository.hpp"
#include "warden/git/repository.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

using namespace warden;
namespace stdfs = std::filesystem;

namespace {

using TempRepo = test::TestRepo;

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

} // namespace


TEST_CASE("parse_config_parameters reads git -c's quoting") {
  std::map<std::string, std::string> values;
  REQUIRE(git::native::parse_config_parameters(
    "'core.quotepath'='false' 'Warden.Policy'='it'\\''s.yml' 'remote.Origin.URL'='a b' 'flag.on' "
    "'old.style=x=y' 'bang.v'='a'\\!'b' 'empty.v'=''",
    values));
  CHECK(values["core.quotepath"] == "false");
  CHECK(values["warden.policy"] == "it's.yml");
  CHECK(values["remote.Origin.url"] == "a b");
  CHECK(values["flag.on"] == "true");
  CHECK(values["old.style"] == "x=y");
  CHECK(values["bang.v"] == "a!b");
  CHECK(values["empty.v"].empty());
  CHECK(git::native::parse_config_parameters("", values));
  CHECK_FALSE(git::native::parse_config_parameters("core.quotepath=false", values));
  CHECK_FALSE(git::native::parse_config_parameters("'core.quotepath'=false", values));
  CHECK_FALSE(git::native::parse_config_parameters("'unterminated", values));
  CHECK_FALSE(git::native::parse_config_parameters("'nodot'='x'", values));
}

TEST_CASE("parse_config_parameters reads what git itself puts in GIT_CONFIG_PARAMETERS") {
  test::TestRepo repo;
  const std::string printed = repo.git({"-c", "alias.params=!printf %s \"$GIT_CONFIG_PARAMETERS\"", "-c",
                                        "warden.policy=it's here.yml", "-c", "Core.HooksPath=h!ooks", "-c",
                                        "flag.on", "params"});
  std::map<std::string, std::string> values;
  REQUIRE(git::native::parse_config_parameters(printed, values));
  CHECK(values["warden.policy"] == "it's here.yml");
  CHECK(values["core.hookspath"] == "h!ooks");
  CHECK(values["flag.on"] == "true");
}

TEST_CASE("parse_config_text follows git's config syntax") {
  std::map<std::string, std::string> values;
  std::vector<std::string> includes;
  const char* text = "[core]\n\thooksPath = my hooks # comment\n"
                     "[Remote \"Origin\"]\n  url = \"a;b\" \n"
                     "[warden]\n  policy = conf/p.yml\n  flag\n"
                     "[include]\n  path = other.cfg\n"
                     "[x]\n  y = a\\\n  b\n";
  REQUIRE(git::native::parse_config_text(text, values, includes));
  CHECK(values["core.hookspath"] == "my hooks");
  CHECK(values["remote.Origin.url"] == "a;b");
  CHECK(values["warden.policy"] == "conf/p.yml");
  CHECK(values["warden.flag"] == "true");
  CHECK(values["x.y"] == "a  b");
  CHECK(includes == std::vector<std::string>{"other.cfg"});
  // includeIf keys are values like any other; nothing is followed here.
  REQUIRE(git::native::parse_config_text("[includeIf \"gitdir:~/X/\"]\n path = y\n", values, includes));
  CHECK(values["includeif.gitdir:~/X/.path"] == "y");
  CHECK(includes == std::vector<std::string>{"other.cfg"});
  CHECK_FALSE(git::native::parse_config_text("[core\n", values, includes));
}

TEST_CASE("locate_repository and read_head follow loose and packed refs") {
  TempRepo repo;
  repo.write("README.md", "r");
  repo.git({"add", "-A"});
  repo.git({"commit", "-q", "-m", "c"});
  auto old = stdfs::current_path();
  stdfs::create_directories(repo.root() / "sub/dir");
  stdfs::current_path(repo.root() / "sub/dir");
  ::unsetenv("GIT_DIR");
  auto paths = git::native::locate_repository();
  stdfs::current_path(old);
  REQUIRE(paths);
  CHECK(paths->worktree == stdfs::canonical(repo.root()).string());
  CHECK(paths->git_dir == paths->worktree + "/.git");
  CHECK(paths->common_dir == paths->git_dir);
  auto head = git::native::read_head(*paths);
  REQUIRE(head);
  CHECK(head->branch == std::optional<std::string>("main"));
  REQUIRE(head->commit);
  std::string expected = trim(repo.git({"rev-parse", "HEAD"}));
  CHECK(git::native::oid_to_hex(*head->commit) == expected);
  repo.git({"pack-refs", "--all"});
  head = git::native::read_head(*paths);
  REQUIRE(head);
  REQUIRE(head->commit);
  CHECK(git::native::oid_to_hex(*head->commit) == expected);
  repo.git({"checkout", "-q", "--orphan", "fresh"});
  head = git::native::read_head(*paths);
  REQUIRE(head);
  CHECK(head->branch == std::optional<std::string>("fresh"));
  CHECK_FALSE(head->commit);
}

TEST_CASE("NativeRepository reads the facts Repository reads") {
  TempRepo repo;
  repo.write("README.md", "r");
  repo.git({"add", "-A"});
  repo.git({"commit", "-q", "-m", "c"});
  repo.git({"config", "core.hooksPath", "my-hooks"});
  repo.git({"config", "warden.policy", "conf/p.yml"});
  auto old = stdfs::current_path();
  stdfs::current_path(repo.root());
  ::unsetenv("GIT_DIR");
  auto native = git::native::NativeRepository::open();
  auto libgit2 = git::Repository::discover();
  ::setenv("GIT_CONFIG_PARAMETERS", "'warden.policy'='from -c.yml'", 1);
  auto with_parameters = git::native::NativeRepository::open();
  ::unsetenv("GIT_CONFIG_PARAMETERS");
  stdfs::current_path(old);
  REQUIRE(native);
  CHECK(native->worktree_root() == libgit2.worktree_root());
  CHECK(native->git_dir() == libgit2.git_dir());
  CHECK(native->hooks_dir() == libgit2.hooks_dir());
  CHECK(native->head_branch() == libgit2.head_branch());
  CHECK(native->config_string("Warden.Policy") == libgit2.config_string("warden.policy"));
  CHECK_FALSE(native->config_string("warden.unset"));
  REQUIRE(with_parameters);
  CHECK(with_parameters->config_string("warden.policy") == std::optional<std::string>("from -c.yml"));
  CHECK_THROWS_AS(native->set_local_config("warden.trusted", "x"), Error);
}

TEST_CASE("config_wildmatch is git's wildmatch with WM_PATHNAME") {
  using git::native::config_wildmatch;
  CHECK(config_wildmatch("**/repo/.git", "/home/u/repo/.git", false));
  CHECK(config_wildmatch("foo/**/bar", "foo/bar", false));
  CHECK(config_wildmatch("foo/**/bar", "foo/a/b/bar", false));
  CHECK(config_wildmatch("/w/**", "/w/a/b/.git", false));
  CHECK_FALSE(config_wildmatch("/w/*", "/w/a/.git", false));
  CHECK(config_wildmatch("/w/*/.git", "/w/a/.git", false));
  CHECK_FALSE(config_wildmatch("/w/?", "/w//", false));
  CHECK(config_wildmatch("feature/**", "feature/x/y", false));
  CHECK_FALSE(config_wildmatch("feature/**", "feature", false));
  CHECK(config_wildmatch("[[:alpha:]][!0-9]x", "ab" "x", false));
  CHECK_FALSE(config_wildmatch("[a-c]", "d", false));
  CHECK_FALSE(config_wildmatch("[a/]", "/", false));
  CHECK(config_wildmatch("**/WORK/**", "/h/work/r/.git", true));
  CHECK_FALSE(config_wildmatch("**/WORK/**", "/h/work/r/.git", false));
  CHECK(config_wildmatch("a\\*", "a*", false));
  CHECK_FALSE(config_wildmatch("a\\*", "ab", false));
  CHECK_FALSE(config_wildmatch("[[:nope:]]", "a", false));
}

namespace {

// `git config --get KEY` run by git in `cwd` with the test HOME and `env`;
// nullopt when the key is not set.
std::optional<std::string> git_get(const test::TestRepo& repo, const stdfs::path& cwd, const std::string& key,
                                   std::map<std::string, std::string> env = {}) {
  auto result = run_git({"config", "--get", key}, cwd.string(), false, test::isolated_git_options(repo.tmp(), env));
  INFO("git config --get " << key << ": " << result.err);
  REQUIRE((result.exit_code == 0 || result.exit_code == 1));
  if (result.exit_code == 1) return std::nullopt;
  return test::trimmed(result.out);
}

// Every key of `keys` as the native reader and as git read it, from `cwd`
// with the environment `env` (PWD and GIT_DIR are given to both).
void compare_with_git(const test::TestRepo& repo, const stdfs::path& cwd, const std::vector<std::string>& keys,
                      std::map<std::string, std::string> env = {}) {
  std::map<std::string, std::optional<std::string>> native;
  {
    test::HookScope scope(cwd, repo.tmp(), env);
    std::optional<test::ScopedEnv> pwd;
    if (auto it = env.find("PWD"); it != env.end()) pwd.emplace("PWD", it->second);
    auto located = git::native::locate_any_repository();
    REQUIRE(located);
    std::string why;
    auto config = git::native::ConfigValues::load(located->paths, &why);
    INFO(why);
    REQUIRE(config);
    for (const auto& key : keys) native[key] = config->get(key);
  }
  for (const auto& key : keys) {
    INFO("key " << key << " from " << cwd.string());
    CHECK(native[key] == git_get(repo, cwd, key, env));
  }
}

void write_file(const stdfs::path& path, const std::string& text) {
  stdfs::create_directories(path.parent_path());
  fs::write_file_atomic(path, text);
}

} // namespace

TEST_CASE("includeIf gitdir and onbranch are read as git reads them") {
  test::TestRepo repo; // HOME is repo.tmp(); the repository is ~/repo
  repo.write("README.md", "r");
  repo.add({"README.md"});
  repo.commit("c");
  const stdfs::path home = repo.tmp();
  write_file(home / ".gitconfig",
             "[t]\n  o1 = global\n"
             "[includeIf \"gitdir:~/repo/\"]\n  path = inc/home.cfg\n"
             "[t]\n  o2 = global-after\n"
             "[includeIf \"gitdir:repo/.git\"]\n  path = inc/noslash.cfg\n"
             "[includeIf \"gitdir/i:~/REPO/\"]\n  path = inc/icase.cfg\n"
             "[includeIf \"gitdir:~/REPO/\"]\n  path = inc/nocase.cfg\n"
             "[includeIf \"gitdir:./repo/\"]\n  path = inc/dot.cfg\n"
             "[includeIf \"gitdir:/nowhere/\"]\n  path = inc/never.cfg\n"
             "[includeIf \"unknown:x\"]\n  path = inc/never.cfg\n"
             "[includeIf \"onbranch:ma*\"]\n  path = inc/branch.cfg\n"
             "[includeIf \"onbranch:feature/\"]\n  path = inc/feature.cfg\n"
             "[includeIf \"gitdir:~/store/\"]\n  path = inc/store.cfg\n"
             "[includeIf \"gitdir:~/links/\"]\n  path = inc/links.cfg\n");
  write_file(home / "inc/home.cfg", "[t]\n  o1 = home\n  o2 = home\n  home = yes\n[include]\n  path = nested.cfg\n");
  write_file(home / "inc/nested.cfg", "[includeIf \"gitdir:~/repo/.git\"]\n  path = deep.cfg\n");
  write_file(home / "inc/deep.cfg", "[t]\n  deep = yes\n");
  for (const char* name : {"noslash", "icase", "nocase", "dot", "never", "branch", "feature", "store", "links"})
    write_file(home / "inc" / (std::string(name) + ".cfg"), std::string("[t]\n  ") + name + " = yes\n");
  // The local config: a path relative to .git/, and a later value winning
  // over an included one.
  write_file(repo.root() / ".git/local.cfg", "[t]\n  local = included\n  o3 = included\n");
  repo.git({"config", "includeIf.onbranch:main.path", "local.cfg"});
  repo.git({"config", "t.o3", "local-after"});
  const std::vector<std::string> keys{"t.o1",    "t.o2",  "t.o3",  "t.home",   "t.deep",   "t.noslash",
                                      "t.icase", "t.nocase", "t.dot", "t.never", "t.branch", "t.feature",
                                      "t.local", "t.store", "t.links"};
  SECTION("on main") {
    compare_with_git(repo, repo.root(), keys);
    test::HookScope scope(repo.root(), home);
    auto config = git::native::ConfigValues::load(git::native::locate_any_repository()->paths);
    REQUIRE(config);
    // The values themselves, so that a wrong git comparison cannot hide.
    CHECK(config->get("t.o1") == std::optional<std::string>("home"));
    CHECK(config->get("t.o2") == std::optional<std::string>("global-after"));
    CHECK(config->get("t.o3") == std::optional<std::string>("local-after"));
    CHECK(config->get("t.deep") == std::optional<std::string>("yes"));
    CHECK(config->get("t.icase") == std::optional<std::string>("yes"));
    CHECK_FALSE(config->get("t.nocase"));
    CHECK_FALSE(config->get("t.never"));
    CHECK(config->get("t.branch") == std::optional<std::string>("yes"));
    CHECK_FALSE(config->get("t.feature"));
  }
  SECTION("from a subdirectory") {
    stdfs::create_directories(repo.root() / "sub");
    compare_with_git(repo, repo.root() / "sub", keys);
  }
  SECTION("on a branch under feature/, detached, unborn") {
    repo.git({"checkout", "-q", "-b", "feature/x/y"});
    compare_with_git(repo, repo.root(), keys);
    CHECK(git_get(repo, repo.root(), "t.feature") == std::optional<std::string>("yes"));
    repo.git({"checkout", "-q", "--detach"});
    compare_with_git(repo, repo.root(), keys);
    repo.git({"checkout", "-q", "--orphan", "maybe"});
    compare_with_git(repo, repo.root(), keys);
    CHECK(git_get(repo, repo.root(), "t.branch") == std::optional<std::string>("yes"));
  }
  SECTION("a linked worktree: its own git dir and HEAD") {
    repo.git({"worktree", "add", "-q", "-b", "feature/wt", (home / "wt").string()});
    compare_with_git(repo, home / "wt", keys);
  }
  SECTION("a repository reached through a symlink") {
    stdfs::create_directories(home / "store");
    repo.git_in(home / "store", {"init", "-q", "-b", "main", "r2"});
    stdfs::create_directories(home / "links");
    stdfs::create_directory_symlink(home / "store/r2", home / "links/r2");
    // The physical cwd: only the realpath matches ~/store/.
    compare_with_git(repo, home / "links/r2", keys);
    // $PWD naming the cwd through the symlink: git also matches that name.
    compare_with_git(repo, home / "links/r2", keys, {{"PWD", (home / "links/r2").string()}});
    // From a subdirectory git holds the real path, whatever $PWD says.
    stdfs::create_directories(home / "store/r2/sub");
    compare_with_git(repo, home / "links/r2/sub", keys, {{"PWD", (home / "links/r2/sub").string()}});
    // GIT_DIR through the symlink.
    compare_with_git(repo, home / "links/r2", keys, {{"GIT_DIR", (home / "links/r2/.git").string()}});
    // What git itself says, so that the cases above are the ones meant.
    CHECK(git_get(repo, home / "links/r2", "t.store") == std::optional<std::string>("yes"));
    CHECK_FALSE(git_get(repo, home / "links/r2", "t.links"));
    CHECK(git_get(repo, home / "links/r2", "t.links", {{"PWD", (home / "links/r2").string()}}) ==
          std::optional<std::string>("yes"));
  }
}

TEST_CASE("includeIf hasconfig and command-line includes are beyond the native reader") {
  test::TestRepo repo;
  const stdfs::path home = repo.tmp();
  std::string why;
  {
    write_file(home / ".gitconfig", "[includeIf \"hasconfig:remote.*.url:https://x/**\"]\n  path = x.cfg\n");
    test::HookScope scope(repo.root(), home);
    CHECK_FALSE(git::native::ConfigValues::load(git::native::locate_any_repository()->paths, &why));
    CHECK(why.find("hasconfig") != std::string::npos);
  }
  {
    // A false condition reads nothing, even with no value.
    write_file(home / ".gitconfig", "[includeIf \"gitdir:/nowhere/\"]\n  path\n[t]\n  k = v\n");
    test::HookScope scope(repo.root(), home);
    auto config = git::native::ConfigValues::load(git::native::locate_any_repository()->paths);
    REQUIRE(config);
    CHECK(config->get("t.k") == std::optional<std::string>("v"));
  }
  {
    write_file(home / ".gitconfig", "");
    test::HookScope scope(repo.root(), home, {{"GIT_CONFIG_PARAMETERS", "'include.path'='/x.cfg'"}});
    CHECK_FALSE(git::native::ConfigValues::load(git::native::locate_any_repository()->paths, &why));
    CHECK(why.find("include") != std::string::npos);
  }
}

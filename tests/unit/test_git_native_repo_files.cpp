#include "git_test_repo.hpp"
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
  CHECK_FALSE(git::native::parse_config_text("[includeIf \"gitdir:~/x\"]\n path = y\n", values, includes));
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

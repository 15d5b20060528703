#include "branch_fixture.hpp"

#include "warden/git/config_edit.hpp"

#include <catch2/catch.hpp>

using namespace warden;
using warden::test::RemoteAndClone;

TEST_CASE("configured_remotes and remote_exists", "[git][config]") {
  RemoteAndClone fx;
  fx.git({"remote", "add", "other", "https://example.com/x.git"});
  fx.git({"config", "remote.pushonly.pushurl", "https://example.com/y.git"});
  const auto repo = fx.open();
  CHECK(git::configured_remotes(repo) == std::set<std::string>{"origin", "other"});
  CHECK(git::remote_exists(repo, "origin"));
  CHECK(git::remote_exists(repo, "pushonly"));
  CHECK_FALSE(git::remote_exists(repo, "nowhere"));
}

TEST_CASE("local_config_value reads only the repository's own config", "[git][config]") {
  RemoteAndClone fx;
  // HOME is the fixture's temporary directory: its .gitconfig is the global
  // level. libgit2 reads HOME once, so point it there in case an earlier test
  // in this process initialised it.
  git::ensure_libgit2();
  git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, fx.tmp().c_str());
  struct ResetSearchPath {
    ~ResetSearchPath() { git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, nullptr); }
  } reset;
  fx.git_in(fx.tmp(), {"config", "--global", "pull.ff", "only"});
  fx.git({"config", "--local", "fetch.prune", "true"});
  const auto repo = fx.open();
  CHECK(repo.config_string("pull.ff") == std::optional<std::string>("only"));
  CHECK_FALSE(git::local_config_value(repo, "pull.ff"));
  CHECK(git::local_config_value(repo, "fetch.prune") == std::optional<std::string>("true"));
  CHECK(git::local_config_value(repo, "FETCH.prune") == std::optional<std::string>("true"));
  CHECK_FALSE(git::local_config_value(repo, "no.such"));
}

TEST_CASE("same_config_value compares booleans in any spelling", "[git][config]") {
  git::ensure_libgit2();
  CHECK(git::same_config_value("true", "true"));
  CHECK(git::same_config_value("true", "yes"));
  CHECK(git::same_config_value("on", "1"));
  CHECK(git::same_config_value("false", "off"));
  CHECK_FALSE(git::same_config_value("true", "false"));
  CHECK_FALSE(git::same_config_value("only", "true"));
  CHECK_FALSE(git::same_config_value("main", "Main"));
}

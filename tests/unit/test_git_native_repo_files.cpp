#include "git_test_repo.hpp"
#include "warden/git/native/repo_files.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace warden;

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

#include "git_layer_fixture.hpp"

#include "warden/git/local_config.hpp"

#include <catch2/catch.hpp>

using namespace warden;
using namespace warden::test;

TEST_CASE("local_config_values and replace_local_config_values", "[git][local_config]") {
  TestRepo test_repo;
  const auto repo = git::Repository::open(test_repo.root().string());
  CHECK(git::local_config_values(repo, "warden.trusted").empty());
  // Written by another process after the repository was opened.
  test_repo.git({"config", "--add", "warden.trusted", "one"});
  test_repo.git({"config", "--add", "warden.trusted", "two"});
  CHECK(git::local_config_values(repo, "warden.trusted") == std::vector<std::string>{"one", "two"});

  git::replace_local_config_values(repo, "warden.trusted", {"three"});
  CHECK(git::local_config_values(repo, "warden.trusted") == std::vector<std::string>{"three"});
  git::replace_local_config_values(repo, "warden.trusted", {});
  CHECK(git::local_config_values(repo, "warden.trusted").empty());
}

TEST_CASE("command_dir, absolute_gitdir and path_from_gitdir", "[git][local_config]") {
  TestRepo work;
  const auto repo = git::Repository::open(work.root().string());
  CHECK(git::command_dir(repo) == work.root().string());
  CHECK(git::absolute_gitdir(repo) == (work.root() / ".git").string());
  CHECK(git::path_from_gitdir(repo, "policy.yml") == work.root() / ".git" / "policy.yml");
  CHECK(git::path_from_gitdir(repo, "/etc/policy.yml") == "/etc/policy.yml");

  TestRepo bare("--bare");
  const auto bare_repo = git::Repository::open(bare.root().string());
  CHECK(git::command_dir(bare_repo) == bare.root().string());
}

// extends (config/extends.cpp, config/load.cpp): bases applied in order
// before the file, local ones from the worktree, remote ones from the cache.
#include "git_test_repo.hpp"

#include "warden/config/extends.hpp"
#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace warden;
namespace stdfs = std::filesystem;

namespace {

PolicyContext local_files(std::map<std::string, std::string> files, std::string cache = {}) {
  PolicyContext context;
  context.cache_dir = std::move(cache);
  context.read_local = [files = std::move(files)](const std::string& path) -> std::optional<std::string> {
    const auto it = files.find(path);
    return it == files.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  return context;
}

} // namespace

TEST_CASE("extends: bases apply in order, the file last", "[config][extends]") {
  const auto context = local_files({{"one.yml", "files:\n  max-file-size: 1KiB\n  max-path-length: 10\n"},
                                    {"two.yml", "files:\n  max-path-length: 20\n  secret: warn\n"}});
  const Policy p =
      parse_policy("extends: [one.yml, two.yml]\nfiles:\n  secret: off\n", ".warden.yml", context);
  CHECK(p.files.max_file_size == 1024);
  CHECK(p.files.max_path_length == 20);
  CHECK(p.files.secret == Severity::off);
  CHECK(p.sources.at("files.max-file-size") == "one.yml");
  CHECK(p.sources.at("files.max-path-length") == "two.yml");
  CHECK(p.sources.at("files.secret") == ".warden.yml");
  REQUIRE(p.extends.size() == 2);
  CHECK(p.extends[1].label() == "two.yml");
}

TEST_CASE("extends: a base's commands join the policy's, hook by hook", "[config][extends]") {
  const auto context = local_files({{"base.yml", "commands:\n  pre-push:\n    - name: org\n      run: 'true'\n"}});
  const Policy p = parse_policy("extends: [base.yml]\ncommands:\n  pre-commit:\n    - run: 'make'\n",
                                ".warden.yml", context);
  CHECK(p.commands.at("pre-push").size() == 1);
  CHECK(p.commands.at("pre-commit").size() == 1);
  // Trust covers them: the hash differs from the file's own commands alone.
  const Policy alone = parse_policy("commands:\n  pre-commit:\n    - run: 'make'\n", ".warden.yml");
  CHECK(commands_hash(p) != commands_hash(alone));
}

TEST_CASE("extends: errors name the file and the way out", "[config][extends]") {
  const auto context = local_files({{"nested.yml", "extends: [x.yml]\n"}, {"bad.yml", "files:\n  nope: 1\n"}});
  CHECK_THROWS_WITH(parse_policy("extends: [missing.yml]\n", ".warden.yml", context),
                    Catch::Contains(".warden.yml:1:11: cannot read base policy 'missing.yml'"));
  CHECK_THROWS_WITH(parse_policy("extends: [nested.yml]\n", ".warden.yml", context),
                    Catch::Contains("nested.yml:1:1: 'extends' is read from the root policy only"));
  CHECK_THROWS_WITH(parse_policy("extends: [bad.yml]\n", ".warden.yml", context),
                    Catch::Contains("bad.yml:2:3: unknown key 'nope'"));
  CHECK_THROWS_WITH(parse_policy("extends:\n  - {repo: x, ref: v1}\n", ".warden.yml", context),
                    Catch::Contains("needs 'repo', 'ref' and 'path'"));
  CHECK_THROWS_WITH(parse_policy("extends:\n  - {repo: 'https://example.com/org.git', ref: v1, path: p.yml}\n",
                                 ".warden.yml", context),
                    Catch::Contains("is not in the cache: run `warden policy update`"));
}

TEST_CASE("extends: a remote base is read from the cache, with its commit", "[config][extends]") {
  test::TempDir dir;
  const BaseRef base{"https://example.com/org.git", "v1", "p.yml", ""};
  const stdfs::path cache = dir.path() / "cache";
  stdfs::create_directories(cache);
  const std::string name = cached_base_name(base);
  fs::write_file_atomic(cache / (name + ".yml"), "files:\n  max-file-size: 3KiB\n");
  fs::write_file_atomic(cache / "index", name + "\t0123456789abcdef0123456789abcdef01234567\t" + base.repo +
                                             "\tv1\tp.yml\n");
  const auto context = local_files({}, cache.string());
  const Policy p = parse_policy("extends:\n  - {repo: 'https://example.com/org.git', ref: v1, path: p.yml}\n",
                                ".warden.yml", context);
  CHECK(p.files.max_file_size == 3072);
  REQUIRE(p.extends.size() == 1);
  CHECK(p.extends[0].commit == "0123456789abcdef0123456789abcdef01234567");
  CHECK(p.sources.at("files.max-file-size") == "https://example.com/org.git@v1:p.yml");
  CHECK(remote_bases("extends:\n  - local.yml\n  - {repo: r, ref: v2, path: q.yml}\n", ".warden.yml").size() == 1);
}

TEST_CASE("policy_cache_dir: the common directory of a linked worktree", "[config][extends]") {
  test::TempDir dir;
  const stdfs::path common = dir.path() / "repo.git";
  const stdfs::path own = common / "worktrees" / "wt";
  stdfs::create_directories(own);
  fs::write_file_atomic(own / "commondir", "../..\n");
  CHECK(policy_cache_dir(own.string()) == (common / "warden" / "policies").lexically_normal().string());
  CHECK(policy_cache_dir(common.string()) == (common / "warden" / "policies").lexically_normal().string());
}

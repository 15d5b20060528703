#include "cli_runner.hpp"
#include "warden/core/version.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace warden;
using test::run_cli;
namespace stdfs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

struct InTempDir {
  test::TempDir dir;
  test::ScopedCwd cwd{dir.path()};
};

} // namespace

TEST_CASE("main --help lists the commands and exits 0", "[cli][commands]") {
  InTempDir here;
  const auto result = run_cli({"--help"});
  CHECK(result.status == 0);
  CHECK(result.err.empty());
  for (const char* command : {"check", "policy", "doctor", "trust", "branch", "notify", "digest", "init"}) {
    INFO(command);
    CHECK(contains(result.out, std::string("  ") + command));
  }
  CHECK_FALSE(contains(result.out, "Run a hook's checks as git would")); // `hook` is hidden
  CHECK(contains(result.out, "--version"));
}

TEST_CASE("main --version prints warden VERSION and the commit", "[cli][commands]") {
  InTempDir here;
  const auto result = run_cli({"--version"});
  CHECK(result.status == 0);
  CHECK(result.out == std::string("warden ") + WARDEN_VERSION + " (commit " + warden::build_commit() + ")\n");
  CHECK(std::string(warden::build_commit()).size() > 0);
  CHECK(result.err.empty());
}

TEST_CASE("main without a command exits 2 with the usage", "[cli][commands]") {
  InTempDir here;
  const auto result = run_cli({});
  CHECK(result.status == 2);
  CHECK(result.out.empty());
  CHECK_FALSE(contains(result.err, "subcommand is required"));
  CHECK(contains(result.err, "Usage: warden"));
  CHECK(contains(result.err, "check"));
  CHECK(contains(result.err, "branch"));
  const auto branch = run_cli({"branch"});
  CHECK(branch.status == 2);
  CHECK(contains(branch.err, "rename"));
  CHECK(contains(branch.err, "prune"));
}

TEST_CASE("main with an unknown command exits 2 and names it", "[cli][commands]") {
  InTempDir here;
  const auto result = run_cli({"frobnicate"});
  CHECK(result.status == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "warden: unknown command 'frobnicate' (see `warden --help`)\n");
}

TEST_CASE("main with an unknown subcommand word exits 2 and names it with its parent", "[cli][commands]") {
  InTempDir here;
  auto result = run_cli({"policy", "chek"});
  CHECK(result.status == 2);
  CHECK(result.err == "warden policy: unknown command 'chek' (see `warden policy --help`)\n");
  result = run_cli({"branch", "--bogus"});
  CHECK(result.status == 2);
  CHECK(contains(result.err, "--bogus"));
}

TEST_CASE("main with an unknown option exits 2 and names it", "[cli][commands]") {
  InTempDir here;
  auto result = run_cli({"--frobnicate"});
  CHECK(result.status == 2);
  CHECK(contains(result.err, "--frobnicate"));
  CHECK(result.out.empty());
  result = run_cli({"check", "--no-such-flag"});
  CHECK(result.status == 2);
  CHECK(contains(result.err, "--no-such-flag"));
  result = run_cli({"check", "--format", "yaml"});
  CHECK(result.status == 2);
  CHECK(contains(result.err, "yaml"));
}

TEST_CASE("main COMMAND --help exits 0 and lists the command's flags", "[cli][commands]") {
  InTempDir here;
  const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> cases{
      {{"check"}, {"--staged", "--all", "--range", "--format", "--exit-zero"}},
      {{"policy"}, {"check", "show", "default"}},
      {{"policy", "check"}, {"FILE"}},
      {{"doctor"}, {"--fix", "--dry-run"}},
      {{"trust"}, {"--dry-run", "-n"}},
      {{"branch"}, {"rename", "sync", "prune"}},
      {{"branch", "rename"}, {"NEW", "OLD", "--dry-run"}},
      {{"branch", "sync"}, {"--fix", "--dry-run"}},
      {{"branch", "prune"}, {"--merged", "--remote", "--force", "--dry-run"}},
      {{"notify"}, {"flush", "status", "test", "ci"}},
      {{"notify", "flush"}, {"--quiet", "--dry-run"}},
      {{"notify", "test"}, {"--dry-run", "--channel"}},
      {{"notify", "ci"}, {"--status", "--junit", "--url", "--dry-run"}},
      {{"digest"}, {"--since", "--until", "--post", "--dry-run"}},
      {{"init"}, {"DIR", "--template", "--from", "--ref", "--set", "--ci", "--name", "--remote", "--force", "--dry-run"}},
      {{"hook"}, {"NAME", "ARGS"}},
  };
  for (const auto& [words, flags] : cases) {
    std::vector<std::string> args = words;
    args.emplace_back("--help");
    const auto result = run_cli(args);
    INFO("warden " << words.front() << (words.size() > 1 ? " " + words.back() : std::string()) << " --help");
    CHECK(result.status == 0);
    CHECK(result.err.empty());
    for (const auto& flag : flags) {
      INFO(flag);
      CHECK(contains(result.out, flag));
    }
  }
}

TEST_CASE("main runs no action for --help", "[cli][commands]") {
  InTempDir here;
  // `init DIR --help` would create DIR if the action ran.
  const auto result = run_cli({"init", "newproject", "--help"});
  CHECK(result.status == 0);
  CHECK_FALSE(stdfs::exists(here.dir.path() / "newproject"));
}

TEST_CASE("main maps an error from a command to its exit code and a 'warden:' line", "[cli][commands]") {
  InTempDir here;
  // Outside any repository, `policy show` has no repository to read.
  test::ScopedEnv ceiling("GIT_CEILING_DIRECTORIES", here.dir.path().parent_path().string());
  test::ScopedEnv git_dir("GIT_DIR", std::nullopt);
  const auto result = run_cli({"policy", "show"});
  CHECK(result.status == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "warden: not a git repository (or any parent): " + here.dir.str() + "\n");
}

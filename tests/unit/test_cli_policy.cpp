#include "cli_runner.hpp"

#include "warden/core/embedded.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

using namespace warden;
using test::run_cli;

namespace {

struct InTempDir {
  test::TempDir dir;
  test::ScopedCwd cwd{dir.path()};
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir.path() / name, std::ios::binary) << text;
  }
};

std::string read_source_default() {
  std::ifstream in(WARDEN_TEST_SOURCE_DIR "/config/default.yml", std::ios::binary);
  REQUIRE(in);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

TEST_CASE("policy default prints the embedded default policy byte for byte", "[cli][policy]") {
  InTempDir here;
  const auto result = run_cli({"policy", "default"});
  CHECK(result.status == 0);
  CHECK(result.err.empty());
  CHECK(result.out == std::string(embedded::default_policy()));
  // The embedded text is config/default.yml as it is in the source tree.
  CHECK(result.out == read_source_default());
}

TEST_CASE("policy check accepts the default policy written to a file", "[cli][policy]") {
  InTempDir here;
  here.write("good.yml", std::string(embedded::default_policy()));
  const auto result = run_cli({"policy", "check", "good.yml"});
  CHECK(result.status == 0);
  CHECK(result.out == "good.yml: ok\n");
  CHECK(result.err.empty());
}

TEST_CASE("policy check names file:line:column of a duplicate key and exits 2", "[cli][policy]") {
  InTempDir here;
  here.write("dup.yml", "version: 1\nversion: 2\n");
  const auto result = run_cli({"policy", "check", "dup.yml"});
  CHECK(result.status == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "warden: dup.yml:2:1: duplicate key 'version'\n");
}

TEST_CASE("policy check names file:line:column of an unknown key and exits 2", "[cli][policy]") {
  InTempDir here;
  here.write("bad.yml", "version: 1\nfiles:\n  max-path-length: 200\n  no-such-key: true\n");
  const auto result = run_cli({"policy", "check", "bad.yml"});
  CHECK(result.status == 2);
  CHECK(result.out.empty());
  CHECK(result.err.rfind("warden: bad.yml:4:3: unknown key 'no-such-key' in 'files' (known keys: ", 0) == 0);
}

TEST_CASE("policy check names file:line:column of a YAML syntax error and exits 2", "[cli][policy]") {
  InTempDir here;
  here.write("broken.yml", "version: 1\nfiles: [a, b]]\n");
  const auto result = run_cli({"policy", "check", "broken.yml"});
  CHECK(result.status == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "warden: broken.yml:2:14: illegal flow end\n");
}

TEST_CASE("policy check of a file that does not exist exits 2 and names it", "[cli][policy]") {
  InTempDir here;
  const auto result = run_cli({"policy", "check", "missing.yml"});
  CHECK(result.status == 2);
  CHECK(result.err == "warden: missing.yml: cannot read the file\n");
}

TEST_CASE("policy check refuses a webhook URL in the policy", "[cli][policy]") {
  InTempDir here;
  here.write("leak.yml", "version: 1\n# https://discord.com/api/webhooks/1/abc\n");
  const auto result = run_cli({"policy", "check", "leak.yml"});
  CHECK(result.status == 2);
  CHECK(result.out.empty());
  CHECK(result.err == "leak.yml:2:3: a webhook URL in the policy file is a leaked secret; move it to "
                      "WARDEN_DISCORD_WEBHOOK or `git config warden.discord.webhook` and rotate it\n");
}

// install/hook_links: what is at <hooks dir>/<hook> and whose it is.
#include "warden/core/error.hpp"
#include "warden/install/hook_links.hpp"

#include "git_test_repo.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace warden;
using namespace warden::install;
using warden::test::ScopedEnv;
using warden::test::TempDir;
namespace stdfs = std::filesystem;

namespace {

void write_executable(const stdfs::path& path, unsigned mode = 0755) {
  fs::write_file_atomic(path, "#!/bin/sh\nexit 0\n", mode);
}

} // namespace

TEST_CASE("parse_hook_list", "[install]") {
  CHECK(parse_hook_list("pre-commit") == std::vector<std::string>{"pre-commit"});
  CHECK(parse_hook_list(" pre-commit , pre-push,,pre-commit ") ==
        std::vector<std::string>{"pre-commit", "pre-push"});
  CHECK(parse_hook_list("").empty());
  CHECK_THROWS_AS(parse_hook_list("pre-commit,pre-comit"), Fatal);
  try {
    parse_hook_list("pre-comit");
  } catch (const Fatal& e) {
    CHECK(e.exit_code() == 2);
    CHECK(std::string(e.what()).find("pre-comit") != std::string::npos);
  }
}

TEST_CASE("is_known_hook", "[install]") {
  CHECK(is_known_hook("pre-commit"));
  CHECK(is_known_hook("pre-receive"));
  CHECK(is_known_hook("reference-transaction"));
  CHECK_FALSE(is_known_hook("pre-commit.local"));
  CHECK_FALSE(is_known_hook(""));
}

TEST_CASE("is_warden_target", "[install]") {
  CHECK(is_warden_target("/usr/local/libexec/warden/pre-commit", "pre-commit"));
  CHECK(is_warden_target("/opt/x/stage/libexec/warden/pre-push", "pre-push"));
  CHECK(is_warden_target("/usr/libexec/warden/../warden/pre-push", "pre-push"));
  CHECK_FALSE(is_warden_target("/usr/local/libexec/warden/pre-push", "pre-commit"));
  CHECK_FALSE(is_warden_target("/usr/local/bin/pre-commit", "pre-commit"));
  CHECK_FALSE(is_warden_target("../pre-commit.sample", "pre-commit"));
}

TEST_CASE("inspect_hook", "[install]") {
  TempDir tmp;
  const auto libexec = tmp.path() / "prefix" / "libexec" / "warden";
  const auto hooks = tmp.path() / "hooks";
  stdfs::create_directories(hooks);
  write_executable(libexec / "pre-commit");
  ScopedEnv env("WARDEN_LIBEXEC_DIR", libexec.string());

  SECTION("missing") {
    const auto link = inspect_hook(hooks.string(), "pre-commit");
    CHECK(link.state == LinkState::missing);
    CHECK(link.binary == (libexec / "pre-commit").string());
    CHECK(link.binary_state == BinaryState::ok);
    CHECK_FALSE(link.has_local);
  }
  SECTION("installed, absolute or relative link") {
    stdfs::create_symlink(libexec / "pre-commit", hooks / "pre-commit");
    CHECK(inspect_hook(hooks.string(), "pre-commit").state == LinkState::installed);
    stdfs::remove(hooks / "pre-commit");
    stdfs::create_symlink("../prefix/libexec/warden/pre-commit", hooks / "pre-commit");
    CHECK(inspect_hook(hooks.string(), "pre-commit").state == LinkState::installed);
  }
  SECTION("another warden install") {
    const auto old = tmp.path() / "old" / "libexec" / "warden";
    write_executable(old / "pre-commit");
    stdfs::create_symlink(old / "pre-commit", hooks / "pre-commit");
    const auto link = inspect_hook(hooks.string(), "pre-commit");
    CHECK(link.state == LinkState::other_warden);
    CHECK(link.warden_target);
    CHECK(link.target == (old / "pre-commit").string());
  }
  SECTION("dangling") {
    stdfs::create_symlink(tmp.path() / "nowhere", hooks / "pre-commit");
    const auto link = inspect_hook(hooks.string(), "pre-commit");
    CHECK(link.state == LinkState::dangling);
    CHECK_FALSE(link.warden_target);
  }
  SECTION("foreign file and foreign link, with .local") {
    write_executable(hooks / "pre-commit");
    write_executable(hooks / "pre-commit.local");
    auto link = inspect_hook(hooks.string(), "pre-commit");
    CHECK(link.state == LinkState::foreign);
    CHECK(link.has_local);
    stdfs::remove(hooks / "pre-commit");
    write_executable(tmp.path() / "script");
    stdfs::create_symlink(tmp.path() / "script", hooks / "pre-commit");
    CHECK(inspect_hook(hooks.string(), "pre-commit").state == LinkState::foreign);
  }
  SECTION("binary missing or not executable") {
    CHECK(inspect_hook(hooks.string(), "pre-push").binary_state == BinaryState::missing);
    write_executable(libexec / "pre-push", 0644);
    CHECK(inspect_hook(hooks.string(), "pre-push").binary_state == BinaryState::not_executable);
  }
}

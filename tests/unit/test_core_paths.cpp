#include "git_test_repo.hpp"

#include "warden/core/paths.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include <unistd.h>

using namespace warden;
namespace stdfs = std::filesystem;

// WARDEN_TEST_BINARY_DIR and WARDEN_TEST_BINARY_NAME come from CMake
// (tests/CMakeLists.txt): where the build put this test binary.

namespace {

const stdfs::path k_build_dir = stdfs::weakly_canonical(WARDEN_TEST_BINARY_DIR);

// Run a copy of this test binary, installed as `exe` (a hook in a libexec
// dir), through `argv0`, and return what its probe test case wrote.
std::string probe_paths(const test::TempDir& dir, const stdfs::path& exe, const stdfs::path& argv0) {
  stdfs::create_directories(exe.parent_path());
  stdfs::copy_file(k_build_dir / WARDEN_TEST_BINARY_NAME, exe);
  stdfs::permissions(exe, stdfs::perms::owner_all);
  const auto report = dir.path() / "probe.txt";
  ProcessOptions options;
  options.stdin_data = std::string();
  // Empty counts as unset (core/paths.cpp): the defaults are under test.
  options.env = {{"WARDEN_PATHS_PROBE", report.string()}, {"WARDEN_LIBEXEC_DIR", ""}, {"WARDEN_BIN", ""}};
  const auto result = run_process({argv0.string(), "[.paths-probe]"}, options);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  std::ifstream in(report);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

// Not run by default: the child side of the tests below, which write what
// the library computes in the copied binary.
TEST_CASE("executable_dir probe", "[.paths-probe]") {
  const char* out = std::getenv("WARDEN_PATHS_PROBE");
  REQUIRE(out != nullptr);
  std::ofstream(out) << executable_dir() << "\n" << hook_binary_path("pre-push") << "\n" << warden_binary_path() << "\n";
}

TEST_CASE("executable_dir is the build directory of the test binary", "[core][paths]") {
  test::TempDir dir;
  const stdfs::path exe_dir = executable_dir();
  CHECK(exe_dir == k_build_dir);
  CHECK(stdfs::is_regular_file(exe_dir / WARDEN_TEST_BINARY_NAME));
}

TEST_CASE("executable_dir does not depend on the current directory", "[core][paths]") {
  test::TempDir dir;
  const auto old = stdfs::current_path();
  stdfs::current_path(dir.path());
  const stdfs::path exe_dir = executable_dir();
  stdfs::current_path(old);
  CHECK(exe_dir == k_build_dir);
}

TEST_CASE("hook_binary_path honours WARDEN_LIBEXEC_DIR", "[core][paths]") {
  test::TempDir dir;
  test::ScopedEnv libexec("WARDEN_LIBEXEC_DIR", "/opt/warden/libexec/warden");
  CHECK(hook_binary_path("pre-commit") == "/opt/warden/libexec/warden/pre-commit");
}

TEST_CASE("hook_binary_path defaults to <prefix>/libexec/warden", "[core][paths]") {
  test::TempDir dir;
  test::ScopedEnv libexec("WARDEN_LIBEXEC_DIR", std::nullopt);
  // This binary is in <build>/tests, so its prefix is <build>.
  CHECK(hook_binary_path("pre-push") == (k_build_dir.parent_path() / "libexec" / "warden" / "pre-push").string());
}

TEST_CASE("warden_binary_path honours WARDEN_BIN, else <prefix>/bin/warden", "[core][paths]") {
  test::TempDir dir;
  {
    test::ScopedEnv bin("WARDEN_BIN", "/opt/bin/warden");
    CHECK(warden_binary_path() == "/opt/bin/warden");
  }
  test::ScopedEnv bin("WARDEN_BIN", std::nullopt);
  CHECK(warden_binary_path() == (k_build_dir.parent_path() / "bin" / "warden").string());
}

TEST_CASE("executable_dir, hook_binary_path and warden_binary_path from a hook installed in libexec/warden",
          "[core][paths]") {
  test::TempDir dir;
  const auto prefix = dir.path() / "prefix";
  const auto exe = prefix / "libexec" / "warden" / "pre-commit";
  // Run through a .git/hooks symlink, as git does: the link resolves to the install.
  const auto link = dir.path() / "repo" / ".git" / "hooks" / "pre-commit";
  stdfs::create_directories(link.parent_path());
  stdfs::create_symlink(exe, link);
  const std::string expected = (prefix / "libexec" / "warden").string() + "\n" +
                               (prefix / "libexec" / "warden" / "pre-push").string() + "\n" +
                               (prefix / "bin" / "warden").string() + "\n";
  CHECK(probe_paths(dir, exe, link) == expected);
}

TEST_CASE("executable_dir, hook_binary_path and warden_binary_path from a binary in <prefix>/bin", "[core][paths]") {
  test::TempDir dir;
  const auto prefix = dir.path() / "usr";
  const auto exe = prefix / "bin" / "warden";
  const std::string expected = (prefix / "bin").string() + "\n" + (prefix / "libexec" / "warden" / "pre-push").string() +
                               "\n" + (prefix / "bin" / "warden").string() + "\n";
  CHECK(probe_paths(dir, exe, exe) == expected);
}

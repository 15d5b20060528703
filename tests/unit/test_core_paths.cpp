#include "git_test_repo.hpp"

#include "warden/core/paths.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace warden;
namespace stdfs = std::filesystem;

TEST_CASE("executable_dir is the directory of the running binary", "[core][paths]") {
  const auto exe = stdfs::read_symlink("/proc/self/exe");
  CHECK(executable_dir() == exe.parent_path().string());
}

TEST_CASE("hook_binary_path honours WARDEN_LIBEXEC_DIR", "[core][paths]") {
  test::ScopedEnv libexec("WARDEN_LIBEXEC_DIR", "/opt/warden/libexec/warden");
  CHECK(hook_binary_path("pre-commit") == "/opt/warden/libexec/warden/pre-commit");
}

TEST_CASE("hook_binary_path defaults to <prefix>/libexec/warden", "[core][paths]") {
  test::ScopedEnv libexec("WARDEN_LIBEXEC_DIR", std::nullopt);
  const stdfs::path dir = executable_dir();
  CHECK(hook_binary_path("pre-push") == (dir.parent_path() / "libexec" / "warden" / "pre-push").string());
}

TEST_CASE("warden_binary_path honours WARDEN_BIN, else <prefix>/bin/warden", "[core][paths]") {
  {
    test::ScopedEnv bin("WARDEN_BIN", "/opt/bin/warden");
    CHECK(warden_binary_path() == "/opt/bin/warden");
  }
  test::ScopedEnv bin("WARDEN_BIN", std::nullopt);
  const stdfs::path dir = executable_dir();
  CHECK(warden_binary_path() == (dir.parent_path() / "bin" / "warden").string());
}

TEST_CASE("paths resolve from a binary inside libexec/warden through a symlink", "[core][paths]") {
  // A copy of `true`-like program is not at hand; run the unit test binary
  // itself through a hooks-style symlink and ask it for executable_dir via
  // /proc: the kernel resolves the link, as for a hook in .git/hooks.
  test::TempDir dir;
  const auto libexec = dir.path() / "prefix" / "libexec" / "warden";
  stdfs::create_directories(libexec);
  stdfs::copy_file("/bin/readlink", libexec / "pre-commit");
  stdfs::permissions(libexec / "pre-commit", stdfs::perms::owner_all);
  stdfs::create_directories(dir.path() / "repo" / ".git" / "hooks");
  stdfs::create_symlink(libexec / "pre-commit", dir.path() / "repo" / ".git" / "hooks" / "pre-commit");
  auto result = run_process({(dir.path() / "repo" / ".git" / "hooks" / "pre-commit").string(), "/proc/self/exe"});
  CHECK(result.out == (libexec / "pre-commit").string() + "\n");
}

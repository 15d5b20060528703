// install_hooks_main on real repositories, with fake hook binaries
// (WARDEN_LIBEXEC_DIR) so the test needs no installed warden.
#include "warden/core/fs.hpp"
#include "warden/install/install_hooks.hpp"

#include "git_test_repo.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

using namespace warden;
using warden::test::ScopedEnv;
using warden::test::TestRepo;
namespace stdfs = std::filesystem;

namespace {

int install_hooks(std::vector<std::string> args) {
  args.insert(args.begin(), "install-hooks");
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return install_hooks_main(static_cast<int>(args.size()), argv.data());
}

stdfs::path make_libexec(const stdfs::path& tmp) {
  const auto libexec = tmp / "prefix" / "libexec" / "warden";
  for (const char* hook : {"pre-commit", "commit-msg", "pre-push", "post-merge", "pre-receive"}) {
    fs::write_file_atomic(libexec / hook, "#!/bin/sh\nexit 0\n", 0755);
  }
  return libexec;
}

std::string link_of(const stdfs::path& path) {
  std::error_code ec;
  return stdfs::read_symlink(path, ec).string();
}

} // namespace

TEST_CASE("install_hooks_main links, is idempotent and uninstalls", "[install]") {
  TestRepo repo;
  const auto libexec = make_libexec(repo.tmp());
  ScopedEnv env("WARDEN_LIBEXEC_DIR", libexec.string());
  const auto hooks = repo.root() / ".git" / "hooks";
  fs::write_file_atomic(hooks / "pre-push", "#!/bin/sh\necho foreign\n", 0755);

  REQUIRE(install_hooks({"--repo", repo.root().string()}) == 0);
  CHECK(link_of(hooks / "pre-commit") == (libexec / "pre-commit").string());
  CHECK(link_of(hooks / "pre-push") == (libexec / "pre-push").string());
  CHECK(link_of(hooks / "post-merge") == (libexec / "post-merge").string());
  CHECK(fs::read_file(hooks / "pre-push.local") == std::optional<std::string>("#!/bin/sh\necho foreign\n"));
  CHECK_FALSE(stdfs::exists(hooks / "pre-receive"));

  REQUIRE(install_hooks({"--repo", repo.root().string()}) == 0);
  CHECK(link_of(hooks / "pre-commit") == (libexec / "pre-commit").string());

  REQUIRE(install_hooks({"--repo", repo.root().string(), "--uninstall"}) == 0);
  CHECK_FALSE(stdfs::exists(stdfs::symlink_status(hooks / "pre-commit")));
  CHECK_FALSE(stdfs::exists(stdfs::symlink_status(hooks / "pre-push.local")));
  CHECK_FALSE(stdfs::is_symlink(hooks / "pre-push"));
  CHECK(fs::read_file(hooks / "pre-push") == std::optional<std::string>("#!/bin/sh\necho foreign\n"));
}

TEST_CASE("install_hooks_main --dry-run changes nothing", "[install]") {
  TestRepo repo;
  ScopedEnv env("WARDEN_LIBEXEC_DIR", make_libexec(repo.tmp()).string());
  REQUIRE(install_hooks({"--repo", repo.root().string(), "--dry-run"}) == 0);
  CHECK_FALSE(stdfs::exists(stdfs::symlink_status(repo.root() / ".git" / "hooks" / "pre-commit")));
}

TEST_CASE("install_hooks_main --hooks and errors", "[install]") {
  TestRepo repo;
  ScopedEnv env("WARDEN_LIBEXEC_DIR", make_libexec(repo.tmp()).string());
  const auto hooks = repo.root() / ".git" / "hooks";
  CHECK(install_hooks({"--repo", repo.root().string(), "--hooks", "pre-push"}) == 0);
  CHECK(stdfs::is_symlink(hooks / "pre-push"));
  CHECK_FALSE(stdfs::exists(stdfs::symlink_status(hooks / "pre-commit")));
  CHECK(install_hooks({"--repo", repo.root().string(), "--hooks", "nonsense"}) == 2);
  CHECK(install_hooks({"--repo", repo.root().string(), "--hooks", "post-checkout"}) == 1);
  CHECK(install_hooks({"--repo", (repo.tmp() / "missing").string()}) == 2);
  CHECK(install_hooks({"--repo", repo.tmp().string()}) == 2);
  CHECK(install_hooks({"--unknown-flag"}) == 2);
}

TEST_CASE("install_hooks_main in a bare repository links pre-receive", "[install]") {
  TestRepo repo("--bare");
  ScopedEnv env("WARDEN_LIBEXEC_DIR", make_libexec(repo.tmp()).string());
  REQUIRE(install_hooks({"--repo", repo.root().string()}) == 0);
  CHECK(stdfs::is_symlink(repo.root() / "hooks" / "pre-receive"));
  CHECK_FALSE(stdfs::exists(stdfs::symlink_status(repo.root() / "hooks" / "pre-commit")));
}

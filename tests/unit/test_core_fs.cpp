#include "git_test_repo.hpp"

#include "warden/core/fs.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include <sys/stat.h>

using namespace warden;
namespace stdfs = std::filesystem;

namespace {

// The bytes of `path`, read without the library (fs::read_file is under test too).
std::string bytes_of(const stdfs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

TEST_CASE("write_file_atomic creates parents, writes, and applies the mode", "[core][fs]") {
  test::TempDir dir;
  const auto path = dir.path() / "a" / "b" / "file.txt";
  fs::write_file_atomic(path, "hello", 0755);
  CHECK(bytes_of(path) == "hello");
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0755);

  fs::write_file_atomic(path, std::string("bin\0ary", 7));
  CHECK(bytes_of(path) == std::string("bin\0ary", 7));
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0644);
  // No temporary file is left behind.
  CHECK(std::distance(stdfs::directory_iterator(path.parent_path()), stdfs::directory_iterator()) == 1);
}

TEST_CASE("write_file_atomic replaces a symlink rather than writing through it", "[core][fs]") {
  test::TempDir dir;
  fs::write_file_atomic(dir.path() / "target", "old");
  stdfs::create_symlink("target", dir.path() / "link");
  fs::write_file_atomic(dir.path() / "link", "new");
  CHECK(bytes_of(dir.path() / "target") == "old");
  CHECK_FALSE(stdfs::is_symlink(dir.path() / "link"));
  CHECK(bytes_of(dir.path() / "link") == "new");
}

TEST_CASE("write_file_atomic throws Error when the directory is not writable", "[core][fs]") {
  test::TempDir dir;
  fs::write_file_atomic(dir.path() / "file", "x");
  // A regular file where a parent directory should be.
  CHECK_THROWS_AS(fs::write_file_atomic(dir.path() / "file" / "child", "x"), Error);
}

TEST_CASE("read_file returns nullopt for missing files and directories", "[core][fs]") {
  test::TempDir dir;
  std::ofstream(dir.path() / "plain", std::ios::binary) << std::string("a\0b\n", 4);
  CHECK(fs::read_file(dir.path() / "plain").value() == std::string("a\0b\n", 4));
  CHECK_FALSE(fs::read_file(dir.path() / "missing").has_value());
  CHECK_FALSE(fs::read_file(dir.path()).has_value());
  fs::write_file_atomic(dir.path() / "empty", "");
  CHECK(fs::read_file(dir.path() / "empty").value().empty());
}

TEST_CASE("symlink_atomic creates and replaces links", "[core][fs]") {
  test::TempDir dir;
  const auto link = dir.path() / "hooks" / "pre-commit";
  fs::symlink_atomic("/usr/bin/one", link);
  CHECK(stdfs::read_symlink(link) == "/usr/bin/one");
  fs::symlink_atomic("/usr/bin/two", link);
  CHECK(stdfs::read_symlink(link) == "/usr/bin/two");
  // Over a regular file too.
  fs::write_file_atomic(dir.path() / "plain", "x");
  fs::symlink_atomic("target", dir.path() / "plain");
  CHECK(stdfs::read_symlink(dir.path() / "plain") == "target");
  CHECK(std::distance(stdfs::directory_iterator(link.parent_path()), stdfs::directory_iterator()) == 1);
}

TEST_CASE("rename moves files and names both paths on failure", "[core][fs]") {
  test::TempDir dir;
  fs::write_file_atomic(dir.path() / "from", "x");
  fs::rename(dir.path() / "from", dir.path() / "to");
  CHECK(bytes_of(dir.path() / "to") == "x");
  CHECK_FALSE(stdfs::exists(dir.path() / "from"));
  try {
    fs::rename(dir.path() / "from", dir.path() / "to2");
    FAIL("no error");
  } catch (const Error& e) {
    const std::string message = e.what();
    CHECK(message.find((dir.path() / "from").string()) != std::string::npos);
    CHECK(message.find((dir.path() / "to2").string()) != std::string::npos);
  }
}

TEST_CASE("absolute_from resolves relative paths against the base", "[core][fs]") {
  test::TempDir dir;
  CHECK(fs::absolute_from("/repo", ".git/index") == stdfs::path("/repo/.git/index"));
  CHECK(fs::absolute_from("/repo", "/abs/next-index.lock") == stdfs::path("/abs/next-index.lock"));
  CHECK(fs::absolute_from("/repo/sub", "../hooks") == stdfs::path("/repo/hooks"));
  CHECK(fs::absolute_from("/repo", "hooks/") == stdfs::path("/repo/hooks"));
  CHECK(fs::absolute_from("/repo", ".") == stdfs::path("/repo"));
  CHECK(fs::absolute_from("/repo", "./a/./b") == stdfs::path("/repo/a/b"));
  const auto relative = fs::absolute_from(".", "x");
  CHECK(relative.is_absolute());
  CHECK(relative == stdfs::current_path() / "x");
}

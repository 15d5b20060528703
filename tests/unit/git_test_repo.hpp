#pragma once
// Test fixtures for the git and core unit tests: a fresh temporary directory
// per test and a `git` runner isolated from the user's configuration.
#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/core/process.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace warden::test {

namespace stdfs = std::filesystem;

// A fresh directory under $TMPDIR, removed afterwards unless
// WARDEN_KEEP_TEST_DIRS is set (then its path is printed).
class TempDir {
public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/warden-unit.XXXXXX";
    if (!::mkdtemp(pattern.data())) throw Error("mkdtemp failed");
    m_path = stdfs::canonical(pattern);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    if (std::getenv("WARDEN_KEEP_TEST_DIRS")) {
      WARN("test directory kept: " << m_path.string());
      return;
    }
    std::error_code ec;
    stdfs::remove_all(m_path, ec);
  }
  const stdfs::path& path() const { return m_path; }
  std::string str() const { return m_path.string(); }

private:
  stdfs::path m_path;
};

// Set (or unset, with nullopt) an environment variable for one scope.
class ScopedEnv {
public:
  ScopedEnv(std::string name, std::optional<std::string> value) : m_name(std::move(name)) {
    if (const char* old = std::getenv(m_name.c_str())) m_old = old;
    if (value) ::setenv(m_name.c_str(), value->c_str(), 1);
    else ::unsetenv(m_name.c_str());
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  ~ScopedEnv() {
    if (m_old) ::setenv(m_name.c_str(), m_old->c_str(), 1);
    else ::unsetenv(m_name.c_str());
  }

private:
  std::string m_name;
  std::optional<std::string> m_old;
};

// Options for a git run that ignores the user's and the system's config.
inline ProcessOptions isolated_git_options(const stdfs::path& home, std::map<std::string, std::string> extra = {}) {
  ProcessOptions options;
  options.clear_git_env = true;
  options.stdin_data = std::string(); // never wait on the terminal
  options.env = {
    {"HOME", home.string()},
    {"XDG_CONFIG_HOME", (home / ".config").string()},
    {"GIT_CONFIG_NOSYSTEM", "1"},
    {"GIT_AUTHOR_NAME", "Test"},
    {"GIT_AUTHOR_EMAIL", "test@example.com"},
    {"GIT_COMMITTER_NAME", "Test"},
    {"GIT_COMMITTER_EMAIL", "test@example.com"},
    {"GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z"},
    {"GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z"},
  };
  for (auto& [k, v] : extra) options.env[k] = v;
  return options;
}

// A scratch repository at <tmp>/repo, initialised on `main`.
class TestRepo {
public:
  explicit TestRepo(const std::string& init_flags = "") {
    m_root = m_tmp.path() / "repo";
    stdfs::create_directories(m_root);
    std::vector<std::string> args{"init", "-q", "-b", "main"};
    if (!init_flags.empty()) args.push_back(init_flags);
    args.push_back(m_root.string());
    git_in(m_tmp.path(), args);
  }
  const stdfs::path& root() const { return m_root; }
  const stdfs::path& tmp() const { return m_tmp.path(); }

  // Run git in the repository; REQUIREs success. Returns stdout.
  std::string git(const std::vector<std::string>& args, std::map<std::string, std::string> env = {}) const {
    return git_in(m_root, args, std::move(env));
  }
  std::string git_in(const stdfs::path& cwd, const std::vector<std::string>& args,
                     std::map<std::string, std::string> env = {}) const {
    auto result = run_git(args, cwd.string(), false, isolated_git_options(m_tmp.path(), std::move(env)));
    INFO("git " << (args.empty() ? "" : args[0]) << ": " << result.err);
    REQUIRE(result.exit_code == 0);
    return result.out;
  }
  void write(const std::string& path, const std::string& contents) const {
    fs::write_file_atomic(m_root / path, contents);
  }
  void add(const std::vector<std::string>& paths) const {
    std::vector<std::string> args{"add", "--"};
    args.insert(args.end(), paths.begin(), paths.end());
    git(args);
  }
  void commit(const std::string& message = "commit") const { git({"commit", "-q", "--no-verify", "-m", message}); }

private:
  TempDir m_tmp;
  stdfs::path m_root;
};

} // namespace warden::test

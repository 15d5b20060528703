#pragma once
// Fixtures for the branch unit tests: a bare remote with a clone of it, the
// git environment isolated from the user's, and output captured in memory.
#include "git_test_repo.hpp"

#include "warden/git/repository.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace warden::test {

// A FILE* whose contents can be read back (open_memstream).
class Capture {
public:
  Capture() : m_file(::open_memstream(&m_buffer, &m_size)) {}
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;
  ~Capture() {
    std::fclose(m_file);
    std::free(m_buffer);
  }
  std::FILE* file() const { return m_file; }
  std::string str() const {
    std::fflush(m_file);
    return std::string(m_buffer, m_size);
  }

private:
  char* m_buffer = nullptr;
  std::size_t m_size = 0;
  std::FILE* m_file;
};

// <tmp>/repo is a bare remote; <tmp>/clone a clone of it on `main` with one
// commit pushed and origin/HEAD set. git run by the code under test sees the
// same isolated configuration.
class RemoteAndClone {
public:
  RemoteAndClone()
    : m_remote("--bare"),
      m_home("HOME", m_remote.tmp().string()),
      m_nosystem("GIT_CONFIG_NOSYSTEM", "1"),
      m_name("GIT_COMMITTER_NAME", "Test"),
      m_email("GIT_COMMITTER_EMAIL", "test@example.com"),
      m_skip("WARDEN_SKIP", std::nullopt) {
    m_clone = m_remote.tmp() / "clone";
    m_remote.git_in(m_remote.tmp(), {"clone", "-q", m_remote.root().string(), m_clone.string()});
    write("README.md", "# test\n");
    git({"add", "README.md"});
    git({"commit", "-q", "--no-verify", "-m", "initial"});
    git({"push", "-q", "-u", "origin", "main"});
    git({"remote", "set-head", "origin", "main"});
  }

  const stdfs::path& clone() const { return m_clone; }
  const stdfs::path& remote() const { return m_remote.root(); }
  const stdfs::path& tmp() const { return m_remote.tmp(); }

  std::string git(const std::vector<std::string>& args) const { return m_remote.git_in(m_clone, args); }
  std::string git_in(const stdfs::path& dir, const std::vector<std::string>& args) const {
    return m_remote.git_in(dir, args);
  }
  // Exit status of git in the clone (no REQUIRE).
  int git_status(const std::vector<std::string>& args) const {
    return run_git(args, m_clone.string(), false, isolated_git_options(tmp())).exit_code;
  }
  void write(const std::string& path, const std::string& contents) const {
    fs::write_file_atomic(m_clone / path, contents);
  }
  // A new branch `name` from main with one commit, pushed with upstream when `push`.
  void work(const std::string& name, bool push = true) const {
    git({"checkout", "-q", "-b", name, "main"});
    write("w-" + std::to_string(m_counter++) + ".txt", name + "\n");
    git({"add", "."});
    git({"commit", "-q", "--no-verify", "-m", "work on " + name});
    if (push) git({"push", "-q", "-u", "origin", name});
    git({"checkout", "-q", "main"});
  }
  bool has_ref(const std::string& ref) const { return git_status({"rev-parse", "-q", "--verify", ref}) == 0; }
  std::string oid(const std::string& rev) const {
    auto out = git({"rev-parse", rev});
    return out.substr(0, out.find('\n'));
  }
  git::Repository open() const {
    git::ensure_libgit2();
    return git::Repository::open(m_clone.string());
  }

private:
  TestRepo m_remote;
  ScopedEnv m_home, m_nosystem, m_name, m_email, m_skip;
  stdfs::path m_clone;
  mutable int m_counter = 0;
};

} // namespace warden::test

#pragma once
// Helpers for the native reader's tests: open a repository from a given
// directory and environment (as git runs a hook), and compare with the git
// executable's answers.
#include "git_test_repo.hpp"
#include "warden/git/native/object_store.hpp"
#include "warden/git/native/repository.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace warden::test {

inline std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

inline git_oid oid(const std::string& hex) {
  auto id = git::native::oid_from_hex(trimmed(hex));
  REQUIRE(id);
  return *id;
}

inline std::string hex(const git_oid& id) { return git::native::oid_to_hex(id); }

// The hook environment for one scope: the cwd, the git variables a hook
// may see (unset unless given), HOME and the config isolated as the test
// repositories' git runs are.
class HookScope {
public:
  HookScope(const stdfs::path& cwd, const stdfs::path& home, std::map<std::string, std::string> env = {}) {
    for (const char* name : {"GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY",
                             "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_QUARANTINE_PATH", "GIT_INDEX_FILE",
                             "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT"}) {
      auto it = env.find(name);
      m_env.push_back(std::make_unique<ScopedEnv>(name, it == env.end() ? std::nullopt
                                                                        : std::optional<std::string>(it->second)));
    }
    m_env.push_back(std::make_unique<ScopedEnv>("HOME", home.string()));
    m_env.push_back(std::make_unique<ScopedEnv>("XDG_CONFIG_HOME", (home / ".config").string()));
    m_env.push_back(std::make_unique<ScopedEnv>("GIT_CONFIG_NOSYSTEM", "1"));
    m_env.push_back(std::make_unique<ScopedEnv>("GIT_CONFIG_GLOBAL", std::nullopt));
    m_old = stdfs::current_path();
    stdfs::current_path(cwd);
  }
  HookScope(const HookScope&) = delete;
  HookScope& operator=(const HookScope&) = delete;
  ~HookScope() { stdfs::current_path(m_old); }

private:
  std::vector<std::unique_ptr<ScopedEnv>> m_env;
  stdfs::path m_old;
};

// `git for-each-ref` as a list of (name, id) in git's order.
inline std::vector<std::pair<std::string, std::string>> git_refs(const TestRepo& repo, const stdfs::path& cwd,
                                                                  const std::string& prefix) {
  std::istringstream lines(repo.git_in(cwd, {"for-each-ref", "--format=%(refname) %(objectname)", prefix}));
  std::vector<std::pair<std::string, std::string>> refs;
  std::string name, id;
  while (lines >> name >> id) refs.emplace_back(name, id);
  return refs;
}

inline std::vector<std::pair<std::string, std::string>> native_refs(const git::native::NativeRepository& repo,
                                                                     const std::string& prefix) {
  std::vector<std::pair<std::string, std::string>> refs;
  for (const auto& ref : repo.refs(prefix)) refs.emplace_back(ref.name, hex(ref.id));
  return refs;
}

} // namespace warden::test

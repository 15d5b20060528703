#pragma once
// The repository facts of git::RepoFacts read from git's files directly
// (repo_files.hpp), for the pre-commit binary, which links no libgit2.
#include "warden/git/config_read.hpp"
#include "warden/git/native/repo_files.hpp"

#include <optional>
#include <string>

namespace warden::git::native {

class NativeRepository final : public RepoFacts {
public:
  // Open the non-bare repository a hook runs in (locate_repository), its
  // config and HEAD; nullopt when any of them is beyond this reader.
  static std::optional<NativeRepository> open();

  bool is_bare() const override { return false; }
  std::string worktree_root() const override { return m_paths.worktree; }
  std::string git_dir() const override { return m_paths.git_dir; }
  std::string hooks_dir() const override;
  std::optional<std::string> head_branch() const override { return m_head.branch; }
  std::optional<std::string> config_string(const std::string& key) const override { return m_config.get(key); }
  // Throws Error: this reader does not write (only `warden trust` writes).
  void set_local_config(const std::string& key, const std::string& value) const override;

  const RepoPaths& paths() const { return m_paths; }
  // HEAD's commit; nullopt when unborn.
  const std::optional<git_oid>& head_commit() const { return m_head.commit; }

private:
  NativeRepository(RepoPaths paths, ConfigValues config, HeadState head)
    : m_paths(std::move(paths)), m_config(std::move(config)), m_head(std::move(head)) {}
  RepoPaths m_paths;
  ConfigValues m_config;
  HeadState m_head;
};

} // namespace warden::git::native

#pragma once
// The repository facts that code above git/ reads (where the repository
// is, where its hooks are, HEAD's branch, config values), whichever reader
// provides them: Repository (libgit2) or native::NativeRepository (git's
// files, for the pre-commit binary). Narrow on purpose: no handle crosses it,
// and code written against it links no libgit2.
#include <optional>
#include <string>

namespace warden::git {

class RepoFacts {
public:
  virtual ~RepoFacts() = default;

  virtual bool is_bare() const = 0;
  virtual std::string worktree_root() const = 0; // no trailing '/'; empty when bare
  virtual std::string git_dir() const = 0;       // no trailing '/'
  // The hooks directory git really uses (core.hooksPath, else <common dir>/hooks).
  virtual std::string hooks_dir() const = 0;
  // HEAD's branch short name ("main"), nullopt when detached.
  virtual std::optional<std::string> head_branch() const = 0;

  // The value of `key` ("section.name", "section.sub.name") as git would
  // read it; nullopt when unset.
  virtual std::optional<std::string> config_string(const std::string& key) const = 0;
  // Set `key` in the repository's own config file (never the global one).
  // Throws Error when this reader cannot write.
  virtual void set_local_config(const std::string& key, const std::string& value) const = 0;

protected:
  RepoFacts() = default;
  RepoFacts(const RepoFacts&) = default;
  RepoFacts(RepoFacts&&) = default;
  RepoFacts& operator=(const RepoFacts&) = default;
  RepoFacts& operator=(RepoFacts&&) = default;
};

} // namespace warden::git

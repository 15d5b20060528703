#pragma once
// git's files ref store read directly (docs/native-reader.md): loose refs
// (one file per ref under <common dir>/refs, the per-worktree ones and the
// pseudo-refs under the git dir) and packed-refs, a loose ref winning over
// a packed one. The packed-refs file is mapped the first time a ref is not
// found loose, and searched in place when its header says it is sorted.
#include "warden/git/reader.hpp"

#include <git2/oid.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden::git::native {

class RefStore {
public:
  // Both absolute, no trailing '/'; equal outside linked worktrees.
  RefStore(std::string git_dir, std::string common_dir);
  ~RefStore();
  RefStore(const RefStore&) = delete;
  RefStore& operator=(const RefStore&) = delete;

  // What `name` points at (symbolic refs followed up to 5 levels, as git
  // does); nullopt when missing, dangling or not a ref name. FETCH_HEAD is
  // its first line's id. Throws BeyondReader for a ref file or packed-refs
  // line this reader cannot parse.
  std::optional<git_oid> id(const std::string& name) const;
  // The target of the symbolic ref `name`; nullopt when missing or direct.
  std::optional<std::string> symbolic_target(const std::string& name) const;
  // Every ref under refs/ whose full name starts with `prefix`, sorted by
  // name, symbolic ones listed with their target's id, dangling ones left out
  // (as `git for-each-ref` lists them).
  std::vector<NamedRef> list(const std::string& prefix) const;

  // Whether packed-refs was read (for the tests of the laziness).
  bool packed_loaded() const;

private:
  struct Value {
    enum class Kind { missing, direct, symbolic } kind = Kind::missing;
    git_oid id{};
    std::string target;
  };
  struct Packed;
  Value value(const std::string& name) const;
  std::optional<Value> loose(const std::string& name) const;
  std::string loose_path(const std::string& name) const;
  Packed& packed() const;
  std::optional<git_oid> follow(Value value, int depth) const;

  std::string m_git_dir;
  std::string m_common_dir;
  mutable std::unique_ptr<Packed> m_packed;
};

// True for the refs git keeps per worktree (refs/bisect/, refs/worktree/,
// refs/rewritten/) and for pseudo-refs (HEAD, ORIG_HEAD, ...).
bool is_per_worktree_ref(std::string_view name);

} // namespace warden::git::native

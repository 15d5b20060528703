#pragma once
// Scoped policies (docs/monorepo.md): a `.warden.yml` in a subdirectory D
// sets `files:` and `commands:` for the paths under D. Nearest wins; keys it
// leaves out are inherited from the enclosing policy; a list replaces the
// inherited list; its globs, `required` paths and `{files}` are relative to
// D and its commands run in D.
#include "warden/config/policy.hpp"
#include "warden/git/tree_view.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace warden {

inline constexpr std::string_view k_policy_file_name = ".warden.yml";

// Parse the scoped policy `file` (repository-relative, ".../.warden.yml")
// over `enclosing`, its enclosing effective policy. Only `files:` and
// `commands:` are allowed: any other key is a PolicyError naming
// FILE:LINE:COLUMN.
Policy parse_scoped_policy(const Policy& enclosing, std::string_view text, const std::string& file);

// True when the repository-relative `path` is a scoped policy file (a
// `.warden.yml` below the root).
bool is_scoped_policy_path(std::string_view path);

// The scoped policy files among `entries` (a tree or the index), in order.
// Regular files only. On a partial listing (git/tree_diff.hpp) the files
// inside an unopened subtree are not among them: they govern only paths
// this change leaves as they were, which no scope judges (docs/tree-diff.md).
std::vector<std::string> scoped_policy_files(const std::vector<git::TreeEntry>& entries);

// Every scoped policy of one tree over its root policy. Files are read and
// parsed on first use (a commit that touches one directory parses only
// the policies on its way up), so an unused broken file blocks only the
// commits that touch its directory, itself included.
class PolicyScopes {
public:
  using Reader = std::function<std::optional<std::string>(const std::string& file)>;

  struct Scope {
    std::string dir;  // "services/api"
    std::string file; // "services/api/.warden.yml"
    int parent = -1;  // index of the enclosing scope; -1: the root policy
  };

  // `root` must outlive this. `files`: repository-relative scoped policy
  // files; `read` returns a file's text (nullopt: absent, the scope is
  // ignored).
  PolicyScopes(const Policy& root, std::vector<std::string> files, Reader read);

  bool empty() const { return m_scopes.empty(); }
  const std::vector<Scope>& scopes() const { return m_scopes; }
  const Policy& root() const { return *m_root; }

  // The scope of the repository-relative `path`: the nearest enclosing
  // scoped policy; -1 for the root policy.
  int scope_of(std::string_view path) const;

  // The effective policy of scope `index` (-1: the root). Throws PolicyError.
  const Policy& policy(int index) const;

  // True when `source` (a value of Policy::sources) is a scoped policy file.
  bool is_scoped_file(std::string_view source) const { return m_files.count(std::string(source)) != 0; }

  // Parse every scope now (policy check, trust). Throws PolicyError.
  void load_all() const;

private:
  const Policy* m_root;
  std::vector<Scope> m_scopes;          // sorted by dir
  std::set<std::string> m_files;
  Reader m_read;
  mutable std::vector<std::unique_ptr<Policy>> m_policies;
  mutable std::vector<bool> m_absent;
};

// The hash trust records for the commands the scoped policies themselves
// set (each scope's own `commands.pre-commit`, with its file and
// directory); "" when they set none. Parses every scope.
std::string scoped_commands_hash(const PolicyScopes& scopes);

// Scoped policies of `entries`, read from the worktree at `worktree_root`.
PolicyScopes worktree_scopes(const Policy& root, const std::vector<git::TreeEntry>& entries,
                             const std::string& worktree_root);

// Scoped policies of `entries`, read from their blobs through `blobs`.
PolicyScopes tree_scopes(const Policy& root, const std::vector<git::TreeEntry>& entries, git::BlobReader& blobs);

} // namespace warden

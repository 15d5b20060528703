// Scoped policies (docs/monorepo.md): which `.warden.yml` files a tree
// holds, which of them owns a path, and each one's effective policy, parsed
// on first use over its enclosing one (config/load.cpp parses).
#include "warden/config/scoped.hpp"

#include "warden/core/fs.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

namespace warden {

bool is_scoped_policy_path(std::string_view path) {
  const std::size_t n = k_policy_file_name.size();
  return path.size() > n + 1 && path[path.size() - n - 1] == '/' && path.substr(path.size() - n) == k_policy_file_name;
}

std::vector<std::string> scoped_policy_files(const std::vector<git::TreeEntry>& entries) {
  std::vector<std::string> files;
  for (const git::TreeEntry& entry : entries) {
    // A cheap test first: one pass over every path of a large index.
    const std::string& path = entry.path;
    if (path.size() <= k_policy_file_name.size() || path.back() != 'l') continue;
    const std::uint32_t type = entry.mode & 0170000;
    if (type != 0100000) continue; // a regular file, not a symlink or a submodule
    if (is_scoped_policy_path(path)) files.push_back(path);
  }
  return files;
}

PolicyScopes::PolicyScopes(const Policy& root, std::vector<std::string> files, Reader read)
  : m_root(&root), m_read(std::move(read)) {
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  for (std::string& file : files) {
    if (!is_scoped_policy_path(file)) continue;
    Scope scope;
    scope.dir = file.substr(0, file.size() - k_policy_file_name.size() - 1);
    scope.file = file;
    m_files.insert(file);
    m_scopes.push_back(std::move(scope));
  }
  // Sorted by dir, a parent comes before its children ("a" < "a/b"); the
  // enclosing scope is the nearest earlier one whose dir is a prefix.
  std::sort(m_scopes.begin(), m_scopes.end(), [](const Scope& a, const Scope& b) { return a.dir < b.dir; });
  for (std::size_t i = 0; i < m_scopes.size(); ++i) {
    const std::string parent_dir = m_scopes[i].dir.substr(0, m_scopes[i].dir.rfind('/') == std::string::npos
                                                                 ? 0
                                                                 : m_scopes[i].dir.rfind('/'));
    m_scopes[i].parent = parent_dir.empty() ? -1 : scope_of(parent_dir + "/");
  }
  m_policies.resize(m_scopes.size());
  m_absent.assign(m_scopes.size(), false);
}

int PolicyScopes::scope_of(std::string_view path) const {
  // Walk up the directories of `path`, nearest first.
  std::size_t end = path.size();
  while (end != 0 && end != std::string_view::npos) {
    const std::size_t slash = path.rfind('/', end - 1);
    if (slash == std::string_view::npos) break;
    const std::string_view dir = path.substr(0, slash);
    const auto it = std::lower_bound(m_scopes.begin(), m_scopes.end(), dir,
                                     [](const Scope& s, std::string_view d) { return std::string_view(s.dir) < d; });
    if (it != m_scopes.end() && it->dir == dir) return static_cast<int>(it - m_scopes.begin());
    end = slash;
  }
  return -1;
}

const Policy& PolicyScopes::policy(int index) const {
  if (index < 0 || static_cast<std::size_t>(index) >= m_scopes.size()) return *m_root;
  const auto i = static_cast<std::size_t>(index);
  if (m_policies[i]) return *m_policies[i];
  if (m_absent[i]) return policy(m_scopes[i].parent);
  const Policy& enclosing = policy(m_scopes[i].parent);
  const auto text = m_read ? m_read(m_scopes[i].file) : std::nullopt;
  if (!text) {
    m_absent[i] = true;
    return enclosing;
  }
  m_policies[i] = std::make_unique<Policy>(parse_scoped_policy(enclosing, *text, m_scopes[i].file));
  return *m_policies[i];
}

void PolicyScopes::load_all() const {
  for (std::size_t i = 0; i < m_scopes.size(); ++i) policy(static_cast<int>(i));
}

PolicyScopes worktree_scopes(const Policy& root, const std::vector<git::TreeEntry>& entries,
                             const std::string& worktree_root) {
  if (worktree_root.empty()) return PolicyScopes(root, {}, {});
  return PolicyScopes(root, scoped_policy_files(entries), [worktree_root](const std::string& file) {
    return fs::read_file(std::filesystem::path(worktree_root) / file);
  });
}

PolicyScopes tree_scopes(const Policy& root, const std::vector<git::TreeEntry>& entries, git::BlobReader& blobs) {
  std::vector<std::string> files = scoped_policy_files(entries);
  std::map<std::string, git_oid> oids;
  if (!files.empty())
    for (const git::TreeEntry& entry : entries)
      if ((entry.mode & 0170000) == 0100000 && is_scoped_policy_path(entry.path)) oids.emplace(entry.path, entry.oid);
  return PolicyScopes(root, std::move(files), [oids = std::move(oids), &blobs](const std::string& file) {
    const auto it = oids.find(file);
    return it == oids.end() ? std::nullopt : blobs.contents(it->second, 1u << 20);
  });
}

} // namespace warden

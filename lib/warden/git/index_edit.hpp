#pragma once
// Editing the index `warden fix` repairs (docs/fix.md): one index opened,
// edited in memory, written once through git's lock file
// (`<index>.lock`, renamed over the index), so a failure leaves the old
// index whole. Also how a worktree file compares with its index entry,
// which a repair needs before it renames or removes anything.
#include "warden/git/repository.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden::git {

struct IndexEntryInfo {
  std::string path;
  std::uint32_t mode = 0;
  git_oid oid{};
  bool skip_worktree = false; // sparse checkout: no file expected in the worktree
};

// How the worktree file of an index entry compares with the entry.
enum class WorktreeState {
  clean,    // same content (after git's filters) and the same type and executable bit
  modified, // content, type or mode differ: an unstaged change
  missing,  // no file: an unstaged deletion
};

class IndexEditor {
public:
  // Open the index `index_path` names (GIT_INDEX_FILE: relative to the
  // worktree root; empty: the repository's own index). Case-sensitive
  // whatever core.ignorecase says: every edit names an exact path.
  // Throws Error when it cannot be read.
  IndexEditor(const Repository& repo, const std::string& index_path);

  const std::string& path() const { return m_path; }

  // The stage-0 entry at exactly `path`; nullopt when none.
  std::optional<IndexEntryInfo> entry(const std::string& path) const;
  // Paths with a conflict (a stage above 0), sorted, each once.
  std::vector<std::string> conflicted_paths() const;

  // Compare the worktree file of the stage-0 entry `path` with the entry
  // (the content hashed through git's filters, as `git status` does).
  WorktreeState worktree_state(const std::string& path) const;

  // The content of the blob the stage-0 entry `path` holds; nullopt when
  // there is no such entry or blob.
  std::optional<std::string> blob_contents(const std::string& path) const;

  // Edits, in memory until write().
  // Move the stage-0 entry `from` to `to`, same blob and mode, stat data
  // read from the worktree file now at `to` (renamed already).
  void rename(const std::string& from, const std::string& to);
  // Drop the stage-0 entry `path`.
  void remove(const std::string& path);
  // Stage `contents` at `path` (a new blob; the entry's mode, else
  // 100644). `worktree_matches`: the worktree file holds exactly these
  // bytes, so its stat data is recorded and git sees it clean; otherwise
  // the stat data is left empty and git compares the content.
  void stage(const std::string& path, std::string_view contents, bool worktree_matches);

  // Write the index once, atomically (lock file, then rename). Throws Error.
  void write();

private:
  const Repository& m_repo;
  IndexPtr m_index;
  std::string m_path;
};

} // namespace warden::git

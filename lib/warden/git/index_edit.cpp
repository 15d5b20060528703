#include "warden/git/index_edit.hpp"

#include "warden/core/error.hpp"
#include "warden/git/staged_index.hpp"

#include <fmt/core.h>

#include <cstring>
#include <set>

#include <sys/stat.h>
#include <unistd.h>

namespace warden::git {

namespace {

constexpr std::uint32_t k_type_mask = 0170000;
constexpr std::uint32_t k_symlink = 0120000;
constexpr std::uint32_t k_regular = 0100000;

bool same_oid(const git_oid& a, const git_oid& b) { return std::memcmp(a.id, b.id, sizeof a.id) == 0; }

void fill_stat(git_index_entry& entry, const struct stat& st) {
  entry.ctime.seconds = static_cast<std::int32_t>(st.st_ctim.tv_sec);
  entry.ctime.nanoseconds = static_cast<std::uint32_t>(st.st_ctim.tv_nsec);
  entry.mtime.seconds = static_cast<std::int32_t>(st.st_mtim.tv_sec);
  entry.mtime.nanoseconds = static_cast<std::uint32_t>(st.st_mtim.tv_nsec);
  entry.dev = static_cast<std::uint32_t>(st.st_dev);
  entry.ino = static_cast<std::uint32_t>(st.st_ino);
  entry.uid = static_cast<std::uint32_t>(st.st_uid);
  entry.gid = static_cast<std::uint32_t>(st.st_gid);
  entry.file_size = static_cast<std::uint32_t>(st.st_size);
}

void clear_stat(git_index_entry& entry) {
  entry.ctime = {};
  entry.mtime = {};
  entry.dev = entry.ino = entry.uid = entry.gid = entry.file_size = 0;
}

void set_path(git_index_entry& entry, const std::string& path) {
  entry.path = path.c_str();
  const auto length = static_cast<std::uint16_t>(path.size() < GIT_INDEX_ENTRY_NAMEMASK ? path.size()
                                                                                         : GIT_INDEX_ENTRY_NAMEMASK);
  entry.flags = static_cast<std::uint16_t>((entry.flags & ~GIT_INDEX_ENTRY_NAMEMASK) | length);
}

} // namespace

IndexEditor::IndexEditor(const Repository& repo, const std::string& index_path)
  : m_repo(repo), m_path(resolve_index_path(repo, index_path)) {
  if (repo.is_bare()) throw UsageError("this repository is bare: there is no index or worktree to repair");
  git_index* raw = nullptr;
  // A standalone index object (GIT_INDEX_FILE may name another file than
  // the repository's): libgit2 opens it case-sensitive, as every edit here
  // names an exact path.
  check(git_index_open(&raw, m_path.c_str()), fmt::format("read index {}", m_path));
  m_index.reset(raw);
}

std::optional<IndexEntryInfo> IndexEditor::entry(const std::string& path) const {
  const git_index_entry* found = git_index_get_bypath(m_index.get(), path.c_str(), 0);
  if (!found) return std::nullopt;
  IndexEntryInfo info;
  info.path = found->path;
  info.mode = found->mode;
  info.oid = found->id;
  info.skip_worktree = (found->flags_extended & GIT_INDEX_ENTRY_SKIP_WORKTREE) != 0;
  return info;
}

std::vector<std::string> IndexEditor::conflicted_paths() const {
  std::set<std::string> paths;
  const std::size_t count = git_index_entrycount(m_index.get());
  for (std::size_t i = 0; i < count; ++i) {
    const git_index_entry* e = git_index_get_byindex(m_index.get(), i);
    if (e && GIT_INDEX_ENTRY_STAGE(e) > 0) paths.insert(e->path);
  }
  return {paths.begin(), paths.end()};
}

WorktreeState IndexEditor::worktree_state(const std::string& path) const {
  const auto info = entry(path);
  if (!info) return WorktreeState::missing;
  const std::string full = m_repo.worktree_root() + "/" + path;
  struct stat st {};
  if (::lstat(full.c_str(), &st) != 0) return WorktreeState::missing;
  const std::uint32_t type = info->mode & k_type_mask;
  git_oid oid{};
  if (type == k_symlink) {
    if (!S_ISLNK(st.st_mode)) return WorktreeState::modified;
    std::string target(static_cast<std::size_t>(st.st_size) + 1, '\0');
    const ssize_t n = ::readlink(full.c_str(), target.data(), target.size());
    if (n < 0 || static_cast<std::size_t>(n) >= target.size()) return WorktreeState::modified;
    check(git_odb_hash(&oid, target.data(), static_cast<std::size_t>(n), GIT_OBJECT_BLOB),
          fmt::format("hash {}", path));
  } else if (type == k_regular) {
    if (!S_ISREG(st.st_mode)) return WorktreeState::modified;
    const bool trust_mode = m_repo.config_bool("core.filemode").value_or(true);
    const bool executable_entry = info->mode == GIT_FILEMODE_BLOB_EXECUTABLE;
    if (trust_mode && ((st.st_mode & S_IXUSR) != 0) != executable_entry) return WorktreeState::modified;
    // As git add would hash it: through the clean filters and eol
    // conversion .gitattributes asks for.
    check(git_repository_hashfile(&oid, m_repo.get(), full.c_str(), GIT_OBJECT_BLOB, path.c_str()),
          fmt::format("hash {}", path));
  } else {
    return WorktreeState::modified; // a submodule: never judged clean here
  }
  return same_oid(oid, info->oid) ? WorktreeState::clean : WorktreeState::modified;
}

std::optional<std::string> IndexEditor::blob_contents(const std::string& path) const {
  const auto info = entry(path);
  if (!info) return std::nullopt;
  git_blob* raw = nullptr;
  if (git_blob_lookup(&raw, m_repo.get(), &info->oid) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  BlobPtr blob(raw);
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

void IndexEditor::rename(const std::string& from, const std::string& to) {
  const git_index_entry* found = git_index_get_bypath(m_index.get(), from.c_str(), 0);
  if (!found) throw Error(fmt::format("{} is not in the index", from));
  git_index_entry moved = *found;
  const std::string target = to; // `found` dies with the removal below
  set_path(moved, target);
  const std::string full = m_repo.worktree_root() + "/" + target;
  struct stat st {};
  if (::lstat(full.c_str(), &st) == 0) fill_stat(moved, st);
  else clear_stat(moved);
  // Copy before removing: `moved.path` points at `target`, not at the entry.
  check(git_index_add(m_index.get(), &moved), fmt::format("add {} to the index", target));
  check(git_index_remove(m_index.get(), from.c_str(), 0), fmt::format("remove {} from the index", from));
}

void IndexEditor::remove(const std::string& path) {
  check(git_index_remove(m_index.get(), path.c_str(), 0), fmt::format("remove {} from the index", path));
}

void IndexEditor::stage(const std::string& path, std::string_view contents, bool worktree_matches) {
  git_oid oid{};
  check(git_blob_create_from_buffer(&oid, m_repo.get(), contents.data(), contents.size()),
        fmt::format("write the blob of {}", path));
  git_index_entry entry{};
  if (const git_index_entry* found = git_index_get_bypath(m_index.get(), path.c_str(), 0)) entry = *found;
  else entry.mode = GIT_FILEMODE_BLOB;
  entry.id = oid;
  set_path(entry, path);
  clear_stat(entry);
  if (worktree_matches) {
    const std::string full = m_repo.worktree_root() + "/" + path;
    struct stat st {};
    if (::lstat(full.c_str(), &st) == 0) fill_stat(entry, st);
  }
  check(git_index_add(m_index.get(), &entry), fmt::format("add {} to the index", path));
}

void IndexEditor::write() {
  // git_index_write writes <index>.lock and renames it over the index: the
  // old index stays whole until then.
  const int code = git_index_write(m_index.get());
  if (code < 0) {
    const git_error* error = git_error_last();
    throw Error(fmt::format("write the index {}: {}", m_path,
                            error && error->message ? error->message : "unknown libgit2 error"));
  }
}

} // namespace warden::git

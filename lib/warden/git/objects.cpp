#include "warden/git/objects.hpp"

namespace warden::git {

namespace {

using TreeEntryPtr = Handle<git_tree_entry, git_tree_entry_free>;

TreePtr commit_tree_handle(const Repository& repo, const git_oid& commit) {
  const auto tree_id = repo.commit_tree(commit);
  if (!tree_id) return nullptr;
  git_tree* raw = nullptr;
  if (git_tree_lookup(&raw, repo.get(), &*tree_id) != 0) {
    git_error_clear();
    return nullptr;
  }
  return TreePtr(raw);
}

std::optional<std::vector<ChangedPath>> paths_of(git_diff* raw, int code) {
  if (code != 0) {
    git_error_clear();
    return std::nullopt;
  }
  DiffPtr diff(raw);
  std::vector<ChangedPath> paths;
  const std::size_t count = git_diff_num_deltas(diff.get());
  paths.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    const char* path = delta->new_file.path ? delta->new_file.path : delta->old_file.path;
    paths.push_back({path ? path : "", delta->status == GIT_DELTA_DELETED});
  }
  return paths;
}

} // namespace

std::optional<std::vector<ChangedPath>> commit_changes(const Repository& repo, const git_oid& from,
                                                       const git_oid& to) {
  const auto old_tree = commit_tree_handle(repo, from);
  const auto new_tree = commit_tree_handle(repo, to);
  if (!old_tree || !new_tree) return std::nullopt;
  git_diff* raw = nullptr;
  const int code = git_diff_tree_to_tree(&raw, repo.get(), old_tree.get(), new_tree.get(), nullptr);
  return paths_of(raw, code);
}

std::optional<std::vector<ChangedPath>> index_changes(const Repository& repo, const git_oid& from) {
  const auto old_tree = commit_tree_handle(repo, from);
  if (!old_tree) return std::nullopt;
  git_index* raw_index = nullptr;
  if (git_repository_index(&raw_index, repo.get()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  IndexPtr index(raw_index);
  git_diff* raw = nullptr;
  const int code = git_diff_tree_to_index(&raw, repo.get(), old_tree.get(), index.get(), nullptr);
  return paths_of(raw, code);
}

std::optional<git_oid> blob_in_commit(const Repository& repo, const git_oid& commit, const std::string& path) {
  const auto tree = commit_tree_handle(repo, commit);
  if (!tree) return std::nullopt;
  git_tree_entry* raw = nullptr;
  if (git_tree_entry_bypath(&raw, tree.get(), path.c_str()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  TreeEntryPtr entry(raw);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) return std::nullopt;
  return *git_tree_entry_id(entry.get());
}

std::optional<git_oid> blob_in_index(const Repository& repo, const std::string& path) {
  git_index* raw = nullptr;
  if (git_repository_index(&raw, repo.get()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  IndexPtr index(raw);
  const git_index_entry* entry = git_index_get_bypath(index.get(), path.c_str(), 0);
  if (!entry) return std::nullopt;
  return entry->id;
}

std::optional<std::string> blob_contents(const Repository& repo, const git_oid& id) {
  git_blob* raw = nullptr;
  if (git_blob_lookup(&raw, repo.get(), &id) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  BlobPtr blob(raw);
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

} // namespace warden::git

#pragma once
// The staged tree for pre-commit from git's files directly: the index file
// mapped and parsed in place, compared with HEAD's tree through the
// index's cache-tree extension, reading HEAD's trees only for the
// directories `git add` invalidated.
#include "warden/checks/file_input.hpp"
#include "warden/gitfs/object_store.hpp"

#include <optional>
#include <string>

namespace warden::gitfs {

// nullopt when the index or an object is beyond this reader (the caller
// falls back to libgit2).
std::optional<FileCheckInput> staged_input(ObjectStore& store, const std::optional<git_oid>& head_commit,
                                           const std::string& index_file);

// Blob sizes and contents through `store`.
class StoreBlobSource final : public BlobSource {
public:
  explicit StoreBlobSource(ObjectStore& store) : m_store(store) {}
  std::optional<std::uint64_t> size(const git_oid& oid) override;
  std::optional<std::string> contents(const git_oid& oid, std::uint64_t limit) override;

private:
  ObjectStore& m_store;
};

} // namespace warden::gitfs

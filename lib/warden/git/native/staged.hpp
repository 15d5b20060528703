#pragma once
// The staged tree for pre-commit from git's files directly: the index file
// mapped and parsed in place, compared with HEAD's tree through the
// index's cache-tree extension, reading HEAD's trees only for the
// directories `git add` invalidated.
#include "warden/git/tree_view.hpp"
#include "warden/git/native/object_store.hpp"

#include <optional>
#include <string>
#include <unordered_map>

namespace warden::git::native {

// nullopt when the index or an object is beyond this reader (the caller
// falls back to libgit2).
std::optional<TreeChange> staged_input(ObjectStore& store, const std::optional<git_oid>& head_commit,
                                           const std::string& index_file);

// Blob sizes and contents through `store`.
// Small blobs are kept once read: the size, conflict-marker and secret
// checks each ask for the same changed blobs.
class StoreBlobSource final : public BlobReader {
public:
  explicit StoreBlobSource(ObjectStore& store) : m_store(store) {}
  // `checked`: a corrupt blob or one beyond this reader throws
  // git::BeyondReader (ObjectStore::read_checked) instead of reading as missing.
  StoreBlobSource(ObjectStore& store, bool checked) : m_store(store), m_checked(checked) {}
  std::optional<std::uint64_t> size(const git_oid& oid) override;
  std::optional<std::string> contents(const git_oid& oid, std::uint64_t limit) override;

private:
  static constexpr std::uint64_t k_keep_below = 256 * 1024;   // per blob
  static constexpr std::uint64_t k_keep_budget = 64ull << 20; // in all
  const std::string* kept(const git_oid& oid) const;
  ObjectStore& m_store;
  bool m_checked = false;
  std::unordered_map<std::string, std::string> m_kept; // raw id -> contents
  std::uint64_t m_kept_bytes = 0;
};

} // namespace warden::git::native

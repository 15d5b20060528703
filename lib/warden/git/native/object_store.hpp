#pragma once
// Git's object database read straight from its documented on-disk formats
// (loose objects, pack index v2 and packs with OFS/REF deltas, alternates),
// for the pre-commit hot path: a hook that links libgit2 pays ~10 ms of
// library loading and ~18 ms of git_libgit2_init on every commit
// (docs/pre-commit.md, bench/RESULTS.md). Everything else reads
// repositories through libgit2.
//
// SHA-1 repositories only; the caller falls back to libgit2 for anything
// this reader does not handle (it returns nullopt, never guesses).
#include "warden/git/tree_view.hpp"

#include <git2/oid.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace warden::git::native {

enum class ObjectType { none = 0, commit = 1, tree = 2, blob = 3, tag = 4 };

struct ObjectHeader {
  ObjectType type = ObjectType::none;
  std::uint64_t size = 0;
};

struct Object {
  ObjectType type = ObjectType::none;
  std::string data;
};

class ObjectStore {
public:
  // `objects_dir` is `<common dir>/objects`; alternates are followed.
  explicit ObjectStore(std::string objects_dir);
  ~ObjectStore();
  ObjectStore(const ObjectStore&) = delete;
  ObjectStore& operator=(const ObjectStore&) = delete;

  // Type and size, reading as little as the format allows.
  std::optional<ObjectHeader> header(const git_oid& oid);
  // The whole object; nullopt when missing, corrupt, or larger than `limit`.
  std::optional<Object> read(const git_oid& oid, std::uint64_t limit = UINT64_MAX);

private:
  struct Pack;
  struct Source;
  void load_sources();
  std::vector<std::unique_ptr<Source>> m_sources;
  std::string m_objects_dir;
  bool m_loaded = false;
};

using TreeItem = git::TreeItem;

// Parse a tree object's data; nullopt when malformed.
std::optional<std::vector<TreeItem>> parse_tree(const std::string& data);

// The tree id of a commit object's data ("tree <hex>" first line).
std::optional<git_oid> commit_tree_id(const std::string& data);

// Hex <-> binary object ids (40 hex digits).
std::optional<git_oid> oid_from_hex(std::string_view hex);
std::string oid_to_hex(const git_oid& oid);

} // namespace warden::git::native

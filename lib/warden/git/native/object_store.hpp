#pragma once
// Git's object database read straight from its documented on-disk formats
// (loose objects, pack index v2 and packs with OFS/REF deltas, alternates),
// for the pre-commit hot path: a hook that links libgit2 pays ~10 ms of
// library loading and ~18 ms of git_libgit2_init on every commit
// (docs/pre-commit.md, bench/RESULTS.md). Everything else reads
// repositories through libgit2.
//
// SHA-1 repositories only; the caller falls back to libgit2 for anything
// this reader does not handle (read/header return nullopt, the checked
// variants throw git::BeyondReader; it never guesses). docs/native-reader.md.
#include "warden/git/tree_view.hpp"

#include <git2/oid.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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
  // `objects_dir` (GIT_OBJECT_DIRECTORY, else `<common dir>/objects`), then
  // `alternates` (GIT_ALTERNATE_OBJECT_DIRECTORIES, absolute), then the
  // info/alternates files of them all. `missing_is_beyond`: a partial
  // clone, where git would fetch a missing object.
  ObjectStore(std::string objects_dir, std::vector<std::string> alternates, bool missing_is_beyond = false);
  ~ObjectStore();
  ObjectStore(const ObjectStore&) = delete;
  ObjectStore& operator=(const ObjectStore&) = delete;

  // Type and size, reading as little as the format allows.
  std::optional<ObjectHeader> header(const git_oid& oid);
  // The whole object; nullopt when missing, corrupt, or larger than `limit`.
  std::optional<Object> read(const git_oid& oid, std::uint64_t limit = UINT64_MAX);

  // As header() and read(), but nullopt only for a missing object (or one
  // larger than `limit`): a corrupt object, a pack this reader cannot read
  // that may hold it, or a missing object of a partial clone throw
  // git::BeyondReader.
  std::optional<ObjectHeader> header_checked(const git_oid& oid) { return header_at_depth(oid, 0); }
  std::optional<Object> read_checked(const git_oid& oid, std::uint64_t limit = UINT64_MAX) {
    return read_at_depth(oid, limit, 0);
  }

  // Whether the object directories were listed and their packs mapped yet
  // (for the tests of the laziness).
  bool loaded() const { return m_loaded; }

private:
  struct Pack;
  struct Source;
  void load_sources();
  void not_found(const git_oid& oid) const;
  // `depth`: REF_DELTA bases followed so far.
  std::optional<ObjectHeader> header_at_depth(const git_oid& oid, int depth);
  std::optional<Object> read_at_depth(const git_oid& oid, std::uint64_t limit, int depth);
  std::vector<std::unique_ptr<Source>> m_sources;
  std::string m_objects_dir;
  std::vector<std::string> m_extra_alternates;
  std::string m_unreadable_pack; // the first .idx this reader cannot read
  bool m_missing_is_beyond = false;
  bool m_loaded = false;
};

using TreeItem = git::TreeItem;

// Parse a tree object's data; nullopt when malformed.
std::optional<std::vector<TreeItem>> parse_tree(const std::string& data);

// The tree id of a commit object's data ("tree <hex>" first line).
std::optional<git_oid> commit_tree_id(const std::string& data);

// The entries of an alternates list: GIT_ALTERNATE_OBJECT_DIRECTORIES
// (`separator` ':') or an info/alternates file ('\n'); '#' starts a comment
// entry, an entry may be C-quoted ("/path/with:colon"), trailing '/'
// dropped. Relative entries are returned as written.
std::vector<std::string> parse_alternates(std::string_view text, char separator);

// Hex <-> binary object ids (40 hex digits).
std::optional<git_oid> oid_from_hex(std::string_view hex);
std::string oid_to_hex(const git_oid& oid);

} // namespace warden::git::native

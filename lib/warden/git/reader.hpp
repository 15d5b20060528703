#pragma once
// The read-only repository the hooks are written against (docs/native-reader.md):
// refs, commits, trees and blobs, with no handle crossing it. Two readers
// implement it: git::Repository (libgit2, every command) and
// native::NativeRepository (git's files read directly, for the hook
// binaries, which link no libgit2). The algorithms on top of it (ancestry,
// merge bases, revision walks, tree comparison) are written once, in
// graph.hpp and tree_diff.hpp.
#include "warden/git/config_read.hpp"
#include "warden/git/tree_view.hpp"

#include <git2/oid.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace warden::git {

// Thrown by a reader for what it cannot read although git could (an object
// format, a config construct, a ref store it does not know). The hook
// binaries catch it before anything is printed or run, and hand the hook over
// to `warden hook NAME`, whose libgit2 reader never throws it.
class BeyondReader : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct CommitData {
  git_oid id{};
  git_oid tree{};
  std::vector<git_oid> parents;   // in order; empty for a root commit
  std::string author_name;
  std::string author_email;
  std::string committer_name;
  std::string committer_email;
  std::int64_t author_time = 0;   // Unix seconds
  std::int64_t commit_time = 0;   // Unix seconds
  std::string message;            // as stored, after the header's blank line
};

// Commits, trees and blobs by id.
class ObjectReader {
public:
  virtual ~ObjectReader() = default;
  // nullopt when the object is missing or not of that type.
  virtual std::optional<CommitData> commit(const git_oid& id) const = 0;
  // The entries of a tree object in git's order; nullopt when missing or not a tree.
  virtual std::optional<std::vector<TreeItem>> tree(const git_oid& id) const = 0;
  // The commit `id` leads to through annotated tags (itself for a commit);
  // nullopt when missing or when it leads to a tree or blob.
  virtual std::optional<git_oid> peel_to_commit(const git_oid& id) const = 0;
  virtual bool has_object(const git_oid& id) const = 0;
  // Blob sizes and contents, read lazily.
  virtual BlobReader& blobs() const = 0;

protected:
  ObjectReader() = default;
  ObjectReader(const ObjectReader&) = default;
  ObjectReader(ObjectReader&&) = default;
  ObjectReader& operator=(const ObjectReader&) = default;
  ObjectReader& operator=(ObjectReader&&) = default;
};

struct NamedRef {
  std::string name; // full name: "refs/heads/main"
  git_oid id{};     // what it points at (symbolic refs followed), not peeled
};

class RepoReader : public RepoFacts, public ObjectReader {
public:
  // <common dir>, no trailing '/' (shared by linked worktrees).
  virtual std::string common_dir() const = 0;
  // The object `name` points at, following symbolic refs; nullopt when it
  // does not exist. `name` is a full ref name ("refs/heads/main") or a
  // pseudo-ref of the git dir ("HEAD", "ORIG_HEAD", "MERGE_HEAD").
  virtual std::optional<git_oid> ref_id(const std::string& name) const = 0;
  // The ref the symbolic ref `name` names ("refs/remotes/origin/main" for
  // "refs/remotes/origin/HEAD"); nullopt when missing or not symbolic.
  virtual std::optional<std::string> symbolic_ref(const std::string& name) const = 0;
  // Every ref whose full name starts with `prefix` ("refs/remotes/origin/";
  // "refs/" for all), sorted by name; a symbolic ref is listed with its
  // target's id, a dangling one left out.
  virtual std::vector<NamedRef> refs(const std::string& prefix) const = 0;

protected:
  RepoReader() = default;
  RepoReader(const RepoReader&) = default;
  RepoReader(RepoReader&&) = default;
  RepoReader& operator=(const RepoReader&) = default;
  RepoReader& operator=(RepoReader&&) = default;
};

} // namespace warden::git

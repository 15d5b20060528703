#pragma once
// All libgit2 access goes through here: RAII handles and the repository
// facts the hooks and commands need. `git_libgit2_init` runs once per
// process (LibGit2 guard below).
#include "warden/git/config_read.hpp"
#include "warden/git/reader.hpp"
#include "warden/git/tree_view.hpp"

#include <git2.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace warden::git {

// Throw Error with libgit2's last message when `code` < 0. `what` says what
// was being done ("open repository", "read index ...").
void check(int code, const std::string& what);

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { if (p) Free(p); }
};
template <typename T, void (*Free)(T*)>
using Handle = std::unique_ptr<T, Deleter<T, Free>>;

using RepositoryPtr = Handle<git_repository, git_repository_free>;
using IndexPtr = Handle<git_index, git_index_free>;
using TreePtr = Handle<git_tree, git_tree_free>;
using CommitPtr = Handle<git_commit, git_commit_free>;
using ObjectPtr = Handle<git_object, git_object_free>;
using ReferencePtr = Handle<git_reference, git_reference_free>;
using ConfigPtr = Handle<git_config, git_config_free>;
using DiffPtr = Handle<git_diff, git_diff_free>;
using OdbPtr = Handle<git_odb, git_odb_free>;
using OdbObjectPtr = Handle<git_odb_object, git_odb_object_free>;
using RevwalkPtr = Handle<git_revwalk, git_revwalk_free>;
using BlobPtr = Handle<git_blob, git_blob_free>;
using TagPtr = Handle<git_tag, git_tag_free>;
using RemotePtr = Handle<git_remote, git_remote_free>;
using BranchIteratorPtr = Handle<git_branch_iterator, git_branch_iterator_free>;
using SignaturePtr = Handle<git_signature, git_signature_free>;

// Initialise libgit2 for the life of the process (call once in main paths).
void ensure_libgit2();

std::string oid_hex(const git_oid& oid);
// Parse a hex object id (40 digits). nullopt when not valid.
std::optional<git_oid> parse_oid(std::string_view hex);
// True for an id of any length made only of '0'.
bool is_zero_oid(std::string_view hex);

class OdbBlobSource;

// Also the libgit2 reader of git/reader.hpp (its overrides are in
// repository_reader.cpp).
class Repository final : public RepoReader {
public:
  ~Repository() override;
  Repository(Repository&&) noexcept;
  Repository& operator=(Repository&&) noexcept;

  // Open the repository a hook or command runs in: honours GIT_DIR,
  // GIT_WORK_TREE and GIT_COMMON_DIR as git sets them for hooks, else
  // discovers from `start` (default: the current directory).
  // Throws Fatal(2) "not a git repository" outside one.
  static Repository discover(const std::string& start = ".");
  // Open exactly `path` (a worktree root or a .git / bare directory).
  static Repository open(const std::string& path);

  git_repository* get() const { return m_repo.get(); }

  bool is_bare() const override;
  std::string worktree_root() const override; // no trailing '/'; empty when bare
  std::string git_dir() const override;       // no trailing '/'
  std::string common_dir() const override; // no trailing '/'
  // The hooks directory git really uses: core.hooksPath (relative to the
  // worktree root, or to the git dir when bare) else <common dir>/hooks.
  std::string hooks_dir() const override;

  std::optional<std::string> config_string(const std::string& key) const override;
  void set_local_config(const std::string& key, const std::string& value) const override;
  std::optional<bool> config_bool(const std::string& key) const;
  // Every value of a multivar (e.g. remote.origin.fetch).
  std::vector<std::string> config_strings(const std::string& key) const;

  // HEAD's branch short name ("main"), nullopt when detached.
  std::optional<std::string> head_branch() const override;
  // HEAD's commit; nullopt when unborn.
  std::optional<git_oid> head_commit() const;

  // Resolve a revision (`git rev-parse` syntax) to a commit id; nullopt when missing.
  std::optional<git_oid> resolve_commit(const std::string& revision) const;
  // The tree id of a commit.
  std::optional<git_oid> commit_tree(const git_oid& commit) const;
  bool has_object(const git_oid& oid) const override;
  // True when `ancestor` is reachable from `descendant` (or equal).
  bool is_ancestor(const git_oid& ancestor, const git_oid& descendant) const;

  // git/reader.hpp (repository_reader.cpp).
  std::optional<CommitData> commit(const git_oid& id) const override;
  std::optional<std::vector<TreeItem>> tree(const git_oid& id) const override;
  std::optional<git_oid> peel_to_commit(const git_oid& id) const override;
  // An OdbBlobSource of this repository, made on first use.
  BlobReader& blobs() const override;
  std::optional<git_oid> ref_id(const std::string& name) const override;
  std::optional<std::string> symbolic_ref(const std::string& name) const override;
  std::vector<NamedRef> refs(const std::string& prefix) const override;

private:
  explicit Repository(RepositoryPtr repo);
  RepositoryPtr m_repo;
  mutable std::unique_ptr<OdbBlobSource> m_blobs;
};

// Reads blobs through the object database.
class OdbBlobSource final : public BlobReader {
public:
  explicit OdbBlobSource(const Repository& repo);
  std::optional<std::uint64_t> size(const git_oid& oid) override;
  std::optional<std::string> contents(const git_oid& oid, std::uint64_t limit) override;

private:
  OdbPtr m_odb;
};

// The file-check input for a commit being made: the index at `index_path`
// (GIT_INDEX_FILE; relative to the worktree root; empty = the repository's
// index) against HEAD's tree (none when unborn: every path is new).
TreeChange staged_input(const Repository& repo, const std::string& index_path);

// The file-check input for `tree` against `base` (nullopt: every path is new).
TreeChange tree_input(const Repository& repo, const git_oid& tree,
                          const std::optional<git_oid>& base_tree);

} // namespace warden::git

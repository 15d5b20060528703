#pragma once
// git::RepoReader read from git's files directly (docs/native-reader.md):
// the repository facts (repo_files.hpp), refs (refs.hpp), commits, trees,
// tags and blobs (object_store.hpp, commit_parse.hpp), for the hook
// binaries, which link no libgit2. What it cannot read it hands over by
// throwing git::BeyondReader.
#include "warden/git/native/object_store.hpp"
#include "warden/git/native/refs.hpp"
#include "warden/git/native/repo_files.hpp"
#include "warden/git/native/staged.hpp"
#include "warden/git/reader.hpp"

#include <memory>
#include <optional>
#include <string>

namespace warden::git::native {

class NativeRepository final : public RepoReader {
public:
  // Any repository a hook runs in: a worktree, a linked worktree, a bare
  // repository (pre-receive: GIT_DIR=. in it), with the objects where the
  // environment puts them (a receive's quarantine). Reads the config and
  // HEAD's name only; refs, packs and objects are read when first asked
  // for. Throws BeyondReader (with the reason) when there is no repository
  // this reader can read: none found, a SHA-256 or reftable repository, an
  // extension it does not know, a config construct it does not read.
  static NativeRepository open_any();

  // The non-bare repository the pre-commit and commit-msg binaries run in,
  // as they have always opened it (locate_repository: GIT_DIR, else `.git`
  // upwards; is_bare() false): nullopt (they hand over) when anything is
  // beyond this reader, objects named by the environment included (those
  // binaries read `paths().common_dir + "/objects"`).
  static std::optional<NativeRepository> open();

  NativeRepository(NativeRepository&&) = default;
  NativeRepository& operator=(NativeRepository&&) = default;
  ~NativeRepository() override;

  // RepoFacts
  bool is_bare() const override { return m_bare; }
  std::string worktree_root() const override { return m_bare ? std::string() : m_paths.worktree; }
  std::string git_dir() const override { return m_paths.git_dir; }
  std::string hooks_dir() const override;
  std::optional<std::string> head_branch() const override { return m_head.branch; }
  std::optional<std::string> config_string(const std::string& key) const override { return m_config.get(key); }
  // Throws Error: this reader does not write (only `warden trust` writes).
  void set_local_config(const std::string& key, const std::string& value) const override;

  // RepoReader
  std::string common_dir() const override { return m_paths.common_dir; }
  std::optional<git_oid> ref_id(const std::string& name) const override { return m_refs->id(name); }
  std::optional<std::string> symbolic_ref(const std::string& name) const override {
    return m_refs->symbolic_target(name);
  }
  std::vector<NamedRef> refs(const std::string& prefix) const override { return m_refs->list(prefix); }

  // ObjectReader. nullopt for a missing object or one of another type;
  // BeyondReader for a corrupt or unreadable one.
  std::optional<CommitData> commit(const git_oid& id) const override;
  std::optional<std::vector<TreeItem>> tree(const git_oid& id) const override;
  std::optional<git_oid> peel_to_commit(const git_oid& id) const override;
  bool has_object(const git_oid& id) const override;
  BlobReader& blobs() const override { return *m_blobs; }

  const RepoPaths& paths() const { return m_paths; }
  // HEAD's commit; nullopt when unborn.
  const std::optional<git_oid>& head_commit() const;
  // The object store this reader reads (GIT_OBJECT_DIRECTORY and
  // GIT_ALTERNATE_OBJECT_DIRECTORIES honoured for open_any()).
  ObjectStore& objects() const { return *m_objects; }
  const RefStore& ref_store() const { return *m_refs; }
  // GIT_QUARANTINE_PATH is set: a receive's objects not yet in the repository.
  bool in_quarantine() const { return m_quarantine; }

private:
  NativeRepository(RepoPaths paths, ConfigValues config, HeadState head, bool bare, ObjectDirs objects,
                   bool partial_clone);
  RepoPaths m_paths;
  ConfigValues m_config;
  mutable HeadState m_head;
  mutable bool m_head_resolved = false;
  bool m_bare = false;
  bool m_quarantine = false;
  std::unique_ptr<RefStore> m_refs;
  std::unique_ptr<ObjectStore> m_objects;
  std::unique_ptr<StoreBlobSource> m_blobs;
};

} // namespace warden::git::native

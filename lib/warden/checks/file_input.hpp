#pragma once
// The input of the file checks: the tree being checked (the index for
// pre-commit, a commit's tree for pre-push, pre-receive and check --all),
// which of its paths this change touches, and a way to read blobs lazily.
#include "warden/checks/finding.hpp"
#include "warden/config/policy.hpp"
#include "warden/git/tree_view.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace warden {

class PolicyScopes; // config/scoped.hpp
namespace git {
class ObjectReader; // git/reader.hpp
}

using FileEntry = git::TreeEntry;

// Reads blob sizes and contents only when a check asks (never for unchanged paths).
using BlobSource = git::BlobReader;

struct FileCheckInput {
  FileCheckInput() = default;
  // Take the tree git/ read (git::staged_input, git::tree_input) by move.
  // Implicit, so that `FileCheckInput input = git::staged_input(...)` reads as before.
  FileCheckInput(git::TreeChange change)
    : entries(std::move(change.entries)), removed(std::move(change.removed)), partial(change.partial) {}

  std::vector<FileEntry> entries;   // every path of the tree, sorted bytewise
  std::vector<std::string> removed; // paths of the base tree that are gone (deleted, or renamed away)
  // A partial listing (git::tree_change, docs/tree-diff.md): `entries` holds
  // unopened subtrees, one entry of mode 040000 each, changed=false. The
  // checks give the same findings as on the full listing of the same
  // change; report_all needs the full listing (every path is reported).
  bool partial = false;
  // Reads the unopened subtrees of a partial listing (required-file looks a
  // path up in one). Set by the caller; may be null for a full listing.
  const git::ObjectReader* objects = nullptr;
  BlobSource* blobs = nullptr;
  bool report_all = false;          // warden check --all: every finding, changed or not
  // The worktree's root (no trailing '/'), which files.secret-rules is read
  // relative to. Empty without a worktree (pre-receive in a bare
  // repository): the built-in secret rules alone apply (docs/secrets.md).
  std::string worktree_root;
  // The scoped policies of this tree (docs/monorepo.md). Unset: found among
  // `entries` and read through `blobs` (the judged tree's own files).
  const PolicyScopes* scopes = nullptr;
};

// Run every files-section check of `policy` on `input`; findings sorted.
// With scoped policies, each check runs per scope on the paths it owns with
// that scope's effective policy; the checks across paths (case-collision)
// run once over the whole tree with `policy` (docs/monorepo.md).
Findings run_file_checks(const Policy& policy, const FileCheckInput& input);

// The individual file checks are reached through the registry
// (checks/registry.hpp): each declares its function in its CheckSpec.

// protected-branch: committing to `branch` (nullopt: detached HEAD) when it
// matches branches.no-commit.
void check_protected_branch(const Policy&, const std::optional<std::string>& branch, Findings&);

} // namespace warden

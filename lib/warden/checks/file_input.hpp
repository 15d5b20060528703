#pragma once
// The input of the file checks: the tree being checked (the index for
// pre-commit, a commit's tree for pre-push, pre-receive and check --all),
// which of its paths this change touches, and a way to read blobs lazily.
#include "warden/checks/finding.hpp"
#include "warden/config/policy.hpp"

#include <git2/oid.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace warden {

struct FileEntry {
  std::string path;      // repository-relative, raw bytes as git stores them
  std::uint32_t mode = 0; // 0100644, 0100755, 0120000 (symlink), 0160000 (gitlink)
  git_oid oid{};
  bool changed = false;  // added, renamed or modified by this change
};

// Reads blob sizes and contents only when a check asks (never for unchanged paths).
class BlobSource {
public:
  virtual ~BlobSource() = default;
  // Size of the blob, without reading its contents when the store allows it.
  virtual std::optional<std::uint64_t> size(const git_oid& oid) = 0;
  // Contents of the blob; nullopt when it is missing or larger than `limit` bytes.
  virtual std::optional<std::string> contents(const git_oid& oid, std::uint64_t limit) = 0;
};

struct FileCheckInput {
  std::vector<FileEntry> entries;   // every path of the tree, sorted bytewise
  std::vector<std::string> removed; // paths of the base tree that are gone (deleted, or renamed away)
  BlobSource* blobs = nullptr;
  bool report_all = false;          // warden check --all: every finding, changed or not
};

// Run every files-section check of `policy` on `input`; findings sorted.
Findings run_file_checks(const Policy& policy, const FileCheckInput& input);

// The individual file checks are reached through the registry
// (checks/registry.hpp): each declares its function in its CheckSpec.

// protected-branch: committing to `branch` (nullopt: detached HEAD) when it
// matches branches.no-commit.
void check_protected_branch(const Policy&, const std::optional<std::string>& branch, Findings&);

} // namespace warden

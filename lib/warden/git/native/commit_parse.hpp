#pragma once
// Commit and tag objects' text parsed into the reader's types
// (docs/native-reader.md). Free functions over the object's bytes, so the
// fuzz target (tests/fuzz/fuzz_commit_parse.cpp) reaches them without a
// repository.
#include "warden/git/reader.hpp"

#include <git2/oid.h>

#include <optional>
#include <string_view>

namespace warden::git::native {

// A commit object's data: "tree <hex>", "parent <hex>" lines, "author" and
// "committer" identities ("Name <email> 1700000000 +0100"), other headers
// skipped (continuation lines of gpgsig/mergetag start with a space), then a
// blank line and the message as stored. `id` is left zero. nullopt when
// malformed (no tree, a bad id, a header without its blank line).
std::optional<CommitData> parse_commit(std::string_view data);

// What an annotated tag object points at: its "object <hex>" and "type
// <name>" headers. nullopt when malformed.
struct TagTarget {
  git_oid object{};
  std::string_view type; // "commit", "tree", "blob", "tag"
};
std::optional<TagTarget> parse_tag_target(std::string_view data);

} // namespace warden::git::native

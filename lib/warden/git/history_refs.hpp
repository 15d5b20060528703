#pragma once
// The refs that name history: what a ref points at, symbolic targets, ref
// listings, branches and tags. Views hold values only, never a handle.
#include "warden/git/repository.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace warden::git {

// Return the id `ref` points at, symbolic refs followed, not peeled; nullopt when missing.
std::optional<git_oid> ref_target(const Repository& repo, const std::string& ref);

// Return the commit `ref` leads to (symbolic refs followed, annotated tags peeled);
// nullopt when missing or not leading to a commit.
std::optional<git_oid> peeled_ref_commit(const Repository& repo, const std::string& ref);

// Return the target of the symbolic ref `ref` ("refs/remotes/origin/HEAD" ->
// "refs/remotes/origin/main"); nullopt when missing or not symbolic.
std::optional<std::string> symbolic_target(const Repository& repo, const std::string& ref);

// Return the full names of the refs matching `glob` ("refs/remotes/origin/*"; empty:
// every ref), in libgit2's order.
std::vector<std::string> ref_names(const Repository& repo, const std::string& glob = {});

enum class BranchScope { local, local_and_remote };

struct BranchTip {
  std::string name;    // short name: "main", or "origin/main" for a remote-tracking branch
  std::string ref;     // full name: "refs/heads/main"
  std::optional<git_oid> target; // nullopt for a symbolic ref (origin/HEAD)
};

// Return the branches in `scope`, in libgit2's order.
std::vector<BranchTip> branch_tips(const Repository& repo, BranchScope scope);

// Return the short name of the first branch in `scope` whose tip is `commit`; empty when none.
std::string branch_at(const Repository& repo, const git_oid& commit, BranchScope scope);

struct TagInfo {
  std::string name;              // "v1.0"
  std::optional<git_oid> commit; // the commit it leads to
  std::int64_t time = 0;         // the tagger's time when annotated, else the commit's; 0 when neither
};

// Return every tag (refs/tags/*), by name.
std::vector<TagInfo> tags(const Repository& repo);

// Return the message of the annotated tag object `id`; nullopt when `id` is not one.
std::optional<std::string> tag_message(const Repository& repo, const git_oid& id);

} // namespace warden::git

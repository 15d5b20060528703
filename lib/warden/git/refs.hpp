#pragma once
// References and the commits they name: look-ups, symbolic targets and
// reachability questions, answered through libgit2.
#include "warden/git/repository.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace warden::git {

// Return the value of `refname` (a full name, "refs/heads/x") peeled to a
// commit; nullopt when the ref is missing or names no commit.
std::optional<git_oid> ref_commit(const Repository& repo, const std::string& refname);

// Return the id `refname` points at, symbolic refs followed, not peeled
// (an annotated tag's ref names the tag object); nullopt when missing.
std::optional<git_oid> ref_target(const Repository& repo, const std::string& refname);

// Return the full names of the refs matching `glob` ("refs/remotes/origin/*";
// empty: every ref), in libgit2's order.
std::vector<std::string> ref_names(const Repository& repo, const std::string& glob = {});

// Return true when the reference `refname` exists (symbolic or direct).
bool ref_exists(const Repository& repo, const std::string& refname);

// Return the full name a symbolic reference points at; nullopt when
// `refname` is missing or is a direct reference.
std::optional<std::string> symbolic_target(const Repository& repo, const std::string& refname);

// Return the branch `refs/remotes/<remote>/HEAD` names ("main"); nullopt
// when it is missing or names no branch of `remote`.
std::optional<std::string> remote_head_branch(const Repository& repo, const std::string& remote);

// Return true when `a` and `b` are the same object id.
bool same_oid(const git_oid& a, const git_oid& b);

// Return the first 7 hex digits of `oid`.
std::string short_hex(const git_oid& oid);

// Count the commits reachable from `tip` and from none of `bases`, stopping
// at `limit`.
std::size_t count_commits_outside(const Repository& repo, const git_oid& tip, const std::vector<git_oid>& bases,
                                  std::size_t limit = 1000);

// Return true when `tip` is reachable from (or equal to) one of `bases`.
bool reachable_from_any(const Repository& repo, const git_oid& tip, const std::vector<git_oid>& bases);

} // namespace warden::git

#pragma once
// Ref and id questions answered through any RepoReader (reader.hpp), so the
// hook binaries, which link no libgit2, and the `warden` command share them.
#include "warden/git/objects.hpp" // ChangedPath
#include "warden/git/reader.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden::git {

// 40 lower-case hex digits, and the 7-digit abbreviation git prints.
std::string hex_id(const git_oid& id);
std::string short_id(const git_oid& id);
bool equal_ids(const git_oid& a, const git_oid& b);

// True when `name` may be a branch name (`git check-ref-format --branch`
// rules on refs/heads/<name>: no "..", "@{", control characters, space,
// ~ ^ : ? * [ \, no component starting with '.' or ending with ".lock", no
// empty component, not ending with '.', not "@", "HEAD" or starting with '-').
bool valid_branch_name(std::string_view name);

// A commit message's first paragraph on one line, as `git log --format=%s`
// prints it.
std::string commit_summary(std::string_view message);

// The commit the ref `name` leads to (tags peeled); nullopt when missing
// or when it leads to no commit.
std::optional<git_oid> ref_commit(const RepoReader& repo, const std::string& name);
// The commit the 40-hex-digit id `hex` leads to; nullopt when it is not
// an id, is missing here, or leads to no commit.
std::optional<git_oid> peel_hex(const RepoReader& repo, std::string_view hex);

// The remote-tracking ref of `branch`: "refs/remotes/<remote>/<branch>".
std::string tracking_ref(const std::string& remote, const std::string& branch);
// What every ref under refs/remotes/<remote>/ points at (not peeled).
std::vector<git_oid> tracking_tips(const RepoReader& repo, const std::string& remote);
// remote.<remote>.url; `remote` itself when it looks like a URL or path;
// else empty.
std::string remote_url(const RepoFacts& repo, const std::string& remote);
// True when remote.<name>.url is set.
bool remote_configured(const RepoFacts& repo, const std::string& name);
// The branch refs/remotes/<remote>/HEAD names ("main"); nullopt when unset.
std::optional<std::string> remote_head_branch(const RepoReader& repo, const std::string& remote);
// The paths that differ between the trees of commits `from` and `to`, in
// path order (subtrees with equal ids are not opened); nullopt when a commit
// or tree cannot be read.
std::optional<std::vector<ChangedPath>> commit_changes(const ObjectReader& objects, const git_oid& from,
                                                       const git_oid& to);

// The message of HEAD's newest reflog entry (<git dir>/logs/HEAD's last
// line); empty when HEAD has no reflog.
std::string last_head_reflog_message(const RepoFacts& repo);

} // namespace warden::git

#pragma once
// The commit rules (commit-message, commit-author, fixup-commit) on the
// commits a push or a range makes new (docs/commit-messages.md): pre-push,
// pre-receive and `warden check --range` share this. One revision walk for
// the message and author rules; one per protected branch for fixup-commit.
#include "warden/checks/finding.hpp"
#include "warden/git/push_update.hpp"
#include "warden/git/reader.hpp"
#include "warden/hook/skip.hpp"

#include <optional>
#include <string>
#include <vector>

namespace warden {

struct NewCommits {
  struct Update {
    std::string ref;                // the ref on the receiving side ("refs/heads/main")
    git_oid tip{};                  // the commit it will point at
    std::optional<git_oid> old_tip; // what it pointed at there; nullopt for a new ref
    std::string base;               // for fixup-commit's hint: what to rebase onto ("origin/main")
  };
  std::vector<Update> updates;
  // Commits the receiving side has: they and their ancestors are not new
  // (the remote's tracking refs; every ref of the server).
  std::vector<git_oid> known;
  // The tips of the receiving side's protected branches: fixup-commit
  // judges what a protected branch gains beyond them and its own old tip.
  std::vector<git_oid> protected_tips;
};

// Append the findings of the commit rules `policy` enables (and `skip`
// leaves) on the commits `input` makes new; each finding's path is the
// commit's abbreviated id.
void check_new_commits(const git::RepoReader& repo, const Policy& policy, const NewCommits& input,
                       const SkipList& skip, Findings& out);

// pre-receive: the commit rules on every commit `updates` (the server's
// stdin) make new to the repository, reachable from no ref it has now;
// fixup-commit on what each protected branch gains beyond its old tip and
// the other protected branches.
void check_received_commits(const git::RepoReader& repo, const Policy& policy, const std::vector<PushUpdate>& updates,
                            const SkipList& skip, Findings& out);

// True when one of the commit rules is on in `policy` and not skipped.
bool commit_rules_wanted(const Policy& policy, const SkipList& skip);

// The protected branch tips of `repo` under `prefix` ("refs/heads/",
// "refs/remotes/origin/").
std::vector<git_oid> protected_branch_tips(const git::RepoReader& repo, const Policy& policy,
                                           const std::string& prefix);

} // namespace warden

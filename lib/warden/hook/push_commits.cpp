#include "warden/hook/push_commits.hpp"

#include "warden/checks/branch_rules.hpp"
#include "warden/checks/commit_rules.hpp"
#include "warden/checks/commit_text.hpp"
#include "warden/git/graph.hpp"
#include "warden/git/reader_refs.hpp"

#include <set>

namespace warden {

namespace {

constexpr char k_message_id[] = "commit-message";
constexpr char k_author_id[] = "commit-author";
constexpr char k_fixup_id[] = "fixup-commit";

bool message_wanted(const Policy& policy, const SkipList& skip) {
  return policy.commits.message != Severity::off && !skip.skips(k_message_id);
}

bool author_wanted(const Policy& policy, const SkipList& skip) {
  return policy.commits.author_email.regex != nullptr && !skip.skips(k_author_id);
}

bool fixup_wanted(const Policy& policy, const SkipList& skip) {
  return policy.commits.fixup != Severity::off && !skip.skips(k_fixup_id);
}

} // namespace

bool commit_rules_wanted(const Policy& policy, const SkipList& skip) {
  return !skip.all() && (message_wanted(policy, skip) || author_wanted(policy, skip) || fixup_wanted(policy, skip));
}

std::vector<git_oid> protected_branch_tips(const git::RepoReader& repo, const Policy& policy,
                                           const std::string& prefix) {
  std::vector<git_oid> tips;
  for (const git::NamedRef& ref : repo.refs(prefix)) {
    const std::string branch = ref.name.substr(prefix.size());
    if (branch == "HEAD" || !is_protected_branch(policy, branch)) continue;
    if (const auto tip = repo.peel_to_commit(ref.id)) tips.push_back(*tip);
  }
  return tips;
}

void check_new_commits(const git::RepoReader& repo, const Policy& policy, const NewCommits& input,
                       const SkipList& skip, Findings& out) {
  if (!commit_rules_wanted(policy, skip) || input.updates.empty()) return;

  if (message_wanted(policy, skip) || author_wanted(policy, skip)) {
    git::CommitWalk walk(repo, git::CommitOrder::newest_first);
    for (const NewCommits::Update& update : input.updates) walk.push(update.tip, update.ref);
    for (const git_oid& known : input.known) walk.hide(known);
    for (const NewCommits::Update& update : input.updates)
      if (update.old_tip) walk.hide(*update.old_tip);
    while (const auto commit = walk.next()) {
      const std::string where = git::short_id(commit->id);
      if (message_wanted(policy, skip)) check_commit_message(policy, where, commit->message, out);
      if (author_wanted(policy, skip))
        check_commit_author(policy, where, commit->author_email, commit->committer_email, out);
    }
  }

  if (!fixup_wanted(policy, skip)) return;
  std::set<std::string> reported;
  for (const NewCommits::Update& update : input.updates) {
    const auto branch = branch_of_ref(update.ref);
    if (!branch || !is_protected_branch(policy, *branch)) continue;
    git::CommitWalk walk(repo, git::CommitOrder::newest_first);
    walk.push(update.tip, update.ref);
    if (update.old_tip) walk.hide(*update.old_tip);
    for (const git_oid& tip : input.protected_tips) walk.hide(tip);
    while (const auto commit = walk.next()) {
      const std::string_view subject = commit_text::subject_of(commit->message);
      if (commit_text::fixup_prefix(subject).empty()) continue;
      const std::string where = git::short_id(commit->id);
      if (reported.insert(where + " " + *branch).second)
        check_fixup_commit(policy, where, subject, *branch, update.base, out);
    }
  }
}

void check_received_commits(const git::RepoReader& repo, const Policy& policy, const std::vector<PushUpdate>& updates,
                            const SkipList& skip, Findings& out) {
  if (!commit_rules_wanted(policy, skip)) return;
  NewCommits input;
  for (const PushUpdate& update : updates) {
    if (update.is_deletion() || !(update.is_branch() || update.is_tag())) continue;
    const auto tip = git::peel_hex(repo, update.local_oid);
    if (!tip) continue;
    std::optional<git_oid> old_tip;
    if (!update.is_creation()) old_tip = git::peel_hex(repo, update.remote_oid);
    const auto branch = branch_of_ref(update.remote_ref);
    input.updates.push_back({update.remote_ref, *tip, old_tip,
                             old_tip ? git::short_id(*old_tip) : "<remote>/" + branch.value_or(update.remote_ref)});
  }
  for (const git::NamedRef& ref : repo.refs("refs/"))
    if (const auto commit = repo.peel_to_commit(ref.id)) input.known.push_back(*commit);
  input.protected_tips = protected_branch_tips(repo, policy, "refs/heads/");
  check_new_commits(repo, policy, input, skip, out);
}

} // namespace warden

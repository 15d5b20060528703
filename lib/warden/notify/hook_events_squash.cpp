// post-merge after `git merge --squash`: the result is still in the index,
// which this reads through libgit2 (the post-merge binary hands a squash
// merge over to `warden hook post-merge`).
#include "warden/notify/hook_events.hpp"

#include "warden/git/branches.hpp"
#include "warden/git/history.hpp"
#include "warden/git/objects.hpp"
#include "warden/notify/channels.hpp"
#include "warden/notify/hook_events_merge.hpp"

#include <cstdio>
#include <exception>

namespace warden::notify {

namespace {

// The commits SQUASH_MSG names, the index against HEAD.
Merged squash_merged(const git::Repository& repo, const git_oid& head) {
  Merged merged;
  const auto oids = git::squash_message_commits(repo);
  for (const auto& oid : oids) {
    auto one = list_commits(repo, oid, {}, 1);
    if (!one.commits.empty()) merged.commits.commits.push_back(one.commits.front());
  }
  merged.commits.total = merged.commits.commits.size();
  if (merged.commits.commits.size() > k_listed_commits) merged.commits.commits.resize(k_listed_commits);
  if (!oids.empty()) merged.source = git::branch_at(repo, oids.front(), git::BranchScope::local_and_remote);
  merged.files = first_changed_files(git::index_changes(repo, head));
  return merged;
}

} // namespace

void on_squash_merge(const git::Repository& repo) {
  try {
    if (!any_channel_secret(repo)) return;
    const Policy policy = load_policy(repo);
    if (!merge_wanted(repo, policy)) return;
    const auto head = repo.head_commit();
    if (!head) return;
    queue_merge(repo, policy, repo.head_branch().value_or("HEAD"), true, squash_merged(repo, *head));
    spawn_warden(repo, {"notify", "flush", "--quiet"});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "warden: warning: merge notification not queued: %s\n", e.what());
  }
}

} // namespace warden::notify

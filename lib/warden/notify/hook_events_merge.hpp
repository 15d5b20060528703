#pragma once
// What the two post-merge notifications share (hook_events.cpp for a merge
// or fast-forward, hook_events_squash.cpp for `git merge --squash`): the
// facts of a merge and their queueing. Internal to notify/.
#include "warden/config/policy.hpp"
#include "warden/git/objects.hpp"
#include "warden/git/reader.hpp"
#include "warden/notify/events.hpp"

#include <optional>
#include <string>
#include <vector>

namespace warden::notify {

constexpr std::size_t k_listed_commits = 20;

struct ChangedFiles {
  std::vector<std::string> paths; // the first 15
  std::size_t total = 0;
};

// What a merge brought in.
struct Merged {
  CommitList commits;
  ChangedFiles files;
  std::string source; // where the commits came from; empty when unknown
  bool fast_forward = false;
};

ChangedFiles first_changed_files(const std::optional<std::vector<git::ChangedPath>>& changes);

// True when a configured channel wants the `merge` event (the callers have
// checked any_channel_secret before loading the policy).
bool merge_wanted(const git::RepoReader& repo, const Policy& policy);

// Queue the `merge` event of `merged` into `branch` (nothing when nullopt).
void queue_merge(const git::RepoReader& repo, const Policy& policy, const std::string& branch, bool squash,
                 const std::optional<Merged>& merged);

// Start `warden ARGS...` detached with the repository's GIT_DIR; false
// (and a warning) when the binary is missing.
bool spawn_warden(const git::RepoFacts& repo, std::vector<std::string> args);

} // namespace warden::notify

#pragma once
// What the hooks tell the notification path. Both only write to the outbox
// (atomically) and start a detached process; they never wait on the network
// and never throw (a problem is printed as one warning line).
#include "warden/git/push_update.hpp"

#include <string>
#include <vector>

namespace warden::git { class Repository; class RepoReader; }

namespace warden::notify {

// pre-push, after warden's checks passed: record what is being pushed and
// start the detached confirmer that queues the `push`/`tag` events once the
// push is known to have succeeded (nothing for a rejected push).
void on_pre_push(const git::RepoReader& repo, const std::string& remote_name,
                 const std::string& remote_url, const std::vector<PushUpdate>& updates);

// post-merge after a merge or fast-forward (HEAD against ORIG_HEAD): queue
// the `merge` event and start delivery detached.
void on_post_merge(const git::RepoReader& repo);
// The same after `git merge --squash`, whose result is still in the index
// (hook_events_squash.cpp: it reads the index through libgit2).
void on_squash_merge(const git::Repository& repo);

} // namespace warden::notify

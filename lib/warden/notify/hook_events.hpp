#pragma once
// What the hooks tell the notification path. Both only write to the outbox
// (atomically) and start a detached process; they never wait on the network
// and never throw (a problem is printed as one warning line).
#include "warden/git/push_update.hpp"

#include <string>
#include <vector>

namespace warden::git { class Repository; }

namespace warden::notify {

// pre-push, after warden's checks passed: record what is being pushed and
// start the detached confirmer that queues the `push`/`tag` events once the
// push is known to have succeeded (nothing for a rejected push).
void on_pre_push(const git::Repository& repo, const std::string& remote_name,
                 const std::string& remote_url, const std::vector<PushUpdate>& updates);

// post-merge: queue the `merge` event and start delivery detached.
void on_post_merge(const git::Repository& repo, bool squash);

} // namespace warden::notify

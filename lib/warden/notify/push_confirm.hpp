#pragma once
// Git has no post-push hook. pre-push records what it is about to push
// (notify::on_pre_push), then a detached `warden notify confirm-push` waits
// for the pushing git process to exit and checks whether the remote took
// each ref before anything is queued (see docs/notifications.md).
#include <string>

namespace warden::notify {

// Wait (at most `max_wait_seconds`) until process `pid` has exited; a pid
// reused by another process (different start time `start_time`, from
// process_start_time) counts as exited. `pid` <= 0: no wait.
void wait_for_exit(long pid, const std::string& start_time, int max_wait_seconds);

// The start time of process `pid` (field 22 of /proc/PID/stat); empty when gone.
std::string process_start_time(long pid);

struct ConfirmResult {
  int confirmed = 0; // ref updates the remote now holds
  int dropped = 0;   // ref updates it does not hold (rejected push)
  int queued = 0;    // events written to the outbox
};

// Judge the pending-push record at `record_path` (after the push process has
// exited), queue the `push` and `tag` events the policy enables for the refs
// that made it, and remove the record. Throws Error when the record is unreadable.
ConfirmResult confirm_push(const std::string& record_path);

} // namespace warden::notify

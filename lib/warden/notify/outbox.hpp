#pragma once
// The outbox: every notification is a file here before any attempt to send
// it, and is removed only after the channel accepted it (2xx).
//
//   <common dir>/warden/outbox/
//     <stamp>-<pid>-<event>.json   pending events, oldest first by name
//     sending/<pid>.<name>         claimed by a live sender (process <pid>)
//     failed/<name>                refused for good (4xx); the reason inside
//     pushes/<name>                pushes waiting for confirmation
//     .lock                        flock: claiming is serialised
//     .webhook.json                a webhook known dead (404), by fingerprint
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace warden::git { class RepoReader; }

namespace warden::notify {

namespace stdfs = std::filesystem;

struct OutboxEntry {
  stdfs::path path;
  std::string name;       // file name in the outbox
  std::string event;      // push, tag, merge, ci, digest, test
  std::string summary;    // one line for `warden notify status`
  std::string created;    // ISO 8601 UTC
  int attempts = 0;
  std::string last_error; // why the last attempt did not deliver; failed: why it was refused
  std::string payload;    // the JSON body to post
};

struct DeadWebhook {
  std::string fingerprint; // Webhook::fingerprint() of the dead URL
  std::string redacted;
  std::string reason;
  std::string since;
};

class Outbox {
public:
  explicit Outbox(stdfs::path dir);
  // <common dir>/warden/outbox of `repo`.
  static Outbox of(const git::RepoReader& repo);

  const stdfs::path& dir() const { return m_dir; }

  // Write a new pending event atomically; returns its path.
  stdfs::path enqueue(const std::string& event, const std::string& summary, const std::string& payload_json) const;
  // The same, under the file name `name` (see new_event_name): one event
  // queued for several channels keeps one id, which email turns into its
  // Message-ID.
  stdfs::path enqueue_named(const std::string& name, const std::string& event, const std::string& summary,
                            const std::string& payload_json) const;
  // A fresh "<stamp>-<pid>-<event>.json": oldest first by name, unique per process and time.
  static std::string new_event_name(const std::string& event);

  // The outbox of another channel (email, slack): <dir>/<channel>/, with its
  // own pending, sending/, failed/ and lock, so each channel has its own
  // delivery state and one channel's failure never re-sends another's message.
  Outbox channel(const std::string& name) const { return Outbox(m_dir / name); }

  std::vector<OutboxEntry> pending() const;
  std::vector<OutboxEntry> sending() const;
  std::vector<OutboxEntry> failed() const;
  std::vector<stdfs::path> pushes() const;

  // Under the lock: put back claims whose process is gone, then move the
  // oldest pending event into sending/ for this process. nullopt when none.
  std::optional<OutboxEntry> claim_next() const;
  // True when another live process holds a claim.
  bool others_sending() const;
  // The claimed event was delivered: remove it.
  void complete(const OutboxEntry& claimed) const;
  // Not delivered this time: back to pending, attempts + 1, with `error`.
  void release(const OutboxEntry& claimed, const std::string& error) const;
  // Refused for good: into failed/ with `reason`.
  void fail(const OutboxEntry& claimed, const std::string& reason) const;

  std::optional<DeadWebhook> dead_webhook() const;
  void mark_dead(const DeadWebhook& dead) const;
  void clear_dead() const;

private:
  stdfs::path m_dir;
};

// Current time as ISO 8601 UTC ("2026-01-01T00:00:00Z").
std::string now_iso8601();

} // namespace warden::notify

#pragma once
// Delivering the outbox to a Discord webhook (docs/notifications.md):
//  - 2xx: the event file is removed;
//  - 429: wait `retry_after` (JSON body) or `Retry-After` (header), capped;
//    beyond the cap the event stays pending and this flush stops;
//  - 5xx and transport errors: a few tries with backoff, then pending;
//  - 404: the webhook is dead (recorded; nothing is sent to it again until
//    the URL changes); the event stays pending;
//  - other 4xx: the event moves to failed/ with Discord's message and code.
// Concurrent flushes are safe: each event is claimed (renamed into
// sending/) under the outbox lock before it is sent, so it goes out once.
#include "warden/notify/outbox.hpp"
#include "warden/notify/webhook.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace warden::net {

struct DeliveryOptions {
  double timeout_seconds = 10;     // per request; $WARDEN_NOTIFY_TIMEOUT overrides
  int tries = 3;                   // for 5xx and transport errors
  double max_retry_after = 60;     // seconds we are willing to wait on a 429
  bool wait_for_others = true;     // wait while another sender holds claims, then take what it put back
};

struct FlushReport {
  int delivered = 0;
  int failed = 0;       // moved to failed/ by this flush
  int left_pending = 0; // tried and left pending by this flush
  bool webhook_dead = false;
  bool rate_limited = false;
};

struct HttpResponse;

// The reason Discord gives in an error `response` ("HTTP 400: message (code N)").
std::string discord_reason(const HttpResponse& response);

// Seconds to wait after a 429 `response`: `retry_after` in the JSON body,
// else the Retry-After header; 1 when neither.
double retry_after(const HttpResponse& response);

// Default options with $WARDEN_NOTIFY_TIMEOUT applied.
DeliveryOptions default_delivery_options();

// Sleep `seconds` (a rate limit's wait, a backoff).
void sleep_seconds(double seconds);

// The next pending event of `outbox`, claimed; nullopt when none is left.
// With options.wait_for_others it waits, until `give_up`, while another
// sender holds claims: what that sender puts back is ours to send. Every
// channel's delivery loop takes its events from here.
std::optional<notify::OutboxEntry> claim_next_event(const notify::Outbox& outbox, const DeliveryOptions& options,
                                                    std::chrono::steady_clock::time_point give_up);

// Send every pending event of `outbox` to `webhook`. `log` receives one
// line per notable outcome (never the webhook URL itself).
FlushReport flush_outbox(const notify::Outbox& outbox, const notify::Webhook& webhook, const DeliveryOptions& options,
                         const std::function<void(const std::string&)>& log);

} // namespace warden::net

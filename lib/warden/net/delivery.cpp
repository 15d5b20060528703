// GCC 12 at -O3 reports a false -Wrestrict inside std::string's inlined
// replace (GCC bug 105651); nothing here copies overlapping memory.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "warden/net/delivery.hpp"

#include "warden/net/http.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "warden/notify/text.hpp"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <thread>

namespace warden::net {

namespace {

enum class Outcome { delivered, failed, pending, stop };

} // namespace

void sleep_seconds(double seconds) {
  std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long>(seconds * 1000)));
}

std::optional<notify::OutboxEntry> claim_next_event(const notify::Outbox& outbox, const DeliveryOptions& options,
                                                    std::chrono::steady_clock::time_point give_up) {
  for (;;) {
    auto event = outbox.claim_next();
    if (event || !options.wait_for_others || !outbox.others_sending() || std::chrono::steady_clock::now() >= give_up)
      return event;
    sleep_seconds(0.1);
  }
}

// Discord's error body: {"message": "...", "code": N}.
std::string discord_reason(const HttpResponse& response) {
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  std::string reason = fmt::format("HTTP {}", response.status);
  if (!body.is_discarded() && body.is_object()) {
    if (body.contains("message") && body["message"].is_string()) reason += ": " + body["message"].get<std::string>();
    // An integer only: a float code (1e300) does not convert to long.
    if (body.contains("code") && body["code"].is_number_integer())
      reason += fmt::format(" (code {})", body["code"].get<long long>());
    // Cut on a UTF-8 boundary: the reason is stored as JSON, which must stay valid UTF-8.
    if (body.contains("errors")) reason += " " + std::string(notify::utf8_prefix(body["errors"].dump(), 300));
  }
  return reason;
}

// Seconds to wait after a 429: `retry_after` in the body, else the header; 1 when neither.
double retry_after(const HttpResponse& response) {
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (!body.is_discarded() && body.is_object() && body.contains("retry_after") && body["retry_after"].is_number()) {
    // Only a real, non-negative wait: the caller sleeps for it.
    const double value = body["retry_after"].get<double>();
    if (std::isfinite(value) && value >= 0) return value;
  }
  if (!response.retry_after.empty()) {
    char* end = nullptr;
    const double value = std::strtod(response.retry_after.c_str(), &end);
    if (end && *end == '\0' && value >= 0) return value;
  }
  return 1;
}

namespace {

struct Sender {
  const notify::Outbox& outbox;
  const notify::Webhook& webhook;
  const DeliveryOptions& options;
  const std::function<void(const std::string&)>& log;
  FlushReport& report;

  Outcome send(const notify::OutboxEntry& event) {
    if (event.payload.empty()) {
      outbox.fail(event, "unreadable outbox file");
      ++report.failed;
      return Outcome::failed;
    }
    int tries = 0;
    int rate_limits = 0;
    for (;;) {
      const auto response = post_json(webhook.url, event.payload, {}, options.timeout_seconds);
      if (response.success()) {
        outbox.complete(event);
        ++report.delivered;
        log(fmt::format("delivered {} ({})", event.event, event.summary));
        return Outcome::delivered;
      }
      if (response.status == 429) {
        const double wait = retry_after(response);
        if (wait > options.max_retry_after || ++rate_limits > 5) {
          outbox.release(event, fmt::format("rate limited (retry after {:.1f} s)", wait));
          ++report.left_pending;
          report.rate_limited = true;
          log(fmt::format("rate limited for {:.1f} s: {} left pending", wait, event.event));
          return Outcome::stop;
        }
        sleep_seconds(wait);
        continue;
      }
      if (response.status == 404) {
        const auto reason = discord_reason(response);
        outbox.mark_dead({webhook.fingerprint(), webhook.redacted(), reason, notify::now_iso8601()});
        outbox.release(event, reason);
        ++report.left_pending;
        report.webhook_dead = true;
        log(fmt::format("webhook {} is gone ({}); set a new URL, then `warden notify flush`", webhook.redacted(), reason));
        return Outcome::stop;
      }
      if (response.status >= 400 && response.status < 500) {
        const auto reason = discord_reason(response);
        outbox.fail(event, reason);
        ++report.failed;
        log(fmt::format("refused {} ({}): {}", event.event, event.summary, reason));
        return Outcome::failed;
      }
      // 5xx, other statuses, transport errors: back off, then leave it for the next flush.
      const std::string error = response.status == 0 ? response.error : discord_reason(response);
      if (++tries >= options.tries) {
        outbox.release(event, error);
        ++report.left_pending;
        log(fmt::format("not delivered {} ({}): {}; left pending", event.event, event.summary, error));
        return Outcome::stop;
      }
      sleep_seconds(0.5 * (1 << (tries - 1)));
    }
  }
};

} // namespace

DeliveryOptions default_delivery_options() {
  DeliveryOptions options;
  if (const char* timeout = std::getenv("WARDEN_NOTIFY_TIMEOUT"); timeout && *timeout) {
    char* end = nullptr;
    const double value = std::strtod(timeout, &end);
    if (end && *end == '\0' && value > 0) options.timeout_seconds = value;
  }
  return options;
}

FlushReport flush_outbox(const notify::Outbox& outbox, const notify::Webhook& webhook, const DeliveryOptions& options,
                         const std::function<void(const std::string&)>& log) {
  FlushReport report;
  if (const auto dead = outbox.dead_webhook()) {
    if (dead->fingerprint == webhook.fingerprint()) {
      report.webhook_dead = true;
      log(fmt::format("webhook {} is gone ({} since {}); set a new URL to resume delivery", webhook.redacted(),
                      dead->reason, dead->since));
      return report;
    }
    outbox.clear_dead(); // the URL changed: try again
  }
  Sender sender{outbox, webhook, options, log, report};
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (auto event = claim_next_event(outbox, options, give_up)) {
    if (sender.send(*event) == Outcome::stop) break;
  }
  return report;
}

} // namespace warden::net

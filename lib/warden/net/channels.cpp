// GCC 12 at -O3 reports a false -Wrestrict inside std::string's inlined
// replace (GCC bug 105651); nothing here copies overlapping memory.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "warden/net/channels.hpp"

#include "warden/net/http.hpp"

#include <curl/curl.h>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>

namespace warden::net {

namespace {

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct Upload {
  const std::string& data;
  std::size_t offset = 0;
};

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto& upload = *static_cast<Upload*>(user);
  const std::size_t room = size * count;
  const std::size_t left = upload.data.size() - upload.offset;
  const std::size_t n = left < room ? left : room;
  std::memcpy(buffer, upload.data.data() + upload.offset, n);
  upload.offset += n;
  return n;
}

// What one attempt at one event came to.
struct Attempt {
  enum class Kind {
    delivered,
    rate_limited, // wait `wait` seconds, then again
    transient,    // try again with backoff, then leave pending
    refused,      // for good: into failed/
    dead,         // the endpoint is gone: record it, leave pending, stop
    stop,         // cannot send now (credentials ...): leave pending, stop
  };
  Kind kind = Kind::transient;
  std::string reason;
  double wait = 0;
};

// The delivery loop shared by email and Slack (the rules of net/delivery.hpp).
FlushReport flush_with(const notify::Outbox& outbox, const std::string& channel, const notify::Webhook* endpoint,
                       const std::function<Attempt(const notify::OutboxEntry&)>& attempt_once,
                       const DeliveryOptions& options, const std::function<void(const std::string&)>& log) {
  FlushReport report;
  if (endpoint) {
    if (const auto dead = outbox.dead_webhook()) {
      if (dead->fingerprint == endpoint->fingerprint()) {
        report.webhook_dead = true;
        log(fmt::format("{} webhook {} is gone ({} since {}); set a new URL to resume delivery", channel,
                        endpoint->redacted(), dead->reason, dead->since));
        return report;
      }
      outbox.clear_dead();
    }
  }
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (const auto claimed = claim_next_event(outbox, options, give_up)) {
    const auto& event = *claimed;
    if (event.payload.empty()) {
      outbox.fail(event, "unreadable outbox file");
      ++report.failed;
      continue;
    }
    int tries = 0;
    int rate_limits = 0;
    bool stop = false;
    for (;;) {
      const Attempt result = attempt_once(event);
      if (result.kind == Attempt::Kind::delivered) {
        outbox.complete(event);
        ++report.delivered;
        log(fmt::format("{}: delivered {} ({})", channel, event.event, event.summary));
        break;
      }
      if (result.kind == Attempt::Kind::rate_limited) {
        if (result.wait > options.max_retry_after || ++rate_limits > 5) {
          outbox.release(event, fmt::format("rate limited (retry after {:.1f} s)", result.wait));
          ++report.left_pending;
          report.rate_limited = true;
          log(fmt::format("{}: rate limited for {:.1f} s: {} left pending", channel, result.wait, event.event));
          stop = true;
          break;
        }
        sleep_seconds(result.wait);
        continue;
      }
      if (result.kind == Attempt::Kind::dead && endpoint) {
        outbox.mark_dead({endpoint->fingerprint(), endpoint->redacted(), result.reason, notify::now_iso8601()});
        outbox.release(event, result.reason);
        ++report.left_pending;
        report.webhook_dead = true;
        log(fmt::format("{} webhook {} is gone ({}); set a new URL, then `warden notify flush`", channel,
                        endpoint->redacted(), result.reason));
        stop = true;
        break;
      }
      if (result.kind == Attempt::Kind::refused) {
        outbox.fail(event, result.reason);
        ++report.failed;
        log(fmt::format("{}: refused {} ({}): {}", channel, event.event, event.summary, result.reason));
        break;
      }
      if (result.kind == Attempt::Kind::stop || ++tries >= options.tries) {
        outbox.release(event, result.reason);
        ++report.left_pending;
        log(fmt::format("{}: not delivered {} ({}): {}; left pending", channel, event.event, event.summary, result.reason));
        stop = true;
        break;
      }
      sleep_seconds(0.5 * (1 << (tries - 1)));
    }
    if (stop) break;
  }
  return report;
}

} // namespace

SmtpResult send_mail(const notify::SmtpSettings& smtp, const std::string& from, const std::vector<std::string>& to,
                     const std::string& message, double timeout_seconds) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  SmtpResult result;
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    result.error = "cannot start libcurl";
    return result;
  }
  curl_slist* list = nullptr;
  for (const auto& address : to) list = curl_slist_append(list, ("<" + address + ">").c_str());
  std::unique_ptr<curl_slist, SlistDeleter> recipients(list);
  const std::string mail_from = "<" + from + ">";
  Upload upload{message};
  char error_buffer[CURL_ERROR_SIZE] = {0};
  const long timeout_ms = static_cast<long>(timeout_seconds * 1000);
  // Encryption is required everywhere but on this machine: smtps:// is TLS
  // from the start, smtp:// must upgrade with STARTTLS or fail.
  const long use_ssl = notify::url_is_loopback(smtp.url) ? static_cast<long>(CURLUSESSL_TRY) : static_cast<long>(CURLUSESSL_ALL);
  curl_easy_setopt(curl.get(), CURLOPT_URL, smtp.url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl.get(), CURLOPT_USE_SSL, use_ssl);
  if (!smtp.user.empty()) curl_easy_setopt(curl.get(), CURLOPT_USERNAME, smtp.user.c_str());
  if (!smtp.password.empty()) curl_easy_setopt(curl.get(), CURLOPT_PASSWORD, smtp.password.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, on_read);
  curl_easy_setopt(curl.get(), CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl.get(), CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS, timeout_ms < 5000 ? timeout_ms : 5000L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error_buffer);
  const CURLcode code = curl_easy_perform(curl.get());
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &result.code);
  if (code == CURLE_OK) {
    result.delivered = true;
    return result;
  }
  result.error = error_buffer[0] ? error_buffer : curl_easy_strerror(code);
  if (code == CURLE_LOGIN_DENIED) result.code = result.code ? result.code : 535;
  return result;
}

std::string slack_reason(const HttpResponse& response) {
  std::string body = response.body;
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r' || body.back() == ' ')) body.pop_back();
  if (body.size() > 200) body = body.substr(0, 200);
  return body.empty() ? fmt::format("HTTP {}", response.status) : fmt::format("HTTP {}: {}", response.status, body);
}

FlushReport flush_email(const notify::Outbox& outbox, const notify::SmtpSettings& smtp, const DeliveryOptions& options,
                        const std::function<void(const std::string&)>& log) {
  const auto attempt = [&](const notify::OutboxEntry& event) {
    Attempt out;
    const auto payload = nlohmann::json::parse(event.payload, nullptr, false);
    if (payload.is_discarded() || !payload.is_object() || !payload.contains("message")) {
      out.kind = Attempt::Kind::refused;
      out.reason = "unreadable outbox file";
      return out;
    }
    std::vector<std::string> to;
    for (const auto& address : payload.value("to", nlohmann::json::array())) {
      if (address.is_string()) to.push_back(address.get<std::string>());
    }
    if (to.empty()) {
      out.kind = Attempt::Kind::refused;
      out.reason = "no recipient";
      return out;
    }
    const auto result = send_mail(smtp, payload.value("from", ""), to, payload.value("message", ""), options.timeout_seconds);
    if (result.delivered) {
      out.kind = Attempt::Kind::delivered;
      return out;
    }
    out.reason = result.code ? fmt::format("SMTP {}: {}", result.code, result.error) : result.error;
    if (result.code == 530 || result.code == 535 || result.code == 534) out.kind = Attempt::Kind::stop; // credentials: fix, then flush
    else if (result.code >= 500 && result.code < 600) out.kind = Attempt::Kind::refused;
    else out.kind = Attempt::Kind::transient;
    return out;
  };
  return flush_with(outbox, "email", nullptr, attempt, options, log);
}

FlushReport flush_slack(const notify::Outbox& outbox, const notify::Webhook& webhook, const DeliveryOptions& options,
                        const std::function<void(const std::string&)>& log) {
  const auto attempt = [&](const notify::OutboxEntry& event) {
    Attempt out;
    const auto response = post_json(webhook.url, event.payload, {}, options.timeout_seconds);
    if (response.success()) {
      out.kind = Attempt::Kind::delivered;
    } else if (response.status == 429) {
      out.kind = Attempt::Kind::rate_limited;
      out.wait = retry_after(response);
    } else if (response.status == 404 || response.status == 410) {
      // channel_not_found, no_service, channel_is_archived: the webhook no longer leads anywhere.
      out.kind = Attempt::Kind::dead;
      out.reason = slack_reason(response);
    } else if (response.status >= 400 && response.status < 500) {
      out.kind = Attempt::Kind::refused;
      out.reason = slack_reason(response);
    } else {
      out.kind = Attempt::Kind::transient;
      out.reason = response.status == 0 ? response.error : slack_reason(response);
    }
    return out;
  };
  return flush_with(outbox, "slack", &webhook, attempt, options, log);
}

} // namespace warden::net

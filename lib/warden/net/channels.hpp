#pragma once
// Delivering the email and Slack outboxes (notify/channels.hpp) under the
// same rules as Discord (net/delivery.hpp): removed after the channel
// accepted the event; rate limits waited for up to a cap; transient
// failures tried a few times with backoff, then left pending; a refusal
// kept in failed/ with the channel's reason.
#include "warden/net/delivery.hpp"
#include "warden/notify/channels.hpp"
#include "warden/notify/outbox.hpp"

#include <functional>
#include <string>
#include <vector>

namespace warden::net {

struct SmtpResult {
  bool delivered = false;
  long code = 0;       // the server's last reply code (0: none)
  std::string error;   // why not, never with the password
};

// Send one stored message through libcurl's SMTP: smtps:// or STARTTLS
// required (CURLUSESSL_ALL) unless the host is loopback. The caller checked
// notify::smtp_problem first.
SmtpResult send_mail(const notify::SmtpSettings& smtp, const std::string& from, const std::vector<std::string>& to,
                     const std::string& message, double timeout_seconds);

// Slack's plain-text error body with the status: "HTTP 400: invalid_payload".
std::string slack_reason(const HttpResponse& response);

FlushReport flush_email(const notify::Outbox& outbox, const notify::SmtpSettings& smtp, const DeliveryOptions& options,
                        const std::function<void(const std::string&)>& log);

FlushReport flush_slack(const notify::Outbox& outbox, const notify::Webhook& webhook, const DeliveryOptions& options,
                        const std::function<void(const std::string&)>& log);

} // namespace warden::net

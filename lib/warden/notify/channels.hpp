#pragma once
// Email (SMTP) and Slack beside Discord. Every event is rendered once per
// channel from the same facts and templates, and queued in that channel's
// own outbox (Outbox::channel), so each channel keeps its own delivery
// state: a Slack failure never re-sends the Discord message.
//
// A channel is configured when its secret is (never in the policy):
//   discord  WARDEN_DISCORD_WEBHOOK / git config warden.discord.webhook
//   email    WARDEN_SMTP_URL / git config warden.smtp.url (+ user, password),
//            and the policy's notify.email.to lists someone
//   slack    WARDEN_SLACK_WEBHOOK / git config warden.slack.webhook
#include "warden/config/policy.hpp"
#include "warden/notify/webhook.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden::git { class RepoFacts; class RepoReader; }

namespace warden::notify {

inline constexpr const char* k_discord = "discord";
inline constexpr const char* k_email = "email";
inline constexpr const char* k_slack = "slack";

struct SmtpSettings {
  std::string url;        // smtp://host[:port] or smtps://host[:port]
  std::string user;
  std::string password;   // secret: never printed
  bool starttls = false;  // WARDEN_SMTP_STARTTLS / warden.smtp.starttls: smtp:// to a remote host, upgraded with STARTTLS
  std::string source;     // where the URL came from
  // scheme://host[:port], without credentials or path.
  std::string redacted() const;
};

// $WARDEN_SMTP_URL, else `git config warden.smtp.url`; user and password
// from WARDEN_SMTP_USER / WARDEN_SMTP_PASSWORD, else warden.smtp.user /
// warden.smtp.password. nullopt when no URL is set.
std::optional<SmtpSettings> find_smtp(const git::RepoFacts& repo);

// nullopt when `smtp` may be used: smtps:// anywhere; smtp:// to a loopback
// host; smtp:// elsewhere only with STARTTLS asked for (then required).
// Otherwise the reason. Checked before any connection is made.
std::optional<std::string> smtp_problem(const SmtpSettings& smtp);

// $WARDEN_SLACK_WEBHOOK, else `git config warden.slack.webhook`.
std::optional<Webhook> find_slack_webhook(const git::RepoFacts& repo);

// True when any channel's secret is configured (no policy needed: cheap for the hooks).
bool any_channel_secret(const git::RepoFacts& repo);

// The channels configured for `repo` and `policy`, in the order discord, email, slack.
std::vector<std::string> configured_channels(const git::RepoFacts& repo, const Policy& policy);

// The events `channel` sends by itself: its `events` list; for email and
// Slack an empty or missing list means push, merge and tag.
std::vector<std::string> channel_events(const Policy& policy, const std::string& channel);
bool channel_wants(const Policy& policy, const std::string& channel, const std::string& event);

enum class Scope {
  hooks,            // the channel's events list decides
  explicit_request, // `notify ci`, `digest --post`, `notify test`: every configured channel
};

// Render `event` for each configured channel that takes it (only `only`
// when not empty) and queue it in that channel's outbox under one event id.
// Returns the channels it was queued for. Throws Error on a write failure.
std::vector<std::string> queue_for_channels(const git::RepoReader& repo, const std::string& event,
                                            const nlohmann::json& facts, const Policy& policy, Scope scope,
                                            const std::string& only = "");

// --- email -----------------------------------------------------------------

// The email payload stored in the outbox: {"from": address, "to": [addresses],
// "message": the whole RFC 5322 message}. The message is complete at queue
// time (Message-ID from `event_id`, Date from `now`), so a retry sends the
// very same message.
std::string email_payload(const std::string& event_id, const std::string& event, const nlohmann::json& facts,
                          const Policy& policy, std::int64_t now);

// `text` as a header value: unchanged when printable ASCII, else RFC 2047
// encoded words (=?UTF-8?B?...?=), each under 76 characters, folded.
std::string rfc2047_header(std::string_view text);
// Quoted-printable (RFC 2045) with CRLF line ends.
std::string quoted_printable(std::string_view text);
// "Thu, 26 Nov 2026 02:47:40 +0000".
std::string rfc5322_date(std::int64_t unix_seconds);
// The address of a mailbox: "Name <a@b>" -> "a@b"; "a@b" stays.
std::string mailbox_address(const std::string& mailbox);
// The Discord-flavoured Markdown of a message as HTML: escaped, **bold**,
// [text](url) links, line breaks.
std::string markdown_to_html(std::string_view markdown);

// --- Slack -----------------------------------------------------------------

// Slack's escaping of message text: & < > become &amp; &lt; &gt;.
std::string slack_escape(std::string_view text);
// The Slack incoming-webhook payload {"text": ..., "blocks": [...]}, within
// Slack's limits (header 150, section text 3000, 10 fields of 2000, 50 blocks).
std::string slack_payload(const std::string& event, const nlohmann::json& facts, const Policy& policy);

} // namespace warden::notify

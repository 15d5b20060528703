// GCC 12 at -O3 reports a false -Wrestrict inside std::string's inlined
// replace (GCC bug 105651); nothing here copies overlapping memory.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "warden/notify/channels.hpp"

#include "warden/core/error.hpp"
#include "warden/git/reader.hpp"
#include "warden/notify/discord.hpp"
#include "warden/notify/events.hpp"
#include "warden/notify/outbox.hpp"
#include "warden/notify/text.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <optional>
#include <cstdlib>
#include <ctime>

namespace warden::notify {

namespace {

namespace slack_limits {
constexpr std::size_t k_header = 150;
constexpr std::size_t k_section = 3000;
constexpr std::size_t k_fields = 10;
constexpr std::size_t k_field = 2000;
constexpr std::size_t k_context = 2000;
} // namespace slack_limits

// An environment variable, else a git config key; nullopt when both are unset or empty.
std::optional<std::string> setting(const git::RepoFacts& repo, const char* variable, const std::string& key,
                                   std::string* source = nullptr) {
  if (const char* value = std::getenv(variable); value && *value) {
    if (source) *source = variable;
    return std::string(value);
  }
  if (auto value = repo.config_string(key); value && !value->empty()) {
    if (source) *source = "git config " + key;
    return value;
  }
  return std::nullopt;
}

bool truthy(const std::string& value) {
  return value == "1" || value == "true" || value == "yes" || value == "on";
}

const std::vector<std::string>& default_events() {
  static const std::vector<std::string> events{"push", "merge", "tag"};
  return events;
}

// Header values never carry a line break (no header injection from commit text).
std::string header_text(std::string_view text) { return clean_text(text, Newlines::to_space); }

std::string base64(std::string_view data) {
  static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const unsigned value = (static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8) |
                           static_cast<unsigned char>(data[i + 2]);
    out += k_alphabet[(value >> 18) & 63];
    out += k_alphabet[(value >> 12) & 63];
    out += k_alphabet[(value >> 6) & 63];
    out += k_alphabet[value & 63];
  }
  if (i < data.size()) {
    unsigned value = static_cast<unsigned char>(data[i]) << 16;
    if (i + 1 < data.size()) value |= static_cast<unsigned char>(data[i + 1]) << 8;
    out += k_alphabet[(value >> 18) & 63];
    out += k_alphabet[(value >> 12) & 63];
    out += i + 1 < data.size() ? k_alphabet[(value >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

enum class Quotes { escaped, kept };

// `&`, `<` and `>` as entities (and `"` with Quotes::escaped): HTML and
// Slack's mrkdwn read the same three.
std::string escape_markup(std::string_view text, Quotes quotes) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += quotes == Quotes::escaped ? "&quot;" : "\""; break;
    default: out += c;
    }
  }
  return out;
}

std::string html_escape(std::string_view text) { return escape_markup(text, Quotes::escaped); }

// Characters safe in a Message-ID's parts.
std::string id_part(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                      c == '-' || c == '_';
    if (keep) out += c;
  }
  return out;
}

std::string hex_colour(int colour) { return fmt::format("#{:06x}", colour & 0xFFFFFF); }

// A rendered message, shared by the email and Slack renderers.
Embed embed_of(const std::string& event, const nlohmann::json& facts, const Policy& policy) {
  Message message = build_message(event, facts, policy);
  return message.embeds.empty() ? Embed{} : message.embeds.front();
}

// A Markdown link `[label](url)` starting at `i`, on one line.
struct MarkdownLink {
  std::string_view label;
  std::string_view url;
  std::size_t close; // index of the ')'
};

std::optional<MarkdownLink> markdown_link(std::string_view text, std::size_t i) {
  if (text[i] != '[') return std::nullopt;
  const auto middle = text.find("](", i);
  const auto newline = text.find('\n', i);
  if (middle == std::string_view::npos || (newline != std::string_view::npos && middle > newline)) return std::nullopt;
  const auto close = text.find(')', middle + 2);
  if (close == std::string_view::npos || (newline != std::string_view::npos && close > newline)) return std::nullopt;
  return MarkdownLink{text.substr(i + 1, middle - i - 1), text.substr(middle + 2, close - middle - 2), close};
}

// Discord-flavoured Markdown as Slack mrkdwn: escaped, **bold** -> *bold*, [text](url) -> <url|text>.
std::string to_mrkdwn(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, 2) == "**") {
      out += '*';
      ++i;
      continue;
    }
    if (const auto link = markdown_link(text, i)) {
      std::string escaped_label = slack_escape(link->label);
      std::replace(escaped_label.begin(), escaped_label.end(), '|', '/');
      out += "<" + slack_escape(link->url) + "|" + escaped_label + ">";
      i = link->close;
      continue;
    }
    out += slack_escape(text.substr(i, 1));
  }
  return out;
}

// A mailbox as a header value: a display name that is not ASCII becomes
// RFC 2047 encoded words; a bare address stays as it is.
std::string mailbox_header(const std::string& mailbox, const std::string& address) {
  const auto open = mailbox.rfind('<');
  if (open == std::string::npos) return address;
  std::string name = mailbox.substr(0, open);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
  if (name.empty()) return "<" + address + ">";
  const bool plain = std::all_of(name.begin(), name.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7F && c != '"' && c != '\\';
  });
  return (plain ? name : rfc2047_header(name)) + " <" + address + ">";
}

// The Markdown of a message as plain text: **bold** marks dropped, [text](url) as "text (url)".
std::string markdown_to_plain(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, 2) == "**") {
      ++i;
      continue;
    }
    if (const auto link = markdown_link(text, i)) {
      out += std::string(link->label) + " (" + std::string(link->url) + ")";
      i = link->close;
      continue;
    }
    out += text[i];
  }
  return out;
}

} // namespace

// --- configuration -------------------------------------------------------------

std::string SmtpSettings::redacted() const {
  const auto scheme = url_scheme(url);
  const auto redacted_url = redact_url(url); // scheme://host[:port]/***
  const auto cut = redacted_url.rfind("/***");
  return scheme.empty() ? "***" : (cut == std::string::npos ? redacted_url : redacted_url.substr(0, cut));
}

std::optional<SmtpSettings> find_smtp(const git::RepoFacts& repo) {
  SmtpSettings smtp;
  auto url = setting(repo, "WARDEN_SMTP_URL", "warden.smtp.url", &smtp.source);
  if (!url) return std::nullopt;
  smtp.url = *url;
  smtp.user = setting(repo, "WARDEN_SMTP_USER", "warden.smtp.user").value_or("");
  smtp.password = setting(repo, "WARDEN_SMTP_PASSWORD", "warden.smtp.password").value_or("");
  smtp.starttls = truthy(setting(repo, "WARDEN_SMTP_STARTTLS", "warden.smtp.starttls").value_or(""));
  return smtp;
}

std::optional<std::string> smtp_problem(const SmtpSettings& smtp) {
  const auto scheme = url_scheme(smtp.url);
  if (scheme.empty() || smtp.redacted() == "***") return fmt::format("SMTP URL ({}) is not a URL", smtp.source);
  if (scheme == "smtps") return std::nullopt;
  if (scheme != "smtp") return fmt::format("SMTP URL {} must be smtps:// or smtp://", smtp.redacted());
  if (url_is_loopback(smtp.url) || smtp.starttls) return std::nullopt;
  return fmt::format("SMTP URL {} is not encrypted: use smtps://, or set WARDEN_SMTP_STARTTLS=1 "
                     "(git config warden.smtp.starttls true) to require STARTTLS; plain smtp:// only to a loopback host",
                     smtp.redacted());
}

std::optional<Webhook> find_slack_webhook(const git::RepoFacts& repo) {
  std::string source;
  auto url = setting(repo, "WARDEN_SLACK_WEBHOOK", "warden.slack.webhook", &source);
  if (!url) return std::nullopt;
  return Webhook{*url, source};
}

bool any_channel_secret(const git::RepoFacts& repo) {
  return find_webhook(repo) || setting(repo, "WARDEN_SMTP_URL", "warden.smtp.url") || find_slack_webhook(repo);
}

std::vector<std::string> configured_channels(const git::RepoFacts& repo, const Policy& policy) {
  std::vector<std::string> channels;
  if (find_webhook(repo)) channels.emplace_back(k_discord);
  if (policy.notify.email && !policy.notify.email->to.empty() && find_smtp(repo)) channels.emplace_back(k_email);
  if (find_slack_webhook(repo)) channels.emplace_back(k_slack);
  return channels;
}

std::vector<std::string> channel_events(const Policy& policy, const std::string& channel) {
  if (channel == k_discord) return policy.notify.discord.events;
  if (channel == k_email) {
    return policy.notify.email && !policy.notify.email->events.empty() ? policy.notify.email->events : default_events();
  }
  if (channel == k_slack) {
    return policy.notify.slack && !policy.notify.slack->events.empty() ? policy.notify.slack->events : default_events();
  }
  return {};
}

bool channel_wants(const Policy& policy, const std::string& channel, const std::string& event) {
  const auto events = channel_events(policy, channel);
  return std::find(events.begin(), events.end(), event) != events.end();
}

std::vector<std::string> queue_for_channels(const git::RepoReader& repo, const std::string& event,
                                            const nlohmann::json& facts, const Policy& policy, Scope scope,
                                            const std::string& only) {
  std::vector<std::string> queued;
  const auto outbox = Outbox::of(repo);
  const std::string id = Outbox::new_event_name(event);
  const std::string summary = shorten_line(safe_text(facts.value("title", event), Newlines::to_space), 200);
  for (const auto& channel : configured_channels(repo, policy)) {
    if (!only.empty() && channel != only) continue;
    if (scope == Scope::hooks && !channel_wants(policy, channel, event)) continue;
    if (channel == k_discord) {
      outbox.enqueue_named(id, event, summary, discord_payload(build_message(event, facts, policy)));
    } else if (channel == k_email) {
      outbox.channel(k_email).enqueue_named(id, event, summary,
                                            email_payload(id, event, facts, policy, std::time(nullptr)));
    } else if (channel == k_slack) {
      outbox.channel(k_slack).enqueue_named(id, event, summary, slack_payload(event, facts, policy));
    }
    queued.push_back(channel);
  }
  return queued;
}

// --- email ---------------------------------------------------------------------

std::string rfc2047_header(std::string_view text) {
  const std::string clean = header_text(text);
  const bool ascii = std::all_of(clean.begin(), clean.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F;
  });
  if (ascii && clean.size() <= 900) return clean;
  // Each encoded word holds at most 45 bytes (60 base64 characters + 12 of
  // framing = 72 < 75), cut on code point boundaries: a word never splits a character.
  std::string out;
  std::size_t i = 0;
  while (i < clean.size()) {
    std::size_t end = std::min(clean.size(), i + 45);
    while (end > i && end < clean.size() && is_continuation(clean[end])) --end;
    if (end == i) end = std::min(clean.size(), i + 45);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(std::string_view(clean).substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string quoted_printable(std::string_view text) {
  std::string out;
  std::size_t line_length = 0;
  const auto emit = [&](const std::string& piece) {
    if (line_length + piece.size() > 75) {
      out += "=\r\n";
      line_length = 0;
    }
    out += piece;
    line_length += piece.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\r\n";
      line_length = 0;
      continue;
    }
    if (c == '\r') continue;
    const bool at_line_end = i + 1 == text.size() || text[i + 1] == '\n' || text[i + 1] == '\r';
    const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_line_end);
    // A '.' opening a line is encoded too, so no relay can take it for the end of the data.
    if (literal && !(c == '.' && line_length == 0)) emit(std::string(1, static_cast<char>(c)));
    else emit(fmt::format("={:02X}", c));
  }
  return out;
}

std::string rfc5322_date(std::int64_t unix_seconds) {
  static constexpr const char* k_days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t time = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  ::gmtime_r(&time, &utc);
  return fmt::format("{}, {:02d} {} {} {:02d}:{:02d}:{:02d} +0000", k_days[utc.tm_wday], utc.tm_mday,
                     k_months[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

std::string mailbox_address(const std::string& mailbox) {
  const auto open = mailbox.rfind('<');
  const auto close = mailbox.rfind('>');
  std::string address = open != std::string::npos && close != std::string::npos && close > open
                            ? mailbox.substr(open + 1, close - open - 1)
                            : mailbox;
  const auto first = address.find_first_not_of(" \t");
  const auto last = address.find_last_not_of(" \t");
  return first == std::string::npos ? "" : address.substr(first, last - first + 1);
}

std::string markdown_to_html(std::string_view text) {
  std::string out;
  bool bold = false;
  bool code = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, 2) == "**") {
      out += bold ? "</strong>" : "<strong>";
      bold = !bold;
      ++i;
      continue;
    }
    if (text[i] == '`') {
      out += code ? "</code>" : "<code>";
      code = !code;
      continue;
    }
    if (text[i] == '[') {
      const auto middle = text.find("](", i);
      const auto newline = text.find('\n', i);
      if (middle != std::string_view::npos && (newline == std::string_view::npos || middle < newline)) {
        const auto close = text.find(')', middle + 2);
        const auto url = close == std::string_view::npos ? std::string_view() : text.substr(middle + 2, close - middle - 2);
        if (close != std::string_view::npos && (newline == std::string_view::npos || close < newline) &&
            (url.starts_with("https://") || url.starts_with("http://"))) {
          out += "<a href=\"" + html_escape(url) + "\">" + markdown_to_html(text.substr(i + 1, middle - i - 1)) + "</a>";
          i = close;
          continue;
        }
      }
    }
    if (text[i] == '\n') {
      out += "<br>\n";
      continue;
    }
    out += html_escape(text.substr(i, 1));
  }
  if (code) out += "</code>";
  if (bold) out += "</strong>";
  return out;
}

std::string email_payload(const std::string& event_id, const std::string& event, const nlohmann::json& facts,
                          const Policy& policy, std::int64_t now) {
  const Embed embed = embed_of(event, facts, policy);
  const EmailPolicy email = policy.notify.email.value_or(EmailPolicy{});
  const std::string from_mailbox = header_text(email.from.empty() ? "warden <warden@localhost>" : email.from);
  const std::string from_address = mailbox_address(from_mailbox);
  const std::string from = mailbox_header(from_mailbox, from_address);
  std::vector<std::string> to_addresses;
  std::string to_header;
  for (const auto& mailbox : email.to) {
    const auto clean = header_text(mailbox);
    const auto address = mailbox_address(clean);
    if (address.empty()) continue;
    to_addresses.push_back(address);
    to_header += (to_header.empty() ? "" : ",\r\n ") + mailbox_header(clean, address);
  }
  const auto at = from_address.rfind('@');
  std::string domain = at == std::string::npos ? "" : id_part(from_address.substr(at + 1));
  if (domain.empty()) domain = "warden.invalid";
  std::string stem = event_id.ends_with(".json") ? event_id.substr(0, event_id.size() - 5) : event_id;
  const std::string message_id = fmt::format("<{}.warden@{}>", id_part(stem), domain);
  const std::string boundary = "=_warden_" + id_part(stem);

  const std::string title = clean_text(embed.title, Newlines::to_space);
  const std::string description = clean_text(embed.description);
  std::string plain = title + "\n";
  if (!embed.url.empty()) plain += embed.url + "\n";
  plain += "\n" + markdown_to_plain(description) + "\n";
  for (const auto& field : embed.fields) {
    plain += "\n" + clean_text(field.name, Newlines::to_space) + ":\n" + markdown_to_plain(clean_text(field.value)) + "\n";
  }
  if (!embed.footer.empty()) plain += "\n-- \n" + clean_text(embed.footer) + "\n";

  std::string html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n";
  html += fmt::format("<div style=\"border-left:4px solid {};padding-left:12px;font-family:sans-serif\">\n",
                      hex_colour(embed.colour));
  html += embed.url.empty() ? fmt::format("<h2>{}</h2>\n", html_escape(title))
                            : fmt::format("<h2><a href=\"{}\">{}</a></h2>\n", html_escape(clean_text(embed.url, Newlines::to_space)),
                                          html_escape(title));
  html += "<p>" + markdown_to_html(description) + "</p>\n";
  for (const auto& field : embed.fields) {
    html += "<h4>" + html_escape(clean_text(field.name, Newlines::to_space)) + "</h4>\n<p>" +
            markdown_to_html(clean_text(field.value)) + "</p>\n";
  }
  if (!embed.footer.empty()) html += "<p style=\"color:#888\">" + html_escape(clean_text(embed.footer)) + "</p>\n";
  html += "</div>\n</body></html>\n";

  std::string message;
  message += "From: " + from + "\r\n";
  message += "To: " + to_header + "\r\n";
  message += "Subject: " + rfc2047_header(title) + "\r\n";
  message += "Date: " + rfc5322_date(now) + "\r\n";
  message += "Message-ID: " + message_id + "\r\n";
  message += "MIME-Version: 1.0\r\n";
  message += "X-Warden-Event: " + id_part(event) + "\r\n";
  message += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n";
  message += "\r\nThis is a MIME message.\r\n";
  message += "\r\n--" + boundary + "\r\n";
  message += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
  message += quoted_printable(plain) + "\r\n";
  message += "\r\n--" + boundary + "\r\n";
  message += "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
  message += quoted_printable(html) + "\r\n";
  message += "\r\n--" + boundary + "--\r\n";

  nlohmann::json payload{{"from", from_address}, {"to", to_addresses}, {"message_id", message_id}, {"message", message}};
  return payload.dump();
}

// --- Slack ---------------------------------------------------------------------

std::string slack_escape(std::string_view text) { return escape_markup(text, Quotes::kept); }

std::string slack_payload(const std::string& event, const nlohmann::json& facts, const Policy& policy) {
  const Embed embed = embed_of(event, facts, policy);
  const std::string title = clean_text(embed.title, Newlines::to_space);
  auto blocks = nlohmann::json::array();
  blocks.push_back({{"type", "header"},
                    {"text", {{"type", "plain_text"}, {"text", shorten_line(title.empty() ? event : title, slack_limits::k_header)}}}});
  const std::string description = fit_text(to_mrkdwn(clean_text(embed.description)), slack_limits::k_section);
  if (!description.empty()) {
    blocks.push_back({{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", description}}}});
  }
  if (!embed.fields.empty()) {
    auto fields = nlohmann::json::array();
    for (std::size_t i = 0; i < embed.fields.size() && i < slack_limits::k_fields; ++i) {
      const auto& field = embed.fields[i];
      const std::string text = "*" + slack_escape(clean_text(field.name, Newlines::to_space)) + "*\n" +
                               to_mrkdwn(clean_text(field.value));
      fields.push_back({{"type", "mrkdwn"}, {"text", fit_text(text, slack_limits::k_field)}});
    }
    blocks.push_back({{"type", "section"}, {"fields", fields}});
  }
  std::string context = slack_escape(clean_text(embed.footer, Newlines::to_space));
  const std::string url = clean_text(embed.url, Newlines::to_space);
  if (!url.empty()) context += (context.empty() ? "" : " \xC2\xB7 ") + ("<" + slack_escape(url) + "|details>");
  if (!context.empty()) {
    blocks.push_back({{"type", "context"},
                      {"elements", nlohmann::json::array({{{"type", "mrkdwn"}, {"text", fit_text(context, slack_limits::k_context)}}})}});
  }
  nlohmann::json payload{{"text", slack_escape(title.empty() ? event : title)}, {"blocks", blocks}};
  return payload.dump();
}

} // namespace warden::notify

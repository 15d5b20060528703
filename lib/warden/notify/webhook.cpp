#include "warden/notify/webhook.hpp"

#include "warden/git/hash.hpp"
#include "warden/git/config_read.hpp"

#include <fmt/core.h>

#include <cstdlib>

namespace warden::notify {

namespace {

struct UrlParts {
  std::string scheme; // lower case
  std::string host;   // lower case, brackets kept for IPv6
  std::string path;   // from the first '/' after the host, query dropped
};

std::string lower(std::string text) {
  for (auto& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

std::optional<UrlParts> split_url(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos || scheme_end == 0) return std::nullopt;
  UrlParts parts;
  parts.scheme = lower(url.substr(0, scheme_end));
  const std::size_t authority_start = scheme_end + 3;
  std::size_t authority_end = url.find_first_of("/?#", authority_start);
  if (authority_end == std::string::npos) authority_end = url.size();
  std::string authority = url.substr(authority_start, authority_end - authority_start);
  if (const auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  // Drop the port: "[::1]:8080", "host:443".
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    authority = close == std::string::npos ? authority : authority.substr(0, close + 1);
  } else if (const auto colon = authority.find(':'); colon != std::string::npos) {
    authority = authority.substr(0, colon);
  }
  parts.host = lower(authority);
  if (authority_end < url.size() && url[authority_end] == '/') {
    const auto path_end = url.find_first_of("?#", authority_end);
    parts.path = url.substr(authority_end, path_end == std::string::npos ? std::string::npos : path_end - authority_end);
  }
  return parts;
}

bool is_loopback(const std::string& host) {
  if (host == "localhost" || host == "[::1]") return true;
  if (!host.starts_with("127.")) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') return false;
  }
  return dots == 3;
}

} // namespace

std::string Webhook::redacted() const { return redact_url(url); }

std::string Webhook::fingerprint() const {
  return git::hash_blob_hex(url);
}

std::optional<Webhook> find_webhook(const git::RepoFacts& repo) {
  if (const char* env = std::getenv("WARDEN_DISCORD_WEBHOOK"); env && *env) {
    return Webhook{env, "WARDEN_DISCORD_WEBHOOK"};
  }
  if (auto configured = repo.config_string("warden.discord.webhook"); configured && !configured->empty()) {
    return Webhook{*configured, "git config warden.discord.webhook"};
  }
  return std::nullopt;
}

std::optional<std::string> webhook_problem(const std::string& url) {
  const auto parts = split_url(url);
  if (!parts || parts->host.empty()) return fmt::format("webhook URL {} is not a URL", redact_url(url));
  if (parts->scheme == "https") return std::nullopt;
  if (parts->scheme == "http" && is_loopback(parts->host)) return std::nullopt;
  return fmt::format("webhook URL {} must use https (plain http only to a loopback host)", redact_url(url));
}

std::string url_scheme(const std::string& url) {
  const auto parts = split_url(url);
  return parts ? parts->scheme : "";
}

bool url_is_loopback(const std::string& url) {
  const auto parts = split_url(url);
  return parts && is_loopback(parts->host);
}

std::string redact_url(const std::string& url) {
  const auto parts = split_url(url);
  if (!parts) return "***";
  std::string port;
  {
    // Keep the port: it tells a local relay apart and is no secret.
    const std::size_t authority_start = url.find("://") + 3;
    std::size_t authority_end = url.find_first_of("/?#", authority_start);
    if (authority_end == std::string::npos) authority_end = url.size();
    std::string authority = url.substr(authority_start, authority_end - authority_start);
    if (const auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
    const auto close = authority.rfind(']');
    const auto colon = authority.rfind(':');
    if (colon != std::string::npos && (close == std::string::npos || colon > close)) port = authority.substr(colon);
  }
  const std::string base = parts->scheme + "://" + parts->host + port;
  const auto marker = parts->path.find("/webhooks/");
  if (marker != std::string::npos) {
    const std::size_t id_start = marker + 10;
    const auto id_end = parts->path.find('/', id_start);
    if (id_end != std::string::npos) return base + parts->path.substr(0, id_end) + "/***";
  }
  return base + "/***";
}

} // namespace warden::notify

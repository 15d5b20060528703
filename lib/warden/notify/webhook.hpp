#pragma once
// The Discord webhook URL: a secret that lives only in the environment or
// the local git config, never in the policy, a file name, or any output.
#include <optional>
#include <string>

namespace warden::git { class RepoFacts; }

namespace warden::notify {

struct Webhook {
  std::string url;      // the secret URL; never print it, print redacted()
  std::string source;   // "WARDEN_DISCORD_WEBHOOK" or "git config warden.discord.webhook"
  std::string redacted() const;
  // A stable fingerprint (SHA-1 hex) that identifies the URL without revealing it.
  std::string fingerprint() const;
};

// $WARDEN_DISCORD_WEBHOOK, else `git config warden.discord.webhook` of
// `repo`; nullopt when neither is set (empty counts as unset).
std::optional<Webhook> find_webhook(const git::RepoFacts& repo);

// nullopt when `url` is acceptable: https, or http to a loopback host
// (127.0.0.0/8, localhost, [::1]). Otherwise the reason, with the URL redacted.
std::optional<std::string> webhook_problem(const std::string& url);

// The lower-case scheme of `url` ("https", "smtp"); empty when it is not a URL.
std::string url_scheme(const std::string& url);
// True when the host of `url` is loopback (127.0.0.0/8, localhost, [::1]).
bool url_is_loopback(const std::string& url);

// `url` with its secret part replaced: the token of a Discord webhook path
// (`.../webhooks/ID/***`), else everything after the host (`https://host/***`).
// Credentials and the query are always dropped.
std::string redact_url(const std::string& url);

} // namespace warden::notify

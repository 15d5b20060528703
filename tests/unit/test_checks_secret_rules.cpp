// Every built-in secret rule against its own samples (secret_rules.cpp), the
// way gitleaks validates its generated configuration: a rule cannot exist
// without a token it finds and a near miss it passes.
#include "warden/checks/secret_rules.hpp"
#include "warden/checks/secret_scanner.hpp"

#include <re2/re2.h>

#include <catch2/catch.hpp>

#include <set>

namespace {

// A scanner holding one rule: its samples must stand on their own.
warden::SecretScanner only(const warden::SecretRule& rule) {
  warden::SecretScanner scanner;
  scanner.add_rule(rule);
  return scanner;
}

bool found(const std::vector<warden::SecretHit>& hits, const std::string& id) {
  for (const auto& hit : hits)
    if (hit.kind == id) return true;
  return false;
}

} // namespace

TEST_CASE("built-in secret rules: ids, descriptions, keywords", "[checks][secret]") {
  const auto& rules = warden::builtin_secret_rules();
  CHECK(rules.size() >= 60);
  std::set<std::string> ids;
  static const RE2 kebab("[a-z0-9]+(?:-[a-z0-9]+)*");
  for (const auto& builtin : rules) {
    const auto& rule = builtin.rule;
    INFO(rule.id);
    CHECK(ids.insert(rule.id).second);
    CHECK(RE2::FullMatch(rule.id, kebab));
    CHECK(!rule.description.empty());
    CHECK(rule.description.find('\n') == std::string::npos);
    // No bare high-entropy rules: every built-in rule has a keyword.
    CHECK(!rule.keywords.empty());
    for (const auto& keyword : rule.keywords) {
      CHECK(!keyword.empty());
      for (const char c : keyword) CHECK(!(c >= 'A' && c <= 'Z'));
    }
    // Built-in rules are compiled lazily, so a broken one must fail here.
    const RE2 compiled(rule.regex);
    CHECK(compiled.ok());
    CHECK(rule.secret_group <= compiled.NumberOfCapturingGroups());
    if (!rule.file_context.empty()) CHECK(RE2(rule.file_context).ok());
    CHECK(!builtin.true_positives.empty());
    CHECK(!builtin.false_positives.empty());
  }
  for (const char* id : {"private-key", "aws-access-key", "github-pat", "github-fine-grained-pat", "github-oauth",
                         "github-app-token", "gitlab-pat", "slack-bot-token", "slack-user-token", "slack-webhook-url",
                         "discord-webhook-url", "stripe-access-token", "google-api-key", "gcp-service-account",
                         "npm-access-token", "pypi-upload-token", "openai-api-key", "anthropic-api-key",
                         "sendgrid-api-token", "twilio-api-key", "jwt", "putty-private-key", "openssh-private-key",
                         "age-secret-key", "shopify-access-token", "digitalocean-pat", "heroku-api-key",
                         "mailgun-private-api-token", "hashicorp-tf-api-token", "doppler-api-token",
                         "databricks-api-token", "linear-api-key", "dropbox-api-token", "telegram-bot-api-token",
                         "azure-storage-key"})
    CHECK(ids.count(id) == 1);
}

TEST_CASE("built-in secret rules: true positives found, false positives passed", "[checks][secret]") {
  const warden::SecretScanner& all = warden::SecretScanner::builtin();
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    std::uint64_t state = seed;
    for (const auto& builtin : warden::builtin_secret_rules()) {
      const warden::SecretScanner one = only(builtin.rule);
      for (const auto& sample : builtin.true_positives) {
        const std::string text = warden::expand_sample(sample, state);
        INFO(builtin.rule.id << " true positive " << sample << " seed " << seed);
        const auto hits = one.scan(text);
        CHECK(hits.size() == 1);
        if (hits.size() != 1) continue;
        CHECK(hits[0].kind == builtin.rule.id);
        // The preview is the redacted start of the secret, never more.
        CHECK(hits[0].preview.size() <= 4 + 3);
        CHECK(hits[0].preview.find("\xE2\x80\xA6") != std::string::npos);
        CHECK(found(all.scan(text), builtin.rule.id));
      }
      for (const auto& sample : builtin.false_positives) {
        const std::string text = warden::expand_sample(sample, state);
        INFO(builtin.rule.id << " false positive " << sample << " -> " << text);
        CHECK(one.scan(text).empty());
      }
    }
  }
}

TEST_CASE("expand_sample", "[checks][secret]") {
  std::uint64_t state = 42;
  const std::string a = warden::expand_sample("ghp_{a36}", state);
  CHECK(a.size() == 40);
  CHECK(RE2::FullMatch(a, "ghp_[A-Za-z0-9]{36}"));
  CHECK(warden::expand_sample("{=x5}-{h4}", state).substr(0, 6) == "xxxxx-");
  CHECK(RE2::FullMatch(warden::expand_sample("{uuid}", state), "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
  CHECK(warden::expand_sample("if (x) { y }", state) == "if (x) { y }");
  CHECK(warden::expand_sample("{q3}{a}{", state) == "{q3}{a}{");
  std::uint64_t same = 7;
  std::uint64_t again = 7;
  CHECK(warden::expand_sample("{s64}", same) == warden::expand_sample("{s64}", again));
}

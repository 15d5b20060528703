#include "warden/notify/webhook.hpp"

#include <catch2/catch.hpp>

using namespace warden::notify;

TEST_CASE("redact_url hides the webhook token", "[notify]") {
  CHECK(redact_url("https://discord.com/api/webhooks/123/abcDEF") == "https://discord.com/api/webhooks/123/***");
  CHECK(redact_url("https://discord.com/api/webhooks/123/abc?wait=true") == "https://discord.com/api/webhooks/123/***");
  CHECK(redact_url("http://127.0.0.1:8080/api/webhooks/9/tok") == "http://127.0.0.1:8080/api/webhooks/9/***");
  CHECK(redact_url("https://user:pass@relay.example/secret/path") == "https://relay.example/***");
  CHECK(redact_url("garbage") == "***");
}

TEST_CASE("webhook_problem accepts https and loopback http only", "[notify]") {
  CHECK_FALSE(webhook_problem("https://discord.com/api/webhooks/1/x"));
  CHECK_FALSE(webhook_problem("http://127.0.0.1:9/api/webhooks/1/x"));
  CHECK_FALSE(webhook_problem("http://127.1.2.3/x"));
  CHECK_FALSE(webhook_problem("http://localhost:9/x"));
  CHECK_FALSE(webhook_problem("http://[::1]:9/x"));
  const auto plain = webhook_problem("http://discord.com/api/webhooks/1/secret");
  REQUIRE(plain);
  CHECK(plain->find("secret") == std::string::npos);
  CHECK(webhook_problem("http://127.0.0.1.evil.com/x"));
  CHECK(webhook_problem("ftp://127.0.0.1/x"));
  CHECK(webhook_problem("not a url"));
}

#include "git_test_repo.hpp"
#include "loopback_server.hpp"

#include "warden/net/delivery.hpp"
#include "warden/net/http.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace warden;
using test::LoopbackServer;
using test::Reply;

namespace {

// A fresh outbox, a log that keeps every line, and options that keep the
// waits short (the backoff after a 5xx is 0.5 s per try).
struct Fixture {
  test::TempDir dir;
  notify::Outbox outbox{dir.path() / "outbox"};
  std::vector<std::string> lines;
  std::function<void(const std::string&)> log = [this](const std::string& line) { lines.push_back(line); };
  net::DeliveryOptions options;
  Fixture() {
    options.timeout_seconds = 5;
    options.tries = 2;
    options.max_retry_after = 1;
    options.wait_for_others = false;
  }
  std::string all_lines() const {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    return text;
  }
};

notify::Webhook webhook_for(const LoopbackServer& server, const std::string& token = "secret-token") {
  return notify::Webhook{server.url("/api/webhooks/123/" + token), "WARDEN_DISCORD_WEBHOOK"};
}

net::HttpResponse response(long status, std::string body, std::string retry_after = "") {
  net::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.retry_after = std::move(retry_after);
  return r;
}

} // namespace

TEST_CASE("discord_reason", "[net][delivery]") {
  test::TempDir dir;
  CHECK(net::discord_reason(response(400, R"({"message":"Invalid Form Body","code":50035})")) ==
        "HTTP 400: Invalid Form Body (code 50035)");
  CHECK(net::discord_reason(response(404, R"({"message":"Unknown Webhook","code":10015})")) ==
        "HTTP 404: Unknown Webhook (code 10015)");
  CHECK(net::discord_reason(response(400, R"({"message":"Bad","code":1,"errors":{"content":"too long"}})")) ==
        R"(HTTP 400: Bad (code 1) {"content":"too long"})");
  CHECK(net::discord_reason(response(500, "not json")) == "HTTP 500");
  CHECK(net::discord_reason(response(403, R"({"code":1.5,"message":7})")) == "HTTP 403");
  CHECK(net::discord_reason(response(400, R"(["message"])")) == "HTTP 400");
}

TEST_CASE("retry_after", "[net][delivery]") {
  test::TempDir dir;
  CHECK(net::retry_after(response(429, R"({"retry_after":2.5})", "7")) == 2.5); // the body wins
  CHECK(net::retry_after(response(429, R"({"retry_after":0})")) == 0);
  CHECK(net::retry_after(response(429, "", "3")) == 3);
  CHECK(net::retry_after(response(429, R"({"retry_after":-4})", "0.25")) == 0.25);
  CHECK(net::retry_after(response(429, R"({"retry_after":"soon"})", "")) == 1);
  CHECK(net::retry_after(response(429, "", "Wed, 21 Oct 2026 07:28:00 GMT")) == 1);
  CHECK(net::retry_after(response(429, "", "-3")) == 1);
  CHECK(net::retry_after(response(429, "", "")) == 1);
}

TEST_CASE("default_delivery_options", "[net][delivery]") {
  test::TempDir dir;
  {
    test::ScopedEnv timeout("WARDEN_NOTIFY_TIMEOUT", std::nullopt);
    const auto options = net::default_delivery_options();
    CHECK(options.timeout_seconds == 10);
    CHECK(options.tries == 3);
    CHECK(options.max_retry_after == 60);
    CHECK(options.wait_for_others);
  }
  {
    test::ScopedEnv timeout("WARDEN_NOTIFY_TIMEOUT", "2.5");
    CHECK(net::default_delivery_options().timeout_seconds == 2.5);
  }
  for (const char* bad : {"0", "-1", "abc", "3s", ""}) {
    test::ScopedEnv timeout("WARDEN_NOTIFY_TIMEOUT", bad);
    CHECK(net::default_delivery_options().timeout_seconds == 10);
  }
}

TEST_CASE("flush_outbox removes every event the webhook accepted, oldest first", "[net][delivery]") {
  Fixture f;
  LoopbackServer server({Reply{204}, Reply{200, R"({"id":"1"})"}});
  f.outbox.enqueue("push", "first", R"({"content":"one"})");
  f.outbox.enqueue("merge", "second", R"({"content":"two"})");
  const auto report = net::flush_outbox(f.outbox, webhook_for(server), f.options, f.log);
  CHECK(report.delivered == 2);
  CHECK(report.failed == 0);
  CHECK(report.left_pending == 0);
  CHECK_FALSE(report.webhook_dead);
  CHECK_FALSE(report.rate_limited);
  CHECK(f.outbox.pending().empty());
  CHECK(f.outbox.sending().empty());
  CHECK(f.outbox.failed().empty());
  const auto received = server.received();
  REQUIRE(received.size() == 2);
  CHECK(received[0].body == R"({"content":"one"})");
  CHECK(received[1].body == R"({"content":"two"})");
  CHECK(received[0].path == "/api/webhooks/123/secret-token");
  CHECK(f.lines == std::vector<std::string>{"delivered push (first)", "delivered merge (second)"});
}

TEST_CASE("flush_outbox with an empty outbox sends nothing", "[net][delivery]") {
  Fixture f;
  LoopbackServer server({Reply{204}});
  const auto report = net::flush_outbox(f.outbox, webhook_for(server), f.options, f.log);
  CHECK(report.delivered == 0);
  CHECK(report.left_pending == 0);
  CHECK(server.count() == 0);
  CHECK(f.lines.empty());
}

TEST_CASE("flush_outbox waits out a 429 with retry_after in the body, then delivers", "[net][delivery]") {
  Fixture f;
  LoopbackServer server({Reply{429, R"({"message":"You are being rate limited.","retry_after":0.05})"}, Reply{204}});
  f.outbox.enqueue("push", "one", R"({"content":"a"})");
  const auto report = net::flush_outbox(f.outbox, webhook_for(server), f.options, f.log);
  CHECK(report.delivered == 1);
  CHECK_FALSE(report.rate_limited);
  CHECK(server.count() == 2);
  CHECK(f.outbox.pending().empty());
}

TEST_CASE("flush_outbox waits out a 429 with a Retry-After header, then delivers", "[net][delivery]") {
  Fixture f;
  LoopbackServer server({Reply{429, "", {{"Retry-After", "0"}}}, Reply{204}});
  f.outbox.enqueue("push", "one", R"({"content":"a"})");
  const auto report = net::flush_outbox(f.outbox, webhook_for(server), f.options, f.log);
  CHECK(report.delivered == 1);
  CHECK(server.count() == 2);
}

TEST_CASE("flush_outbox leaves the events pending and stops on a 429 longer than the cap", "[net][delivery]") {
  Fixture f;
  LoopbackServer server({Reply{429, R"({"retry_after":30})", {{"Retry-After", "30"}}}});
  f.outbox.enqueue("push", "one", R"({"content":"a"})");
  f.outbox.enqueue("push", "two", R"({"content":"b"})");
  const auto report = net::flush_outbox(f.outbox, webhook_for(server), f.options, f.log);
  CHECK(report.delivered == 0);
  CHECK(report.left_pending == 1);
  CHECK(report.rate_limited);
  CHECK(server.count() == 1); // the second event was not tried
  const auto pending = f.outbox.pending();
  REQUIRE(pending.size() == 2);
  CHECK(pending[0].summary == "one");
  CHECK(pending[0].attempts == 1);
  CHECK(pending[0].last_error == "rate limited (retry after 30.0 s)");
  CHECK(pending[1].attempts == 0);
  CHECK(f.lines == std::vector<std::string>{"rate limited for 30.0 s: push left pending"});
}

TEST_CASE("flush_outbox gives up after five rate limits in a row", "[net][delivery]") {
  Fixture f;
  LoopbackServer server({Reply{429, R"({"retry_after":0})"}});
  f.outbox.enqueue("push", "one", R"({"content":"a"})");
  const auto report = net::flush_outbox(f.outbox, webhook_for(server), f.options, f.log);
  CHECK(report.rate_limited);
  CHECK(report.left_pending == 1);
  CHECK(server.count() == 6);
  CHECK(f.outbox.pending().size() == 1);
}

TEST_CASE("flush_outbox tries a 5xx again, then delivers", "[net][delivery]") {
  Fixture f;
  LoopbackServer server({Reply{503, R"({"message":"unavailable"})"}, Reply{204}});
  f.outbox.enqueue("push", "one", R"({"content":"a"})");
  const auto report = net::flush_outbox(f.outbox, webhook_for(server), f.options, f.log);
  CHECK(report.delivered == 1);
  CHECK(report.left_pending == 0);
  CHECK(server.count() == 2);
}

TEST_CASE("flush_outbox leaves an event pending after `tries` 5xx replies and stops", "[net][delivery]") {
  Fixture f;
  LoopbackServer server({Reply{502, R"({"message":"Bad Gateway"})"}});
  f.outbox.enqueue("push", "one", R"({"content":"a"})");
  f.outbox.enqueue("push", "two", R"({"content":"b"})");
  const auto report = net::flush_outbox(f.outbox, webhook_for(server), f.options, f.log);
  CHECK(report.delivered == 0);
  CHECK(report.failed == 0);
  CHECK(report.left_pending == 1);
  CHECK(server.count() == 2); // options.tries, for the first event only
  const auto pending = f.outbox.pending();
  REQUIRE(pending.size() == 2);
  CHECK(pending[0].attempts == 1);
  CHECK(pending[0].last_error == "HTTP 502: Bad Gateway");
  CHECK(f.lines == std::vector<std::string>{"not delivered push (one): HTTP 502: Bad Gateway; left pending"});
}

TEST_CASE("flush_outbox keeps a 4xx refusal in failed/ with Discord's reason and goes on", "[net][delivery]") {
  Fixture f;
  LoopbackServer server({Reply{400, R"({"message":"Invalid Form Body","code":50035})"}, Reply{204}});
  f.outbox.enqueue("push", "too long", R"({"content":"a"})");
  f.outbox.enqueue("push", "fine", R"({"content":"b"})");
  const auto report = net::flush_outbox(f.outbox, webhook_for(server), f.options, f.log);
  CHECK(report.failed == 1);
  CHECK(report.delivered == 1);
  CHECK(server.count() == 2); // a 4xx is not tried again
  const auto failed = f.outbox.failed();
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].summary == "too long");
  CHECK(failed[0].last_error == "HTTP 400: Invalid Form Body (code 50035)");
  CHECK(f.outbox.pending().empty());
  REQUIRE(f.lines.size() == 2);
  CHECK(f.lines[0] == "refused push (too long): HTTP 400: Invalid Form Body (code 50035)");
}

TEST_CASE("flush_outbox marks a webhook that answers 404 dead and sends nothing more to it", "[net][delivery]") {
  Fixture f;
  LoopbackServer server({Reply{404, R"({"message":"Unknown Webhook","code":10015})"}, Reply{204}});
  const auto webhook = webhook_for(server);
  f.outbox.enqueue("push", "one", R"({"content":"a"})");
  f.outbox.enqueue("push", "two", R"({"content":"b"})");
  auto report = net::flush_outbox(f.outbox, webhook, f.options, f.log);
  CHECK(report.webhook_dead);
  CHECK(report.left_pending == 1);
  CHECK(report.delivered == 0);
  CHECK(server.count() == 1);
  const auto dead = f.outbox.dead_webhook();
  REQUIRE(dead);
  CHECK(dead->fingerprint == webhook.fingerprint());
  CHECK(dead->reason == "HTTP 404: Unknown Webhook (code 10015)");
  CHECK(f.outbox.pending().size() == 2);
  // The log names the webhook redacted, never its token.
  CHECK(f.all_lines().find("secret-token") == std::string::npos);
  CHECK(f.all_lines().find("HTTP 404: Unknown Webhook (code 10015)") != std::string::npos);

  SECTION("the same URL again: nothing is sent") {
    f.lines.clear();
    report = net::flush_outbox(f.outbox, webhook, f.options, f.log);
    CHECK(report.webhook_dead);
    CHECK(report.left_pending == 0);
    CHECK(server.count() == 1);
    CHECK(f.outbox.pending().size() == 2);
    REQUIRE(f.lines.size() == 1);
    CHECK(f.lines[0].find("is gone") != std::string::npos);
    CHECK(f.lines[0].find("secret-token") == std::string::npos);
  }
  SECTION("a new URL: the mark is cleared and delivery resumes") {
    report = net::flush_outbox(f.outbox, webhook_for(server, "new-token"), f.options, f.log);
    CHECK_FALSE(report.webhook_dead);
    CHECK(report.delivered == 2);
    CHECK_FALSE(f.outbox.dead_webhook());
    CHECK(f.outbox.pending().empty());
    CHECK(server.received().back().path == "/api/webhooks/123/new-token");
  }
}

TEST_CASE("flush_outbox leaves an event pending when the endpoint cannot be reached", "[net][delivery]") {
  Fixture f;
  f.options.tries = 1;
  LoopbackServer server({Reply{}});
  const auto webhook = webhook_for(server);
  server.stop();
  f.outbox.enqueue("push", "one", R"({"content":"a"})");
  const auto report = net::flush_outbox(f.outbox, webhook, f.options, f.log);
  CHECK(report.left_pending == 1);
  CHECK(report.delivered == 0);
  const auto pending = f.outbox.pending();
  REQUIRE(pending.size() == 1);
  CHECK_FALSE(pending[0].last_error.empty());
  CHECK(pending[0].last_error.find("secret-token") == std::string::npos);
}

TEST_CASE("flush_outbox leaves an event pending when the endpoint does not answer in time", "[net][delivery]") {
  Fixture f;
  f.options.tries = 1;
  f.options.timeout_seconds = 0.2;
  LoopbackServer server({Reply{204, "", {}, std::chrono::milliseconds(5000)}});
  f.outbox.enqueue("push", "one", R"({"content":"a"})");
  const auto report = net::flush_outbox(f.outbox, webhook_for(server), f.options, f.log);
  CHECK(report.delivered == 0);
  CHECK(report.left_pending == 1);
  const auto pending = f.outbox.pending();
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].last_error.find("timed out") != std::string::npos);
}

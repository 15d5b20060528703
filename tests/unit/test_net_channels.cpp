#include "git_test_repo.hpp"
#include "loopback_server.hpp"

#include "warden/net/channels.hpp"
#include "warden/net/http.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace warden;
using test::LoopbackServer;
using test::Reply;

namespace {

struct Fixture {
  test::TempDir dir;
  notify::Outbox outbox{dir.path() / "outbox" / "slack"};
  std::vector<std::string> lines;
  std::function<void(const std::string&)> log = [this](const std::string& line) { lines.push_back(line); };
  net::DeliveryOptions options;
  Fixture() {
    options.timeout_seconds = 5;
    options.tries = 2;
    options.max_retry_after = 1;
    options.wait_for_others = false;
  }
};

notify::Webhook slack_webhook(const LoopbackServer& server) {
  return notify::Webhook{server.url("/services/T000/B000/secret-token"), "WARDEN_SLACK_WEBHOOK"};
}

net::HttpResponse response(long status, std::string body) {
  net::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// Just enough SMTP for libcurl, on 127.0.0.1 at a random port, one session
// at a time: `rcpt_reply` answers every RCPT TO, `data_reply` the end of
// DATA. Each message that reached the end of DATA is kept. Every wait is
// bounded (poll with a timeout, a stop flag).
class SmtpSink {
public:
  SmtpSink(std::string rcpt_reply, std::string data_reply)
    : m_rcpt_reply(std::move(rcpt_reply)), m_data_reply(std::move(data_reply)) {
    m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(m_listener >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    REQUIRE(::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(m_listener, 4) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { serve(); });
  }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;
  ~SmtpSink() {
    m_stop = true;
    m_thread.join();
    ::close(m_listener);
  }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(m_port); }
  std::vector<std::string> messages() const {
    std::lock_guard lock(m_mutex);
    return m_messages;
  }

private:
  // One line from `fd` (without CRLF); false on EOF, error or stop.
  bool read_line(int fd, std::string& buffer, std::string& line) {
    for (int waited = 0; waited < 100 && !m_stop; ++waited) {
      if (const auto end = buffer.find("\r\n"); end != std::string::npos) {
        line = buffer.substr(0, end);
        buffer.erase(0, end + 2);
        return true;
      }
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char chunk[4096];
      const auto n = ::read(fd, chunk, sizeof chunk);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
      waited = 0;
    }
    return false;
  }
  static void say(int fd, const std::string& text) {
    const std::string line = text + "\r\n";
    [[maybe_unused]] const auto n = ::write(fd, line.data(), line.size());
  }
  void session(int fd) {
    say(fd, "220 sink ESMTP");
    std::string buffer, line;
    while (read_line(fd, buffer, line)) {
      const std::string verb = line.substr(0, 4);
      if (verb == "EHLO" || verb == "HELO") say(fd, "250 sink");
      else if (verb == "MAIL") say(fd, "250 ok");
      else if (verb == "RCPT") say(fd, m_rcpt_reply);
      else if (verb == "DATA") {
        say(fd, "354 go on");
        std::string message;
        while (read_line(fd, buffer, line) && line != ".") message += line + "\n";
        if (m_data_reply.rfind("250", 0) == 0) {
          std::lock_guard lock(m_mutex);
          m_messages.push_back(message);
        }
        say(fd, m_data_reply);
      } else if (verb == "QUIT") {
        say(fd, "221 bye");
        return;
      } else say(fd, "250 ok");
    }
  }
  void serve() {
    while (!m_stop) {
      pollfd p{m_listener, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int fd = ::accept(m_listener, nullptr, nullptr);
      if (fd < 0) continue;
      session(fd);
      ::close(fd);
    }
  }

  std::string m_rcpt_reply, m_data_reply;
  int m_listener = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  mutable std::mutex m_mutex;
  std::vector<std::string> m_messages;
  std::thread m_thread;
};

std::string mail_payload(const std::vector<std::string>& to, const std::string& subject = "push to main") {
  return nlohmann::json{{"from", "warden@example.com"},
                        {"to", to},
                        {"message", "From: warden@example.com\r\nSubject: " + subject + "\r\n\r\nbody line\r\n"}}
      .dump();
}

} // namespace

TEST_CASE("slack_reason", "[net][channels]") {
  test::TempDir dir;
  CHECK(net::slack_reason(response(400, "invalid_payload\n")) == "HTTP 400: invalid_payload");
  CHECK(net::slack_reason(response(404, "channel_not_found")) == "HTTP 404: channel_not_found");
  CHECK(net::slack_reason(response(500, "")) == "HTTP 500");
  CHECK(net::slack_reason(response(500, " \r\n")) == "HTTP 500");
  CHECK(net::slack_reason(response(400, std::string(300, 'x'))) == "HTTP 400: " + std::string(200, 'x'));
}

TEST_CASE("flush_slack delivers and removes each accepted event", "[net][channels]") {
  Fixture f;
  LoopbackServer server({Reply{200, "ok"}});
  f.outbox.enqueue("push", "one", R"({"text":"a"})");
  f.outbox.enqueue("tag", "two", R"({"text":"b"})");
  const auto report = net::flush_slack(f.outbox, slack_webhook(server), f.options, f.log);
  CHECK(report.delivered == 2);
  CHECK(report.left_pending == 0);
  CHECK(f.outbox.pending().empty());
  const auto received = server.received();
  REQUIRE(received.size() == 2);
  CHECK(received[0].body == R"({"text":"a"})");
  CHECK(received[0].path == "/services/T000/B000/secret-token");
  CHECK(f.lines == std::vector<std::string>{"slack: delivered push (one)", "slack: delivered tag (two)"});
}

TEST_CASE("flush_slack waits out a 429 with Retry-After, then delivers", "[net][channels]") {
  Fixture f;
  LoopbackServer server({Reply{429, "rate_limited", {{"Retry-After", "0"}}}, Reply{200, "ok"}});
  f.outbox.enqueue("push", "one", R"({"text":"a"})");
  const auto report = net::flush_slack(f.outbox, slack_webhook(server), f.options, f.log);
  CHECK(report.delivered == 1);
  CHECK_FALSE(report.rate_limited);
  CHECK(server.count() == 2);
}

TEST_CASE("flush_slack leaves events pending on a 429 longer than the cap", "[net][channels]") {
  Fixture f;
  LoopbackServer server({Reply{429, "rate_limited", {{"Retry-After", "120"}}}});
  f.outbox.enqueue("push", "one", R"({"text":"a"})");
  f.outbox.enqueue("push", "two", R"({"text":"b"})");
  const auto report = net::flush_slack(f.outbox, slack_webhook(server), f.options, f.log);
  CHECK(report.rate_limited);
  CHECK(report.left_pending == 1);
  CHECK(server.count() == 1);
  const auto pending = f.outbox.pending();
  REQUIRE(pending.size() == 2);
  CHECK(pending[0].last_error == "rate limited (retry after 120.0 s)");
  CHECK(f.lines == std::vector<std::string>{"slack: rate limited for 120.0 s: push left pending"});
}

TEST_CASE("flush_slack keeps a 400 in failed/ with Slack's reason", "[net][channels]") {
  Fixture f;
  LoopbackServer server({Reply{400, "invalid_payload"}, Reply{200, "ok"}});
  f.outbox.enqueue("push", "bad", R"({"text":"a"})");
  f.outbox.enqueue("push", "good", R"({"text":"b"})");
  const auto report = net::flush_slack(f.outbox, slack_webhook(server), f.options, f.log);
  CHECK(report.failed == 1);
  CHECK(report.delivered == 1);
  const auto failed = f.outbox.failed();
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].summary == "bad");
  CHECK(failed[0].last_error == "HTTP 400: invalid_payload");
  CHECK(f.lines.front() == "slack: refused push (bad): HTTP 400: invalid_payload");
}

TEST_CASE("flush_slack marks the webhook dead on 404 and 410", "[net][channels]") {
  for (const int status : {404, 410}) {
    Fixture f;
    LoopbackServer server({Reply{status, "channel_is_archived"}, Reply{200, "ok"}});
    const auto webhook = slack_webhook(server);
    f.outbox.enqueue("push", "one", R"({"text":"a"})");
    auto report = net::flush_slack(f.outbox, webhook, f.options, f.log);
    CHECK(report.webhook_dead);
    CHECK(report.left_pending == 1);
    const auto dead = f.outbox.dead_webhook();
    REQUIRE(dead);
    CHECK(dead->reason == "HTTP " + std::to_string(status) + ": channel_is_archived");
    CHECK(dead->fingerprint == webhook.fingerprint());
    // Again with the same URL: nothing is sent.
    report = net::flush_slack(f.outbox, webhook, f.options, f.log);
    CHECK(report.webhook_dead);
    CHECK(server.count() == 1);
    CHECK(f.outbox.pending().size() == 1);
    for (const auto& line : f.lines) CHECK(line.find("secret-token") == std::string::npos);
  }
}

TEST_CASE("flush_slack tries a 5xx `tries` times, then leaves the event pending", "[net][channels]") {
  Fixture f;
  LoopbackServer server({Reply{500, "internal_error"}});
  f.outbox.enqueue("push", "one", R"({"text":"a"})");
  const auto report = net::flush_slack(f.outbox, slack_webhook(server), f.options, f.log);
  CHECK(report.left_pending == 1);
  CHECK(report.failed == 0);
  CHECK(server.count() == 2);
  const auto pending = f.outbox.pending();
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].last_error == "HTTP 500: internal_error");
  CHECK(f.lines == std::vector<std::string>{"slack: not delivered push (one): HTTP 500: internal_error; left pending"});
}

TEST_CASE("send_mail delivers through a loopback SMTP server", "[net][channels]") {
  test::TempDir dir;
  SmtpSink sink("250 ok", "250 queued");
  const auto result = net::send_mail(notify::SmtpSettings{sink.url(), "", "", false, "test"}, "warden@example.com",
                                     {"dev@example.com"}, "Subject: hi\r\n\r\nhello\r\n", 5);
  CHECK(result.delivered);
  CHECK(result.error.empty());
  CHECK(result.code == 250);
  const auto messages = sink.messages();
  REQUIRE(messages.size() == 1);
  CHECK(messages[0] == "Subject: hi\n\nhello\n");
}

TEST_CASE("send_mail reports a refused recipient with the server's code", "[net][channels]") {
  test::TempDir dir;
  SmtpSink sink("550 no such user", "250 queued");
  const auto result = net::send_mail(notify::SmtpSettings{sink.url(), "", "s3cret", false, "test"},
                                     "warden@example.com", {"nobody@example.com"}, "Subject: hi\r\n\r\n", 5);
  CHECK_FALSE(result.delivered);
  CHECK(result.code == 550);
  CHECK_FALSE(result.error.empty());
  CHECK(result.error.find("s3cret") == std::string::npos);
  CHECK(sink.messages().empty());
}

TEST_CASE("flush_email delivers each message to its recipients", "[net][channels]") {
  Fixture f;
  SmtpSink sink("250 ok", "250 queued");
  notify::Outbox outbox(f.dir.path() / "outbox" / "email");
  outbox.enqueue("push", "one", mail_payload({"a@example.com", "b@example.com"}, "first"));
  const auto report = net::flush_email(outbox, notify::SmtpSettings{sink.url(), "", "", false, "test"}, f.options, f.log);
  CHECK(report.delivered == 1);
  CHECK(outbox.pending().empty());
  const auto messages = sink.messages();
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].find("Subject: first\n") != std::string::npos);
  CHECK(f.lines == std::vector<std::string>{"email: delivered push (one)"});
}

TEST_CASE("flush_email keeps a permanent SMTP refusal in failed/", "[net][channels]") {
  Fixture f;
  SmtpSink sink("550 mailbox unavailable", "250 queued");
  notify::Outbox outbox(f.dir.path() / "outbox" / "email");
  outbox.enqueue("push", "one", mail_payload({"nobody@example.com"}));
  const auto report = net::flush_email(outbox, notify::SmtpSettings{sink.url(), "", "", false, "test"}, f.options, f.log);
  CHECK(report.failed == 1);
  const auto failed = outbox.failed();
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].last_error.rfind("SMTP 550: ", 0) == 0);
}

TEST_CASE("flush_email tries a temporary failure again, then leaves it pending", "[net][channels]") {
  Fixture f;
  SmtpSink sink("250 ok", "451 try again later");
  notify::Outbox outbox(f.dir.path() / "outbox" / "email");
  outbox.enqueue("push", "one", mail_payload({"a@example.com"}));
  const auto report = net::flush_email(outbox, notify::SmtpSettings{sink.url(), "", "", false, "test"}, f.options, f.log);
  CHECK(report.left_pending == 1);
  CHECK(report.failed == 0);
  const auto pending = outbox.pending();
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].attempts == 1);
  CHECK(pending[0].last_error.rfind("SMTP 451: ", 0) == 0);
}

TEST_CASE("flush_email refuses an event without a message or a recipient, without connecting", "[net][channels]") {
  Fixture f;
  notify::Outbox outbox(f.dir.path() / "outbox" / "email");
  outbox.enqueue("push", "no message", R"({"to":["a@example.com"]})");
  outbox.enqueue("push", "no recipient", mail_payload({}));
  // Port 1 on loopback: nothing listens; reaching it would be a transport error, not a refusal.
  const auto report =
      net::flush_email(outbox, notify::SmtpSettings{"smtp://127.0.0.1:1", "", "", false, "test"}, f.options, f.log);
  CHECK(report.failed == 2);
  CHECK(report.left_pending == 0);
  const auto failed = outbox.failed();
  REQUIRE(failed.size() == 2);
  CHECK(failed[0].last_error == "unreadable outbox file");
  CHECK(failed[1].last_error == "no recipient");
}

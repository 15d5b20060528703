#include "git_test_repo.hpp"
#include "loopback_server.hpp"

#include "warden/net/summarizer.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using namespace warden;
using test::LoopbackServer;
using test::Reply;

namespace {

SummarizerPolicy policy_for(const std::string& url, double timeout = 5) {
  return SummarizerPolicy{url, "tiny-model", timeout};
}

std::string reply_with(const std::string& content) {
  return nlohmann::json{{"choices", {{{"message", {{"role", "assistant"}, {"content", content}}}}}}}.dump();
}

} // namespace

TEST_CASE("summarize asks the endpoint with the model and the digest, and returns its answer", "[net][summarizer]") {
  test::TempDir dir;
  test::ScopedEnv key("WARDEN_LLM_KEY", "llm-key-123");
  LoopbackServer server({Reply{200, reply_with("- two merges on main")}});
  const auto summary = net::summarize(policy_for(server.url("/v1/chat/completions")), "main: 2 merges");
  REQUIRE(summary.text);
  CHECK(*summary.text == "- two merges on main");
  CHECK(summary.error.empty());
  const auto received = server.received();
  REQUIRE(received.size() == 1);
  CHECK(received[0].path == "/v1/chat/completions");
  CHECK(received[0].headers.at("Authorization") == "Bearer llm-key-123");
  const auto request = nlohmann::json::parse(received[0].body);
  CHECK(request["model"] == "tiny-model");
  REQUIRE(request["messages"].size() == 2);
  CHECK(request["messages"][0]["role"] == "system");
  CHECK(request["messages"][1]["role"] == "user");
  CHECK(request["messages"][1]["content"] == "main: 2 merges");
}

TEST_CASE("summarize sends no Authorization header without WARDEN_LLM_KEY", "[net][summarizer]") {
  test::TempDir dir;
  test::ScopedEnv key("WARDEN_LLM_KEY", std::nullopt);
  LoopbackServer server({Reply{200, reply_with("ok")}});
  const auto summary = net::summarize(policy_for(server.url("/v1/chat/completions")), "digest");
  REQUIRE(summary.text);
  const auto received = server.received();
  REQUIRE(received.size() == 1);
  CHECK(received[0].headers.count("Authorization") == 0);
}

TEST_CASE("summarize fails without a URL or with an unencrypted remote one, without connecting",
          "[net][summarizer]") {
  test::TempDir dir;
  auto summary = net::summarize(policy_for(""), "digest");
  CHECK_FALSE(summary.text);
  CHECK(summary.error == "no summarizer URL");
  summary = net::summarize(policy_for("http://llm.example.com/v1/chat/completions"), "digest");
  CHECK_FALSE(summary.text);
  CHECK(summary.error.rfind("summarizer ", 0) == 0);
  CHECK(summary.error.find("chat/completions") == std::string::npos); // redacted
}

TEST_CASE("summarize reports an HTTP error status", "[net][summarizer]") {
  test::TempDir dir;
  LoopbackServer server({Reply{503, R"({"error":"overloaded"})"}});
  const auto summary = net::summarize(policy_for(server.url("/v1/chat/completions")), "digest");
  CHECK_FALSE(summary.text);
  CHECK(summary.error == "HTTP 503");
  CHECK(server.count() == 1); // no retry
}

TEST_CASE("summarize rejects a reply without choices[0].message.content", "[net][summarizer]") {
  test::TempDir dir;
  for (const std::string& body : {std::string("not json"), std::string(R"({"choices":[]})"), reply_with(""),
                                 std::string(R"({"choices":[{"message":{"content":42}}]})")}) {
    LoopbackServer server({Reply{200, body}});
    const auto summary = net::summarize(policy_for(server.url("/v1/chat/completions")), "digest");
    CHECK_FALSE(summary.text);
    CHECK(summary.error == "unexpected reply (no choices[0].message.content)");
  }
}

TEST_CASE("summarize gives up after the policy's timeout", "[net][summarizer]") {
  test::TempDir dir;
  LoopbackServer server({Reply{200, reply_with("late"), {}, std::chrono::milliseconds(5000)}});
  const auto summary = net::summarize(policy_for(server.url("/v1/chat/completions"), 0.2), "digest");
  CHECK_FALSE(summary.text);
  CHECK(summary.error.find("timed out") != std::string::npos);
}

TEST_CASE("summarize reports an endpoint that cannot be reached", "[net][summarizer]") {
  test::TempDir dir;
  LoopbackServer server({Reply{}});
  const std::string url = server.url("/v1/chat/completions");
  server.stop();
  const auto summary = net::summarize(policy_for(url), "digest");
  CHECK_FALSE(summary.text);
  CHECK_FALSE(summary.error.empty());
  CHECK(summary.error.rfind("HTTP ", 0) != 0);
}

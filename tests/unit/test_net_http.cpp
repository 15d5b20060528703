#include "git_test_repo.hpp"
#include "loopback_server.hpp"

#include "warden/net/http.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace warden;
using test::LoopbackServer;
using test::Reply;
namespace stdfs = std::filesystem;

TEST_CASE("post_json sends the body as JSON with warden's User-Agent and the given headers", "[net][http]") {
  test::TempDir dir;
  LoopbackServer server({Reply{200, R"({"ok":true})"}});
  const auto response =
      net::post_json(server.url("/api/webhooks/1/token"), R"({"content":"hi"})", {"X-Test: one"}, 5);
  CHECK(response.status == 200);
  CHECK(response.success());
  CHECK(response.body == R"({"ok":true})");
  CHECK(response.error.empty());
  CHECK(response.retry_after.empty());
  const auto received = server.received();
  REQUIRE(received.size() == 1);
  CHECK(received[0].path == "/api/webhooks/1/token");
  CHECK(received[0].body == R"({"content":"hi"})");
  CHECK(received[0].headers.at("Content-Type") == "application/json");
  CHECK(received[0].headers.at("User-Agent") == std::string("warden/") + WARDEN_VERSION);
  CHECK(received[0].headers.at("X-Test") == "one");
}

TEST_CASE("post_json reports 2xx as success and every other status as not", "[net][http]") {
  test::TempDir dir;
  LoopbackServer server({Reply{204}, Reply{299}, Reply{301, "", {{"Location", "http://127.0.0.1:1/"}}}, Reply{400, "bad"},
                         Reply{503}});
  auto response = net::post_json(server.url(), "{}", {}, 5);
  CHECK(response.status == 204);
  CHECK(response.success());
  CHECK(response.body.empty());
  response = net::post_json(server.url(), "{}", {}, 5);
  CHECK(response.status == 299);
  CHECK(response.success());
  response = net::post_json(server.url(), "{}", {}, 5);
  CHECK(response.status == 301); // redirects are not followed
  CHECK_FALSE(response.success());
  response = net::post_json(server.url(), "{}", {}, 5);
  CHECK(response.status == 400);
  CHECK(response.body == "bad");
  CHECK(response.error.empty()); // an HTTP error is not a transport error
  CHECK_FALSE(response.success());
  response = net::post_json(server.url(), "{}", {}, 5);
  CHECK(response.status == 503);
  CHECK_FALSE(response.success());
  CHECK(server.count() == 5);
}

TEST_CASE("post_json keeps the Retry-After header, trimmed", "[net][http]") {
  test::TempDir dir;
  LoopbackServer server({Reply{429, R"({"message":"slow down"})", {{"Retry-After", "  2.5 "}}}});
  const auto response = net::post_json(server.url(), "{}", {}, 5);
  CHECK(response.status == 429);
  CHECK(response.retry_after == "2.5");
  CHECK(response.body == R"({"message":"slow down"})");
}

TEST_CASE("post_json reports a refused connection without the URL path", "[net][http]") {
  test::TempDir dir;
  LoopbackServer server({Reply{}});
  const std::string url = server.url("/api/webhooks/1/secret-token");
  server.stop();
  const auto response = net::post_json(url, "{}", {}, 5);
  CHECK(response.status == 0);
  CHECK_FALSE(response.success());
  CHECK_FALSE(response.error.empty());
  CHECK(response.error.find("secret-token") == std::string::npos);
}

TEST_CASE("post_json gives up on a slow endpoint after its timeout", "[net][http]") {
  test::TempDir dir;
  LoopbackServer server({Reply{204, "", {}, std::chrono::milliseconds(5000)}});
  const auto response = net::post_json(server.url("/hook/secret-token"), "{}", {}, 0.2);
  CHECK(response.status == 0);
  CHECK(response.error.find("timed out") != std::string::npos);
  CHECK(response.error.find("secret-token") == std::string::npos);
}

TEST_CASE("post_json refuses a scheme other than http and https", "[net][http]") {
  test::TempDir dir;
  const auto response = net::post_json("file://" + (dir.path() / "x").string(), "{}", {}, 1);
  CHECK(response.status == 0);
  CHECK_FALSE(response.error.empty());
  CHECK_FALSE(stdfs::exists(dir.path() / "x"));
}

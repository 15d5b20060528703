// Inputs the fuzzers (tests/fuzz/) once found failing, kept as unit tests.
#include "warden/core/error.hpp"
#include "warden/core/glob.hpp"
#include "warden/net/delivery.hpp"
#include "warden/net/http.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

using namespace warden;

TEST_CASE("Glob: many stars on a long name finish quickly", "[glob][fuzz]") {
  const auto start = std::chrono::steady_clock::now();
  const Glob glob("*a*a*a*a*a*a*a*a*a*a*b");
  CHECK_FALSE(glob.matches(std::string(3000, 'a')));
  CHECK(glob.matches(std::string(100, 'a') + "b"));
  const Glob deep("**/x/**/y/**/z*q");
  CHECK_FALSE(deep.matches(std::string(200, 'x') + "/x/y/z" + std::string(500, '/')));
  CHECK(deep.matches("a/x/b/y/c/zzq"));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("Glob: stars still respect directory boundaries", "[glob][fuzz]") {
  CHECK(Glob("src/*/*.py").matches("src/a/b.py"));
  CHECK_FALSE(Glob("src/*/*.py").matches("src/a/b/c.py"));
  CHECK(Glob("src/**/*.py").matches("src/a.py"));
  CHECK(Glob("src/**/*.py").matches("src/a/b/c.py"));
  CHECK(Glob("a*b*c").matches("aXbYc"));
  CHECK_FALSE(Glob("/a*b*c").matches("aX/bYc"));
}

TEST_CASE("Glob: brace groups cannot multiply without bound", "[glob][fuzz]") {
  std::string ten;
  for (int i = 0; i < 10; ++i) ten += "{a,b}";
  CHECK(Glob(ten).matches(std::string(10, 'a'))); // 1,024 alternatives: allowed
  CHECK_THROWS_AS(Glob(ten + "{a,b}"), Error);
}

TEST_CASE("retry_after: only a real, non-negative wait", "[delivery][fuzz]") {
  net::HttpResponse response;
  response.status = 429;
  response.body = R"({"retry_after": -1e300})";
  CHECK(net::retry_after(response) == 1);
  response.body = R"({"retry_after": 0.25})";
  CHECK(net::retry_after(response) == 0.25);
  response.body = "not json";
  response.retry_after = "3";
  CHECK(net::retry_after(response) == 3);
}

TEST_CASE("discord_reason: odd bodies", "[delivery][fuzz]") {
  net::HttpResponse response;
  response.status = 400;
  response.body = R"({"message": "x", "code": 1e300})";
  CHECK(net::discord_reason(response) == "HTTP 400: x");
  response.body = R"({"code": 50035})";
  CHECK(net::discord_reason(response) == "HTTP 400 (code 50035)");
  std::string accents;
  for (int i = 0; i < 200; ++i) accents += "\xC3\xA9";
  response.body = R"({"errors": ")" + accents + "\"}";
  const std::string reason = net::discord_reason(response);
  // Cut on a character boundary: never half of "é".
  CHECK((static_cast<unsigned char>(reason.back()) == 0xA9 || reason.back() == '"'));
}

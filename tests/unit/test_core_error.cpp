#include "capture_output.hpp"
#include "git_test_repo.hpp"

#include "warden/core/error.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <new>
#include <stdexcept>
#include <string>

using namespace warden;

namespace {

struct Outcome {
  int status = -1;
  std::string err;
};

Outcome run_captured(const std::function<int()>& body) {
  test::CapturedFd err(2);
  Outcome outcome;
  outcome.status = run_top_level("prog", body);
  outcome.err = err.text();
  return outcome;
}

} // namespace

TEST_CASE("run_top_level returns the body's exit code and prints nothing", "[core][error]") {
  test::TempDir dir;
  for (int code : {0, 1, 2, 7}) {
    const Outcome outcome = run_captured([code] { return code; });
    CHECK(outcome.status == code);
    CHECK(outcome.err.empty());
  }
}

TEST_CASE("run_top_level maps Error to its exit code, 1 by default", "[core][error]") {
  test::TempDir dir;
  Outcome outcome = run_captured([]() -> int { throw Error("git failed"); });
  CHECK(outcome.status == 1);
  CHECK(outcome.err == "prog: git failed\n");
  outcome = run_captured([]() -> int { throw Error("push refused", 5); });
  CHECK(outcome.status == 5);
  CHECK(outcome.err == "prog: push refused\n");
}

TEST_CASE("run_top_level maps UsageError and PolicyError to 2", "[core][error]") {
  test::TempDir dir;
  Outcome outcome = run_captured([]() -> int { throw UsageError("no such option --x"); });
  CHECK(outcome.status == 2);
  CHECK(outcome.err == "prog: no such option --x\n");
  outcome = run_captured([]() -> int { throw PolicyError(".warden.yml:3:7: unknown key 'fils'"); });
  CHECK(outcome.status == 2);
  CHECK(outcome.err == "prog: .warden.yml:3:7: unknown key 'fils'\n");
}

TEST_CASE("run_top_level maps Fatal to its exit code", "[core][error]") {
  test::TempDir dir;
  Outcome outcome = run_captured([]() -> int { throw Fatal(3, "cannot go on"); });
  CHECK(outcome.status == 3);
  CHECK(outcome.err == "prog: cannot go on\n");
  outcome = run_captured([]() -> int { throw Fatal(0, "nothing to do"); });
  CHECK(outcome.status == 0);
  CHECK(outcome.err == "prog: nothing to do\n");
}

TEST_CASE("run_top_level maps any other exception to 2", "[core][error]") {
  test::TempDir dir;
  Outcome outcome = run_captured([]() -> int { throw std::runtime_error("unexpected"); });
  CHECK(outcome.status == 2);
  CHECK(outcome.err == "prog: unexpected\n");
  outcome = run_captured([]() -> int { throw std::out_of_range("index 9"); });
  CHECK(outcome.status == 2);
  CHECK(outcome.err == "prog: index 9\n");
  outcome = run_captured([]() -> int { throw std::bad_alloc(); });
  CHECK(outcome.status == 2);
  CHECK(outcome.err == "prog: out of memory\n");
}

TEST_CASE("run_top_level flushes stdout before it prints the error", "[core][error]") {
  test::TempDir dir;
  const auto shared = dir.path() / "both.txt";
  std::FILE* file = std::fopen(shared.c_str(), "w+");
  REQUIRE(file != nullptr);
  // stdout and stderr into one file: the report must come before its error.
  int status = -1;
  {
    test::CapturedFd out(1);
    test::CapturedFd err(2);
    std::fflush(nullptr);
    const int saved_out = ::dup(1), saved_err = ::dup(2);
    ::dup2(::fileno(file), 1);
    ::dup2(::fileno(file), 2);
    status = run_top_level("prog", []() -> int {
      std::fputs("partial report\n", stdout);
      throw Error("then it failed");
    });
    std::fflush(nullptr);
    ::dup2(saved_out, 1);
    ::dup2(saved_err, 2);
    ::close(saved_out);
    ::close(saved_err);
  }
  CHECK(status == 1);
  CHECK(test::read_all(file) == "partial report\nprog: then it failed\n");
  std::fclose(file);
}

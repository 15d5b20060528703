#include "warden/notify/junit.hpp"

#include "warden/core/error.hpp"

#include <catch2/catch.hpp>

using namespace warden::notify;

TEST_CASE("parse_junit counts passed, failed, skipped and keeps the failures", "[notify]") {
  const auto summary = parse_junit(R"(<?xml version="1.0"?>
<testsuites><testsuite name="s">
  <testcase classname="s" name="ok"/>
  <testcase classname="s" name="bad"><failure message="a &lt; b">trace</failure></testcase>
  <testcase name="err"><error>first line
second line</error></testcase>
  <testcase classname="s" name="skip"><skipped/></testcase>
  <testcase classname="s" name="ok2"></testcase>
</testsuite></testsuites>)");
  CHECK(summary.total == 5);
  CHECK(summary.passed == 2);
  CHECK(summary.failed == 2);
  CHECK(summary.skipped == 1);
  REQUIRE(summary.failures.size() == 2);
  CHECK(summary.failures[0].name == "s.bad");
  CHECK(summary.failures[0].message == "a < b");
  CHECK(summary.failures[1].name == "err");
  CHECK(summary.failures[1].message == "first line");
}

TEST_CASE("parse_junit refuses what is not a report", "[notify]") {
  CHECK_THROWS_AS(parse_junit("hello"), warden::Error);
  CHECK(parse_junit("<testsuite name=\"empty\"></testsuite>").total == 0);
}

// add_finding (checks/finding.cpp).
#include "check_runner.hpp"

using namespace warden::test;

TEST_CASE("add_finding", "[checks][finding]") {
  warden::Findings out;
  warden::add_finding(out, Severity::off, "x", {"a"}, "m");
  CHECK(out.empty());
  warden::add_finding(out, Severity::warn, "x", {"a"}, "m");
  REQUIRE(out.size() == 1);
  CHECK(out[0].severity == Severity::warn);
  CHECK(out[0].check_id == "x");
  CHECK(out[0].paths == Paths{"a"});
}

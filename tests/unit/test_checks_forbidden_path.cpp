// forbidden-path (checks/forbidden_path.cpp).
#include "check_runner.hpp"

using namespace warden::test;

TEST_CASE("check_forbidden_path", "[checks][forbidden-path]") {
  Policy policy;
  policy.files.forbidden = {warden::Glob(".DS_Store"), warden::Glob("*.orig"), warden::Glob("*.rej")};
  InputBuilder b;
  b.add("a/.DS_Store").add("x.c.orig").add("x.c").add("old.rej", Change::unchanged);
  const auto out = run("forbidden-path", b, policy);
  REQUIRE(out.size() == 2);
  CHECK(out[0].check_id == "forbidden-path");
  CHECK(out[0].paths == Paths{"a/.DS_Store"});
  CHECK(out[1].paths == Paths{"x.c.orig"});
  CHECK(out[1].message.find("*.orig") != std::string::npos);
}

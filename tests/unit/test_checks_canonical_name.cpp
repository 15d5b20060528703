// canonical-name (checks/canonical_name.cpp).
#include "check_runner.hpp"

using namespace warden::test;

TEST_CASE("check_canonical_name", "[checks][canonical-name]") {
  InputBuilder b;
  b.add("readme.md").add("README.md", Change::unchanged).add("docs/license").add("Makefile").add("license.txt")
    .add("src/makefile", Change::unchanged);
  const auto out = run("canonical-name", b);
  REQUIRE(out.size() == 2);
  CHECK(out[0].check_id == "canonical-name");
  CHECK(out[0].severity == Severity::error);
  CHECK(out[0].paths == Paths{"docs/license"});
  CHECK(out[0].message == "license should be named LICENSE");
  CHECK(out[1].paths == Paths{"readme.md"});
  CHECK(out[1].message == "readme.md should be named README.md");

  b.report_all();
  CHECK(run("canonical-name", b).size() == 3);
}

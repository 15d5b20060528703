// required-file (checks/required_file.cpp).
#include "check_runner.hpp"

using namespace warden::test;

TEST_CASE("check_required_file", "[checks][required-file]") {
  SECTION("deleting a required file") {
    InputBuilder b;
    b.add("src/a.c").removed("README.md");
    const auto out = run("required-file", b);
    REQUIRE(out.size() == 1);
    CHECK(out[0].check_id == "required-file");
    CHECK(out[0].paths == Paths{"README.md"});
    CHECK(out[0].message.find("commit deletes or renames required file README.md") != std::string::npos);
  }
  SECTION("case-only rename") {
    InputBuilder b;
    b.add("readme.md").removed("README.md");
    CHECK(run("required-file", b).size() == 1);
  }
  SECTION("kept, or never there") {
    InputBuilder b;
    b.add("README.md", Change::unchanged).add("x");
    CHECK(run("required-file", b).empty());
    InputBuilder none;
    none.add("x");
    CHECK(run("required-file", none).empty());
    none.report_all();
    const auto out = run("required-file", none);
    REQUIRE(out.size() == 1);
    CHECK(out[0].message.find("missing") != std::string::npos);
  }
}

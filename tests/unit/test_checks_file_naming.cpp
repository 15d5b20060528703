// file-naming (checks/file_naming.cpp).
#include "check_runner.hpp"

using namespace warden::test;

TEST_CASE("check_file_naming", "[checks][file-naming]") {
  Policy policy;
  policy.files.naming.push_back({warden::Glob("src/**/*.py"), pattern(R"(^[a-z0-9_]+\.py$)")});
  InputBuilder b;
  b.add("src/good_name.py").add("src/pkg/BadName.py").add("tools/BadName.py").add("src/Old.py", Change::unchanged);
  const auto out = run("file-naming", b, policy);
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "file-naming");
  CHECK(out[0].paths == Paths{"src/pkg/BadName.py"});
  CHECK(out[0].message.find(R"(^[a-z0-9_]+\.py$)") != std::string::npos);

  SECTION("partial match unless anchored") {
    Policy loose;
    loose.files.naming.push_back({warden::Glob("*.md"), pattern("_")});
    InputBuilder m;
    m.add("a_b.md").add("ab.md");
    const auto found = run("file-naming", m, loose);
    REQUIRE(found.size() == 1);
    CHECK(found[0].paths == Paths{"ab.md"});
  }
}

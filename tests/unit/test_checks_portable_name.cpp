// portable-name (checks/portable_name.cpp).
#include "check_runner.hpp"

using namespace warden::test;

TEST_CASE("check_portable_name", "[checks][portable-name]") {
  InputBuilder b;
  b.add("con.txt").add("src/AUX").add("lpt9").add("com0").add("console.txt").add("a:b").add("q?").add("x\\y")
    .add("tab\there").add("dot./f").add("dot./g").add("space ").add("ok.txt").add("nul", Change::unchanged);
  auto out = run("portable-name", b);
  Paths paths;
  for (const auto& f : out) {
    CHECK(f.check_id == "portable-name");
    paths.push_back(f.paths.at(0));
  }
  std::sort(paths.begin(), paths.end());
  CHECK(paths == Paths{"a:b", "con.txt", "dot.", "lpt9", "q?", "space ", "src/AUX", "tab\there", "x\\y"});
  for (const auto& f : out) {
    if (f.paths[0] == "con.txt") CHECK(f.message.find("reserved") != std::string::npos);
    if (f.paths[0] == "a:b") CHECK(f.message.find("':'") != std::string::npos);
    if (f.paths[0] == "dot.") CHECK(f.message.find("dot") != std::string::npos);
  }
  Policy warn;
  warn.files.portable_name = Severity::warn;
  CHECK(run("portable-name", b, warn).at(0).severity == Severity::warn);
  Policy off;
  off.files.portable_name = Severity::off;
  CHECK(run("portable-name", b, off).empty());
}

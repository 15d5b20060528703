#include "fake_blobs.hpp"

#include "warden/checks/file_input.hpp"
#include "warden/checks/registry.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>

using warden::test::Change;
using warden::test::InputBuilder;

namespace {

warden::Findings collisions(InputBuilder& builder, const warden::Policy& policy = warden::Policy{}) {
  warden::Findings out;
  warden::checks::find("case-collision")->run(policy, builder.input(), out);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.paths < b.paths; });
  return out;
}

using Paths = std::vector<std::string>;

const std::string k_a_umlaut_upper = "\xC3\x84";   // Ä
const std::string k_a_umlaut_lower = "\xC3\xA4";   // ä
const std::string k_e_acute_nfc = "\xC3\xA9";      // é precomposed
const std::string k_e_acute_nfd = "e\xCC\x81";     // e + combining acute
const std::string k_kelvin = "\xE2\x84\xAA";       // U+212A KELVIN SIGN
const std::string k_sharp_s = "\xC3\x9F";          // ß

} // namespace

TEST_CASE("check_case_collision: added vs added", "[checks][case-collision]") {
  InputBuilder b;
  b.add("README.md", Change::unchanged).add("a.txt").add("A.txt");
  const auto out = collisions(b);
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "case-collision");
  CHECK(out[0].severity == warden::Severity::error);
  CHECK(out[0].paths == Paths{"A.txt", "a.txt"});
  CHECK(out[0].message.find("'a.txt'") != std::string::npos);
}

TEST_CASE("check_case_collision: added vs existing", "[checks][case-collision]") {
  InputBuilder b;
  b.add("Makefile", Change::unchanged).add("makefile");
  const auto out = collisions(b);
  REQUIRE(out.size() == 1);
  CHECK(out[0].paths == Paths{"Makefile", "makefile"});
}

TEST_CASE("check_case_collision: directory vs directory at any depth", "[checks][case-collision]") {
  SECTION("top level") {
    InputBuilder b;
    b.add("Docs/a.md", Change::unchanged).add("docs/b.md");
    const auto out = collisions(b);
    REQUIRE(out.size() == 1);
    CHECK(out[0].check_id == "case-collision");
    CHECK(out[0].paths == Paths{"Docs", "docs"});
    CHECK(out[0].message.find("directories") != std::string::npos);
  }
  SECTION("deep") {
    InputBuilder b;
    b.add("src/lib/Util/x.c", Change::unchanged).add("src/lib/util/y.c").add("src/lib/other.c", Change::unchanged);
    const auto out = collisions(b);
    REQUIRE(out.size() == 1);
    CHECK(out[0].paths == Paths{"src/lib/Util", "src/lib/util"});
  }
  SECTION("same file name under colliding directories is reported once, for the directories") {
    InputBuilder b;
    b.add("Docs/a.md", Change::unchanged).add("docs/a.md");
    const auto out = collisions(b);
    REQUIRE(out.size() == 1);
    CHECK(out[0].paths == Paths{"Docs", "docs"});
  }
  SECTION("directories with many files in between") {
    InputBuilder b;
    b.add("A/1").add("A/2").add("A-b").add("A.c").add("a/3").add("a0").add("B/x", Change::unchanged);
    const auto out = collisions(b);
    REQUIRE(out.size() == 1);
    CHECK(out[0].paths == Paths{"A", "a"});
  }
}

TEST_CASE("check_case_collision: file vs directory", "[checks][case-collision]") {
  InputBuilder b;
  b.add("README", Change::unchanged).add("readme/x");
  const auto out = collisions(b);
  REQUIRE(out.size() == 1);
  CHECK(out[0].paths == Paths{"README", "readme"});
  CHECK(out[0].message.find("a file and a directory") != std::string::npos);
}

TEST_CASE("check_case_collision: non-ASCII letters", "[checks][case-collision]") {
  SECTION("Ä vs ä") {
    InputBuilder b;
    b.add(k_a_umlaut_upper + ".txt").add(k_a_umlaut_lower + ".txt", Change::unchanged);
    const auto out = collisions(b);
    REQUIRE(out.size() == 1);
    CHECK(out[0].check_id == "case-collision");
  }
  SECTION("Ä decomposed vs ä precomposed is a case collision") {
    InputBuilder b;
    b.add("A\xCC\x88.txt").add(k_a_umlaut_lower + ".txt", Change::unchanged);
    const auto out = collisions(b);
    REQUIRE(out.size() == 1);
    CHECK(out[0].check_id == "case-collision");
  }
  SECTION("Kelvin sign folds with k") {
    InputBuilder b;
    b.add(k_kelvin + ".txt").add("k.txt", Change::unchanged);
    const auto out = collisions(b);
    REQUIRE(out.size() == 1);
    CHECK(out[0].check_id == "case-collision");
    CHECK(out[0].paths.size() == 2);
  }
  SECTION("Greek final sigma folds with sigma") {
    InputBuilder b;
    b.add("\xCF\x82").add("\xCE\xA3");
    CHECK(collisions(b).size() == 1);
  }
}

TEST_CASE("check_case_collision: NFC vs NFD is a normalization collision", "[checks][case-collision]") {
  InputBuilder b;
  b.add("caf" + k_e_acute_nfc + ".txt", Change::unchanged).add("caf" + k_e_acute_nfd + ".txt");
  const auto out = collisions(b);
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "normalization-collision");
  CHECK(out[0].paths.size() == 2);

  SECTION("directories too") {
    InputBuilder d;
    d.add(k_e_acute_nfc + "/a").add(k_e_acute_nfd + "/b");
    const auto dirs = collisions(d);
    REQUIRE(dirs.size() == 1);
    CHECK(dirs[0].check_id == "normalization-collision");
    CHECK(dirs[0].paths == Paths{k_e_acute_nfd, k_e_acute_nfc});
  }
  SECTION("governed by files.case-collision") {
    warden::Policy policy;
    policy.files.case_collision = warden::Severity::warn;
    const auto warned = collisions(b, policy);
    REQUIRE(warned.size() == 1);
    CHECK(warned[0].severity == warden::Severity::warn);
    policy.files.case_collision = warden::Severity::off;
    CHECK(collisions(b, policy).empty());
  }
}

TEST_CASE("check_case_collision: NFD vs NFC with different case is a case collision", "[checks][case-collision]") {
  InputBuilder b;
  b.add("\xC3\x89").add(k_e_acute_nfd); // É vs e + acute
  const auto out = collisions(b);
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "case-collision");
}

TEST_CASE("check_case_collision: ß under simple and full folding", "[checks][case-collision]") {
  InputBuilder b;
  b.add("stra" + k_sharp_s + "e").add("strasse");
  warden::Policy policy;
  CHECK(collisions(b, policy).empty());
  policy.files.case_folding = warden::CaseFolding::full;
  const auto out = collisions(b, policy);
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "case-collision");

  SECTION("capital sharp s folds with ß under simple folding") {
    InputBuilder c;
    c.add("\xE1\xBA\x9E").add(k_sharp_s);
    CHECK(collisions(c).size() == 1);
  }
}

TEST_CASE("check_case_collision: invalid UTF-8 names fold by ASCII only", "[checks][case-collision]") {
  InputBuilder b;
  b.add("X\xFF.txt").add("x\xFF.txt", Change::unchanged).add("\xC4\xFF").add("\xE4\xFF");
  const auto out = collisions(b);
  REQUIRE(out.size() == 1);
  CHECK(out[0].paths == Paths{"X\xFF.txt", "x\xFF.txt"});
}

TEST_CASE("check_case_collision: a case-only rename is not a collision", "[checks][case-collision]") {
  InputBuilder b;
  b.add("readme.md").add("src/a.c", Change::unchanged).removed("README.md");
  CHECK(collisions(b).empty());
}

TEST_CASE("check_case_collision: legacy collisions need report_all", "[checks][case-collision]") {
  InputBuilder b;
  b.add("A.txt", Change::unchanged).add("a.txt", Change::unchanged).add("new.txt");
  CHECK(collisions(b).empty());
  b.report_all();
  const auto out = collisions(b);
  REQUIRE(out.size() == 1);
  CHECK(out[0].paths == Paths{"A.txt", "a.txt"});
}

TEST_CASE("check_case_collision: three-way collision names every path", "[checks][case-collision]") {
  InputBuilder b;
  b.add("a").add("A", Change::unchanged).add("\xEF\xBC\xA1"); // fullwidth Ａ does not fold to a
  b.add("x/FOO").add("x/Foo").add("x/foo");
  const auto out = collisions(b);
  REQUIRE(out.size() == 2);
  CHECK(out[0].paths == Paths{"A", "a"});
  CHECK(out[1].paths == Paths{"x/FOO", "x/Foo", "x/foo"});
}

TEST_CASE("check_case_collision: unsorted input and duplicates", "[checks][case-collision]") {
  warden::FileCheckInput input;
  for (const char* p : {"b/x", "a", "B/y", "a"}) {
    warden::FileEntry e;
    e.path = p;
    e.changed = true;
    input.entries.push_back(e);
  }
  warden::Findings out;
  warden::checks::find("case-collision")->run(warden::Policy{}, input, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].paths == Paths{"B", "b"});
}

TEST_CASE("check_case_collision: 100,000 paths stay fast", "[checks][case-collision][perf]") {
  warden::FileCheckInput input;
  input.entries.reserve(100000);
  for (int d = 0; d < 1000; ++d) {
    for (int f = 0; f < 100; ++f) {
      warden::FileEntry e;
      e.path = "src/module" + std::to_string(d) + "/Sub/file_" + std::to_string(f) + (f % 10 == 0 ? "_\xC3\xA9.cpp" : ".cpp");
      e.changed = f == 0;
      input.entries.push_back(std::move(e));
    }
  }
  warden::FileEntry clash;
  clash.path = "src/module7/sub/file_3.cpp";
  clash.changed = true;
  input.entries.push_back(clash);
  std::sort(input.entries.begin(), input.entries.end(),
            [](const warden::FileEntry& a, const warden::FileEntry& b) { return a.path < b.path; });
  const auto start = std::chrono::steady_clock::now();
  warden::Findings out;
  warden::checks::find("case-collision")->run(warden::Policy{}, input, out);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE(out.size() == 1);
  CHECK(out[0].paths == Paths{"src/module7/Sub", "src/module7/sub"});
  // Generous bound for a debug build on a shared 2-core machine.
  CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() < 2000);
}

TEST_CASE("check_case_collision: an unopened subtree of a partial listing is a directory", "[checks][case-collision]") {
  // A partial listing (git/tree_diff.hpp) holds "src/Docs" as one 040000
  // entry: it still meets a new file "src/docs", and a new "src/Docs.txt"
  // beside it collides with nothing.
  InputBuilder b;
  b.add("src/Docs", Change::unchanged, "", 040000).add("src/docs").add("src/Docs.txt").add("src/x", Change::unchanged);
  const auto out = collisions(b);
  REQUIRE(out.size() == 1);
  CHECK(out[0].paths == Paths{"src/Docs", "src/docs"});
  CHECK(out[0].message.find("a file and a directory") != std::string::npos);
  InputBuilder dirs;
  dirs.add("Lib", Change::unchanged, "", 040000).add("lib/new.c");
  const auto both = collisions(dirs);
  REQUIRE(both.size() == 1);
  CHECK(both[0].paths == Paths{"Lib", "lib"});
  CHECK(both[0].message.find("directories") != std::string::npos);
}

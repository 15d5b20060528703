#include "warden/report/report.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace warden;

namespace {

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

} // namespace

TEST_CASE("xml_escape") {
  CHECK(report::xml_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&apos;");
  CHECK(report::xml_escape("x\ny\t\x01\x1b\x7f") == "x\\ny\\t\\x01\\x1b\\x7f");
  CHECK(report::xml_escape("\xC2\x85") == "\\u0085");
  CHECK(report::xml_escape("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(report::xml_escape("\xFF") == "\xEF\xBF\xBD");
}

TEST_CASE("render_junit") {
  Findings findings{
    Finding{Severity::error, "case-collision", {"A", "a"}, "collide"},
    Finding{Severity::error, "case-collision", {"B", "b"}, "collide <again>"},
    Finding{Severity::warn, "large-file", {"big"}, "big"},
  };
  const std::string xml = report::render_junit(findings, {"case-collision", "large-file", "secret"});
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0) == 0);
  CHECK(xml.find("<testsuites name=\"warden\" tests=\"3\" failures=\"1\"") != std::string::npos);
  CHECK(xml.find("<testsuite name=\"warden\" tests=\"3\" failures=\"1\"") != std::string::npos);
  CHECK(count(xml, "<testcase ") == 3);
  CHECK(count(xml, "<failure ") == 2);
  CHECK(xml.find("<testcase name=\"secret\" classname=\"warden.secret\" time=\"0\"/>") != std::string::npos);
  CHECK(xml.find("error[case-collision] B, b: collide &lt;again&gt;</failure>") != std::string::npos);
  CHECK(xml.find("<system-out>warn[large-file] big: big\n</system-out>") != std::string::npos);
  CHECK(xml.find("</testsuite>\n</testsuites>\n") != std::string::npos);
}

TEST_CASE("render_junit escapes control characters in paths") {
  Findings findings{Finding{Severity::error, "portable-name", {"a\x01<b>"}, "bad \"name\""}};
  const std::string xml = report::render_junit(findings, {"portable-name"});
  CHECK(xml.find('\x01') == std::string::npos);
  CHECK(xml.find("a\\x01&lt;b&gt;") != std::string::npos);
  CHECK(xml.find("message=\"bad &quot;name&quot;\"") != std::string::npos);
}

TEST_CASE("render_junit: PATH:LINE in the failure message when the line is known") {
  Findings findings{
    Finding{Severity::error, "secret", {"config/prod.env"}, "github-pat at line 3 (ghp_\xE2\x80\xA6)", 3, "github-pat"},
    Finding{Severity::error, "forbidden-path", {".DS_Store"}, "forbidden"},
    Finding{Severity::warn, "conflict-marker", {"a.txt"}, "marker <<<", 7},
  };
  const std::string xml = report::render_junit(findings, {"forbidden-path", "conflict-marker", "secret"});
  CHECK(xml.find("      <failure type=\"secret\" message=\"config/prod.env:3: github-pat at line 3 (ghp_\xE2\x80\xA6)\">"
                 "error[secret] config/prod.env: github-pat at line 3 (ghp_\xE2\x80\xA6)</failure>\n") !=
        std::string::npos);
  // Without a line, the message alone, as before.
  CHECK(xml.find("      <failure type=\"forbidden-path\" message=\"forbidden\">"
                 "error[forbidden-path] .DS_Store: forbidden</failure>\n") != std::string::npos);
  // Warnings have no failure: their system-out line is unchanged.
  CHECK(xml.find("<system-out>warn[conflict-marker] a.txt: marker &lt;&lt;&lt;\n</system-out>") != std::string::npos);
}

TEST_CASE("render_junit adds ids with findings that were not listed") {
  Findings findings{Finding{Severity::error, "policy", {".warden.yml"}, "bad"}};
  const std::string xml = report::render_junit(findings, {});
  CHECK(xml.find("tests=\"1\" failures=\"1\"") != std::string::npos);
  CHECK(xml.find("<testcase name=\"policy\"") != std::string::npos);
}

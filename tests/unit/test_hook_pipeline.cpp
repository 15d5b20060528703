#include "capture_output.hpp"
#include "git_test_repo.hpp"

#include "warden/hook/pipeline.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

using namespace warden;
using test::OutFile;

namespace {


Findings unsorted_findings() {
  return {
      Finding{Severity::warn, "large-file", {"big.bin"}, "too big"},
      Finding{Severity::error, "secret", {"key.pem"}, "a private key"},
      Finding{Severity::error, "case-collision", {"A", "a"}, "collide"},
  };
}

FinishOptions text_options(std::FILE* out, const std::string& entry) {
  FinishOptions options;
  options.entry = entry;
  options.colour = Colour::never;
  options.out = out;
  return options;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

} // namespace

TEST_CASE("finish sorts, prints the text to the given file and returns 1 on errors", "[hook][pipeline]") {
  OutFile out;
  Findings findings = unsorted_findings();
  CHECK(finish(findings, text_options(out.file, "pre-commit")) == 1);
  CHECK(out.text() == "error[case-collision] A, a: collide\n"
                      "error[secret] key.pem: a private key\n"
                      "warn[large-file] big.bin: too big\n"
                      "warden pre-commit: 2 errors, 1 warning\n"
                      "hint: fix the findings above, or bypass with WARDEN_SKIP=<check-id>[,...] (WARDEN_SKIP=all) "
                      "or `git commit --no-verify`\n");
  // Left skipped and sorted for the caller.
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].check_id == "case-collision");
  CHECK(findings[1].check_id == "secret");
  CHECK(findings[2].check_id == "large-file");
}

TEST_CASE("finish drops what the skip list names before it prints and counts", "[hook][pipeline]") {
  OutFile out;
  Findings findings = unsorted_findings();
  FinishOptions options = text_options(out.file, "pre-push");
  options.skip = SkipList::parse("secret,case-collision");
  CHECK(finish(findings, options) == 0);
  CHECK(out.text() == "warn[large-file] big.bin: too big\nwarden pre-push: 0 errors, 1 warning\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "large-file");
}

TEST_CASE("finish with everything skipped prints when_clean and returns 0", "[hook][pipeline]") {
  OutFile out;
  Findings findings = unsorted_findings();
  FinishOptions options = text_options(out.file, "check");
  options.skip = SkipList::parse("all");
  options.when_clean = "warden check: no findings\n";
  CHECK(finish(findings, options) == 0);
  CHECK(findings.empty());
  CHECK(out.text() == "warden check: no findings\n");
}

TEST_CASE("finish prints when_clean only when no finding is left", "[hook][pipeline]") {
  OutFile out;
  Findings findings{Finding{Severity::warn, "large-file", {"b"}, "m"}};
  FinishOptions options = text_options(out.file, "check");
  options.when_clean = "warden check: no findings\n";
  CHECK(finish(findings, options) == 0);
  CHECK(out.text() == "warn[large-file] b: m\nwarden check: 0 errors, 1 warning\n");
}

TEST_CASE("finish of a hook with no findings prints nothing", "[hook][pipeline]") {
  OutFile out;
  Findings findings;
  CHECK(finish(findings, text_options(out.file, "pre-commit")) == 0);
  CHECK(out.text().empty());
}

TEST_CASE("finish with exit_zero reports but returns 0", "[hook][pipeline]") {
  OutFile out;
  Findings findings = unsorted_findings();
  FinishOptions options = text_options(out.file, "check");
  options.exit_zero = true;
  CHECK(finish(findings, options) == 0);
  CHECK(out.text().find("warden check: 2 errors, 1 warning\n") != std::string::npos);
}

TEST_CASE("finish writes the JSON report, skipped and sorted, to the given file", "[hook][pipeline]") {
  OutFile out;
  Findings findings = unsorted_findings();
  FinishOptions options = text_options(out.file, "check");
  options.format = report::Format::json;
  options.skip = SkipList::parse("case-collision");
  options.when_clean = "never printed in a report format\n";
  CHECK(finish(findings, options) == 1);
  const std::string text = out.text();
  const auto document = nlohmann::json::parse(text);
  CHECK(document["version"] == 1);
  REQUIRE(document["findings"].size() == 2);
  CHECK(document["findings"][0]["check"] == "secret");
  CHECK(document["findings"][0]["severity"] == "error");
  CHECK(document["findings"][0]["paths"] == nlohmann::json::array({"key.pem"}));
  CHECK(document["findings"][1]["check"] == "large-file");
  CHECK(document["findings"][1]["severity"] == "warning");
  CHECK(document["summary"]["errors"] == 1);
  CHECK(document["summary"]["warnings"] == 1);
  CHECK(text.find("warden check:") == std::string::npos); // no text summary in a report
}

TEST_CASE("finish with a report format and no findings writes the empty report, not when_clean",
          "[hook][pipeline]") {
  OutFile out;
  Findings findings;
  FinishOptions options = text_options(out.file, "check");
  options.format = report::Format::json;
  options.when_clean = "warden check: no findings\n";
  CHECK(finish(findings, options) == 0);
  const auto document = nlohmann::json::parse(out.text());
  CHECK(document["findings"].empty());
}

TEST_CASE("finish writes SARIF to the given file", "[hook][pipeline]") {
  OutFile out;
  Findings findings = unsorted_findings();
  FinishOptions options = text_options(out.file, "check");
  options.format = report::Format::sarif;
  options.exit_zero = true;
  CHECK(finish(findings, options) == 0);
  const auto document = nlohmann::json::parse(out.text());
  CHECK(document["version"] == "2.1.0");
  const auto& results = document["runs"][0]["results"];
  REQUIRE(results.size() == 3);
  CHECK(results[0]["ruleId"] == "case-collision");
  CHECK(results[1]["ruleId"] == "secret");
  CHECK(results[2]["ruleId"] == "large-file");
}

TEST_CASE("finish lists the checks run minus the skipped ones as JUnit test cases", "[hook][pipeline]") {
  OutFile out;
  Findings findings = unsorted_findings();
  FinishOptions options = text_options(out.file, "check");
  options.format = report::Format::junit;
  options.skip = SkipList::parse("secret, path-length");
  options.checks_run = {"case-collision", "secret", "path-length", "large-file", "forbidden-path"};
  CHECK(finish(findings, options) == 1);
  const std::string xml = out.text();
  CHECK(xml.rfind("<?xml", 0) == 0);
  CHECK(count(xml, "<testcase ") == 3);
  CHECK(count(xml, "<testcase name=\"case-collision\"") == 1);
  CHECK(count(xml, "<testcase name=\"large-file\"") == 1);
  CHECK(count(xml, "<testcase name=\"forbidden-path\"") == 1);
  CHECK(count(xml, "name=\"secret\"") == 0);
  CHECK(count(xml, "name=\"path-length\"") == 0);
  CHECK(count(xml, "<failure ") == 1);
  CHECK(xml.find("tests=\"3\" failures=\"1\"") != std::string::npos);
}

TEST_CASE("finish asks how many findings warden fix can repair, after skipping", "[hook][pipeline]") {
  OutFile out;
  Findings findings = unsorted_findings();
  FinishOptions options = text_options(out.file, "pre-commit");
  options.skip = SkipList::parse("secret");
  std::size_t seen = 0;
  options.repairable = [&](const Findings& left) {
    seen = left.size();
    return std::size_t{1};
  };
  CHECK(finish(findings, options) == 1);
  CHECK(seen == 2); // the skipped secret finding is not offered
  CHECK(count(out.text(), "hint: `warden fix` can repair 1 of these") == 1);

  OutFile clean;
  Findings none;
  FinishOptions quiet = text_options(clean.file, "pre-commit");
  bool called = false;
  quiet.repairable = [&](const Findings&) {
    called = true;
    return std::size_t{0};
  };
  CHECK(finish(none, quiet) == 0);
  CHECK_FALSE(called);
}

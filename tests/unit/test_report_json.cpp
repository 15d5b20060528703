#include "warden/report/report.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace warden;

namespace {

Findings sample_findings() {
  Findings findings;
  findings.push_back(Finding{Severity::error, "case-collision", {"Docs", "docs"}, "fold to \"docs\""});
  findings.push_back(Finding{Severity::warn, "remote-head", {"origin/HEAD"}, "missing"});
  return findings;
}

} // namespace

TEST_CASE("parse_format") {
  CHECK(report::parse_format("text") == report::Format::text);
  CHECK(report::parse_format("json") == report::Format::json);
  CHECK(report::parse_format("sarif") == report::Format::sarif);
  CHECK(report::parse_format("junit") == report::Format::junit);
  CHECK_FALSE(report::parse_format("xml").has_value());
}

TEST_CASE("render_json") {
  const auto document = nlohmann::json::parse(report::render_json(sample_findings()));
  CHECK(document["version"] == 1);
  CHECK(document["tool"] == "warden");
  REQUIRE(document["findings"].size() == 2);
  CHECK(document["findings"][0]["severity"] == "error");
  CHECK(document["findings"][0]["check"] == "case-collision");
  CHECK(document["findings"][0]["paths"] == nlohmann::json::array({"Docs", "docs"}));
  CHECK(document["findings"][0]["message"] == "fold to \"docs\"");
  CHECK(document["findings"][1]["severity"] == "warning");
  CHECK(document["summary"]["errors"] == 1);
  CHECK(document["summary"]["warnings"] == 1);
}

TEST_CASE("render_json: line and rule only when known") {
  Findings findings{
    Finding{Severity::error, "secret", {"config/prod.env"}, "github-pat at line 3 (ghp_\xE2\x80\xA6)", 3, "github-pat"},
    Finding{Severity::error, "conflict-marker", {"a.txt"}, "conflict marker '<<<<<<<' at line 7", 7},
    Finding{Severity::error, "file-naming", {"B.py"}, "bad name"},
  };
  const std::string text = report::render_json(findings);
  // Appended after "message", so the other fields keep their bytes.
  CHECK(text.find("      \"message\": \"github-pat at line 3 (ghp_\xE2\x80\xA6)\",\n"
                  "      \"line\": 3,\n"
                  "      \"rule\": \"github-pat\"\n"
                  "    },\n") != std::string::npos);
  const auto document = nlohmann::json::parse(text);
  REQUIRE(document["findings"].size() == 3);
  CHECK(document["findings"][0]["line"] == 3);
  CHECK(document["findings"][0]["rule"] == "github-pat");
  CHECK(document["findings"][0].size() == 6);
  CHECK(document["findings"][1]["line"] == 7);
  CHECK_FALSE(document["findings"][1].contains("rule"));
  CHECK(document["findings"][1].size() == 5);
  CHECK_FALSE(document["findings"][2].contains("line"));
  CHECK_FALSE(document["findings"][2].contains("rule"));
  CHECK(document["findings"][2].size() == 4);
}

TEST_CASE("render_json: a finding without a line is unchanged") {
  Findings findings{Finding{Severity::error, "forbidden-path", {".DS_Store"}, "forbidden"}};
  CHECK(report::render_json(findings) == "{\n"
                                          "  \"version\": 1,\n"
                                          "  \"tool\": \"warden\",\n"
                                          "  \"findings\": [\n"
                                          "    {\n"
                                          "      \"severity\": \"error\",\n"
                                          "      \"check\": \"forbidden-path\",\n"
                                          "      \"paths\": [\n"
                                          "        \".DS_Store\"\n"
                                          "      ],\n"
                                          "      \"message\": \"forbidden\"\n"
                                          "    }\n"
                                          "  ],\n"
                                          "  \"summary\": {\n"
                                          "    \"errors\": 1,\n"
                                          "    \"warnings\": 0\n"
                                          "  }\n"
                                          "}\n");
}

TEST_CASE("render_json with no findings") {
  const auto document = nlohmann::json::parse(report::render_json({}));
  CHECK(document["findings"].is_array());
  CHECK(document["findings"].empty());
  CHECK(document["summary"]["errors"] == 0);
}

TEST_CASE("render_json keeps control characters and replaces invalid UTF-8") {
  Findings findings{Finding{Severity::error, "portable-name", {"a\nb\x01", "caf\xC3\xA9", "bad\xFF"}, "m"}};
  const auto document = nlohmann::json::parse(report::render_json(findings));
  CHECK(document["findings"][0]["paths"][0] == "a\nb\x01");
  CHECK(document["findings"][0]["paths"][1] == "caf\xC3\xA9");
  CHECK(document["findings"][0]["paths"][2] == "bad\xEF\xBF\xBD");
}

TEST_CASE("valid_utf8") {
  CHECK(report::valid_utf8("plain") == "plain");
  CHECK(report::valid_utf8("\xE2\x82\xAC") == "\xE2\x82\xAC");
  CHECK(report::valid_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");   // overlong
  CHECK(report::valid_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // surrogate
  CHECK(report::valid_utf8("\xE2\x82") == "\xEF\xBF\xBD\xEF\xBF\xBD");   // truncated
}

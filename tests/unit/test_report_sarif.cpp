#include "warden/report/report.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace warden;

TEST_CASE("render_sarif structure") {
  Findings findings{
    Finding{Severity::error, "case-collision", {"Docs/a.md", "docs/b c.md"}, "collide"},
    Finding{Severity::warn, "large-file", {"big.bin"}, "too big"},
    Finding{Severity::error, "branch-name", {"refs/heads/Bad"}, "bad name"},
  };
  const auto log = nlohmann::json::parse(report::render_sarif(findings));
  CHECK(log["version"] == "2.1.0");
  CHECK(log["$schema"].get<std::string>().find("sarif-2.1.0") != std::string::npos);
  REQUIRE(log["runs"].size() == 1);
  const auto& run = log["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "warden");

  std::set<std::string> rule_ids;
  for (const auto& rule : run["tool"]["driver"]["rules"]) {
    rule_ids.insert(rule["id"].get<std::string>());
    CHECK_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
  }
  for (const auto& check : report::check_catalog()) CHECK(rule_ids.count(std::string(check.id)) == 1);
  CHECK(rule_ids.size() == 19);

  const auto& results = run["results"];
  REQUIRE(results.size() == 3);
  CHECK(results[0]["ruleId"] == "case-collision");
  CHECK(results[0]["level"] == "error");
  CHECK(results[0]["message"]["text"] == "Docs/a.md, docs/b c.md: collide");
  REQUIRE(results[0]["locations"].size() == 2);
  CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "Docs/a.md");
  CHECK(results[0]["locations"][1]["physicalLocation"]["artifactLocation"]["uri"] == "docs/b%20c.md");
  const auto index = results[0]["ruleIndex"].get<std::size_t>();
  CHECK(run["tool"]["driver"]["rules"][index]["id"] == "case-collision");
  CHECK(results[1]["level"] == "warning");
  // A branch finding has no file location.
  REQUIRE(results[2]["locations"].size() == 1);
  CHECK_FALSE(results[2]["locations"][0].contains("physicalLocation"));
  CHECK(results[2]["locations"][0]["logicalLocations"][0]["name"] == "refs/heads/Bad");
}

TEST_CASE("render_sarif percent-encodes URIs") {
  Findings findings{Finding{Severity::error, "portable-name", {"a%b/\xC3\xA9\x01?#\xFF"}, "m"}};
  const auto log = nlohmann::json::parse(report::render_sarif(findings));
  CHECK(log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "a%25b/%C3%A9%01%3F%23%FF");
}

TEST_CASE("render_sarif with no findings") {
  const auto log = nlohmann::json::parse(report::render_sarif({}));
  CHECK(log["runs"][0]["results"].is_array());
  CHECK(log["runs"][0]["results"].empty());
}

#include "warden/checks/secret_rules.hpp"
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
  // The check ids, then every built-in secret rule; each id once.
  CHECK(rule_ids.size() == report::check_catalog().size() + builtin_secret_rules().size());
  CHECK(run["tool"]["driver"]["rules"].size() == rule_ids.size());

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

TEST_CASE("render_sarif: secret rules and lines") {
  Findings findings{
    Finding{Severity::error, "secret", {"config/prod.env"}, "github-pat at line 3 (ghp_\xE2\x80\xA6)", 3, "github-pat"},
    Finding{Severity::error, "secret", {"a.env"}, "acme-api-key at line 9 (acme\xE2\x80\xA6)", 9, "acme-api-key"},
    Finding{Severity::error, "secret", {"b.env"}, "acme-api-key at line 2 (acme\xE2\x80\xA6)", 2, "acme-api-key"},
    Finding{Severity::error, "conflict-marker", {"a.txt"}, "conflict marker '=======' at line 7", 7},
    Finding{Severity::error, "forbidden-path", {".DS_Store"}, "forbidden"},
  };
  const auto log = nlohmann::json::parse(report::render_sarif(findings));
  const auto& rules = log["runs"][0]["tool"]["driver"]["rules"];
  const auto& results = log["runs"][0]["results"];
  REQUIRE(results.size() == 5);

  // Checks first, then the built-in secret rules in their order, then
  // the rule-file rule the findings name, once.
  const auto& builtin = builtin_secret_rules();
  const std::size_t checks = report::check_catalog().size();
  REQUIRE(rules.size() == checks + builtin.size() + 1);
  for (std::size_t i = 0; i < builtin.size(); ++i) {
    CHECK(rules[checks + i]["id"] == builtin[i].rule.id);
    CHECK(rules[checks + i]["name"] == builtin[i].rule.id);
    CHECK(rules[checks + i]["shortDescription"]["text"] == builtin[i].rule.description);
  }
  CHECK(rules.back() == nlohmann::json{{"id", "acme-api-key"}, {"name", "acme-api-key"}});

  CHECK(results[0]["ruleId"] == "github-pat");
  CHECK(rules[results[0]["ruleIndex"].get<std::size_t>()]["id"] == "github-pat");
  CHECK(rules[results[0]["ruleIndex"].get<std::size_t>()]["shortDescription"]["text"] != "");
  CHECK(results[0]["message"]["text"] == "config/prod.env: github-pat at line 3 (ghp_\xE2\x80\xA6)");
  CHECK(results[0]["locations"] ==
        nlohmann::json::parse(R"([{"physicalLocation": {"artifactLocation": {"uri": "config/prod.env"},
                                                        "region": {"startLine": 3}}}])"));
  CHECK(results[1]["ruleId"] == "acme-api-key");
  CHECK(results[1]["ruleIndex"] == rules.size() - 1);
  CHECK(results[2]["ruleIndex"] == rules.size() - 1);
  CHECK(results[2]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2);
  CHECK(results[3]["ruleId"] == "conflict-marker");
  CHECK(results[3]["locations"][0]["physicalLocation"]["region"] == nlohmann::json{{"startLine", 7}});
  // No line: no region, as before.
  CHECK(results[4]["ruleId"] == "forbidden-path");
  CHECK(results[4]["locations"] ==
        nlohmann::json::parse(R"([{"physicalLocation": {"artifactLocation": {"uri": ".DS_Store"}}}])"));
}

TEST_CASE("render_sarif: the region follows the artifact location") {
  Findings findings{Finding{Severity::error, "conflict-marker", {"a.txt"}, "m", 7}};
  const std::string text = report::render_sarif(findings);
  CHECK(text.find("              \"physicalLocation\": {\n"
                  "                \"artifactLocation\": {\n"
                  "                  \"uri\": \"a.txt\"\n"
                  "                },\n"
                  "                \"region\": {\n"
                  "                  \"startLine\": 7\n"
                  "                }\n"
                  "              }\n") != std::string::npos);
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

#include "warden/report/report.hpp"

#include "warden/checks/secret_rules.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <map>

namespace warden::report {

namespace {

using Json = nlohmann::ordered_json;

// A repository-relative path as a relative URI reference (RFC 3986): every
// byte outside the unreserved and path characters is percent-encoded, which
// also carries names that are not valid UTF-8.
std::string path_uri(std::string_view path) {
  static constexpr std::string_view k_keep = "-._~/!$&'()*+,;=@";
  std::string out;
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    const bool alnum = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9');
    if (alnum || k_keep.find(c) != std::string_view::npos)
      out += c;
    else
      out += fmt::format("%{:02X}", byte);
  }
  return out;
}

std::string result_text(const Finding& finding) {
  std::string text;
  for (const std::string& path : finding.paths) {
    if (!text.empty()) text += ", ";
    text += path;
  }
  if (!text.empty()) text += ": ";
  text += finding.message;
  return valid_utf8(text);
}

} // namespace

std::string render_sarif(const Findings& findings) {
  Json rules = Json::array();
  std::map<std::string, std::size_t, std::less<>> rule_index;
  for (const CheckInfo& check : check_catalog()) {
    rule_index.emplace(std::string(check.id), rules.size());
    rules.push_back(Json{{"id", check.id},
                         {"name", check.id},
                         {"shortDescription", {{"text", check.description}}}});
  }
  // A secret finding's rule is its secret rule (docs/secrets.md), so every
  // built-in one is listed, after the checks; an id that is already a rule
  // is not listed twice.
  for (const BuiltinSecretRule& builtin : builtin_secret_rules()) {
    if (!rule_index.emplace(builtin.rule.id, rules.size()).second) continue;
    rules.push_back(Json{{"id", builtin.rule.id},
                         {"name", builtin.rule.id},
                         {"shortDescription", {{"text", builtin.rule.description}}}});
  }
  // Rules from a files.secret-rules file, as the findings name them: their
  // descriptions are not in the findings.
  for (const Finding& finding : findings) {
    if (finding.rule.empty() || !rule_index.emplace(finding.rule, rules.size()).second) continue;
    rules.push_back(Json{{"id", valid_utf8(finding.rule)}, {"name", valid_utf8(finding.rule)}});
  }

  Json results = Json::array();
  for (const Finding& finding : findings) {
    const std::string& rule_id = finding.rule.empty() ? finding.check_id : finding.rule;
    Json result{{"ruleId", valid_utf8(rule_id)}};
    if (const auto it = rule_index.find(rule_id); it != rule_index.end())
      result["ruleIndex"] = it->second;
    result["level"] = finding.severity == Severity::error ? "error" : "warning";
    result["message"] = Json{{"text", result_text(finding)}};
    Json locations = Json::array();
    for (const std::string& path : finding.paths) {
      if (is_ref_check(finding.check_id)) {
        // A branch is no file: GitHub and other viewers show it by name.
        locations.push_back(Json{{"logicalLocations",
                                  Json::array({Json{{"name", valid_utf8(path)},
                                                    {"fullyQualifiedName", valid_utf8(path)},
                                                    {"kind", "resource"}}})}});
      } else {
        locations.push_back(Json{{"physicalLocation",
                                  {{"artifactLocation", {{"uri", path_uri(path)}}}}}});
      }
    }
    if (finding.line && !locations.empty() && locations[0].contains("physicalLocation"))
      locations[0]["physicalLocation"]["region"] = Json{{"startLine", *finding.line}};
    if (!locations.empty()) result["locations"] = std::move(locations);
    results.push_back(std::move(result));
  }

  Json driver{{"name", "warden"},
              {"version", WARDEN_VERSION},
              {"semanticVersion", WARDEN_VERSION},
              {"rules", std::move(rules)}};
  Json run{{"tool", {{"driver", std::move(driver)}}},
           {"results", std::move(results)}};
  Json log{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
           {"version", "2.1.0"},
           {"runs", Json::array({std::move(run)})}};
  return log.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace warden::report

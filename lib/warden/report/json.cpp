#include "warden/report/report.hpp"

#include <nlohmann/json.hpp>

namespace warden::report {

std::string render_json(const Findings& findings) {
  using Json = nlohmann::ordered_json;
  Json list = Json::array();
  for (const Finding& finding : findings) {
    Json paths = Json::array();
    for (const std::string& path : finding.paths) paths.push_back(valid_utf8(path));
    Json item{{"severity", finding.severity == Severity::error ? "error" : "warning"},
              {"check", finding.check_id},
              {"paths", std::move(paths)},
              {"message", valid_utf8(finding.message)}};
    // Only when known, so findings without them read as in earlier releases.
    if (finding.line) item["line"] = *finding.line;
    if (!finding.rule.empty()) item["rule"] = valid_utf8(finding.rule);
    list.push_back(std::move(item));
  }
  Json document{{"version", 1},
                {"tool", "warden"},
                {"findings", std::move(list)},
                {"summary",
                 {{"errors", count_severity(findings, Severity::error)},
                  {"warnings", count_severity(findings, Severity::warn)}}}};
  return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace warden::report

#include "warden/report/report.hpp"

#include <fmt/core.h>

#include <map>

namespace warden::report {

std::string xml_escape(std::string_view text) {
  const std::string valid = valid_utf8(text);
  std::string out;
  out.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size(); ++i) {
    const char c = valid[i];
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
    case '&': out += "&amp;"; continue;
    case '<': out += "&lt;"; continue;
    case '>': out += "&gt;"; continue;
    case '"': out += "&quot;"; continue;
    case '\'': out += "&apos;"; continue;
    case '\n': out += "\\n"; continue;
    case '\t': out += "\\t"; continue;
    case '\r': out += "\\r"; continue;
    default: break;
    }
    if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\x{:02x}", byte);
    } else if (byte == 0xC2 && i + 1 < valid.size() && static_cast<unsigned char>(valid[i + 1]) <= 0x9F) {
      // C1 controls (U+0080..U+009F): legal in XML 1.0 but discouraged and
      // invisible; show them like the hook output does.
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(valid[i + 1]));
      ++i;
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

std::string finding_line(const Finding& finding) {
  std::string line = fmt::format("{}[{}] ", finding.severity == Severity::error ? "error" : "warn", finding.check_id);
  for (std::size_t i = 0; i < finding.paths.size(); ++i) {
    if (i > 0) line += ", ";
    line += finding.paths[i];
  }
  if (!finding.paths.empty()) line += ": ";
  line += finding.message;
  return xml_escape(line);
}

// The failure's message: "PATH:LINE: message" when the finding knows its
// line, so CI viewers that show only the attribute still point at it.
std::string failure_message(const Finding& finding) {
  if (!finding.line || finding.paths.empty()) return finding.message;
  return fmt::format("{}:{}: {}", finding.paths.front(), *finding.line, finding.message);
}

} // namespace

std::string render_junit(const Findings& findings, const std::vector<std::string>& checks_run) {
  // Test cases in the order the checks are listed, then any other id seen.
  std::vector<std::string> ids;
  std::map<std::string, std::vector<const Finding*>, std::less<>> by_id;
  for (const std::string& id : checks_run)
    if (by_id.emplace(id, std::vector<const Finding*>{}).second) ids.push_back(id);
  for (const Finding& finding : findings) {
    auto [it, inserted] = by_id.emplace(finding.check_id, std::vector<const Finding*>{});
    if (inserted) ids.push_back(finding.check_id);
    it->second.push_back(&finding);
  }

  std::size_t failing_cases = 0;
  std::string cases;
  for (const std::string& id : ids) {
    const auto& list = by_id.find(id)->second;
    std::string failures, warnings;
    for (const Finding* finding : list) {
      if (finding->severity == Severity::error) {
        failures += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n", xml_escape(id),
                                xml_escape(failure_message(*finding)), finding_line(*finding));
      } else {
        warnings += finding_line(*finding) + "\n";
      }
    }
    if (!failures.empty()) ++failing_cases;
    cases += fmt::format("    <testcase name=\"{0}\" classname=\"warden.{0}\" time=\"0\"", xml_escape(id));
    if (failures.empty() && warnings.empty()) {
      cases += "/>\n";
      continue;
    }
    cases += ">\n" + failures;
    if (!warnings.empty()) cases += "      <system-out>" + warnings + "</system-out>\n";
    cases += "    </testcase>\n";
  }

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"warden\" tests=\"{0}\" failures=\"{1}\" errors=\"0\" time=\"0\">\n",
                     ids.size(), failing_cases);
  out += fmt::format("  <testsuite name=\"warden\" tests=\"{0}\" failures=\"{1}\" errors=\"0\" skipped=\"0\" "
                     "time=\"0\">\n",
                     ids.size(), failing_cases);
  out += cases;
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

} // namespace warden::report

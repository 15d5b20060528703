#include "warden/checks/finding.hpp"

#include <algorithm>

namespace warden {

void add_finding(Findings& out, Severity severity, std::string check_id,
                 std::vector<std::string> paths, std::string message) {
  if (severity == Severity::off) return;
  out.push_back(Finding{severity, std::move(check_id), std::move(paths), std::move(message)});
}

void add_finding(Findings& out, Severity severity, std::string check_id, std::vector<std::string> paths,
                 std::string message, std::optional<std::size_t> line, std::string rule) {
  if (severity == Severity::off) return;
  out.push_back(Finding{severity, std::move(check_id), std::move(paths), std::move(message), line, std::move(rule)});
}

void sort_findings(Findings& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return a.severity > b.severity; // errors first
    if (a.check_id != b.check_id) return a.check_id < b.check_id;
    return a.paths < b.paths;
  });
}

} // namespace warden

#include "warden/checks/finding.hpp"

namespace warden {

void add_finding(Findings& out, Severity severity, std::string check_id,
                 std::vector<std::string> paths, std::string message) {
  if (severity == Severity::off) return;
  out.push_back(Finding{severity, std::move(check_id), std::move(paths), std::move(message)});
}

} // namespace warden

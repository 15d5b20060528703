#pragma once
// What every check produces: one finding per problem, printed once by
// hook/output.
#include "warden/config/policy.hpp"

#include <string>
#include <vector>

namespace warden {

struct Finding {
  Severity severity = Severity::error; // never off
  std::string check_id;                // a stable id of checks/registry.hpp
  std::vector<std::string> paths;      // every path (or ref) involved, raw bytes
  std::string message;
};

using Findings = std::vector<Finding>;

// Add a finding unless `severity` is off.
void add_finding(Findings& out, Severity severity, std::string check_id,
                 std::vector<std::string> paths, std::string message);

// Sort findings: errors first, then by check id, then by first path.
void sort_findings(Findings& findings);

} // namespace warden

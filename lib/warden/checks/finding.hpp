#pragma once
// What every check produces: one finding per problem, printed once by
// hook/output.
#include "warden/config/policy.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace warden {

struct Finding {
  Finding() = default;
  // Not an aggregate: most findings name no line, and a constructor lets
  // them leave `line` and `rule` out without -Wmissing-field-initializers.
  Finding(Severity severity, std::string check_id, std::vector<std::string> paths, std::string message,
          std::optional<std::size_t> line = std::nullopt, std::string rule = {})
    : severity(severity), check_id(std::move(check_id)), paths(std::move(paths)), message(std::move(message)),
      line(line), rule(std::move(rule)) {}

  Severity severity = Severity::error; // never off
  std::string check_id;                // a stable id of checks/registry.hpp
  std::vector<std::string> paths;      // every path (or ref) involved, raw bytes
  std::string message;
  // 1-based line in the first path, when the check knows one; the message
  // says it too, the json, SARIF and JUnit reports carry it on its own.
  std::optional<std::size_t> line;
  std::string rule;                    // secret only: the secret rule id (docs/secrets.md)
};

using Findings = std::vector<Finding>;

// Add a finding unless `severity` is off.
void add_finding(Findings& out, Severity severity, std::string check_id,
                 std::vector<std::string> paths, std::string message);
// The same, for a finding at `line` (1-based) of its first path; `rule` is
// the secret rule id for `secret` findings, else empty.
void add_finding(Findings& out, Severity severity, std::string check_id, std::vector<std::string> paths,
                 std::string message, std::optional<std::size_t> line, std::string rule = {});

// Sort findings: errors first, then by check id, then by first path.
void sort_findings(Findings& findings);

} // namespace warden

// Every files-section check, in one pass each, findings sorted once.
#include "warden/checks/file_input.hpp"
#include "warden/hook/output.hpp"

namespace warden {

Findings run_file_checks(const Policy& policy, const FileCheckInput& input) {
  Findings findings;
  check_case_collision(policy, input, findings);
  check_canonical_name(policy, input, findings);
  check_portable_name(policy, input, findings);
  check_path_length(policy, input, findings);
  check_required_file(policy, input, findings);
  check_forbidden_path(policy, input, findings);
  check_file_naming(policy, input, findings);
  check_large_file(policy, input, findings);
  check_conflict_marker(policy, input, findings);
  check_secret(policy, input, findings);
  sort_findings(findings);
  return findings;
}

} // namespace warden

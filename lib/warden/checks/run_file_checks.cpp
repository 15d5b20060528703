// Every files-section check, in one pass each, findings sorted once.
#include "warden/checks/registry.hpp"

namespace warden {

Findings run_file_checks(const Policy& policy, const FileCheckInput& input) {
  Findings findings;
  // Each check returns at once when the policy switches it off.
  for (const checks::CheckSpec* spec : checks::all())
    if (spec->run) spec->run(policy, input, findings);
  sort_findings(findings);
  return findings;
}

} // namespace warden

// Every files-section check, in one pass each, findings sorted once.
#include "warden/checks/registry.hpp"

namespace warden {

Findings run_file_checks(const Policy& policy, const FileCheckInput& input) {
  Findings findings;
  // A check the policy switches off (its spec's enabled rule) is not run:
  // the checks need not test it again.
  for (const checks::CheckSpec* spec : checks::all())
    if (spec->run && spec->enabled(policy)) spec->run(policy, input, findings);
  sort_findings(findings);
  return findings;
}

} // namespace warden

// The hash that trust records (docs/push-checks.md). Its own file: it is the
// only part of the policy code that needs the git layer, and the pre-commit
// binary links none of it.
#include "warden/config/policy.hpp"
#include "warden/git/objects.hpp"

namespace warden {

std::string commands_hash(const Policy& policy) {
  // Canonical form: what the commands would do, not how the YAML was spelled.
  std::string canonical;
  for (const auto& [hook, specs] : policy.commands) {
    for (const auto& spec : specs) {
      canonical += hook;
      canonical += '\0';
      canonical += spec.name;
      canonical += '\0';
      canonical += spec.run;
      canonical += '\0';
      canonical += spec.glob ? spec.glob->pattern() : std::string();
      canonical += '\n';
    }
  }
  const auto oid = git::hash_blob(canonical);
  return oid ? "sha1:" + git::oid_hex(*oid) : "sha1:unknown";
}

} // namespace warden

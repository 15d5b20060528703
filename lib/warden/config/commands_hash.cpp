// The hash that trust records (docs/push-checks.md). Git's blob id of the
// canonical form, computed without libgit2 (git/hash.hpp) so that the
// pre-commit binary, which links none of it, checks trust itself.
#include "warden/config/policy.hpp"

#include "warden/git/hash.hpp"

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
  return "sha1:" + git::hash_blob_hex(canonical);
}

} // namespace warden

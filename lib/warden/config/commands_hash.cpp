// The hash that trust records (SPEC section 7). Its own file: it is the only
// part of the policy code that needs libgit2, and the pre-commit binary
// links none of it.
#include "warden/config/policy.hpp"

#include <git2.h>

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
  git_oid oid;
  if (git_odb_hash(&oid, canonical.data(), canonical.size(), GIT_OBJECT_BLOB) != 0) return "sha1:unknown";
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &oid);
  return std::string("sha1:") + hex;
}

} // namespace warden

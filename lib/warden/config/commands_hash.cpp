// The hash that trust records (docs/push-checks.md). Git's blob id of the
// canonical form, computed without libgit2 (git/hash.hpp) so that the
// pre-commit binary, which links none of it, checks trust itself.
#include "warden/config/policy.hpp"
#include "warden/config/scoped.hpp"

#include "warden/git/hash.hpp"

namespace warden {

namespace {

// Canonical form: what the commands would do, not how the YAML was spelled.
void append_canonical(std::string& canonical, const std::string& hook, const std::vector<CommandSpec>& specs) {
    for (const auto& spec : specs) {
      canonical += hook;
      canonical += '\0';
      canonical += spec.name;
      canonical += '\0';
      canonical += spec.run;
      canonical += '\0';
      canonical += spec.glob ? spec.glob->pattern() : std::string();
      // A scoped command also says where it runs (root commands hash as they always did).
      if (!spec.dir.empty()) {
        canonical += '\0';
        canonical += spec.dir;
      }
      canonical += '\n';
    }
}

} // namespace

std::string commands_hash(const Policy& policy) {
  std::string canonical;
  for (const auto& [hook, specs] : policy.commands) append_canonical(canonical, hook, specs);
  return "sha1:" + git::hash_blob_hex(canonical);
}

std::string scoped_commands_hash(const PolicyScopes& scopes) {
  scopes.load_all();
  std::string canonical;
  for (std::size_t i = 0; i < scopes.scopes().size(); ++i) {
    const Policy& policy = scopes.policy(static_cast<int>(i));
    for (const auto& [hook, specs] : policy.commands) {
      // Only what this scope's own file sets: the rest is its enclosing policy's.
      const auto source = policy.sources.find("commands." + hook);
      if (source == policy.sources.end() || source->second != scopes.scopes()[i].file || specs.empty()) continue;
      canonical += scopes.scopes()[i].file;
      canonical += '\n';
      append_canonical(canonical, hook, specs);
    }
  }
  return canonical.empty() ? std::string() : "sha1:" + git::hash_blob_hex(canonical);
}

} // namespace warden

#include "warden/hook/trust.hpp"

#include "warden/git/staged_index.hpp"
#include "warden/hook/commands.hpp"

#include <fmt/core.h>

namespace warden {

PolicyScopes scopes_to_trust(const git::Repository& repo, const Policy& policy) {
  if (repo.is_bare()) return PolicyScopes(policy, {}, {});
  return worktree_scopes(policy, git::staged_input(repo, "").entries, repo.worktree_root());
}

void print_commands_to_trust(const Policy& policy, const PolicyScopes& scopes, std::FILE* out) {
  for (const auto& [hook, commands] : policy.commands) {
    for (const CommandSpec& command : commands) {
      fmt::print(out, "  {} / {}: {}\n", hook, command.name, command.run);
      if (command.glob) fmt::print(out, "      on files matching {}\n", command.glob->pattern());
    }
  }
  for (std::size_t i = 0; i < scopes.scopes().size(); ++i) {
    const Policy& scoped = scopes.policy(static_cast<int>(i));
    for (const auto& [hook, commands] : scoped.commands) {
      const auto source = scoped.sources.find("commands." + hook);
      if (source == scoped.sources.end() || source->second != scopes.scopes()[i].file) continue;
      for (const CommandSpec& command : commands) {
        fmt::print(out, "  {} / {}: {} (in {}/, {})\n", hook, command.name, command.run, command.dir, source->second);
        if (command.glob) fmt::print(out, "      on files matching {}\n", command.glob->pattern());
      }
    }
  }
}

} // namespace warden

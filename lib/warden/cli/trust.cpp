// warden trust [--dry-run]: approve the policy's commands (docs/push-checks.md).
// Shows every command the hooks would run, then records the hash of the
// `commands` section in the repository's local git config (warden.trusted).
#include "warden/cli/registry.hpp"
#include "warden/config/policy.hpp"
#include "warden/config/scoped.hpp"
#include "warden/core/error.hpp"
#include "warden/git/repository.hpp"
#include "warden/hook/commands.hpp"
#include "warden/hook/trust.hpp"

#include <fmt/core.h>

#include <memory>

namespace warden::cli {

namespace {

struct TrustOptions {
  bool dry_run = false;
};

int run_trust(const TrustOptions& options) {
  const auto repo = git::Repository::discover();
  const Policy policy = load_policy(repo);
  // The scoped policies' commands are trusted with the root's (docs/monorepo.md).
  const PolicyScopes scopes = scopes_to_trust(repo, policy);
  std::size_t count = 0;
  for (const auto& [hook, commands] : policy.commands) count += commands.size();
  if (count == 0 && !has_any_commands(scopes)) {
    fmt::print("{} has no commands: nothing to trust\n", policy.source);
    return k_exit_ok;
  }

  fmt::print("commands in {}{}:\n", policy.source, policy.extends.empty() ? "" : " and its bases");
  print_commands_to_trust(policy, scopes, stdout);

  const bool already = commands_trusted(repo, scopes);
  if (options.dry_run) {
    fmt::print("{}\n", already ? "dry run: these commands are already trusted"
                               : "dry run: not recorded; run `warden trust` to let the hooks run them");
    return k_exit_ok;
  }
  if (already) {
    fmt::print("already trusted: nothing to change\n");
    return k_exit_ok;
  }
  trust_commands(repo, scopes);
  fmt::print("trusted: the hooks will run these commands (warden.trusted = {} in the local git config)\n",
             trusted_value(scopes));
  return k_exit_ok;
}

} // namespace

void register_trust(CLI::App& app, Action& action) {
  auto options = std::make_shared<TrustOptions>();
  CLI::App* trust = app.add_subcommand(
      "trust", "Approve the policy's commands: show them and record their hash in the local git config");
  trust->add_flag("--dry-run,-n", options->dry_run, "Show the commands without recording anything");
  trust->callback([&action, options] { action = [options] { return run_trust(*options); }; });
}

} // namespace warden::cli

// install-hooks (docs/install-hooks.md): link warden's hook binaries into the hooks
// directory git really uses, keep and chain foreign hooks, undo it all.
#include "warden/install/install_hooks.hpp"

#include "warden/config/policy.hpp"
#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/core/version.hpp"
#include "warden/git/repository.hpp"
#include "warden/hook/commands.hpp"
#include "warden/install/hook_links.hpp"
#include "warden/install/hooks_transaction.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <system_error>
#include <unistd.h>

namespace warden {

namespace {

namespace stdfs = std::filesystem;
using install::BinaryState;
using install::HookLink;
using install::LinkState;

enum class Force { no, yes };
enum class DryRun { no, yes };
enum class Trust { yes, no };
enum class Mode { install, uninstall };

struct Options {
  std::string repo;                        // empty: the current directory
  std::optional<std::vector<std::string>> hooks;  // --hooks
  Force force = Force::no;
  DryRun dry_run = DryRun::no;
  Trust trust = Trust::yes;
  Mode mode = Mode::install;
};

// Prints the plan or what was done, and remembers whether anything changed
// and whether anything asked for could not be done.
class Installer {
public:
  // `transaction`: where the changes are written (nullptr: in place).
  Installer(std::string hooks_dir, const Options& options, const install::HooksTransaction* transaction)
    : m_hooks_dir(std::move(hooks_dir)), m_options(options), m_transaction(transaction) {}

  bool dry_run() const { return m_options.dry_run == DryRun::yes; }
  bool changed() const { return m_changed; }
  bool failed() const { return m_failed; }

  // Announce a change: "linked ..." or, in a dry run, "would link ...".
  void action(const std::string& done, const std::string& planned) {
    m_changed = true;
    fmt::print("{}\n", dry_run() ? "would " + planned : done);
  }
  void note(const std::string& text) { fmt::print("{}\n", text); }
  void problem(const std::string& text) {
    m_failed = true;
    std::fflush(stdout);
    fmt::print(stderr, "{}\n", text);
  }
  void warning(const std::string& text) {
    std::fflush(stdout);
    fmt::print(stderr, "warning: {}\n", text);
  }

  void ensure_hooks_dir() {
    std::error_code ec;
    if (stdfs::is_directory(m_hooks_dir, ec)) return;
    action(fmt::format("created hooks directory {}", m_hooks_dir),
           fmt::format("create hooks directory {}", m_hooks_dir));
    if (dry_run() || m_transaction) return; // the transaction creates it
    stdfs::create_directories(m_hooks_dir, ec);
    if (ec) throw Error(fmt::format("cannot create hooks directory {}: {}", m_hooks_dir, ec.message()));
  }

  void install(const std::string& hook) {
    const HookLink link = install::inspect_hook(m_hooks_dir, hook);
    const bool force = m_options.force == Force::yes;

    if (link.state == LinkState::installed && link.binary_state == BinaryState::ok) {
      note(fmt::format("already installed: {}", hook));
      return;
    }
    // Fail loudly: a link to nothing would make git skip the hook in silence.
    if (link.binary_state == BinaryState::missing) {
      problem(fmt::format("skipped {}: not installed at {}", hook, link.binary));
      return;
    }
    if (link.binary_state == BinaryState::not_executable) {
      problem(fmt::format("skipped {}: {} is not executable", hook, link.binary));
      return;
    }

    switch (link.state) {
    case LinkState::installed: // unreachable: handled above
    case LinkState::missing:
      make_link(link);
      if (link.has_local) note(fmt::format("  (chains the existing {}.local after warden's checks)", hook));
      return;
    case LinkState::other_warden:
    case LinkState::dangling: {
      const char* what = link.state == LinkState::dangling ? "a dangling link" : "a link to another warden install";
      if (!force) {
        problem(fmt::format("refused {}: it is {} ({} -> {}); rerun with --force to replace it", hook, what,
                            link.path, link.target));
        return;
      }
      action(fmt::format("replaced {} ({} to {})", hook, what, link.target),
             fmt::format("replace {} ({} to {})", hook, what, link.target));
      make_link(link);
      return;
    }
    case LinkState::foreign:
      keep_foreign(link, force);
      return;
    }
  }

  void uninstall(const std::string& hook) {
    const HookLink link = install::inspect_hook(m_hooks_dir, hook);
    const bool ours = link.state == LinkState::installed || link.state == LinkState::other_warden ||
                      (link.state == LinkState::dangling && link.warden_target);
    const std::string local = link.path + ".local";
    if (ours && link.has_local) {
      // One rename puts the foreign hook back over our link: no moment without a hook.
      action(fmt::format("restored {} from {}.local", hook, hook),
             fmt::format("restore {} from {}.local", hook, hook));
      if (!dry_run()) fs::rename(staged(local), staged(link.path));
      return;
    }
    if (ours) {
      action(fmt::format("removed {} (-> {})", hook, link.target), fmt::format("remove {} (-> {})", hook, link.target));
      if (dry_run()) return;
      std::error_code ec;
      stdfs::remove(staged(link.path), ec);
      if (ec) throw Error(fmt::format("cannot remove {}: {}", link.path, ec.message()));
      return;
    }
    if (!link.has_local) return;
    if (link.state == LinkState::missing) {
      action(fmt::format("restored {} from {}.local", hook, hook),
             fmt::format("restore {} from {}.local", hook, hook));
      if (!dry_run()) fs::rename(staged(local), staged(link.path));
      return;
    }
    problem(fmt::format("kept {}.local: {} is not warden's link, so it was left as it is", hook, link.path));
  }

private:
  void make_link(const HookLink& link) {
    action(fmt::format("linked {} -> {}", link.hook, link.binary), fmt::format("link {} -> {}", link.hook, link.binary));
    if (!dry_run()) fs::symlink_atomic(link.binary, staged(link.path));
  }

  // A foreign hook is never disabled in silence: it moves to <hook>.local
  // and the hook runner calls it after warden's checks pass.
  void keep_foreign(const HookLink& link, bool force) {
    const std::string local = link.path + ".local";
    if (link.has_local && !force) {
      problem(fmt::format("refused {}: {} is a foreign hook and {}.local already exists; move one of them away, "
                          "or rerun with --force to replace {}.local",
                          link.hook, link.path, link.hook, link.hook));
      return;
    }
    const bool executable = ::access(link.path.c_str(), X_OK) == 0;
    action(fmt::format("kept foreign hook as {}.local (runs after warden's checks)", link.hook),
           fmt::format("keep foreign hook as {}.local (runs after warden's checks)", link.hook));
    if (!dry_run()) fs::rename(staged(link.path), staged(local));
    if (!executable) {
      warning(fmt::format("{}.local is not executable: git did not run it before, and warden will not either "
                          "(chmod +x {} to enable it)",
                          link.hook, local));
    }
    make_link(link);
  }

  std::string staged(const std::string& path) const { return m_transaction ? m_transaction->staged(path) : path; }

  std::string m_hooks_dir;
  const Options& m_options;
  const install::HooksTransaction* m_transaction;
  bool m_changed = false;
  bool m_failed = false;
};

// Print the policy's commands, one line each.
void print_commands(const Policy& policy) {
  for (const auto& [hook, commands] : policy.commands) {
    for (const auto& command : commands) fmt::print("  {}: {}: {}\n", hook, command.name, command.run);
  }
}

// Notifications ride on the hooks (push and tag events on pre-push, merge on
// post-merge): say so when a configured webhook would never hear of them.
// Nothing else is linked for them (no reference-transaction hook).
void warn_about_notification_hooks(const git::Repository& repo, const Policy& policy,
                                   const std::vector<std::string>& hooks, Installer& installer) {
  const char* env_url = std::getenv("WARDEN_DISCORD_WEBHOOK");
  const bool configured = (env_url && *env_url) || repo.config_string("warden.discord.webhook").has_value();
  if (!configured) return;
  for (const auto& event : policy.notify.discord.events) {
    const char* needed = event == "push" || event == "tag" ? "pre-push" : event == "merge" ? "post-merge" : nullptr;
    if (!needed || std::find(hooks.begin(), hooks.end(), needed) != hooks.end()) continue;
    installer.warning(fmt::format("notify.discord.events has '{}', but {} is not among the hooks linked here, so "
                                  "no '{}' notification will be sent (add {} to the policy's hooks)",
                                  event, needed, event, needed));
  }
}

bool has_commands(const Policy& policy) {
  for (const auto& [hook, commands] : policy.commands)
    if (!commands.empty()) return true;
  return false;
}

int run(const Options& options) {
  if (!options.repo.empty()) {
    std::error_code ec;
    if (!stdfs::is_directory(options.repo, ec)) {
      throw Fatal(k_exit_usage, fmt::format("--repo {}: no such directory", options.repo));
    }
    // An explicit --repo wins over a repository inherited from a calling hook.
    for (const char* name : {"GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_INDEX_FILE"}) ::unsetenv(name);
  }
  git::ensure_libgit2();
  const auto repo = git::Repository::discover(options.repo.empty() ? "." : options.repo);
  const std::string hooks_dir = repo.hooks_dir();
  std::optional<install::HooksTransaction> transaction;
  if (options.dry_run == DryRun::no && install::HooksTransaction::supported(hooks_dir)) transaction.emplace(hooks_dir);
  Installer installer(hooks_dir, options, transaction ? &*transaction : nullptr);

  if (options.mode == Mode::uninstall) {
    fmt::print("hooks directory: {}\n", hooks_dir);
    const auto& hooks = options.hooks ? *options.hooks : install::known_hook_names();
    for (const auto& hook : hooks) installer.uninstall(hook);
  } else {
    std::optional<Policy> policy;
    std::vector<std::string> hooks;
    if (repo.is_bare()) {
      // A bare repository only receives pushes: pre-receive is its hook.
      hooks = options.hooks ? *options.hooks : std::vector<std::string>{"pre-receive"};
    } else {
      policy = load_policy(repo); // PolicyError: exit 2 with file:line:column
      hooks = options.hooks ? *options.hooks : policy->hooks;
      install::validate_hook_names(hooks, fmt::format("the policy's hooks ({})", policy->source));
    }
    fmt::print("hooks directory: {}\n", hooks_dir);
    installer.ensure_hooks_dir();
    for (const auto& hook : hooks) installer.install(hook);
    if (policy && !options.hooks) warn_about_notification_hooks(repo, *policy, hooks, installer);

    if (policy && has_commands(*policy) && options.trust == Trust::yes) {
      if (commands_trusted(repo, *policy)) {
        fmt::print("the policy's commands are already trusted\n");
      } else {
        installer.action("trusted the policy's commands (run by the hooks):",
                         "trust the policy's commands (run by the hooks):");
        print_commands(*policy);
        if (!installer.dry_run()) trust_commands(repo, *policy);
      }
    }
  }

  if (transaction && installer.changed()) transaction->commit();
  if (!installer.changed()) fmt::print("nothing to change\n");
  else if (installer.dry_run()) fmt::print("dry run: nothing was changed\n");
  return installer.failed() ? k_exit_findings : k_exit_ok;
}

} // namespace

std::unique_ptr<CLI::App> install_hooks_app(InstallHooksFlags& flags) {
  auto app = std::make_unique<CLI::App>(
    "Link warden's git hooks into a repository (the hooks directory git really uses: "
    "core.hooksPath, the common directory of linked worktrees, pre-receive for a bare "
    "repository). A foreign hook already there is kept as <hook>.local and runs after "
    "warden's checks pass.",
    "install-hooks");
  app->add_option("--repo", flags.repo, "the repository (default: the one containing the current directory)");
  app->add_option("--hooks", flags.hooks, "comma separated hooks to link (default: the policy's `hooks`)");
  app->add_flag("--force", flags.force, "replace dangling links, links to another warden install, and an existing <hook>.local");
  app->add_flag("--uninstall", flags.uninstall, "remove warden's links and put <hook>.local hooks back");
  app->add_flag("--dry-run", flags.dry_run, "print what would be done, change nothing");
  app->add_flag("--no-trust", flags.no_trust, "link only: do not trust the policy's commands");
  app->set_version_flag("--version", version_line("install-hooks"));
  return app;
}

int install_hooks_main(int argc, char** argv) {
  InstallHooksFlags flags;
  const auto owned = install_hooks_app(flags);
  CLI::App& app = *owned;
  Options options;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? k_exit_ok : k_exit_usage;
  }
  return run_top_level("install-hooks", [&] {
    options.repo = flags.repo;
    if (app.count("--hooks") > 0) options.hooks = install::parse_hook_list(flags.hooks);
    if (options.hooks && options.hooks->empty()) throw UsageError("--hooks: no hook named");
    options.force = flags.force ? Force::yes : Force::no;
    options.dry_run = flags.dry_run ? DryRun::yes : DryRun::no;
    options.trust = flags.no_trust ? Trust::no : Trust::yes;
    options.mode = flags.uninstall ? Mode::uninstall : Mode::install;
    return run(options);
  });
}

} // namespace warden

// install-hooks (docs/install-hooks.md): link warden's hook binaries into the hooks
// directory git really uses, keep and chain foreign hooks, undo it all.
#include "warden/install/install_hooks.hpp"

#include "warden/config/extends.hpp"
#include "warden/config/policy.hpp"
#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/core/paths.hpp"
#include "warden/core/version.hpp"
#include "warden/git/repository.hpp"
#include "warden/hook/commands.hpp"
#include "warden/hook/trust.hpp"
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
#include <vector>

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
  std::string all_under;                   // --all-under: every bare repository under this directory
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
  bool force() const { return m_options.force == Force::yes; }
  // Every line printed starts with `prefix` (--all-under: the repository).
  void set_prefix(std::string prefix) { m_prefix = std::move(prefix); }

  // Announce a change: "linked ..." or, in a dry run, "would link ...".
  void action(const std::string& done, const std::string& planned) {
    m_changed = true;
    fmt::print("{}{}\n", m_prefix, dry_run() ? "would " + planned : done);
  }
  void note(const std::string& text) { fmt::print("{}{}\n", m_prefix, text); }
  void problem(const std::string& text) {
    m_failed = true;
    std::fflush(stdout);
    fmt::print(stderr, "{}{}\n", m_prefix, text);
  }
  void warning(const std::string& text) {
    std::fflush(stdout);
    fmt::print(stderr, "{}warning: {}\n", m_prefix, text);
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
  std::string m_prefix;
  bool m_changed = false;
  bool m_failed = false;
};

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
      // extends: fetch the remote bases first, so that the policy loads (docs/monorepo.md).
      for (const auto& line : update_repository_bases(repo.worktree_root(), repo.config_string("warden.policy"),
                                                      repo.git_dir(), options.dry_run != DryRun::no))
        fmt::print("policy base: {}\n", line);
      policy = load_policy(repo); // PolicyError: exit 2 with file:line:column
      hooks = options.hooks ? *options.hooks : policy->hooks;
      install::validate_hook_names(hooks, fmt::format("the policy's hooks ({})", policy->source));
    }
    fmt::print("hooks directory: {}\n", hooks_dir);
    installer.ensure_hooks_dir();
    for (const auto& hook : hooks) installer.install(hook);
    if (policy && !options.hooks) warn_about_notification_hooks(repo, *policy, hooks, installer);

    if (policy && options.trust == Trust::yes) {
      // The scoped policies' commands are trusted with the root's, as
      // `warden trust` does (docs/monorepo.md).
      const PolicyScopes scopes = scopes_to_trust(repo, *policy);
      if (!has_any_commands(scopes)) {
        // nothing to trust
      } else if (commands_trusted(repo, scopes)) {
        fmt::print("the policy's commands are already trusted\n");
      } else {
        installer.action("trusted the policy's commands (run by the hooks):",
                         "trust the policy's commands (run by the hooks):");
        print_commands_to_trust(*policy, scopes, stdout);
        if (!installer.dry_run()) trust_commands(repo, scopes);
      }
    }
  }

  if (transaction && installer.changed()) transaction->commit();
  if (!installer.changed()) fmt::print("nothing to change\n");
  else if (installer.dry_run()) fmt::print("dry run: nothing was changed\n");
  return installer.failed() ? k_exit_findings : k_exit_ok;
}


// ---------------------------------------------------------------------------
// --all-under DIR: a forge's repository storage (docs/server.md)

// What --all-under did to one repository: `failed` is a skip that makes
// the run exit 1 (a repository that cannot be opened, a link refused).
enum class Outcome { linked, kept, skipped, failed };

// A directory git would take for a repository's git dir: HEAD, objects/, refs/.
bool looks_like_git_dir(const stdfs::path& dir) {
  std::error_code ec;
  return stdfs::is_regular_file(dir / "HEAD", ec) && stdfs::is_directory(dir / "objects", ec) &&
         stdfs::is_directory(dir / "refs", ec);
}

// Gitea and Forgejo write hooks/pre-receive themselves, a dispatcher that
// runs every executable of hooks/pre-receive.d/ (their own included):
// warden goes in there as `warden`, and their hook stays as it is.
constexpr const char* k_dropin_name = "warden";

void install_dropin(const std::string& dir, Installer& installer) {
  const std::string path = dir + "/" + k_dropin_name;
  const std::string binary = hook_binary_path("pre-receive");
  const std::string shown = fmt::format("pre-receive.d/{}", k_dropin_name);
  if (install::binary_state(binary) != BinaryState::ok) {
    installer.problem(fmt::format("skipped {}: {} is not an installed executable", shown, binary));
    return;
  }
  std::error_code ec;
  const auto status = stdfs::symlink_status(path, ec);
  if (!ec && stdfs::exists(status)) {
    const bool link = stdfs::is_symlink(status);
    const std::string target = link ? stdfs::read_symlink(path, ec).string() : std::string();
    const stdfs::path resolved = stdfs::path(target).is_absolute() ? stdfs::path(target) : stdfs::path(dir) / target;
    if (link && (resolved.lexically_normal() == stdfs::path(binary).lexically_normal() ||
                 stdfs::equivalent(resolved, binary, ec))) {
      installer.note(fmt::format("already installed: {}", shown));
      return;
    }
    if (!link || !install::is_warden_target(resolved.string(), "pre-receive")) {
      installer.problem(fmt::format("refused {}: {} is not warden's link; move it away", shown, path));
      return;
    }
    if (!installer.force()) {
      installer.problem(fmt::format("refused {}: it links to another warden install ({}); rerun with --force to "
                                    "replace it",
                                    shown, target));
      return;
    }
    installer.action(fmt::format("replaced {} (was -> {})", shown, target),
                     fmt::format("replace {} (-> {})", shown, target));
  } else {
    installer.action(fmt::format("linked {} -> {}", shown, binary), fmt::format("link {} -> {}", shown, binary));
  }
  if (!installer.dry_run()) fs::symlink_atomic(binary, path);
}

void uninstall_dropin(const std::string& dir, Installer& installer) {
  const std::string path = dir + "/" + k_dropin_name;
  std::error_code ec;
  if (!stdfs::is_symlink(stdfs::symlink_status(path, ec))) return;
  const std::string target = stdfs::read_symlink(path, ec).string();
  if (!install::is_warden_target(target, "pre-receive")) return;
  installer.action(fmt::format("removed pre-receive.d/{} (-> {})", k_dropin_name, target),
                   fmt::format("remove pre-receive.d/{} (-> {})", k_dropin_name, target));
  if (installer.dry_run()) return;
  stdfs::remove(path, ec);
  if (ec) throw Error(fmt::format("cannot remove {}: {}", path, ec.message()));
}

// Link (or unlink) pre-receive in the bare repository `dir`.
Outcome all_under_repository(const std::string& dir, const Options& options) {
  const std::string prefix = dir + ": ";
  std::optional<git::Repository> repo;
  try {
    repo.emplace(git::Repository::open(dir));
  } catch (const std::exception& e) {
    std::fflush(stdout);
    fmt::print(stderr, "{}skipped: cannot open the repository: {}\n", prefix, e.what());
    return Outcome::failed;
  }
  if (!repo->is_bare()) {
    fmt::print("{}skipped: not a bare repository\n", prefix);
    return Outcome::skipped;
  }
  const std::string hooks_dir = repo->hooks_dir();
  const std::string dropin_dir = hooks_dir + "/pre-receive.d";
  std::error_code ec;
  const bool dropin = stdfs::is_directory(dropin_dir, ec);
  std::optional<install::HooksTransaction> transaction;
  if (!dropin && options.dry_run == DryRun::no && install::HooksTransaction::supported(hooks_dir))
    transaction.emplace(hooks_dir);
  Installer installer(hooks_dir, options, transaction ? &*transaction : nullptr);
  installer.set_prefix(prefix);
  if (options.mode == Mode::uninstall) {
    if (dropin) uninstall_dropin(dropin_dir, installer);
    installer.uninstall("pre-receive");
  } else if (dropin) {
    install_dropin(dropin_dir, installer);
  } else {
    installer.ensure_hooks_dir();
    installer.install("pre-receive");
  }
  if (transaction && installer.changed() && !installer.failed()) transaction->commit();
  if (installer.failed()) return Outcome::failed;
  return installer.changed() ? Outcome::linked : Outcome::kept;
}

struct Tally {
  std::size_t linked = 0, kept = 0, skipped = 0;
  bool failed = false;
  bool gitlab_storage = false;
};

// Walk `dir` for repositories: a bare one is handled and not descended
// into; a non-bare one (a worktree with .git) is skipped; symlinks are
// not followed (no loops, no repository counted twice).
void walk(const stdfs::path& dir, const Options& options, Tally& tally, int depth = 0) {
  if (depth > 32) return;
  std::error_code ec;
  std::vector<stdfs::path> children;
  for (stdfs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_symlink(type_ec) || !it->is_directory(type_ec)) continue;
    children.push_back(it->path());
  }
  if (ec) {
    std::fflush(stdout);
    fmt::print(stderr, "warning: cannot read {}: {} (repositories in it were not seen)\n", dir.string(), ec.message());
    tally.failed = true;
    return;
  }
  std::sort(children.begin(), children.end());
  for (const auto& child : children) {
    const std::string path = child.string();
    if (looks_like_git_dir(child)) {
      if (path.find("/@hashed/") != std::string::npos) tally.gitlab_storage = true;
      switch (all_under_repository(path, options)) {
      case Outcome::linked: ++tally.linked; break;
      case Outcome::kept: ++tally.kept; break;
      case Outcome::skipped: ++tally.skipped; break;
      case Outcome::failed:
        ++tally.skipped;
        tally.failed = true;
        break;
      }
      continue;
    }
    if (stdfs::exists(child / ".git", ec)) {
      fmt::print("{}: skipped: not a bare repository (a worktree; install-hooks --repo links a clone's hooks)\n", path);
      ++tally.skipped;
      continue;
    }
    walk(child, options, tally, depth + 1);
  }
}

int run_all_under(const Options& options) {
  std::error_code ec;
  if (!stdfs::is_directory(options.all_under, ec))
    throw Fatal(k_exit_usage, fmt::format("--all-under {}: no such directory", options.all_under));
  for (const char* name : {"GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                           "GIT_ALTERNATE_OBJECT_DIRECTORIES"})
    ::unsetenv(name);
  git::ensure_libgit2();
  const stdfs::path root = fs::absolute_from(".", options.all_under);
  Tally tally;
  if (looks_like_git_dir(root)) {
    throw Fatal(k_exit_usage, fmt::format("--all-under {}: this is a repository; use install-hooks --repo {}",
                                          options.all_under, options.all_under));
  }
  walk(root, options, tally);
  const bool dry = options.dry_run == DryRun::yes;
  const bool removing = options.mode == Mode::uninstall;
  const char* done = removing ? (dry ? "to unlink" : "unlinked") : (dry ? "to link" : "linked");
  const char* kept = removing ? "kept (no warden link)" : "kept (already linked)";
  fmt::print("{} {}, {} {}, {} skipped{}\n", tally.linked, done, tally.kept, kept, tally.skipped,
             dry ? " (dry run: nothing was changed)" : "");
  if (tally.gitlab_storage) {
    std::fflush(stdout);
    fmt::print(stderr, "note: {} looks like GitLab's repository storage: Gitaly runs server hooks from its custom "
                       "hooks directories, not from each repository's hooks/ (see docs/server.md)\n",
               root.string());
  }
  return tally.failed ? k_exit_findings : k_exit_ok;
}

} // namespace

std::unique_ptr<CLI::App> install_hooks_app(InstallHooksFlags& flags) {
  auto app = std::make_unique<CLI::App>(
    "Link warden's git hooks into a repository (the hooks directory git really uses: "
    "core.hooksPath, the common directory of linked worktrees, pre-receive for a bare "
    "repository), or with --all-under into every bare repository of a forge's storage. A "
    "foreign hook already there is kept as <hook>.local and runs after warden's checks pass.",
    "install-hooks");
  auto* repo_option =
    app->add_option("--repo", flags.repo, "the repository (default: the one containing the current directory)");
  auto* hooks_option =
    app->add_option("--hooks", flags.hooks, "comma separated hooks to link (default: the policy's `hooks`)");
  app->add_option("--all-under", flags.all_under,
                  "link pre-receive into every bare repository under DIR (a forge's repository storage); "
                  "non-bare repositories are skipped, found repositories not descended into")
    ->type_name("DIR")
    ->excludes(repo_option)
    ->excludes(hooks_option);
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
    if (app.count("--all-under") > 0) {
      options.all_under = flags.all_under;
      return run_all_under(options);
    }
    return run(options);
  });
}

} // namespace warden

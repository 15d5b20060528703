// warden doctor (SPEC section 4): what is wrong with this repository's
// warden set-up and its branches, each problem with the command that fixes it.
// Reads only, except `--fix`, which restores the policy's git settings
// (`git:` in .warden.yml) in the local config.
#include "warden/cli/registry.hpp"
#include "warden/config/policy.hpp"
#include "warden/core/error.hpp"
#include "warden/core/process.hpp"
#include "warden/git/repository.hpp"
#include "warden/install/hook_links.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <unistd.h>

namespace warden::cli {

namespace {

using install::BinaryState;
using install::HookLink;
using install::LinkState;

// Collects the report: "ok: ..." lines and "problem: ..." lines with their fix.
class Report {
public:
  void ok(const std::string& text) { fmt::print("ok: {}\n", text); }
  void info(const std::string& text) { fmt::print("note: {}\n", text); }
  void problem(const std::string& text, const std::string& fix) {
    ++m_problems;
    fmt::print("problem: {}\n  fix: {}\n", text, fix);
  }
  int problems() const { return m_problems; }

private:
  int m_problems = 0;
};

std::string quote(const std::string& text) {
  if (!text.empty() && text.find_first_of(" \t\n'\"\\$`;&|<>()*?[]#~") == std::string::npos) return text;
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') quoted += "'\\''";
    else quoted += c;
  }
  return quoted + "'";
}

void check_hook(Report& report, const HookLink& link, const std::string& install_command) {
  const std::string& hook = link.hook;
  switch (link.state) {
  case LinkState::missing:
    report.problem(fmt::format("{} is not installed: warden's {} checks do not run", hook, hook), install_command);
    break;
  case LinkState::installed:
    if (link.binary_state == BinaryState::missing) {
      report.problem(fmt::format("{} is a dangling link to {}, which does not exist: git skips the hook", hook,
                                 link.binary),
                     fmt::format("reinstall warden (install/setup.sh), or remove the link: rm {}", quote(link.path)));
    } else if (link.binary_state == BinaryState::not_executable) {
      report.problem(fmt::format("{} links to {}, which is not executable: git skips the hook", hook, link.binary),
                     fmt::format("chmod +x {}", quote(link.binary)));
    } else {
      report.ok(fmt::format("{} -> {}", hook, link.binary));
    }
    break;
  case LinkState::other_warden:
    if (install::binary_state(link.target) != BinaryState::ok) {
      report.problem(fmt::format("{} links to {}, which is not executable: git skips the hook", hook, link.target),
                     install_command + " --force");
    } else {
      report.problem(fmt::format("{} links to another warden install ({}), not {}", hook, link.target, link.binary),
                     install_command + " --force");
    }
    break;
  case LinkState::dangling:
    report.problem(fmt::format("{} is a dangling link to {}: git skips the hook", hook, link.target),
                   install_command + " --force");
    break;
  case LinkState::foreign:
    if (link.has_local) {
      report.problem(fmt::format("{} is a foreign hook (not warden's) and {}.local exists too", hook, hook),
                     fmt::format("move one of them away, then {}; or {} --force (replaces {}.local)", install_command,
                                 install_command, hook));
    } else {
      report.problem(fmt::format("{} is a foreign hook (not warden's): warden's {} checks do not run", hook, hook),
                     fmt::format("{} (keeps it as {}.local, run after warden's checks)", install_command, hook));
    }
    break;
  }
  if (link.has_local && link.state != LinkState::foreign) {
    const std::string local = link.path + ".local";
    if (::access(local.c_str(), X_OK) != 0) {
      report.problem(fmt::format("{}.local (chained after warden's checks) is not executable, so it never runs", hook),
                     fmt::format("chmod +x {}", quote(local)));
    } else {
      report.ok(fmt::format("{}.local runs after warden's {} checks", hook, hook));
    }
  }
}

bool reference_exists(git_repository* repo, const std::string& name) {
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo, name.c_str()) != 0) return false;
  git::ReferencePtr ref(raw);
  return true;
}

bool remote_exists(const git::Repository& repo, const std::string& remote) {
  git_remote* raw = nullptr;
  if (git_remote_lookup(&raw, repo.get(), remote.c_str()) != 0) return false;
  git::RemotePtr handle(raw);
  return true;
}

constexpr std::string_view k_heads = "refs/heads/";

void check_branch(Report& report, const git::Repository& repo, const Policy& policy, const std::string& branch) {
  const std::string& default_remote = policy.branches.remote;
  const auto remote = repo.config_string("branch." + branch + ".remote");
  const auto merge = repo.config_string("branch." + branch + ".merge");
  if (!remote || !merge) {
    const std::string tracking = "refs/remotes/" + default_remote + "/" + branch;
    const std::string fix = reference_exists(repo.get(), tracking)
                              ? fmt::format("git branch --set-upstream-to={}/{} {}", default_remote, branch, quote(branch))
                              : fmt::format("git push -u {} {}", default_remote, quote(branch));
    report.problem(fmt::format("branch {} has no upstream", branch), fix);
    return;
  }
  if (*remote == ".") {
    report.info(fmt::format("branch {} tracks the local branch {}", branch, *merge));
    return;
  }
  std::string merged = *merge;
  if (merged.compare(0, k_heads.size(), k_heads) == 0) merged.erase(0, k_heads.size());

  git_buf buffer = GIT_BUF_INIT;
  const std::string local_ref = std::string(k_heads) + branch;
  std::string upstream_ref;
  if (git_branch_upstream_name(&buffer, repo.get(), local_ref.c_str()) == 0) {
    upstream_ref.assign(buffer.ptr, buffer.size);
  } else {
    upstream_ref = "refs/remotes/" + *remote + "/" + merged;
  }
  git_buf_dispose(&buffer);
  const std::string upstream_short = upstream_ref.rfind("refs/remotes/", 0) == 0 ? upstream_ref.substr(13) : upstream_ref;

  if (!reference_exists(repo.get(), upstream_ref)) {
    report.problem(fmt::format("branch {} tracks {}, which is gone from the remote", branch, upstream_short),
                   fmt::format("warden branch prune (deletes it when merged), or git branch --unset-upstream {}",
                               quote(branch)));
    return;
  }
  if (merged != branch && policy.branches.upstream_match != Severity::off) {
    report.problem(fmt::format("branch {} tracks {}: the names differ", branch, upstream_short),
                   fmt::format("warden branch sync --fix (or git push -u {} {} to track {}/{})", *remote, quote(branch),
                               *remote, branch));
    return;
  }
  report.ok(fmt::format("branch {} tracks {}", branch, upstream_short));
}

void check_remote_head(Report& report, const git::Repository& repo, const Policy& policy) {
  const std::string& remote = policy.branches.remote;
  const std::string& wanted = policy.branches.default_branch;
  const std::string head = "refs/remotes/" + remote + "/HEAD";
  const std::string fix = fmt::format("git remote set-head {} {}", remote, quote(wanted));
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo.get(), head.c_str()) != 0) {
    report.problem(fmt::format("{}/HEAD is missing (the remote's default branch should be {})", remote, wanted), fix);
    return;
  }
  git::ReferencePtr ref(raw);
  const char* target = git_reference_symbolic_target(ref.get());
  const std::string expected = "refs/remotes/" + remote + "/" + wanted;
  if (!target || expected != target) {
    report.problem(fmt::format("{}/HEAD points at {}, not {}/{} (branches.default-branch)", remote,
                               target ? std::string(target).substr(std::string("refs/remotes/").size())
                                      : std::string("a commit"),
                               remote, wanted),
                   fix);
    return;
  }
  report.ok(fmt::format("{}/HEAD -> {}/{}", remote, remote, wanted));
}

void check_branches(Report& report, const git::Repository& repo, const Policy& policy) {
  const std::string& remote = policy.branches.remote;
  if (!remote_exists(repo, remote)) {
    report.info(fmt::format("no remote '{}' (branches.remote): upstream checks skipped", remote));
    return;
  }
  git_branch_iterator* raw_iterator = nullptr;
  git::check(git_branch_iterator_new(&raw_iterator, repo.get(), GIT_BRANCH_LOCAL), "list local branches");
  git::BranchIteratorPtr iterator(raw_iterator);
  git_reference* raw = nullptr;
  git_branch_t type;
  std::vector<std::string> branches;
  while (git_branch_next(&raw, &type, iterator.get()) == 0) {
    git::ReferencePtr ref(raw);
    const char* name = nullptr;
    if (git_branch_name(&name, ref.get()) == 0 && name) branches.emplace_back(name);
  }
  for (const auto& branch : branches) check_branch(report, repo, policy, branch);
  if (policy.branches.remote_head != Severity::off) check_remote_head(report, repo, policy);
}

// The repository-local value of `key` (the `.git/config` level only: that
// is where `warden init` and `--fix` write), nullopt when unset there.
std::optional<std::string> local_config_value(const git::Repository& repo, const std::string& key) {
  git_config* raw = nullptr;
  if (git_repository_config(&raw, repo.get()) != 0) return std::nullopt;
  git::ConfigPtr all(raw);
  git_config* raw_local = nullptr;
  if (git_config_open_level(&raw_local, all.get(), GIT_CONFIG_LEVEL_LOCAL) != 0) return std::nullopt;
  git::ConfigPtr local(raw_local);
  git_buf buffer = GIT_BUF_INIT;
  std::optional<std::string> value;
  if (git_config_get_string_buf(&buffer, local.get(), key.c_str()) == 0) value.emplace(buffer.ptr, buffer.size);
  git_buf_dispose(&buffer);
  return value;
}

// git's equality for a setting: booleans in any of their spellings
// (true/yes/on/1), anything else as written.
bool same_setting(const std::string& a, const std::string& b) {
  if (a == b) return true;
  int left = 0;
  int right = 0;
  if (git_config_parse_bool(&left, a.c_str()) == 0 && git_config_parse_bool(&right, b.c_str()) == 0)
    return left == right;
  return false;
}

enum class Fix { no, yes };
enum class FixDryRun { no, yes };

struct DoctorOptions {
  Fix fix = Fix::no;
  FixDryRun dry_run = FixDryRun::no;
};

void check_git_settings(Report& report, const git::Repository& repo, const Policy& policy, const std::string& location,
                        const DoctorOptions& options) {
  for (const auto& [key, wanted] : policy.git_settings) {
    const auto current = local_config_value(repo, key);
    if (current && same_setting(*current, wanted)) {
      report.ok(fmt::format("git config {} = {}", key, *current));
      continue;
    }
    const std::string fix = fmt::format("git config {} {}", key, quote(wanted));
    const std::string was = current ? fmt::format("is {}", quote(*current)) : std::string("is not set");
    if (options.fix == Fix::yes && options.dry_run == FixDryRun::no) {
      ProcessOptions process;
      process.clear_git_env = true;
      const ProcessResult set = run_git({"config", "--local", key, wanted}, location, false, process);
      if (set.ok()) {
        fmt::print("fixed: {} (it {}; .warden.yml git: wants {})\n", fix, was, quote(wanted));
        continue;
      }
      report.problem(fmt::format("git config {} {} (.warden.yml git: wants {}) and setting it failed: {}", key, was,
                                 quote(wanted), set.err),
                     fix);
      continue;
    }
    report.problem(fmt::format("git config {} {}, .warden.yml git: wants {}", key, was, quote(wanted)), fix);
    if (options.fix == Fix::yes) fmt::print("  would run: {}\n", fix);
  }
}

int run_doctor(const DoctorOptions& options) {
  git::ensure_libgit2();
  const auto repo = git::Repository::discover(".");
  Report report;
  const std::string location = repo.is_bare() ? repo.git_dir() : repo.worktree_root();
  const std::string hooks_dir = repo.hooks_dir();
  fmt::print("repository: {}\nhooks directory: {}\n", location, hooks_dir);

  std::optional<Policy> policy;
  try {
    policy = repo.load_policy();
    if (policy->source == "<default>" || policy->source.empty()) report.ok("policy: embedded default");
    else report.ok(fmt::format("policy: {} (parses)", policy->source));
  } catch (const PolicyError& e) {
    report.problem(fmt::format("the policy does not load: {}", e.what()),
                   "correct the policy file (`warden policy check` shows every problem); hooks refuse to run until then");
  }

  const std::string install_command = "install-hooks --repo " + quote(location);
  std::vector<std::string> hooks;
  if (repo.is_bare()) hooks = {"pre-receive"};
  else hooks = policy ? policy->hooks : default_policy().hooks;
  for (const auto& hook : hooks) {
    if (!install::is_known_git_hook(hook)) continue;
    check_hook(report, install::inspect_hook(hooks_dir, hook), install_command);
  }

  // A clone's settings; a server's bare repository is not worked in.
  if (!repo.is_bare() && policy) check_git_settings(report, repo, *policy, location, options);
  if (!repo.is_bare() && policy) check_branches(report, repo, *policy);

  if (report.problems() == 0) {
    fmt::print("healthy: no problems found\n");
    return k_exit_ok;
  }
  fmt::print("{} problem{} found\n", report.problems(), report.problems() == 1 ? "" : "s");
  return k_exit_findings;
}

} // namespace

void register_doctor(CLI::App& app, Action& action) {
  auto* command = app.add_subcommand(
    "doctor",
    "Report what is wrong with warden's set-up here, each with its fix: missing, foreign or dangling hook "
    "links, a policy that does not parse, branches whose upstream is missing, gone or differently named, "
    "<remote>/HEAD, and local git settings that drift from the policy's git: section. Exit 0 when healthy, "
    "1 when a problem is found.");
  auto options = std::make_shared<DoctorOptions>();
  auto fix = std::make_shared<bool>(false);
  auto dry_run = std::make_shared<bool>(false);
  command->add_flag("--fix", *fix, "Apply the policy's git settings (git: in .warden.yml) to the local config");
  command->add_flag("--dry-run", *dry_run, "With --fix: show what would be changed, change nothing");
  command->callback([&action, options, fix, dry_run] {
    options->fix = *fix ? Fix::yes : Fix::no;
    options->dry_run = *dry_run ? FixDryRun::yes : FixDryRun::no;
    action = [options] {
      if (options->dry_run == FixDryRun::yes && options->fix == Fix::no)
        throw Fatal(k_exit_usage, "--dry-run goes with --fix: warden doctor --fix --dry-run");
      return run_doctor(*options);
    };
  });
}

} // namespace warden::cli

// warden doctor (docs/install-hooks.md): what is wrong with this repository's
// warden set-up and its branches, each problem with the command that fixes it.
// Reads only, except `--fix`, which restores the policy's git settings
// (`git:` in .warden.yml) in the local config.
#include "warden/branch/classify.hpp"
#include "warden/checks/branch_rules.hpp"
#include "warden/cli/registry.hpp"
#include "warden/config/default_branch.hpp"
#include "warden/config/policy.hpp"
#include "warden/core/error.hpp"
#include "warden/core/process.hpp"
#include "warden/git/branches.hpp"
#include "warden/git/config_edit.hpp"
#include "warden/git/refs.hpp"
#include "warden/git/repository.hpp"
#include "warden/git/worktrees.hpp"
#include "warden/install/hook_links.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
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
                     fmt::format("reinstall warden (install/setup.sh), or remove the link: rm {}",
                                 shell_quote(link.path)));
    } else if (link.binary_state == BinaryState::not_executable) {
      report.problem(fmt::format("{} links to {}, which is not executable: git skips the hook", hook, link.binary),
                     fmt::format("chmod +x {}", shell_quote(link.binary)));
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
                     fmt::format("chmod +x {}", shell_quote(local)));
    } else {
      report.ok(fmt::format("{}.local runs after warden's {} checks", hook, hook));
    }
  }
}

constexpr std::string_view k_heads = "refs/heads/";

// How the branches whose upstream is gone were merged: one classifier for
// the run, made on first use (docs/branch.md).
class GoneJudge {
public:
  GoneJudge(const git::Repository& repo, const Policy& policy) : m_repo(repo), m_policy(policy) {}
  // Return how the work of the branch whose tip is `tip` reached the default branch, as prune words it.
  std::pair<bool, std::string> judge(const git_oid& tip) {
    if (!m_classifier) {
      m_default = config::effective_default_branch(m_repo, m_policy);
      m_classifier = std::make_unique<branch::Classifier>(
        m_repo, git::default_branch_tips(m_repo, m_default, m_policy.branches.remote));
    }
    const auto merge = m_classifier->classify(tip);
    return {branch::work_is_merged(merge.kind), branch::describe(merge, m_default)};
  }

private:
  const git::Repository& m_repo;
  const Policy& m_policy;
  std::string m_default;
  std::unique_ptr<branch::Classifier> m_classifier;
};

void check_branch(Report& report, const git::Repository& repo, const Policy& policy, const std::string& branch,
                  GoneJudge& gone) {
  const std::string& default_remote = policy.branches.remote;
  const auto remote = repo.config_string("branch." + branch + ".remote");
  const auto merge = repo.config_string("branch." + branch + ".merge");
  const auto& pattern = policy.branches.pattern;
  if (pattern.regex && !pattern.partial_match(branch)) {
    // A suggested name that is taken would make the rename fail.
    const auto name = suggest_branch_name(policy, branch);
    const bool taken = name && git::ref_exists(repo, std::string(k_heads) + *name);
    report.problem(fmt::format("branch {} does not match branches.pattern '{}': pre-push refuses it", branch,
                               pattern.source),
                   taken ? std::string("rename it to match branches.pattern: warden branch rename NEW ") +
                             shell_quote(branch)
                         : rename_hint(policy, branch));
    return;
  }
  if (!remote || !merge) {
    const std::string tracking = "refs/remotes/" + default_remote + "/" + branch;
    const std::string fix =
      git::ref_exists(repo, tracking)
        ? fmt::format("git branch --set-upstream-to={}/{} {}", default_remote, branch, shell_quote(branch))
        : fmt::format("git push -u {} {}", default_remote, shell_quote(branch));
    report.problem(fmt::format("branch {} has no upstream", branch), fix);
    return;
  }
  if (*remote == ".") {
    report.info(fmt::format("branch {} tracks the local branch {}", branch, *merge));
    return;
  }
  std::string merged = *merge;
  if (merged.compare(0, k_heads.size(), k_heads) == 0) merged.erase(0, k_heads.size());

  const std::string upstream_ref = git::upstream_tracking_ref(repo, *remote, *merge);
  const std::string upstream_short =
    upstream_ref.rfind("refs/remotes/", 0) == 0 ? upstream_ref.substr(13) : upstream_ref;

  if (!git::ref_exists(repo, upstream_ref)) {
    const auto tip = git::ref_commit(repo, std::string(k_heads) + branch);
    const auto [merged_work, how] = tip ? gone.judge(*tip) : std::pair<bool, std::string>{false, "not a commit"};
    const std::string fix =
      merged_work ? std::string("warden branch prune (deletes it)")
                  : fmt::format("git push -u {} {} to keep it, warden branch prune --force to drop it, or git branch "
                                "--unset-upstream {}",
                                *remote, shell_quote(branch), shell_quote(branch));
    report.problem(fmt::format("branch {} tracks {}, which is gone from the remote ({})", branch, upstream_short, how),
                   fix);
    return;
  }
  if (merged != branch && policy.branches.upstream_match != Severity::off) {
    report.problem(fmt::format("branch {} tracks {}: the names differ", branch, upstream_short),
                   fmt::format("warden branch sync --fix (or git push -u {} {} to track {}/{})", *remote,
                               shell_quote(branch), *remote, branch));
    return;
  }
  report.ok(fmt::format("branch {} tracks {}", branch, upstream_short));
}

void check_remote_head(Report& report, const git::Repository& repo, const Policy& policy) {
  const std::string& remote = policy.branches.remote;
  const config::DefaultBranch wanted = config::resolve_default_branch(repo, policy, remote);
  const std::string head = "refs/remotes/" + remote + "/HEAD";
  const std::string fix = config::remote_head_fix(repo, remote, wanted.name);
  if (!git::ref_exists(repo, head)) {
    report.problem(fmt::format("{}/HEAD is missing (the default branch is {}, from {})", remote, wanted.name,
                               config::source_label(wanted.source, remote)),
                   fix);
    return;
  }
  const auto target = git::symbolic_target(repo, head);
  const std::string expected = "refs/remotes/" + remote + "/" + wanted.name;
  if (!target || expected != *target) {
    report.problem(fmt::format("{}/HEAD points at {}, not {}/{} ({})", remote,
                               target ? target->substr(std::string("refs/remotes/").size()) : std::string("a commit"),
                               remote, wanted.name, config::source_label(wanted.source, remote)),
                   fix);
    return;
  }
  report.ok(fmt::format("{}/HEAD -> {}/{}", remote, remote, wanted.name));
}

void check_branches(Report& report, const git::Repository& repo, const Policy& policy) {
  const std::string& remote = policy.branches.remote;
  if (!git::remote_exists(repo, remote)) {
    report.info(fmt::format("no remote '{}' (branches.remote): upstream checks skipped", remote));
    return;
  }
  std::vector<std::string> branches;
  git::for_each_branch(repo, git::BranchKind::local, [&](const git::BranchRef& ref) { branches.push_back(ref.name); });
  GoneJudge gone(repo, policy);
  for (const auto& branch : branches) check_branch(report, repo, policy, branch, gone);
  if (policy.branches.remote_head != Severity::off) check_remote_head(report, repo, policy);
}

enum class Fix { no, yes };
enum class FixDryRun { no, yes };

struct DoctorOptions {
  Fix fix = Fix::no;
  FixDryRun dry_run = FixDryRun::no;
};

void check_config_settings(Report& report, const git::Repository& repo, const Policy& policy,
                           const std::string& location, const DoctorOptions& options) {
  for (const auto& [key, wanted] : policy.git_settings) {
    const auto current = git::local_config_value(repo, key);
    if (current && git::same_config_value(*current, wanted)) {
      report.ok(fmt::format("git config {} = {}", key, *current));
      continue;
    }
    const std::string fix = fmt::format("git config {} {}", key, shell_quote(wanted));
    const std::string was = current ? fmt::format("is {}", shell_quote(*current)) : std::string("is not set");
    if (options.fix == Fix::yes && options.dry_run == FixDryRun::no) {
      ProcessOptions process;
      process.clear_git_env = true;
      const ProcessResult set = run_git({"config", "--local", key, wanted}, location, false, process);
      if (set.ok()) {
        fmt::print("fixed: {} (it {}; .warden.yml git: wants {})\n", fix, was, shell_quote(wanted));
        continue;
      }
      report.problem(fmt::format("git config {} {} (.warden.yml git: wants {}) and setting it failed: {}", key, was,
                                 shell_quote(wanted), set.err),
                     fix);
      continue;
    }
    report.problem(fmt::format("git config {} {}, .warden.yml git: wants {}", key, was, shell_quote(wanted)), fix);
    if (options.fix == Fix::yes) fmt::print("  would run: {}\n", fix);
  }
}

int run_doctor(const DoctorOptions& options) {
  git::ensure_libgit2();
  const auto repo = git::Repository::discover(".");
  Report report;
  const std::string location = git::command_dir(repo);
  const std::string hooks_dir = repo.hooks_dir();
  fmt::print("repository: {}\nhooks directory: {}\n", location, hooks_dir);

  std::optional<Policy> policy;
  try {
    policy = load_policy(repo);
    if (policy->source == "<default>" || policy->source.empty()) report.ok("policy: embedded default");
    else report.ok(fmt::format("policy: {} (parses)", policy->source));
  } catch (const PolicyError& e) {
    report.problem(fmt::format("the policy does not load: {}", e.what()),
                   "correct the policy file (`warden policy check` shows every problem); hooks refuse to run until then");
  }

  const std::string install_command = "install-hooks --repo " + shell_quote(location);
  std::vector<std::string> hooks;
  if (repo.is_bare()) hooks = {"pre-receive"};
  else hooks = policy ? policy->hooks : default_policy().hooks;
  for (const auto& hook : hooks) {
    if (!install::is_known_hook(hook)) continue;
    check_hook(report, install::inspect_hook(hooks_dir, hook), install_command);
  }

  // A clone's settings; a server's bare repository is not worked in.
  if (!repo.is_bare() && policy) check_config_settings(report, repo, *policy, location, options);
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
    "links, a policy that does not parse, branches whose name branches.pattern rejects or whose upstream is "
    "missing, gone or differently named, <remote>/HEAD against the default branch in force, and local git "
    "settings that drift from the policy's git: section. Exit 0 when healthy, 1 when a problem is found.");
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

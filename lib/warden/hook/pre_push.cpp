// pre-push: judge every ref update git is about to send (docs/push-checks.md).
// Branch rules first (name, upstream, protected force-push and deletion,
// remote HEAD), then the file checks on what leaves (so a commit made with
// --no-verify is still caught), then the policy's commands. Only when all
// pass: record the push for notifications and chain the foreign hook.
#include "warden/checks/registry.hpp"
#include "warden/checks/branch_rules.hpp"
#include "warden/config/default_branch.hpp"
#include "warden/core/error.hpp"
#include "warden/git/graph.hpp"
#include "warden/git/push_update.hpp"
#include "warden/git/reader_refs.hpp"
#include "warden/hook/commands.hpp"
#include "warden/hook/hooks.hpp"
#include "warden/hook/push_commits.hpp"
#include "warden/hook/push_checks.hpp"
#include "warden/notify/hook_events.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdio>
#include <set>

namespace warden {

namespace {

struct PushTarget {
  std::string name;  // the remote's name, or its URL when pushed to a URL
  std::string url;
  bool named = false; // a configured remote (remote.<name>.url exists)
};

// The local branch a pushed `local_ref` stands for: refs/heads/X, or HEAD
// while on a branch. nullopt for a detached HEAD or any other source, which
// are judged by their destination alone.
std::optional<std::string> local_branch_of(const git::RepoReader& repo, const std::string& local_ref) {
  if (local_ref == "HEAD") return repo.head_branch();
  return branch_of_ref(local_ref);
}

class PrePush {
public:
  PrePush(const git::RepoReader& repo, const Policy& policy, PushTarget target)
    : m_repo(repo), m_policy(policy), m_target(std::move(target)) {}

  void check_update(const PushUpdate& update) {
    const std::string& ref = update.remote_ref;
    if (update.is_deletion()) {
      check_branch_deletion(m_policy, ref, m_target.name, m_findings);
      return;
    }
    if (update.is_branch()) {
      check_branch(update);
    } else if (update.is_tag()) {
      check_tag(update);
    }
  }

  void check_remote_head_once() {
    if (!m_target.named) return;
    const std::string head = git::tracking_ref(m_target.name, "HEAD");
    const std::string branch = config::effective_default_branch(m_repo, m_policy, m_target.name);
    check_remote_head(m_policy, m_target.name, m_repo.symbolic_ref(head), branch,
                      config::remote_head_fix(m_repo, m_target.name, branch), m_findings);
  }

  // The commit rules on every commit the push makes new to the remote:
  // reachable from a pushed tip, from none of the remote's refs
  // (docs/commit-messages.md).
  void check_new_commits_once(const SkipList& skip) {
    if (!commit_rules_wanted(m_policy, skip)) return;
    const std::string remote = tracking_remote();
    m_new_commits.known = git::tracking_tips(m_repo, remote);
    m_new_commits.protected_tips = protected_branch_tips(m_repo, m_policy, git::tracking_ref(remote, ""));
    check_new_commits(m_repo, m_policy, m_new_commits, skip, m_findings);
  }

  Findings& findings() { return m_findings; }
  const std::vector<std::string>& changed_paths() const { return m_changed_paths; }

private:
  void check_branch(const PushUpdate& update) {
    const std::string& ref = update.remote_ref;
    check_branch_name(m_policy, ref, m_findings);

    if (const auto local = local_branch_of(m_repo, update.local_ref)) {
      std::optional<std::string> upstream;
      const auto upstream_remote = m_repo.config_string(fmt::format("branch.{}.remote", *local));
      if (upstream_remote && *upstream_remote == m_target.name)
        upstream = m_repo.config_string(fmt::format("branch.{}.merge", *local));
      check_upstream_match(m_policy, m_target.name, *local, ref, upstream, m_findings);
    }

    const auto tip = git::peel_hex(m_repo, update.local_oid);
    if (!tip) {
      add_finding(m_findings, Severity::error, checks::k_policy_id, {ref},
                  fmt::format("cannot read the pushed commit {}; run `git fsck` and push again", update.local_oid));
      return;
    }
    std::optional<git_oid> base_commit;
    if (!update.is_creation()) {
      check_force_push(m_policy, ref, fast_forward(m_repo, update.remote_oid, *tip), m_target.name, m_findings);
      base_commit = git::peel_hex(m_repo, update.remote_oid);
    }
    m_new_commits.updates.push_back({ref, *tip, base_commit, tracking_remote() + "/" + *branch_of_ref(ref)});
    // A new branch (or a remote tip we have not fetched): what is new is
    // what the default branch does not have yet.
    if (!base_commit) base_commit = default_branch_base(*tip);
    check_files(ref, *tip, base_commit);
  }

  void check_tag(const PushUpdate& update) {
    const auto commit = git::peel_hex(m_repo, update.local_oid);
    if (!commit) return; // a tag of a tree or blob: no commit to judge
    if (on_remote_already(*commit)) return;
    m_new_commits.updates.push_back({update.remote_ref, *commit, std::nullopt, {}});
    check_files(update.remote_ref, *commit, default_branch_base(*commit));
  }

  std::string tracking_remote() const { return m_target.named ? m_target.name : m_policy.branches.remote; }

  std::optional<git_oid> default_branch_base(const git_oid& tip) const {
    const auto remote_default =
        git::ref_commit(m_repo, git::tracking_ref(tracking_remote(),
                                                  config::effective_default_branch(m_repo, m_policy, tracking_remote())));
    if (!remote_default) return std::nullopt;
    return git::merge_base(m_repo, *remote_default, tip);
  }

  // True when `commit` is reachable from one of the remote's tracking refs:
  // it left this repository before, and was judged then.
  bool on_remote_already(const git_oid& commit) const {
    if (!m_target.named) return false;
    for (const git_oid& tip : git::tracking_tips(m_repo, m_target.name)) {
      const auto tip_commit = m_repo.peel_to_commit(tip);
      if (tip_commit && git::is_ancestor(m_repo, commit, *tip_commit)) return true;
    }
    return false;
  }

  void check_files(const std::string& ref, const git_oid& tip, const std::optional<git_oid>& base_commit) {
    const auto commit = m_repo.commit(tip);
    if (!commit) return;
    std::optional<git_oid> base_tree;
    if (base_commit)
      if (const auto base = m_repo.commit(*base_commit)) base_tree = base->tree;
    check_pushed_tree(m_repo, m_policy, commit->tree, base_tree, ref, m_findings, &m_changed_paths);
  }

  const git::RepoReader& m_repo;
  const Policy& m_policy;
  PushTarget m_target;
  Findings m_findings;
  std::vector<std::string> m_changed_paths;
  NewCommits m_new_commits;
};

} // namespace

int run_pre_push_on(const HookContext& context, const git::RepoReader& repo, const std::string& stdin_text) {
  PushTarget target;
  target.name = context.args.size() > 0 ? context.args[0] : std::string();
  target.url = context.args.size() > 1 ? context.args[1] : target.name;
  const std::vector<PushUpdate> updates = parse_pre_push_input(stdin_text);

  if (!context.skip.all()) {
    const Policy policy = load_policy(repo);
    target.named = target.name != target.url && git::remote_configured(repo, target.name);
    PrePush push(repo, policy, target);
    for (const PushUpdate& update : updates) push.check_update(update);
    push.check_remote_head_once();
    push.check_new_commits_once(context.skip);
    Findings& findings = push.findings();
    context.skip.apply(findings);

    // The commands (tests, linters) are slow: run them only when the push
    // could otherwise pass and something is actually sent.
    const bool sends_commits = std::any_of(updates.begin(), updates.end(),
                                           [](const PushUpdate& u) { return !u.is_deletion(); });
    if (sends_commits && exit_code_for(findings) == 0 && !context.skip.skips(checks::k_command_id)) {
      std::vector<std::string> paths = push.changed_paths();
      std::sort(paths.begin(), paths.end());
      paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
      run_policy_commands(repo, policy, "pre-push", paths, findings);
    }

    const int status = finish(findings, finish_options(context));
    if (status != 0) return status;
  }

  notify::on_pre_push(repo, target.name, target.url, updates);
  return run_local_hook(repo.hooks_dir(), context, stdin_text);
}

} // namespace warden

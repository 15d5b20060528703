#include "warden/branch/sync.hpp"

#include "warden/checks/branch_rules.hpp"
#include "warden/core/error.hpp"
#include "warden/core/process.hpp"
#include "warden/git/refs.hpp"
#include "warden/git/worktrees.hpp"

#include <fmt/core.h>

namespace warden::branch {

namespace {

// One sync run: runs (or, in a dry run, shows) the git commands and collects
// the notes printed at the end.
class Syncer {
public:
  Syncer(const git::Repository& repo, const Policy& policy, const SyncOptions& options, std::FILE* out,
         std::FILE* err)
    : m_repo(repo), m_policy(policy), m_options(options), m_dir(git::command_dir(repo)), m_out(out), m_err(err) {}

  bool dry() const { return m_options.dry_run == DryRun::yes; }

  void fetch(const std::vector<std::string>& remotes) {
    for (const auto& remote : remotes) {
      run({"fetch", "--prune", remote}, fmt::format("fetched {} (pruned deleted branches)", remote));
    }
  }

  // Report a gone or mismatched upstream, fix a mismatch with `--fix`, and
  // fast-forward a branch that is behind. Read after the fetch, which moved
  // the remote-tracking refs.
  void sync_branch(git::LocalBranch b) {
    if (!b.has_remote_upstream()) return;
    if (b.upstream_gone()) {
      m_report.gone.push_back(b.name);
      m_notes.push_back(fmt::format("gone: {} (its upstream {} no longer exists; `warden branch prune` deletes it)",
                                    b.name, b.upstream_label()));
      return;
    }
    if (b.upstream_mismatch() && !fix_upstream(b)) return;
    compare_with_upstream(b);
  }

  // Set `<remote>/HEAD` to the remote's default branch as the remote says it is now.
  void refresh_remote_heads(const std::vector<std::string>& remotes) {
    for (const auto& remote : remotes) {
      const bool missing = !git::ref_commit(m_repo, "refs/remotes/" + remote + "/HEAD");
      if (dry() && !missing) continue;
      if (run({"remote", "set-head", remote, "--auto"}, "") && !dry()) {
        fmt::print(m_out, "set {0}/HEAD -> {0}/{1} from the remote{2}\n", remote,
                   git::remote_head_branch(m_repo, remote).value_or("?"), missing ? " (it was missing)" : "");
      }
    }
  }

  SyncReport finish() {
    for (const auto& note : m_notes) fmt::print(m_out, "{}\n", note);
    if (dry()) fmt::print(m_out, "dry run: nothing changed\n");
    m_report.exit_code = m_report.failures.empty() ? k_exit_ok : k_exit_findings;
    return m_report;
  }

private:
  // Run `git args` (or, in a dry run, say it would). True when it succeeded.
  bool run(const std::vector<std::string>& args, const std::string& done_text) {
    if (dry()) {
      fmt::print(m_out, "would run: {}\n", command_text(args));
      return true;
    }
    auto result = run_git(args, m_dir, false);
    if (!result.ok()) {
      std::string line = fmt::format("failed: {}: {}", command_text(args), first_line(result.err));
      fmt::print(m_err, "warden branch sync: {}\n", line);
      m_report.failures.push_back(line);
      return false;
    }
    if (!done_text.empty()) fmt::print(m_out, "{}\n", done_text);
    return true;
  }

  // A branch tracking a remote branch of another name: without `--fix` only a
  // note; with it, track the same-named remote branch, or none when there is
  // none. True when `b` now tracks a branch to compare with.
  bool fix_upstream(git::LocalBranch& b) {
    m_report.mismatched.push_back(b.name);
    const std::string remote = *b.upstream_remote;
    const std::string same_name_ref = "refs/remotes/" + remote + "/" + b.name;
    if (m_options.fix == FixUpstreams::no) {
      m_notes.push_back(fmt::format("mismatched upstream: {} tracks {} (run `warden branch sync --fix`)", b.name,
                                    b.upstream_label()));
      return false;
    }
    fmt::print(m_out, "mismatched upstream: {} tracks {}\n", b.name, b.upstream_label());
    const auto oid = git::ref_commit(m_repo, same_name_ref);
    if (!oid) {
      if (run({"branch", "--unset-upstream", b.name},
              fmt::format("fixed: {} has no upstream now (publish it with: {})", b.name,
                          publish_hint(m_policy, remote, b.name)))) {
        m_report.fixed.push_back(b.name);
      }
      return false;
    }
    if (!run({"branch", "--set-upstream-to=" + remote + "/" + b.name, b.name},
             fmt::format("fixed: {} now tracks {}/{}", b.name, remote, b.name))) {
      return false;
    }
    m_report.fixed.push_back(b.name);
    b.tracking_ref = same_name_ref;
    b.tracking_oid = oid;
    b.upstream_branch = b.name;
    return true;
  }

  void compare_with_upstream(const git::LocalBranch& b) {
    const git_oid local = b.oid;
    const git_oid upstream = *b.tracking_oid;
    if (git::same_oid(local, upstream)) return;
    if (m_repo.is_ancestor(local, upstream)) {
      fast_forward(b);
    } else if (m_repo.is_ancestor(upstream, local)) {
      m_notes.push_back(fmt::format("ahead: {} has {} not on {} (push them)", b.name,
                                    commit_count(git::count_commits_outside(m_repo, local, {upstream})), b.upstream_label()));
    } else {
      m_report.diverged.push_back(b.name);
      m_notes.push_back(fmt::format("diverged: {} and {} ({} ahead, {} behind; rebase or merge by hand)", b.name,
                                    b.upstream_label(), git::count_commits_outside(m_repo, local, {upstream}),
                                    git::count_commits_outside(m_repo, upstream, {local})));
    }
  }

  // `b` is behind its upstream: merge --ff-only where it is checked out here
  // (when clean), move the ref when it is checked out nowhere.
  void fast_forward(const git::LocalBranch& b) {
    const git_oid local = b.oid;
    const git_oid upstream = *b.tracking_oid;
    const auto behind = git::count_commits_outside(m_repo, upstream, {local});
    const std::string range = fmt::format("{}..{}", git::short_hex(local), git::short_hex(upstream));
    if (b.is_current) {
      if (!git::worktree_clean(m_repo)) {
        m_report.skipped_dirty.push_back(b.name);
        m_notes.push_back(fmt::format("skipped {}: behind {} by {}, but the working tree has uncommitted changes "
                                      "(commit or stash them, then: git merge --ff-only {})",
                                      b.name, b.upstream_label(), behind, b.upstream_label()));
        return;
      }
      if (run({"merge", "--ff-only", "--quiet", *b.tracking_ref},
              fmt::format("fast-forwarded {} {} ({}, checked out here)", b.name, range, commit_count(behind)))) {
        m_report.fast_forwarded.push_back(b.name);
      }
    } else if (b.worktree) {
      m_report.other_worktree.push_back(b.name);
      m_notes.push_back(fmt::format("left {} alone: behind {} by {}, but checked out in the worktree {}", b.name,
                                    b.upstream_label(), behind, *b.worktree));
    } else if (run({"update-ref", "-m", "warden branch sync: fast-forward", "refs/heads/" + b.name,
                    git::oid_hex(upstream), git::oid_hex(local)},
                   fmt::format("fast-forwarded {} {} ({})", b.name, range, commit_count(behind)))) {
      m_report.fast_forwarded.push_back(b.name);
    }
  }

  const git::Repository& m_repo;
  const Policy& m_policy;
  const SyncOptions& m_options;
  const std::string m_dir;
  std::FILE* m_out;
  std::FILE* m_err;
  std::vector<std::string> m_notes; // printed after the changes
  SyncReport m_report;
};

} // namespace

SyncReport sync_branches(const git::Repository& repo, const Policy& policy, const SyncOptions& options,
                         std::FILE* out, std::FILE* err) {
  Syncer syncer(repo, policy, options, out, err);
  // Every remote a branch tracks, and the policy's remote.
  const auto to_fetch = remotes_to_fetch(repo, policy.branches.remote);
  if (to_fetch.empty()) {
    fmt::print(out, "no remote configured: nothing to sync\n");
    return SyncReport{};
  }
  syncer.fetch(to_fetch);
  for (auto& b : git::local_branches(repo)) syncer.sync_branch(std::move(b));
  syncer.refresh_remote_heads(to_fetch);
  return syncer.finish();
}

} // namespace warden::branch

#include "warden/branch/sync.hpp"

#include "warden/core/error.hpp"
#include "warden/core/process.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <set>

namespace warden::branch {

namespace {

class Runner {
public:
  Runner(const git::Repository& repo, DryRun dry_run, std::FILE* out, std::FILE* err, SyncReport& report)
    : m_dir(command_dir(repo)), m_dry_run(dry_run), m_out(out), m_err(err), m_report(report) {}

  // Run `git args` (or, in a dry run, say it would). True when it succeeded.
  bool run(const std::vector<std::string>& args, const std::string& done_text) {
    if (m_dry_run == DryRun::yes) {
      fmt::print(m_out, "would run: {}\n", git_command_line(args));
      return true;
    }
    auto result = run_git(args, m_dir, false);
    if (!result.ok()) {
      std::string line = fmt::format("failed: {}: {}", git_command_line(args), first_line(result.err));
      fmt::print(m_err, "warden branch sync: {}\n", line);
      m_report.failures.push_back(line);
      return false;
    }
    if (!done_text.empty()) fmt::print(m_out, "{}\n", done_text);
    return true;
  }

  bool dry() const { return m_dry_run == DryRun::yes; }

private:
  std::string m_dir;
  DryRun m_dry_run;
  std::FILE* m_out;
  std::FILE* m_err;
  SyncReport& m_report;
};

} // namespace

SyncReport sync_branches(const git::Repository& repo, const Policy& policy, const SyncOptions& options,
                         std::FILE* out, std::FILE* err) {
  SyncReport report;
  Runner runner(repo, options.dry_run, out, err, report);
  const auto remotes = configured_remotes(repo);

  // Fetch every remote a branch tracks, and the policy's remote.
  std::vector<std::string> to_fetch;
  auto add_remote = [&](const std::string& name) {
    if (remotes.count(name) && std::find(to_fetch.begin(), to_fetch.end(), name) == to_fetch.end()) {
      to_fetch.push_back(name);
    }
  };
  add_remote(policy.branches.remote);
  for (const auto& b : list_local_branches(repo)) {
    if (b.has_remote_upstream()) add_remote(*b.upstream_remote);
  }
  if (to_fetch.empty()) {
    fmt::print(out, "no remote configured: nothing to sync\n");
    return report;
  }
  for (const auto& remote : to_fetch) {
    runner.run({"fetch", "--prune", remote}, fmt::format("fetched {} (pruned deleted branches)", remote));
  }

  // Read the branches again: the fetch moved the remote-tracking refs.
  std::vector<std::string> notes;
  for (auto b : list_local_branches(repo)) {
    if (!b.has_remote_upstream()) continue;
    if (b.upstream_gone()) {
      report.gone.push_back(b.name);
      notes.push_back(fmt::format("gone: {} (its upstream {} no longer exists; `warden branch prune` deletes it)",
                                  b.name, b.upstream_label()));
      continue;
    }
    if (b.upstream_mismatch()) {
      report.mismatched.push_back(b.name);
      const std::string remote = *b.upstream_remote;
      const std::string same_name_ref = "refs/remotes/" + remote + "/" + b.name;
      if (options.fix == FixUpstreams::no) {
        notes.push_back(fmt::format("mismatched upstream: {} tracks {} (run `warden branch sync --fix`)", b.name,
                                    b.upstream_label()));
        continue;
      }
      fmt::print(out, "mismatched upstream: {} tracks {}\n", b.name, b.upstream_label());
      if (auto oid = ref_commit(repo, same_name_ref)) {
        if (!runner.run({"branch", "--set-upstream-to=" + remote + "/" + b.name, b.name},
                        fmt::format("fixed: {} now tracks {}/{}", b.name, remote, b.name))) {
          continue;
        }
        report.fixed.push_back(b.name);
        b.tracking_ref = same_name_ref;
        b.tracking_oid = oid;
        b.upstream_branch = b.name;
      } else {
        if (runner.run({"branch", "--unset-upstream", b.name},
                       fmt::format("fixed: {} has no upstream now (publish it with: git push -u {} {})", b.name,
                                   remote, b.name))) {
          report.fixed.push_back(b.name);
        }
        continue;
      }
    }

    const git_oid local = b.oid;
    const git_oid upstream = *b.tracking_oid;
    if (git_oid_equal(&local, &upstream)) continue;
    if (repo.is_ancestor(local, upstream)) {
      const auto behind = count_commits_outside(repo, upstream, {local});
      const std::string range = fmt::format("{}..{}", short_hex(local), short_hex(upstream));
      if (b.is_current) {
        if (!worktree_clean(repo)) {
          report.skipped_dirty.push_back(b.name);
          notes.push_back(fmt::format("skipped {}: behind {} by {}, but the working tree has uncommitted changes "
                                      "(commit or stash them, then: git merge --ff-only {})",
                                      b.name, b.upstream_label(), behind, b.upstream_label()));
          continue;
        }
        if (runner.run({"merge", "--ff-only", "--quiet", *b.tracking_ref},
                       fmt::format("fast-forwarded {} {} ({} commits, checked out here)", b.name, range, behind))) {
          report.fast_forwarded.push_back(b.name);
        }
      } else if (b.worktree) {
        report.other_worktree.push_back(b.name);
        notes.push_back(fmt::format("left {} alone: behind {} by {}, but checked out in the worktree {}", b.name,
                                    b.upstream_label(), behind, *b.worktree));
      } else if (runner.run({"update-ref", "-m", "warden branch sync: fast-forward", "refs/heads/" + b.name,
                             git::oid_hex(upstream), git::oid_hex(local)},
                            fmt::format("fast-forwarded {} {} ({} commits)", b.name, range, behind))) {
        report.fast_forwarded.push_back(b.name);
      }
    } else if (repo.is_ancestor(upstream, local)) {
      notes.push_back(fmt::format("ahead: {} has {} commits not on {} (push them)", b.name,
                                  count_commits_outside(repo, local, {upstream}), b.upstream_label()));
    } else {
      report.diverged.push_back(b.name);
      notes.push_back(fmt::format("diverged: {} and {} ({} ahead, {} behind; rebase or merge by hand)", b.name,
                                  b.upstream_label(), count_commits_outside(repo, local, {upstream}),
                                  count_commits_outside(repo, upstream, {local})));
    }
  }

  // The remote's default branch, as the remote says it is now.
  for (const auto& remote : to_fetch) {
    const bool missing = !ref_commit(repo, "refs/remotes/" + remote + "/HEAD");
    if (runner.dry() && !missing) continue;
    if (runner.run({"remote", "set-head", remote, "--auto"}, "") && !runner.dry()) {
      fmt::print(out, "set {0}/HEAD -> {0}/{1} from the remote{2}\n", remote,
                 remote_head_branch(repo, remote).value_or("?"), missing ? " (it was missing)" : "");
    }
  }

  for (const auto& note : notes) fmt::print(out, "{}\n", note);
  if (runner.dry()) fmt::print(out, "dry run: nothing changed\n");
  report.exit_code = report.failures.empty() ? k_exit_ok : k_exit_findings;
  return report;
}

} // namespace warden::branch

#include "warden/branch/prune.hpp"

#include "warden/core/error.hpp"
#include "warden/core/process.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <set>

namespace warden::branch {

namespace {

constexpr std::string_view k_heads = "refs/heads/";

// Branch names on `remote` per `git ls-remote --heads`; nullopt when unreachable.
std::optional<std::set<std::string>> remote_heads(const std::string& dir, const std::string& remote) {
  auto result = run_git({"ls-remote", "--heads", remote}, dir, false);
  if (!result.ok()) return std::nullopt;
  std::set<std::string> heads;
  std::size_t start = 0;
  while (start < result.out.size()) {
    auto end = result.out.find('\n', start);
    if (end == std::string::npos) end = result.out.size();
    auto line = result.out.substr(start, end - start);
    start = end + 1;
    auto tab = line.find('\t');
    if (tab != std::string::npos && line.compare(tab + 1, k_heads.size(), k_heads) == 0) {
      heads.insert(line.substr(tab + 1 + k_heads.size()));
    }
  }
  return heads;
}

// Remote-tracking branches of `remote`: short name -> tip (symbolic refs skipped).
std::map<std::string, git_oid> tracking_branches(const git::Repository& repo, const std::string& remote) {
  std::map<std::string, git_oid> result;
  const std::string prefix = "refs/remotes/" + remote + "/";
  for (const auto& [name, oid] : remote_tracking_tips(repo))
    if (name.rfind(prefix, 0) == 0) result[name.substr(prefix.size())] = oid;
  return result;
}

} // namespace

std::vector<LocalBranch> gone_branches(const git::Repository& repo) {
  std::vector<LocalBranch> gone;
  for (auto& b : list_local_branches(repo)) {
    if (b.upstream_gone()) gone.push_back(std::move(b));
  }
  return gone;
}

PruneReport prune_branches(const git::Repository& repo, const Policy& policy, const PruneOptions& options,
                           std::FILE* out, std::FILE* err) {
  PruneReport report;
  const std::string dir = command_dir(repo);
  const bool dry = options.dry_run == DryRun::yes;
  const std::string& default_branch = policy.branches.default_branch;
  const std::string& main_remote = policy.branches.remote;
  const auto remotes = configured_remotes(repo);

  auto fail = [&](const std::vector<std::string>& args, const std::string& git_err) {
    std::string line = fmt::format("failed: {}: {}", git_command_line(args), first_line(git_err));
    fmt::print(err, "warden branch prune: {}\n", line);
    report.failures.push_back(line);
  };

  // What is gone is only known after asking the remote.
  std::map<std::string, std::set<std::string>> live_heads; // dry run: remote -> its branches
  if (options.fetch == Fetch::yes) {
    std::vector<std::string> to_fetch;
    auto add_remote = [&](const std::string& name) {
      if (remotes.count(name) && std::find(to_fetch.begin(), to_fetch.end(), name) == to_fetch.end()) {
        to_fetch.push_back(name);
      }
    };
    add_remote(main_remote);
    for (const auto& b : list_local_branches(repo)) {
      if (b.has_remote_upstream()) add_remote(*b.upstream_remote);
    }
    for (const auto& remote : to_fetch) {
      if (dry) {
        if (auto heads = remote_heads(dir, remote)) {
          live_heads[remote] = std::move(*heads);
        } else {
          fmt::print(err, "warden branch prune: cannot reach {}: judging by the last fetch\n", remote);
        }
        continue;
      }
      std::vector<std::string> args{"fetch", "--prune", "--quiet", remote};
      auto result = run_git(args, dir, false);
      if (!result.ok()) fail(args, result.err);
    }
  }

  auto is_protected = [&](const std::string& name) {
    return matches_any(policy.branches.protected_branches, name);
  };

  // Remote branches first: their local counterparts then show up as gone.
  if (options.remote) {
    if (!remotes.count(main_remote)) {
      fmt::print(err, "warden branch prune: no remote named '{}' (branches.remote)\n", main_remote);
      report.failures.push_back("no remote " + main_remote);
    } else if (auto base = ref_commit(repo, "refs/remotes/" + main_remote + "/" + default_branch)) {
      const auto remote_head = remote_head_branch(repo, main_remote);
      const auto live = live_heads.find(main_remote);
      for (const auto& [name, oid] : tracking_branches(repo, main_remote)) {
        if (name == default_branch || (remote_head && *remote_head == name)) continue;
        if (live != live_heads.end() && !live->second.count(name)) continue; // already gone there
        if (!repo.is_ancestor(oid, *base)) continue;
        const std::string label = main_remote + "/" + name;
        if (is_protected(name)) {
          report.kept.push_back(label + ": protected (branches.protected)");
          fmt::print(out, "kept {}: protected (branches.protected)\n", label);
          continue;
        }
        const std::string restore =
            git_command_line({"push", main_remote, fmt::format("{}:refs/heads/{}", git::oid_hex(oid), name)});
        std::vector<std::string> args{"push", "--quiet", main_remote, "--delete", name};
        if (dry) {
          fmt::print(out, "would delete {} (merged into {}): {}\n", label, default_branch,
                     git_command_line({"push", main_remote, "--delete", name}));
          report.deleted_remote.push_back(label);
          continue;
        }
        auto result = run_git(args, dir, false);
        if (!result.ok()) {
          fail(args, result.err);
          continue;
        }
        report.deleted_remote.push_back(label);
        fmt::print(out, "deleted {} (was {}, merged into {}); restore: {}\n", label, short_hex(oid), default_branch,
                   restore);
      }
    } else {
      fmt::print(err, "warden branch prune: {}/{} does not exist: cannot tell which remote branches are merged\n",
                 main_remote, default_branch);
      report.failures.push_back("no " + main_remote + "/" + default_branch);
    }
  }

  const auto default_tips = default_branch_tips(repo, default_branch, main_remote);
  auto bases = default_tips;
  const auto remote_tips = remote_branch_tips(repo);
  bases.insert(bases.end(), remote_tips.begin(), remote_tips.end());

  for (const auto& b : list_local_branches(repo)) {
    bool gone = b.upstream_gone();
    if (b.has_remote_upstream() && !live_heads.empty()) {
      auto live = live_heads.find(*b.upstream_remote);
      if (live != live_heads.end()) gone = !live->second.count(*b.upstream_branch);
    }
    const bool merged = options.merged && reachable_from_any(repo, b.oid, default_tips);
    if (!gone && !merged) continue;
    const std::string why = gone ? fmt::format("upstream {} is gone", b.upstream_label())
                                 : fmt::format("merged into {}", default_branch);

    std::string keep_reason;
    if (b.is_current) keep_reason = "it is the current branch";
    else if (b.worktree) keep_reason = "checked out in the worktree " + *b.worktree;
    else if (b.name == default_branch) keep_reason = "it is the default branch";
    else if (is_protected(b.name)) keep_reason = "protected (branches.protected)";
    else if (!merged && !options.force) {
      const auto unmerged = count_commits_outside(repo, b.oid, bases);
      if (unmerged > 0) {
        keep_reason = fmt::format("{} commit{} not on {} or any remote branch (squash-merged? `warden branch prune --force` deletes it)",
                                  unmerged, unmerged == 1 ? "" : "s", default_branch);
      }
    }
    if (!keep_reason.empty()) {
      report.kept.push_back(b.name + ": " + keep_reason);
      fmt::print(out, "kept {} ({}): {}\n", b.name, why, keep_reason);
      continue;
    }
    const std::string restore = git_command_line({"branch", b.name, git::oid_hex(b.oid)});
    if (dry) {
      fmt::print(out, "would delete {} ({}): {}\n", b.name, why, git_command_line({"branch", "-D", b.name}));
      report.deleted.push_back(b.name);
      continue;
    }
    std::vector<std::string> args{"branch", "-D", b.name};
    auto result = run_git(args, dir, false);
    if (!result.ok()) {
      fail(args, result.err);
      continue;
    }
    report.deleted.push_back(b.name);
    fmt::print(out, "deleted {} (was {}, {}); restore: {}\n", b.name, short_hex(b.oid), why, restore);
  }

  if (report.deleted.empty() && report.deleted_remote.empty() && report.kept.empty()) {
    fmt::print(out, "nothing to prune\n");
  }
  if (dry) fmt::print(out, "dry run: nothing changed\n");
  report.exit_code = report.failures.empty() ? k_exit_ok : k_exit_findings;
  return report;
}

} // namespace warden::branch

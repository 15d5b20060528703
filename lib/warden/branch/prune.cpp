#include "warden/branch/prune.hpp"

#include "warden/config/default_branch.hpp"
#include "warden/core/error.hpp"
#include "warden/core/process.hpp"
#include "warden/git/config_edit.hpp"
#include "warden/git/refs.hpp"
#include "warden/git/worktrees.hpp"

#include <fmt/core.h>

#include <map>
#include <set>

namespace warden::branch {

namespace {

constexpr std::string_view k_heads = "refs/heads/";

// Branches on `remote` per `git ls-remote --heads` (name -> hex id); nullopt when unreachable.
std::optional<std::map<std::string, std::string>> remote_heads(const std::string& dir, const std::string& remote) {
  auto result = run_git({"ls-remote", "--heads", remote}, dir, false);
  if (!result.ok()) return std::nullopt;
  std::map<std::string, std::string> heads;
  std::size_t start = 0;
  while (start < result.out.size()) {
    auto end = result.out.find('\n', start);
    if (end == std::string::npos) end = result.out.size();
    auto line = result.out.substr(start, end - start);
    start = end + 1;
    auto tab = line.find('\t');
    if (tab != std::string::npos && line.compare(tab + 1, k_heads.size(), k_heads) == 0) {
      heads.emplace(line.substr(tab + 1 + k_heads.size()), line.substr(0, tab));
    }
  }
  return heads;
}

// One prune run: the steps share the options, the output and the report.
class Pruner {
public:
  Pruner(const git::Repository& repo, const Policy& policy, const PruneOptions& options, std::FILE* out,
         std::FILE* err)
    : m_repo(repo), m_policy(policy), m_options(options), m_out(out), m_err(err), m_dir(git::command_dir(repo)),
      m_dry(options.dry_run == DryRun::yes), m_remotes(git::configured_remotes(repo)),
      m_default_branch(config::effective_default_branch(repo, policy)) {}

  // What is gone is only known after asking the remote: fetch with --prune,
  // or in a dry run list the remote's branches without changing anything.
  void learn_what_is_gone() {
    for (const auto& remote : remotes_to_fetch(m_repo, main_remote())) {
      if (m_dry) {
        if (auto heads = remote_heads(m_dir, remote)) {
          m_live_heads[remote] = std::move(*heads);
          if (remote == main_remote()) learn_remote_default();
        } else {
          fmt::print(m_err, "warden branch prune: cannot reach {}: judging by the last fetch\n", remote);
        }
        continue;
      }
      run({"fetch", "--prune", "--quiet", remote});
    }
  }

  // Dry run: the remote's default branch as it is now, so the classes are
  // those a real run would find. Its commits are fetched into the object
  // database only (no ref, no FETCH_HEAD changes); when that fails the
  // last fetch judges, and the output says so.
  void learn_remote_default() {
    const auto& heads = m_live_heads[main_remote()];
    const auto found = heads.find(default_branch());
    if (found == heads.end()) return;
    const auto oid = git::parse_oid(found->second);
    if (!oid) return;
    const auto tracking = git::ref_commit(m_repo, "refs/remotes/" + main_remote() + "/" + default_branch());
    if (tracking && git::same_oid(*tracking, *oid)) return;
    if (!m_repo.has_object(*oid)) {
      const auto fetched = run_git({"fetch", "--quiet", "--no-write-fetch-head", "--no-tags", main_remote(),
                                    std::string(k_heads) + default_branch()},
                                   m_dir, false);
      if (!fetched.ok() || !m_repo.has_object(*oid)) {
        fmt::print(m_err, "warden branch prune: cannot read {}/{} as the remote has it now: judging by the last fetch\n",
                   main_remote(), default_branch());
        return;
      }
    }
    m_remote_default = oid;
  }

  // The tips of the default branch that count: the local branch and
  // <remote>/<default> (in a dry run, as the remote has it now).
  std::vector<git_oid> default_tips() const {
    auto tips = git::default_branch_tips(m_repo, default_branch(), main_remote());
    if (m_remote_default) tips.push_back(*m_remote_default);
    return tips;
  }

  // Remote branches whose work is merged into <remote>/<default>. Run before
  // the local pass: their local counterparts then show up as gone.
  void prune_remote_branches() {
    const std::string& remote = main_remote();
    if (!m_remotes.count(remote)) {
      fmt::print(m_err, "warden branch prune: no remote named '{}' (branches.remote)\n", remote);
      m_report.failures.push_back("no remote " + remote);
      return;
    }
    const auto base = git::ref_commit(m_repo, "refs/remotes/" + remote + "/" + default_branch());
    if (!base) {
      fmt::print(m_err, "warden branch prune: {}/{} does not exist: cannot tell which remote branches are merged\n",
                 remote, default_branch());
      m_report.failures.push_back("no " + remote + "/" + default_branch());
      return;
    }
    const auto remote_head = git::remote_head_branch(m_repo, remote);
    const auto live = m_live_heads.find(remote);
    std::vector<std::pair<std::string, git_oid>> candidates;
    for (const auto& [name, oid] : git::remote_branches_of(m_repo, remote)) {
      if (name == default_branch() || (remote_head && *remote_head == name)) continue;
      if (live != m_live_heads.end() && !live->second.count(name)) continue; // already gone there
      candidates.emplace_back(name, oid);
    }
    // Judged against the remote's default branch alone: what only the local
    // one holds is not merged there yet.
    Classifier classifier(m_repo, {m_remote_default.value_or(*base)});
    std::vector<git_oid> tips;
    for (const auto& candidate : candidates) tips.push_back(candidate.second);
    classifier.prepare(tips);
    const std::string target = remote + "/" + default_branch();
    for (const auto& [name, oid] : candidates) {
      const auto merge = classifier.classify(oid);
      const std::string label = remote + "/" + name;
      m_report.classes[label] = merge.kind;
      if (work_is_merged(merge.kind)) {
        delete_remote_branch(name, oid, describe(merge, target));
      } else if (m_dry) {
        fmt::print(m_out, "left {} ({})\n", label, describe(merge, target));
      }
    }
  }

  // Local branches whose upstream is gone, or (`--merged`) whose work is merged into the default branch.
  void prune_local_branches() {
    const auto branches = git::local_branches(m_repo);
    Classifier classifier(m_repo, default_tips());
    std::vector<git_oid> tips;
    for (const auto& b : branches) {
      if (wanted(b)) tips.push_back(b.oid);
    }
    classifier.prepare(tips);
    for (const auto& b : branches) {
      if (!wanted(b)) continue;
      const bool gone = is_gone(b);
      const auto merge = classifier.classify(b.oid);
      m_report.classes[b.name] = merge.kind;
      const std::string how = describe(merge, default_branch());
      const bool merged = work_is_merged(merge.kind);
      if (!gone && !(m_options.merged && merged)) {
        fmt::print(m_out, "left {} ({}): {}\n", b.name, how, why_left(b, merged));
        continue;
      }
      const std::string why =
        gone ? fmt::format("upstream {} is gone; {}", b.upstream_label(), how) : how;
      std::string keep_reason = reason_to_keep(b);
      if (keep_reason.empty() && !merged && !m_options.force) {
        keep_reason = fmt::format("{} does not hold {} work; `warden branch prune --force` deletes it",
                                  default_branch(), merge.kind == MergeClass::partly_merged ? "all of its" : "its");
      }
      if (!keep_reason.empty()) {
        m_report.kept.push_back(b.name + ": " + keep_reason);
        fmt::print(m_out, "kept {} ({}): {}\n", b.name, why, keep_reason);
        continue;
      }
      delete_local_branch(b, why);
    }
  }

  PruneReport finish() {
    if (m_report.deleted.empty() && m_report.deleted_remote.empty() && m_report.kept.empty()) {
      fmt::print(m_out, "nothing to prune\n");
    }
    if (m_dry) fmt::print(m_out, "dry run: nothing changed\n");
    m_report.exit_code = m_report.failures.empty() ? k_exit_ok : k_exit_findings;
    return m_report;
  }

private:
  const std::string& main_remote() const { return m_policy.branches.remote; }
  const std::string& default_branch() const { return m_default_branch; }
  bool is_protected(const std::string& name) const {
    return matches_any(m_policy.branches.protected_branches, name);
  }

  // Run `git args`; on failure report it and return false.
  bool run(const std::vector<std::string>& args) {
    auto result = run_git(args, m_dir, false);
    if (result.ok()) return true;
    std::string line = fmt::format("failed: {}: {}", command_text(args), first_line(result.err));
    fmt::print(m_err, "warden branch prune: {}\n", line);
    m_report.failures.push_back(line);
    return false;
  }

  // Gone per the remote-tracking refs, or (dry run) per the remote's own
  // list less what this run would delete there.
  bool is_gone(const git::LocalBranch& b) const {
    if (b.has_remote_upstream()) {
      if (m_would_delete_remote.count(*b.upstream_remote + "/" + b.upstream_branch.value_or(""))) return true;
      if (!m_live_heads.empty()) {
        auto live = m_live_heads.find(*b.upstream_remote);
        if (live != m_live_heads.end()) return !live->second.count(*b.upstream_branch);
      }
    }
    return b.upstream_gone();
  }

  // The local branches this run judges: the gone ones; with `--merged` every
  // other one but the default branch; in a dry run every one, to show its class.
  bool wanted(const git::LocalBranch& b) const {
    if (is_gone(b)) return true;
    if (b.name == default_branch()) return false;
    return m_options.merged || m_dry;
  }

  // Why a branch that is not a candidate stays (dry run output).
  std::string why_left(const git::LocalBranch& b, bool merged) const {
    const std::string where = b.has_remote_upstream() ? fmt::format("its upstream {} exists", b.upstream_label())
                                                      : std::string("it has no remote upstream");
    if (merged) return where + "; `warden branch prune --merged` deletes it";
    return where;
  }

  // Why `b` must stay even when its work is merged (empty: it may go).
  std::string reason_to_keep(const git::LocalBranch& b) const {
    if (b.is_current) return "it is the current branch";
    if (b.worktree) return "checked out in the worktree " + *b.worktree;
    if (b.name == default_branch()) return "it is the default branch";
    if (is_protected(b.name)) return "protected (branches.protected)";
    return {};
  }

  void delete_remote_branch(const std::string& name, const git_oid& oid, const std::string& how) {
    const std::string& remote = main_remote();
    const std::string label = remote + "/" + name;
    if (is_protected(name)) {
      m_report.kept.push_back(label + ": protected (branches.protected)");
      fmt::print(m_out, "kept {} ({}): protected (branches.protected)\n", label, how);
      return;
    }
    if (m_dry) {
      fmt::print(m_out, "would delete {} ({}): {}\n", label, how, command_text({"push", remote, "--delete", name}));
      m_report.deleted_remote.push_back(label);
      m_would_delete_remote.insert(label);
      return;
    }
    if (!run({"push", "--quiet", remote, "--delete", name})) return;
    m_report.deleted_remote.push_back(label);
    const std::string restore =
      command_text({"push", remote, fmt::format("{}:refs/heads/{}", git::oid_hex(oid), name)});
    fmt::print(m_out, "deleted {} (was {}, {}); restore: {}\n", label, git::short_hex(oid), how, restore);
  }

  void delete_local_branch(const git::LocalBranch& b, const std::string& why) {
    if (m_dry) {
      fmt::print(m_out, "would delete {} ({}): {}\n", b.name, why, command_text({"branch", "-D", b.name}));
      m_report.deleted.push_back(b.name);
      return;
    }
    if (!run({"branch", "-D", b.name})) return;
    m_report.deleted.push_back(b.name);
    fmt::print(m_out, "deleted {} (was {}, {}); restore: {}\n", b.name, git::short_hex(b.oid), why,
               command_text({"branch", b.name, git::oid_hex(b.oid)}));
  }

  const git::Repository& m_repo;
  const Policy& m_policy;
  const PruneOptions& m_options;
  std::FILE* m_out;
  std::FILE* m_err;
  const std::string m_dir;
  const bool m_dry;
  const std::set<std::string> m_remotes;
  const std::string m_default_branch; // the default branch in force (config/default_branch.hpp)
  std::map<std::string, std::map<std::string, std::string>> m_live_heads; // dry run: remote -> branch -> hex id
  std::optional<git_oid> m_remote_default; // dry run: <remote>/<default> as the remote has it now
  std::set<std::string> m_would_delete_remote;                // dry run: "<remote>/<name>" deleted by --remote
  PruneReport m_report;
};

} // namespace

std::vector<ClassifiedBranch> classify_gone_branches(const git::Repository& repo, const Policy& policy) {
  std::vector<ClassifiedBranch> result;
  auto gone = gone_branches(repo);
  if (gone.empty()) return result;
  const std::string default_branch = config::effective_default_branch(repo, policy);
  Classifier classifier(repo, git::default_branch_tips(repo, default_branch, policy.branches.remote));
  std::vector<git_oid> tips;
  for (const auto& b : gone) tips.push_back(b.oid);
  classifier.prepare(tips);
  for (auto& b : gone) {
    auto merge = classifier.classify(b.oid);
    result.push_back({std::move(b), std::move(merge)});
  }
  return result;
}

std::vector<git::LocalBranch> gone_branches(const git::Repository& repo) {
  std::vector<git::LocalBranch> gone;
  for (auto& b : git::local_branches(repo)) {
    if (b.upstream_gone()) gone.push_back(std::move(b));
  }
  return gone;
}

PruneReport prune_branches(const git::Repository& repo, const Policy& policy, const PruneOptions& options,
                           std::FILE* out, std::FILE* err) {
  Pruner pruner(repo, policy, options, out, err);
  if (options.fetch == Fetch::yes) pruner.learn_what_is_gone();
  if (options.remote) pruner.prune_remote_branches();
  pruner.prune_local_branches();
  return pruner.finish();
}

} // namespace warden::branch

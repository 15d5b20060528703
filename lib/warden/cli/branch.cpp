// warden branch rename|sync|prune (docs/branch.md): the git chores around
// branches. The operations live in branch/; this file only parses.
#include "warden/branch/prune.hpp"
#include "warden/branch/rename.hpp"
#include "warden/branch/sync.hpp"
#include "warden/cli/registry.hpp"
#include "warden/core/error.hpp"
#include "warden/config/policy.hpp"
#include "warden/git/repository.hpp"

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

namespace warden::cli {

namespace {

struct BranchOptions {
  std::string new_name;
  std::string old_name;
  bool dry_run = false;
  bool fix = false;
  bool merged = false;
  bool remote = false;
  bool force = false;
};

branch::DryRun dry_run_of(const BranchOptions& options) {
  return options.dry_run ? branch::DryRun::yes : branch::DryRun::no;
}

int run_rename(const BranchOptions& options) {
  const auto repo = git::Repository::discover();
  const Policy policy = load_policy(repo);
  branch::RenameOptions rename;
  rename.new_name = options.new_name;
  if (!options.old_name.empty()) rename.old_name = options.old_name;
  rename.dry_run = dry_run_of(options);
  return branch::rename_branch(repo, policy, rename, stdout, stderr);
}

int run_sync(const BranchOptions& options) {
  const auto repo = git::Repository::discover();
  const Policy policy = load_policy(repo);
  branch::SyncOptions sync;
  sync.dry_run = dry_run_of(options);
  sync.fix = options.fix ? branch::FixUpstreams::yes : branch::FixUpstreams::no;
  return branch::sync_branches(repo, policy, sync, stdout, stderr).exit_code;
}

int run_prune(const BranchOptions& options) {
  const auto repo = git::Repository::discover();
  const Policy policy = load_policy(repo);
  branch::PruneOptions prune;
  prune.merged = options.merged;
  prune.remote = options.remote;
  prune.force = options.force;
  prune.dry_run = dry_run_of(options);
  return branch::prune_branches(repo, policy, prune, stdout, stderr).exit_code;
}

} // namespace

void register_branch(CLI::App& app, Action& action) {
  auto options = std::make_shared<BranchOptions>();
  CLI::App* branch = app.add_subcommand("branch", "Rename, sync and prune branches, locally and on the remote");
  branch->require_subcommand(1);

  CLI::App* rename = branch->add_subcommand(
      "rename", "Rename a branch locally and on its remote, move its upstream, fix <remote>/HEAD if it was the default");
  rename->add_option("NEW", options->new_name, "The new name")->required();
  rename->add_option("OLD", options->old_name, "The branch to rename (default: the current branch)");
  rename->add_flag("--dry-run,-n", options->dry_run, "Print the plan and change nothing");
  rename->callback([&action, options] { action = [options] { return run_rename(*options); }; });

  CLI::App* sync = branch->add_subcommand(
      "sync", "Fetch with prune, fast-forward branches that are behind, set <remote>/HEAD, report what diverged");
  sync->add_flag("--fix", options->fix, "Repair upstreams that name a differently named branch");
  sync->add_flag("--dry-run,-n", options->dry_run, "Print what would be done and change nothing");
  sync->callback([&action, options] { action = [options] { return run_sync(*options); }; });

  CLI::App* prune = branch->add_subcommand(
      "prune", "Delete branches whose upstream is gone and whose work is merged into the default branch (by a "
               "merge, a rebase or a squash); never the current, a protected or a worktree's branch");
  prune->add_flag("--merged", options->merged,
                  "Also delete local branches whose work is merged, upstream or not (merged, rebase- or squash-merged)");
  prune->add_flag("--remote", options->remote,
                  "First delete remote branches whose work is merged into <remote>/<default branch>");
  prune->add_flag("--force", options->force,
                  "Also delete gone branches with unmerged or partly merged work (each deletion prints its restore)");
  prune->add_flag("--dry-run,-n", options->dry_run,
                  "Print each branch's class and what would be deleted; change nothing");
  prune->callback([&action, options] { action = [options] { return run_prune(*options); }; });
}

} // namespace warden::cli

// warden fix [--dry-run] [--all] [CHECK-ID...]: repair, in the index and
// the worktree alike, what the checks find and can be repaired without
// losing anything; list the rest (docs/fix.md).
#include "warden/checks/file_input.hpp"
#include "warden/checks/registry.hpp"
#include "warden/checks/repo_checks.hpp"
#include "warden/cli/registry.hpp"
#include "warden/config/policy.hpp"
#include "warden/core/closest.hpp"
#include "warden/core/error.hpp"
#include "warden/fix/apply.hpp"
#include "warden/fix/repairs.hpp"
#include "warden/git/index_edit.hpp"
#include "warden/git/repository.hpp"
#include "warden/hook/output.hpp"
#include "warden/hook/skip.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace warden::cli {

namespace {

struct FixOptions {
  bool dry_run = false;
  bool all = false;
  std::vector<std::string> ids;
};

// Exit 2 naming `id` and the closest known check id.
void check_ids(const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    if (checks::is_known_id(id)) continue;
    std::vector<std::string> known;
    for (const checks::CheckSpec* spec : checks::all())
      for (const checks::CheckId& check : spec->ids) known.emplace_back(check.id);
    const auto best = closest_match(id, known);
    throw Fatal(k_exit_usage, fmt::format("unknown check id '{}' ({}`warden check --help` lists them)", escape_path(id),
                                          best ? fmt::format("did you mean '{}'? ", *best) : std::string()));
  }
}

std::string describe(const fix::Repair& repair) {
  switch (repair.kind) {
  case fix::RepairKind::rename: return escape_path(repair.target);
  case fix::RepairKind::remove: return fmt::format("(removed, same content as {})", escape_path(repair.target));
  case fix::RepairKind::untrack:
    return fmt::format("(untracked, ignored by {} in .gitignore)", escape_path(repair.target));
  }
  return {};
}

int run_fix(const FixOptions& options) {
  check_ids(options.ids);
  const auto repo = git::Repository::discover();
  if (repo.is_bare()) throw Fatal(k_exit_usage, "warden fix needs a worktree (this repository is bare)");
  const Policy policy = load_policy(repo);

  // The checks `warden check --staged` runs (with --all: every path of the
  // index, old findings included); the index, not HEAD, is what gets repaired.
  const SkipList skip = SkipList::from_environment();
  const std::set<std::string> wanted(options.ids.begin(), options.ids.end());
  const auto judge = [&](FileCheckInput& input) {
    Findings findings = run_repo_file_checks(repo, policy, input, options.all);
    if (!options.all) check_protected_branch(policy, repo.head_branch(), findings);
    skip.apply(findings);
    if (!wanted.empty()) std::erase_if(findings, [&](const Finding& f) { return !wanted.count(f.check_id); });
    return findings;
  };
  FileCheckInput input = staged_check_input(repo);
  const Findings findings = judge(input);

  const char* index_file = std::getenv("GIT_INDEX_FILE");
  git::IndexEditor index(repo, index_file ? index_file : "");
  const fix::RepairContext context = fix::worktree_context(repo, index, input.entries);
  const fix::Plan plan = fix::plan_repairs(policy, findings, context);

  if (!options.dry_run && !plan.repairs.empty()) {
    try {
      fix::apply_repairs(repo, index, plan);
    } catch (const Error& e) {
      // apply_repairs undid the worktree steps; the index was not written.
      throw Error(fmt::format("nothing repaired: {}", e.what()), k_exit_failed);
    }
  }
  std::string report;
  for (const fix::Repair& repair : plan.repairs)
    report += fmt::format("{}[{}] {} -> {}\n", options.dry_run ? "would fix" : "fixed", repair.check_id,
                          escape_path(repair.path), describe(repair));

  // What is left: the checks again, on the repaired index (with
  // --dry-run, on the index as the repairs would leave it), so that a
  // finding a repair settles in passing (required-file after a rename) is
  // gone too.
  Findings left = plan.repairs.empty() ? findings : Findings{};
  if (!plan.repairs.empty()) {
    FileCheckInput after = options.dry_run ? fix::simulate(input, plan, context.in_head) : staged_check_input(repo);
    left = judge(after);
  }
  left = fix::findings_left(left, plan);
  if (report.empty() && left.empty()) report = "warden fix: nothing to repair\n";
  std::fwrite(report.data(), 1, report.size(), stdout);
  std::fflush(stdout);
  print_findings(left, stderr, "fix", Colour::automatic, skip);
  return exit_code_for(left);
}

} // namespace

void register_fix(CLI::App& app, Action& action) {
  auto options = std::make_shared<FixOptions>();
  CLI::App* command = app.add_subcommand(
    "fix", "Repair what the checks find and can be repaired without losing anything (renames, twins, "
           "forbidden paths); list the rest");
  command->add_flag("--dry-run", options->dry_run, "Print what would be repaired; change nothing");
  command->add_flag("--all", options->all, "Repair the whole index, not only what is staged");
  command->add_option("CHECK-ID", options->ids, "Only these checks (canonical-name, case-collision, ...)");
  command->footer(
    "Repairs: canonical-name (rename to the canonical spelling), case-collision and normalization-collision\n"
    "(identical twins: keep one), forbidden-path (untrack, add an ignore rule to the root .gitignore).\n"
    "Each repair prints `fixed[CHECK-ID] OLD -> NEW`; a file with unstaged changes is left alone.\n"
    "Exit 0 when no error finding remains, 1 otherwise, 2 on usage errors. See docs/fix.md.");
  command->callback([options, &action] { action = [options] { return run_fix(*options); }; });
}

} // namespace warden::cli

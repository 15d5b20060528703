#include "warden/branch/rename.hpp"

#include "warden/core/error.hpp"
#include "warden/core/process.hpp"
#include "warden/git/refs.hpp"
#include "warden/git/worktrees.hpp"

#include <fmt/core.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <system_error>

namespace warden::branch {

namespace {

constexpr std::string_view k_heads = "refs/heads/";

// What `git ls-remote --symref REMOTE` told us about the remote.
struct RemoteState {
  std::map<std::string, std::string> heads;  // branch short name -> oid
  std::optional<std::string> head_branch;    // the branch the remote's HEAD names
};

std::optional<RemoteState> query_remote(const std::string& dir, const std::string& remote, std::string& error) {
  auto result = run_git({"ls-remote", "--symref", remote}, dir, false);
  if (!result.ok()) {
    error = first_line(result.err);
    return std::nullopt;
  }
  RemoteState state;
  std::size_t start = 0;
  const std::string& text = result.out;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::string left = line.substr(0, tab);
    std::string name = line.substr(tab + 1);
    if (left.rfind("ref: ", 0) == 0) {
      if (name == "HEAD" && left.compare(5, k_heads.size(), k_heads) == 0) {
        state.head_branch = left.substr(5 + k_heads.size());
      }
    } else if (name.rfind(k_heads, 0) == 0) {
      state.heads[name.substr(k_heads.size())] = left;
    }
  }
  return state;
}

// A command run on the user's behalf: what it does, how to finish it when
// it has not run, how to undo it once it has.
struct Step {
  std::string done_text;               // "renamed a -> b locally"
  std::vector<std::string> args;       // git arguments
  std::vector<std::string> undo;       // commands that undo it, in order
  std::map<std::string, std::string> env;
  bool tolerate_failure = false;       // failing is expected (the remote's default branch)
};

std::string with_skip(const char* current, const std::string& id) {
  std::string value = current ? current : "";
  if (!value.empty()) value += ",";
  return value + id;
}

// What is renamed, and where.
struct Renaming {
  const git::Repository& repo;
  const Policy& policy;
  std::string old_name;
  std::string new_name;
  std::string dir = git::command_dir(repo); // where the git commands run
};

// The steps to run, in order, and the notes printed after them.
struct Plan {
  std::vector<Step> steps;
  std::vector<std::string> notes;
};

// Why the rename must not start (nothing changed yet): the exit code after
// saying so, or 0 when there is nothing to do; nullopt when it may go ahead.
std::optional<int> refusal(const Renaming& r, bool old_exists, std::FILE* out, std::FILE* err) {
  if (!git::valid_branch_name(r.new_name)) {
    fmt::print(err, "warden branch rename: '{}' is not a valid branch name\n", r.new_name);
    return k_exit_usage;
  }
  if (!old_exists) {
    fmt::print(err, "warden branch rename: no local branch named '{}'\n", r.old_name);
    return k_exit_usage;
  }
  if (r.new_name == r.old_name) {
    fmt::print(out, "'{}' already has that name: nothing to do\n", r.old_name);
    return k_exit_ok;
  }
  if (git::ref_exists(r.repo, std::string(k_heads) + r.new_name)) {
    fmt::print(err, "warden branch rename: refused: a local branch named '{}' already exists\n", r.new_name);
    return k_exit_findings;
  }
  const auto& pattern = r.policy.branches.pattern;
  if (pattern.regex && !pattern.full_match(r.new_name)) {
    fmt::print(err, "warden branch rename: refused: '{}' does not match branches.pattern '{}'\n", r.new_name,
               pattern.source);
    return k_exit_findings;
  }
  if (auto operation = git::operation_in_progress(r.repo)) {
    fmt::print(err, "warden branch rename: refused: a {} is in progress; finish or abort it first\n", *operation);
    return k_exit_findings;
  }
  return std::nullopt;
}

// `git branch -m`, and for a branch without upstream the notes that say
// nothing else changes.
Plan plan_local_rename(const Renaming& r, const git::LocalBranch& old_branch) {
  Plan plan;
  plan.steps.push_back({fmt::format("renamed {} -> {} locally", r.old_name, r.new_name),
                        {"branch", "-m", r.old_name, r.new_name},
                        {command_text({"branch", "-m", r.new_name, r.old_name})},
                        {},
                        false});
  if (old_branch.has_remote_upstream()) return plan;
  plan.notes.push_back(fmt::format("'{}' has no upstream: renamed locally only, no remote changed "
                                   "(publish it with: git push -u {} {})",
                                   r.old_name, r.policy.branches.remote, r.new_name));
  if (!r.policy.branches.default_branch.empty() && r.old_name == r.policy.branches.default_branch) {
    plan.notes.push_back(fmt::format("'{}' is branches.default-branch: set `branches.default-branch: {}` in the policy",
                                     r.old_name, r.new_name));
  }
  return plan;
}

// The hosting side's share when the old name was the default branch: what
// to change there (exactly, for a remote that is a local bare repository).
void add_default_branch_notes(const Renaming& r, const std::string& remote, bool policy_default, Plan& plan) {
  const auto url = r.repo.config_string("remote." + remote + ".url").value_or("");
  std::error_code ec;
  const bool local_bare = !url.empty() && url.find("://") == std::string::npos &&
                          std::filesystem::is_regular_file(std::filesystem::path(r.dir) / url / "HEAD", ec);
  const std::string how =
    local_bare ? command_text({"--git-dir=" + url, "symbolic-ref", "HEAD", "refs/heads/" + r.new_name})
               : fmt::format("repository settings; a bare repository: git --git-dir=PATH symbolic-ref HEAD "
                             "refs/heads/{}",
                             r.new_name);
  plan.notes.push_back(fmt::format(
    "'{0}' was the default branch. On the hosting side: make '{1}' the default branch of {2} ({3}), "
    "move branch protection rules from '{0}' to '{1}', and retarget open pull requests",
    r.old_name, r.new_name, remote, how));
  if (policy_default) {
    plan.notes.push_back(fmt::format("set `branches.default-branch: {}` in the policy (it names '{}')", r.new_name,
                                     r.old_name));
  }
}

// Deleting the old name on the remote (only when the upstream had that name
// and still exists there); a note otherwise.
void add_remote_delete(const Renaming& r, const std::string& remote, const std::string& remote_old,
                       const RemoteState& state, bool remote_default, Plan& plan) {
  auto old_on_remote = state.heads.find(remote_old);
  if (remote_old != r.old_name) {
    plan.notes.push_back(fmt::format("'{}' tracked {}/{} (a different name): left that remote branch alone",
                                     r.old_name, remote, remote_old));
    return;
  }
  if (old_on_remote == state.heads.end()) {
    plan.notes.push_back(fmt::format("'{}' no longer exists on {}: nothing to delete there", r.old_name, remote));
    return;
  }
  // Deleting the old name is part of the rename the user asked for, so
  // the protected-branch deletion rule does not stand in its way.
  plan.steps.push_back(
    {fmt::format("deleted {} on {}", r.old_name, remote),
     {"push", remote, "--delete", r.old_name},
     {command_text({"push", remote, fmt::format("{}:refs/heads/{}", old_on_remote->second, r.old_name)})},
     {{"WARDEN_SKIP", with_skip(std::getenv("WARDEN_SKIP"), "branch-deletion")}},
     remote_default});
}

// The remote's share: push the new name as the upstream, delete the old one,
// move <remote>/HEAD. Refuses (the exit code) when the remote cannot be read
// or already has the new name.
std::optional<int> plan_remote_rename(const Renaming& r, const git::LocalBranch& old_branch, Plan& plan,
                                      std::FILE* err) {
  const std::string remote = *old_branch.upstream_remote;
  const std::string remote_old = *old_branch.upstream_branch;
  std::string error;
  auto state = query_remote(r.dir, remote, error);
  if (!state) {
    fmt::print(err, "warden branch rename: refused: cannot read remote '{}': {}; nothing changed\n", remote, error);
    return k_exit_findings;
  }
  if (state->heads.count(r.new_name)) {
    fmt::print(err, "warden branch rename: refused: a branch named '{}' already exists on {}\n", r.new_name, remote);
    return k_exit_findings;
  }
  const auto local_head = git::remote_head_branch(r.repo, remote);
  const bool remote_default = (state->head_branch && *state->head_branch == remote_old) ||
                              (!state->head_branch && local_head && *local_head == remote_old);
  // Only a policy that names the default branch needs editing; an empty
  // branches.default-branch follows <remote>/HEAD, which the rename moves.
  const bool policy_default =
    !r.policy.branches.default_branch.empty() && r.old_name == r.policy.branches.default_branch;

  // The moved config still names the old upstream, which pre-push would
  // refuse as a mismatch: drop it, and let `push -u` record the new one.
  // Undone together with the local rename, after it (the config belongs to OLD again).
  plan.steps.front().undo.push_back(
    fmt::format("git config branch.{0}.remote {1} && git config branch.{0}.merge refs/heads/{2}",
                shell_quote(r.old_name), shell_quote(remote), shell_quote(remote_old)));
  plan.steps.push_back({fmt::format("dropped the old upstream {}/{} of {}", remote, remote_old, r.new_name),
                        {"branch", "--unset-upstream", r.new_name},
                        {},
                        {},
                        false});
  plan.steps.push_back({fmt::format("pushed {} to {} and set it as the upstream", r.new_name, remote),
                        {"push", "-u", remote, fmt::format("refs/heads/{0}:refs/heads/{0}", r.new_name)},
                        {command_text({"push", remote, "--delete", r.new_name})},
                        {},
                        false});
  add_remote_delete(r, remote, remote_old, *state, remote_default, plan);
  if (remote_default || (local_head && *local_head == remote_old)) {
    plan.steps.push_back({fmt::format("pointed {}/HEAD at {}/{}", remote, remote, r.new_name),
                          {"remote", "set-head", remote, r.new_name},
                          {local_head ? command_text({"remote", "set-head", remote, *local_head})
                                      : command_text({"remote", "set-head", remote, "--delete"})},
                          {},
                          false});
  }
  if (remote_default || policy_default) add_default_branch_notes(r, remote, policy_default, plan);
  return std::nullopt;
}

void print_plan(const Plan& plan, std::FILE* out) {
  fmt::print(out, "would run:\n");
  for (const auto& step : plan.steps) fmt::print(out, "  {}\n", command_text(step.args));
  for (const auto& note : plan.notes) fmt::print(out, "note: {}\n", note);
  fmt::print(out, "dry run: nothing changed\n");
}

// After step `failed` failed: what was done, and how to complete or undo it.
void print_partial_rename(const Plan& plan, std::size_t failed, std::FILE* err) {
  if (failed == 0) {
    fmt::print(err, "nothing was changed\n");
    return;
  }
  fmt::print(err, "done so far:\n");
  for (std::size_t i = 0; i < failed; ++i) fmt::print(err, "  - {}\n", plan.steps[i].done_text);
  fmt::print(err, "to complete the rename, run:\n");
  for (std::size_t i = failed; i < plan.steps.size(); ++i) fmt::print(err, "  {}\n", command_text(plan.steps[i].args));
  fmt::print(err, "to undo what was done, run:\n");
  for (std::size_t i = failed; i-- > 0;) {
    for (const auto& undo : plan.steps[i].undo) fmt::print(err, "  {}\n", undo);
  }
}

// Run the steps in order; stop at the first one that fails unexpectedly.
int run_plan(const Renaming& r, Plan& plan, std::FILE* out, std::FILE* err) {
  for (std::size_t done = 0; done < plan.steps.size(); ++done) {
    const Step& step = plan.steps[done];
    ProcessOptions process;
    process.env = step.env;
    auto result = run_git(step.args, r.dir, false, process);
    if (result.ok()) {
      fmt::print(out, "{}\n", step.done_text);
      continue;
    }
    if (step.tolerate_failure) {
      // The remote refuses to delete its default branch until the hosting
      // side names another one: expected, and the notes say what to do.
      fmt::print(out, "kept {} on the remote: {} (it is still the remote's default branch)\n", r.old_name,
                 first_line(result.err));
      plan.notes.push_back(fmt::format("once '{}' is the remote's default branch, finish with: {}", r.new_name,
                                       command_text(step.args)));
      continue;
    }
    fmt::print(err, "warden branch rename: failed: {}: {}\n", command_text(step.args), first_line(result.err));
    print_partial_rename(plan, done, err);
    return k_exit_findings;
  }
  for (const auto& note : plan.notes) fmt::print(out, "note: {}\n", note);
  return k_exit_ok;
}

} // namespace

int rename_branch(const git::Repository& repo, const Policy& policy, const RenameOptions& options,
                  std::FILE* out, std::FILE* err) {
  std::string old_name;
  if (options.old_name) {
    old_name = *options.old_name;
  } else if (auto head = repo.head_branch()) {
    old_name = *head;
  } else {
    fmt::print(err, "warden branch rename: HEAD is detached; name the branch to rename: warden branch rename {} OLD\n",
               options.new_name);
    return k_exit_usage;
  }
  const auto branches = git::local_branches(repo);
  const git::LocalBranch* old_branch = nullptr;
  for (const auto& b : branches) {
    if (b.name == old_name) old_branch = &b;
  }
  const Renaming renaming{repo, policy, old_name, options.new_name};
  if (auto refused = refusal(renaming, old_branch != nullptr, out, err)) return *refused;

  Plan plan = plan_local_rename(renaming, *old_branch);
  if (old_branch->has_remote_upstream()) {
    if (auto refused = plan_remote_rename(renaming, *old_branch, plan, err)) return *refused;
  }
  if (options.dry_run == DryRun::yes) {
    print_plan(plan, out);
    return k_exit_ok;
  }
  return run_plan(renaming, plan, out, err);
}

} // namespace warden::branch

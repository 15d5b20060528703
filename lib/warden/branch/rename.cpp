#include "warden/branch/rename.hpp"

#include "warden/core/error.hpp"
#include "warden/core/process.hpp"

#include <fmt/core.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <map>

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

bool ref_exists(const git::Repository& repo, const std::string& name) {
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo.get(), name.c_str()) != 0) return false;
  git::ReferencePtr ref(raw);
  return true;
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

} // namespace

int rename_branch(const git::Repository& repo, const Policy& policy, const RenameOptions& options,
                  std::FILE* out, std::FILE* err) {
  const std::string& new_name = options.new_name;
  std::string old_name;
  if (options.old_name) {
    old_name = *options.old_name;
  } else if (auto head = repo.head_branch()) {
    old_name = *head;
  } else {
    fmt::print(err, "warden branch rename: HEAD is detached; name the branch to rename: warden branch rename {} OLD\n",
               new_name);
    return k_exit_usage;
  }
  if (!valid_branch_name(new_name)) {
    fmt::print(err, "warden branch rename: '{}' is not a valid branch name\n", new_name);
    return k_exit_usage;
  }
  const auto branches = list_local_branches(repo);
  const LocalBranch* old_branch = nullptr;
  for (const auto& b : branches) {
    if (b.name == old_name) old_branch = &b;
  }
  if (!old_branch) {
    fmt::print(err, "warden branch rename: no local branch named '{}'\n", old_name);
    return k_exit_usage;
  }
  if (new_name == old_name) {
    fmt::print(out, "'{}' already has that name: nothing to do\n", old_name);
    return k_exit_ok;
  }
  if (ref_exists(repo, std::string(k_heads) + new_name)) {
    fmt::print(err, "warden branch rename: refused: a local branch named '{}' already exists\n", new_name);
    return k_exit_findings;
  }
  if (policy.branches.pattern.regex && !policy.branches.pattern.full_match(new_name)) {
    fmt::print(err, "warden branch rename: refused: '{}' does not match branches.pattern '{}'\n", new_name,
               policy.branches.pattern.source);
    return k_exit_findings;
  }
  if (auto operation = operation_in_progress(repo)) {
    fmt::print(err, "warden branch rename: refused: a {} is in progress; finish or abort it first\n", *operation);
    return k_exit_findings;
  }

  const std::string dir = command_dir(repo);
  const bool dry_run = options.dry_run == DryRun::yes;
  std::vector<Step> steps;
  std::vector<std::string> notes; // printed after the steps
  bool remote_default = false;

  steps.push_back({fmt::format("renamed {} -> {} locally", old_name, new_name),
                   {"branch", "-m", old_name, new_name},
                   {git_command_line({"branch", "-m", new_name, old_name})},
                   {},
                   false});

  if (!old_branch->has_remote_upstream()) {
    notes.push_back(fmt::format("'{}' has no upstream: renamed locally only, no remote changed "
                                "(publish it with: git push -u {} {})",
                                old_name, policy.branches.remote, new_name));
    if (old_name == policy.branches.default_branch) {
      notes.push_back(fmt::format("'{}' is branches.default-branch: set `branches.default-branch: {}` in the policy",
                                  old_name, new_name));
    }
  } else {
    const std::string remote = *old_branch->upstream_remote;
    const std::string remote_old = *old_branch->upstream_branch;
    std::string error;
    auto state = query_remote(dir, remote, error);
    if (!state) {
      fmt::print(err, "warden branch rename: refused: cannot read remote '{}': {}; nothing changed\n", remote, error);
      return k_exit_findings;
    }
    if (state->heads.count(new_name)) {
      fmt::print(err, "warden branch rename: refused: a branch named '{}' already exists on {}\n", new_name, remote);
      return k_exit_findings;
    }
    const auto local_head = remote_head_branch(repo, remote);
    remote_default = (state->head_branch && *state->head_branch == remote_old) ||
                     (!state->head_branch && local_head && *local_head == remote_old);
    const bool policy_default = old_name == policy.branches.default_branch;

    // The moved config still names the old upstream, which pre-push would
    // refuse as a mismatch: drop it, and let `push -u` record the new one.
    const std::string restore_upstream =
        fmt::format("git config branch.{0}.remote {1} && git config branch.{0}.merge refs/heads/{2}",
                    shell_quote(old_name), shell_quote(remote), shell_quote(remote_old));
    // Undone together with the local rename, after it (the config belongs to OLD again).
    steps.front().undo.push_back(restore_upstream);
    steps.push_back({fmt::format("dropped the old upstream {}/{} of {}", remote, remote_old, new_name),
                     {"branch", "--unset-upstream", new_name},
                     {},
                     {},
                     false});
    steps.push_back({fmt::format("pushed {} to {} and set it as the upstream", new_name, remote),
                     {"push", "-u", remote, fmt::format("refs/heads/{0}:refs/heads/{0}", new_name)},
                     {git_command_line({"push", remote, "--delete", new_name})},
                     {},
                     false});
    auto old_on_remote = state->heads.find(remote_old);
    if (remote_old != old_name) {
      notes.push_back(fmt::format("'{}' tracked {}/{} (a different name): left that remote branch alone", old_name,
                                  remote, remote_old));
    } else if (old_on_remote == state->heads.end()) {
      notes.push_back(fmt::format("'{}' no longer exists on {}: nothing to delete there", old_name, remote));
    } else {
      // Deleting the old name is part of the rename the user asked for, so
      // the protected-branch deletion rule does not stand in its way.
      Step del{fmt::format("deleted {} on {}", old_name, remote),
               {"push", remote, "--delete", old_name},
               {git_command_line({"push", remote, fmt::format("{}:refs/heads/{}", old_on_remote->second, old_name)})},
               {{"WARDEN_SKIP", with_skip(std::getenv("WARDEN_SKIP"), "branch-deletion")}},
               remote_default};
      steps.push_back(std::move(del));
    }
    if (remote_default || (local_head && *local_head == remote_old)) {
      steps.push_back({fmt::format("pointed {}/HEAD at {}/{}", remote, remote, new_name),
                       {"remote", "set-head", remote, new_name},
                       {local_head ? git_command_line({"remote", "set-head", remote, *local_head})
                                   : git_command_line({"remote", "set-head", remote, "--delete"})},
                       {},
                       false});
    }
    if (remote_default || policy_default) {
      // A remote that is a local bare repository can be told exactly.
      const auto url = repo.config_string("remote." + remote + ".url").value_or("");
      std::error_code ec;
      const bool local_bare = !url.empty() && url.find("://") == std::string::npos &&
                              std::filesystem::is_regular_file(std::filesystem::path(dir) / url / "HEAD", ec);
      const std::string how =
          local_bare ? git_command_line({"--git-dir=" + url, "symbolic-ref", "HEAD", "refs/heads/" + new_name})
                     : fmt::format("repository settings; a bare repository: git --git-dir=PATH symbolic-ref HEAD "
                                   "refs/heads/{}",
                                   new_name);
      notes.push_back(fmt::format(
          "'{0}' was the default branch. On the hosting side: make '{1}' the default branch of {2} ({3}), "
          "move branch protection rules from '{0}' to '{1}', and retarget open pull requests",
          old_name, new_name, remote, how));
      if (policy_default) {
        notes.push_back(fmt::format("set `branches.default-branch: {}` in the policy (it names '{}')", new_name,
                                    old_name));
      }
    }
  }

  if (dry_run) {
    fmt::print(out, "would run:\n");
    for (const auto& step : steps) fmt::print(out, "  {}\n", git_command_line(step.args));
    for (const auto& note : notes) fmt::print(out, "note: {}\n", note);
    fmt::print(out, "dry run: nothing changed\n");
    return k_exit_ok;
  }

  std::size_t done = 0;
  for (; done < steps.size(); ++done) {
    const Step& step = steps[done];
    ProcessOptions process;
    process.env = step.env;
    auto result = run_git(step.args, dir, false, process);
    if (result.ok()) {
      fmt::print(out, "{}\n", step.done_text);
      continue;
    }
    if (step.tolerate_failure) {
      // The remote refuses to delete its default branch until the hosting
      // side names another one: expected, and the notes say what to do.
      fmt::print(out, "kept {} on the remote: {} (it is still the remote's default branch)\n", old_name,
                 first_line(result.err));
      notes.push_back(fmt::format("once '{}' is the remote's default branch, finish with: {}", new_name,
                                  git_command_line(step.args)));
      continue;
    }
    fmt::print(err, "warden branch rename: failed: {}: {}\n", git_command_line(step.args), first_line(result.err));
    if (done == 0) {
      fmt::print(err, "nothing was changed\n");
      return k_exit_findings;
    }
    fmt::print(err, "done so far:\n");
    for (std::size_t i = 0; i < done; ++i) fmt::print(err, "  - {}\n", steps[i].done_text);
    fmt::print(err, "to complete the rename, run:\n");
    for (std::size_t i = done; i < steps.size(); ++i) fmt::print(err, "  {}\n", git_command_line(steps[i].args));
    fmt::print(err, "to undo what was done, run:\n");
    for (std::size_t i = done; i-- > 0;) {
      for (const auto& undo : steps[i].undo) fmt::print(err, "  {}\n", undo);
    }
    return k_exit_findings;
  }
  for (const auto& note : notes) fmt::print(out, "note: {}\n", note);
  return k_exit_ok;
}

} // namespace warden::branch

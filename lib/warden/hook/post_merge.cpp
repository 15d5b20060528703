// post-merge (docs/branch.md): after a merge or `git pull`, re-validate a
// policy the merge changed, refresh the hook links, report (or delete) the
// branches whose upstream is gone, queue the `merge` notification and run
// `commands.post-merge`. git ignores this hook's exit status, so it never
// fails: every problem is printed on stderr and the exit code is 0.
#include "warden/checks/registry.hpp"
#include "warden/branch/prune.hpp"
#include "warden/config/policy.hpp"
#include "warden/core/error.hpp"
#include "warden/core/paths.hpp"
#include "warden/core/process.hpp"
#include "warden/git/history.hpp"
#include "warden/git/local_config.hpp"
#include "warden/git/objects.hpp"
#include "warden/git/repository.hpp"
#include "warden/hook/commands.hpp"
#include "warden/hook/hooks.hpp"
#include "warden/notify/hook_events.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <optional>
#include <string_view>

namespace warden {

namespace {

namespace stdfs = std::filesystem;

constexpr const char* k_hook = "post-merge";
constexpr const char* k_trusted_key = "warden.trusted";

// The repository-relative path of the policy file, nullopt when it lies
// outside the worktree (a merge cannot change it then).
std::optional<std::string> policy_path_in_tree(const git::Repository& repo) {
  auto configured = repo.config_string("warden.policy");
  stdfs::path path = configured ? stdfs::path(*configured) : stdfs::path(".warden.yml");
  if (path.is_absolute()) {
    auto relative = path.lexically_relative(repo.worktree_root());
    if (relative.empty() || *relative.begin() == "..") return std::nullopt;
    path = relative;
  }
  path = path.lexically_normal();
  if (path.empty() || *path.begin() == "..") return std::nullopt;
  return path.generic_string();
}

std::string blob_text(const git::Repository& repo, const git_oid& oid) {
  auto text = git::blob_contents(repo, oid);
  if (!text) throw Error(fmt::format("read blob {}: not in the repository", git::oid_hex(oid)), k_exit_usage);
  return std::move(*text);
}

bool same_blob(const std::optional<git_oid>& a, const std::optional<git_oid>& b) {
  if (!a || !b) return !a && !b;
  return git::same_id(*a, *b);
}

// Paths the merge added or modified (deleted ones are gone: nothing to run on).
std::vector<std::string> changed_paths(const git::Repository& repo, const git_oid& before, bool squash) {
  std::optional<std::vector<git::ChangedPath>> changes;
  if (squash) {
    // A squash merge is not committed yet: its result is in the index.
    changes = git::index_changes(repo, before);
  } else if (const auto head = repo.head_commit()) {
    changes = git::commit_changes(repo, before, *head);
  } else {
    return {};
  }
  if (!changes) throw Error("diff the merge: cannot read the trees before and after it", k_exit_usage);
  std::vector<std::string> paths;
  for (const auto& change : *changes) {
    if (!change.deleted) paths.push_back(change.path);
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::vector<std::string> sorted(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

// Run install-hooks next to the warden binary to relink the hooks the
// merged policy names. A merge is not the user's approval of new commands:
// install with --no-trust, and should trust change anyway, put back what was
// recorded before.
void refresh_hook_links(const git::Repository& repo) {
  const std::string dir = repo.worktree_root();
  const auto installer = stdfs::path(warden_binary_path()).parent_path() / "install-hooks";
  fmt::print(stderr, "warden {}: the merge changed the policy's hooks; refreshing the installed links\n", k_hook);
  const auto trust_before = git::local_config_values(repo, k_trusted_key);
  ProcessOptions options;
  options.clear_git_env = true;
  options.cwd = dir;
  auto result = run_process({installer.string(), "--repo", dir, "--no-trust"}, options);
  for (const std::string* text : {&result.out, &result.err}) {
    if (!text->empty()) fmt::print(stderr, "{}{}", *text, text->back() == '\n' ? "" : "\n");
  }
  if (!result.ok()) {
    fmt::print(stderr, "warden {}: {} failed (exit {}); run it by hand: {} --repo .\n", k_hook, installer.string(),
               result.exit_code, installer.string());
  }
  if (git::local_config_values(repo, k_trusted_key) != trust_before) {
    std::vector<std::string> values;
    for (const auto& value : trust_before) {
      if (!value.empty()) values.push_back(value);
    }
    git::replace_local_config_values(repo, k_trusted_key, values);
  }
}

// The line of `path` a policy error names ("PATH:LINE:COLUMN: ...", as
// config/load.cpp words them); nullopt when it names none.
std::optional<std::size_t> policy_error_line(std::string_view message, std::string_view path) {
  if (!message.starts_with(path) || message.size() <= path.size() || message[path.size()] != ':')
    return std::nullopt;
  std::size_t i = path.size() + 1;
  std::size_t line = 0;
  const std::size_t digits_from = i;
  for (; i < message.size() && message[i] >= '0' && message[i] <= '9' && i - digits_from < 9; ++i)
    line = line * 10 + static_cast<std::size_t>(message[i] - '0');
  if (i == digits_from || i >= message.size() || message[i] != ':' || line == 0) return std::nullopt;
  return line;
}

// Parse `text` as the policy at `path`; nullopt (and a finding) when malformed.
std::optional<Policy> parse_or_report(const std::string& text, const std::string& path, Findings& findings) {
  try {
    return parse_policy(text, path);
  } catch (const PolicyError& e) {
    add_finding(findings, Severity::error, checks::k_policy_id, {path},
                fmt::format("the merge brought a policy that does not load: {} (the hooks refuse to run until "
                            "it is fixed; check with `warden policy check`)",
                            e.what()),
                policy_error_line(e.what(), path));
    return std::nullopt;
  }
}

// Re-validate the policy file when the merge changed it; return true when
// the merged policy loads (or nothing changed).
void check_policy_change(const git::Repository& repo, const git_oid& before, bool squash, Findings& findings) {
  const auto path = policy_path_in_tree(repo);
  if (!path) return;
  const auto old_blob = git::blob_in_commit(repo, before, *path);
  std::optional<git_oid> new_blob;
  if (squash) {
    new_blob = git::blob_in_index(repo, *path);
  } else if (auto head = repo.head_commit()) {
    new_blob = git::blob_in_commit(repo, *head, *path);
  }
  if (same_blob(old_blob, new_blob)) return;

  Findings ignored;
  Policy old_policy = default_policy();
  if (old_blob) {
    if (auto parsed = parse_or_report(blob_text(repo, *old_blob), *path, ignored)) old_policy = std::move(*parsed);
  }
  std::optional<Policy> new_policy;
  if (new_blob) {
    new_policy = parse_or_report(blob_text(repo, *new_blob), *path, findings);
  } else {
    fmt::print(stderr, "warden {}: the merge removed {}; the embedded default policy applies now\n", k_hook, *path);
    new_policy = default_policy();
  }
  if (!new_policy) return;
  for (const auto& problem : lint_policy_secrets(*new_policy)) {
    add_finding(findings, Severity::error, checks::k_policy_id, {*path}, problem);
  }
  if (sorted(old_policy.hooks) != sorted(new_policy->hooks) && !repo.is_bare()) refresh_hook_links(repo);
  if (commands_hash(old_policy) != commands_hash(*new_policy) && !commands_trusted(repo, *new_policy)) {
    fmt::print(stderr,
               "warden {}: the merge changed the policy's commands in {}; the hooks will not run them until you "
               "review them and run `warden trust`\n",
               k_hook, *path);
  }
}

void handle_gone_branches(const git::Repository& repo, const Policy& policy) {
  if (policy.branches.prune_on_merge == PruneOnMerge::off) return;
  const auto gone = branch::classify_gone_branches(repo, policy);
  if (gone.empty()) return;
  if (policy.branches.prune_on_merge == PruneOnMerge::report) {
    std::string names;
    std::size_t merged = 0;
    for (const auto& b : gone) {
      names += fmt::format("{}{} ({})", names.empty() ? "" : ", ", b.branch.name, branch::class_name(b.merge.kind));
      if (branch::work_is_merged(b.merge.kind)) ++merged;
    }
    const std::string hint = merged == 0 ? "their work is not on the default branch: `warden branch prune` keeps them"
                             : merged == gone.size() ? "`warden branch prune` deletes them"
                                                     : "`warden branch prune` deletes the merged ones";
    fmt::print(stderr, "warden {}: {} local branch{} whose upstream is gone: {} ({})\n", k_hook, gone.size(),
               gone.size() == 1 ? "" : "es", names, hint);
    return;
  }
  // delete: only what is safe, from what the last fetch knows (a hook never
  // waits on the network).
  branch::PruneOptions options;
  options.fetch = branch::Fetch::no;
  fmt::print(stderr, "warden {}: deleting local branches whose upstream is gone (branches.prune-on-merge)\n",
             k_hook);
  branch::prune_branches(repo, policy, options, stderr, stderr);
}

template <typename F>
void guarded(const char* what, F&& step) {
  try {
    step();
  } catch (const std::exception& e) {
    fmt::print(stderr, "warden {}: {}: {}\n", k_hook, what, e.what());
  }
}

} // namespace

int run_post_merge(const HookContext& context) {
  const bool squash = !context.args.empty() && context.args[0] == "1";
  if (context.skip.all()) return k_exit_ok;
  std::optional<git::Repository> repo;
  try {
    repo.emplace(git::Repository::discover());
  } catch (const std::exception& e) {
    fmt::print(stderr, "warden {}: {}\n", k_hook, e.what());
    return k_exit_ok;
  }
  if (repo->is_bare()) return k_exit_ok;

  Findings findings;
  const auto before = repo->resolve_commit("ORIG_HEAD");
  if (before) guarded("re-validating the policy", [&] { check_policy_change(*repo, *before, squash, findings); });

  std::optional<Policy> policy;
  try {
    policy = load_policy(*repo);
  } catch (const std::exception& e) {
    // Already reported when the merge brought it; otherwise say it once here.
    if (std::none_of(findings.begin(), findings.end(), [](const Finding& f) { return f.check_id == checks::k_policy_id; })) {
      add_finding(findings, Severity::error, checks::k_policy_id, {}, e.what());
    }
  }
  const Policy& effective = policy ? *policy : default_policy();

  guarded("checking branches", [&] { handle_gone_branches(*repo, effective); });
  guarded("queueing the merge notification", [&] {
    if (squash) notify::on_squash_merge(*repo);
    else notify::on_post_merge(*repo);
  });
  if (policy && policy->commands.count(k_hook)) {
    guarded("running commands.post-merge", [&] {
      const auto paths = before ? changed_paths(*repo, *before, squash) : std::vector<std::string>{};
      run_policy_commands(*repo, *policy, k_hook, paths, findings);
    });
  }

  finish(findings, finish_options(context));
  // git ignores post-merge's status; 0 keeps scripts that check it calm.
  return k_exit_ok;
}

} // namespace warden

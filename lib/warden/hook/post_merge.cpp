// post-merge (SPEC section 3): after a merge or `git pull`, re-validate a
// policy the merge changed, refresh the hook links, report (or delete) the
// branches whose upstream is gone, queue the `merge` notification and run
// `commands.post-merge`. git ignores this hook's exit status, so it never
// fails: every problem is printed on stderr and the exit code is 0.
#include "warden/branch/prune.hpp"
#include "warden/config/policy.hpp"
#include "warden/core/error.hpp"
#include "warden/core/paths.hpp"
#include "warden/core/process.hpp"
#include "warden/git/repository.hpp"
#include "warden/hook/commands.hpp"
#include "warden/hook/hooks.hpp"
#include "warden/notify/hook_events.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <optional>

namespace warden {

namespace {

namespace stdfs = std::filesystem;

constexpr const char* k_hook = "post-merge";

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

std::optional<git_oid> blob_in_commit(const git::Repository& repo, const git_oid& commit, const std::string& path) {
  auto tree_oid = repo.commit_tree(commit);
  if (!tree_oid) return std::nullopt;
  git_tree* raw_tree = nullptr;
  if (git_tree_lookup(&raw_tree, repo.get(), &*tree_oid) != 0) return std::nullopt;
  git::TreePtr tree(raw_tree);
  git_tree_entry* raw_entry = nullptr;
  if (git_tree_entry_bypath(&raw_entry, tree.get(), path.c_str()) != 0) return std::nullopt;
  git::Handle<git_tree_entry, git_tree_entry_free> entry(raw_entry);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) return std::nullopt;
  return *git_tree_entry_id(entry.get());
}

std::optional<git_oid> blob_in_index(const git::Repository& repo, const std::string& path) {
  git_index* raw_index = nullptr;
  if (git_repository_index(&raw_index, repo.get()) != 0) return std::nullopt;
  git::IndexPtr index(raw_index);
  const git_index_entry* entry = git_index_get_bypath(index.get(), path.c_str(), 0);
  if (!entry) return std::nullopt;
  return entry->id;
}

std::string blob_text(const git::Repository& repo, const git_oid& oid) {
  git_blob* raw_blob = nullptr;
  git::check(git_blob_lookup(&raw_blob, repo.get(), &oid), "read blob " + git::oid_hex(oid));
  git::BlobPtr blob(raw_blob);
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

bool same_blob(const std::optional<git_oid>& a, const std::optional<git_oid>& b) {
  if (!a || !b) return !a && !b;
  return git_oid_equal(&*a, &*b) == 1;
}

// Paths the merge added or modified (deleted ones are gone: nothing to run on).
std::vector<std::string> changed_paths(const git::Repository& repo, const git_oid& before, bool squash) {
  std::vector<std::string> paths;
  auto old_tree_oid = repo.commit_tree(before);
  if (!old_tree_oid) return paths;
  git_tree* raw_old = nullptr;
  git::check(git_tree_lookup(&raw_old, repo.get(), &*old_tree_oid), "read the tree before the merge");
  git::TreePtr old_tree(raw_old);
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  git_diff* raw_diff = nullptr;
  if (squash) {
    // A squash merge is not committed yet: its result is in the index.
    git_index* raw_index = nullptr;
    git::check(git_repository_index(&raw_index, repo.get()), "read the index");
    git::IndexPtr index(raw_index);
    git::check(git_diff_tree_to_index(&raw_diff, repo.get(), old_tree.get(), index.get(), &options),
               "diff the merge");
  } else {
    auto head = repo.head_commit();
    if (!head) return paths;
    auto new_tree_oid = repo.commit_tree(*head);
    if (!new_tree_oid) return paths;
    git_tree* raw_new = nullptr;
    git::check(git_tree_lookup(&raw_new, repo.get(), &*new_tree_oid), "read the merged tree");
    git::TreePtr new_tree(raw_new);
    git::check(git_diff_tree_to_tree(&raw_diff, repo.get(), old_tree.get(), new_tree.get(), &options),
               "diff the merge");
  }
  git::DiffPtr diff(raw_diff);
  const std::size_t count = git_diff_num_deltas(diff.get());
  for (std::size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    if (delta->status == GIT_DELTA_DELETED) continue;
    paths.emplace_back(delta->new_file.path);
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::vector<std::string> sorted(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

// Options for git on this repository from a hook: git's variables dropped,
// so `dir` alone decides the repository.
ProcessOptions clean_env() {
  ProcessOptions options;
  options.clear_git_env = true;
  return options;
}

std::string local_trust(const std::string& dir) {
  auto result = run_git({"config", "--local", "--get-all", "warden.trusted"}, dir, false,
                        clean_env());
  return result.ok() ? result.out : std::string();
}

// Run install-hooks next to the warden binary to relink the hooks the
// merged policy names. A merge is not the user's approval of new commands:
// install with --no-trust, and should trust change anyway, put back what was
// recorded before.
void refresh_hook_links(const git::Repository& repo) {
  const std::string dir = repo.worktree_root();
  const auto installer = stdfs::path(warden_binary_path()).parent_path() / "install-hooks";
  fmt::print(stderr, "warden {}: the merge changed the policy's hooks; refreshing the installed links\n", k_hook);
  const std::string trust_before = local_trust(dir);
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
  if (local_trust(dir) != trust_before) {
    run_git({"config", "--local", "--unset-all", "warden.trusted"}, dir, false, clean_env());
    std::size_t start = 0;
    while (start < trust_before.size()) {
      auto end = trust_before.find('\n', start);
      if (end == std::string::npos) end = trust_before.size();
      auto value = trust_before.substr(start, end - start);
      if (!value.empty()) {
        run_git({"config", "--local", "--add", "warden.trusted", value}, dir, false,
                clean_env());
      }
      start = end + 1;
    }
  }
}

// Parse `text` as the policy at `path`; nullopt (and a finding) when malformed.
std::optional<Policy> parse_or_report(const std::string& text, const std::string& path, Findings& findings) {
  try {
    return parse_policy(text, path);
  } catch (const PolicyError& e) {
    add_finding(findings, Severity::error, "policy", {path},
                fmt::format("the merge brought a policy that does not load: {} (the hooks refuse to run until "
                            "it is fixed; check with `warden policy check`)",
                            e.what()));
    return std::nullopt;
  }
}

// Re-validate the policy file when the merge changed it; return true when
// the merged policy loads (or nothing changed).
void check_policy_change(const git::Repository& repo, const git_oid& before, bool squash, Findings& findings) {
  const auto path = policy_path_in_tree(repo);
  if (!path) return;
  const auto old_blob = blob_in_commit(repo, before, *path);
  std::optional<git_oid> new_blob;
  if (squash) {
    new_blob = blob_in_index(repo, *path);
  } else if (auto head = repo.head_commit()) {
    new_blob = blob_in_commit(repo, *head, *path);
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
    add_finding(findings, Severity::error, "policy", {*path}, problem);
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
  const auto gone = branch::gone_branches(repo);
  if (gone.empty()) return;
  if (policy.branches.prune_on_merge == PruneOnMerge::report) {
    std::string names;
    for (const auto& b : gone) names += (names.empty() ? "" : ", ") + b.name;
    fmt::print(stderr,
               "warden {}: {} local branch{} whose upstream is gone: {} (delete with `warden branch prune`)\n",
               k_hook, gone.size(), gone.size() == 1 ? "" : "es", names);
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
    policy = repo->load_policy();
  } catch (const std::exception& e) {
    // Already reported when the merge brought it; otherwise say it once here.
    if (std::none_of(findings.begin(), findings.end(), [](const Finding& f) { return f.check_id == "policy"; })) {
      add_finding(findings, Severity::error, "policy", {}, e.what());
    }
  }
  const Policy& effective = policy ? *policy : default_policy();

  guarded("checking branches", [&] { handle_gone_branches(*repo, effective); });
  guarded("queueing the merge notification", [&] { notify::on_post_merge(*repo, squash); });
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

// warden policy check|show|default (docs/file-checks.md, docs/push-checks.md).
#include "warden/checks/gitleaks_config.hpp"
#include "warden/checks/secret_scanner.hpp"
#include "warden/cli/registry.hpp"
#include "warden/config/default_branch.hpp"
#include "warden/config/extends.hpp"
#include "warden/config/keys.hpp"
#include "warden/config/policy.hpp"
#include "warden/config/schema.hpp"
#include "warden/config/scoped.hpp"
#include "warden/core/embedded.hpp"
#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/git/repository.hpp"

#include <fmt/core.h>
#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <iostream>

namespace warden::cli {

namespace {

// The policy in force for the repository around the current directory.
Policy policy_in_force() {
  auto repo = git::Repository::discover();
  return load_policy(repo);
}

// Load the rule file files.secret-rules names (relative to the worktree
// root, or to the current directory outside a repository), so that a rule
// that does not compile fails here rather than in the next hook. Throws
// PolicyError naming the file and the rule.
void check_secret_rules(const Policy& policy) {
  if (policy.files.secret_rules.empty()) return;
  std::string root;
  try {
    root = git::Repository::discover().worktree_root();
  } catch (const Fatal&) {
    // Not in a repository: the path is relative to the current directory.
  }
  secret_scanner_for(policy.files.secret_rules, root);
}

// The repository around the current directory, if any.
std::optional<git::Repository> repository_here() {
  try {
    return git::Repository::discover();
  } catch (const Fatal&) {
    return std::nullopt;
  }
}

// The scoped policies of the repository's index, read from the worktree
// (what the pre-commit hook reads; docs/monorepo.md).
PolicyScopes scopes_in_force(const git::Repository& repo, const Policy& root) {
  if (repo.is_bare()) return PolicyScopes(root, {}, {});
  const git::TreeChange index = git::staged_input(repo, "");
  return worktree_scopes(root, index.entries, repo.worktree_root());
}

// `file` relative to the worktree root of `repo` when it lies in it
// ("services/api/.warden.yml"); nullopt outside.
std::optional<std::string> repository_path(const git::Repository& repo, const std::string& file) {
  namespace stdfs = std::filesystem;
  if (repo.is_bare()) return std::nullopt;
  std::error_code ec;
  const stdfs::path absolute = stdfs::weakly_canonical(stdfs::absolute(file), ec);
  const stdfs::path root = stdfs::weakly_canonical(repo.worktree_root(), ec);
  const stdfs::path relative = absolute.lexically_relative(root);
  if (relative.empty() || relative.string().rfind("..", 0) == 0) return std::nullopt;
  return relative.generic_string();
}

// The secret lint of a scoped file (its own text, its own name).
std::vector<std::string> lint_scoped_text(const std::string& text, const std::string& file) {
  Policy shown;
  shown.text = text;
  shown.source = file;
  return lint_policy_secrets(shown);
}

// policy check with scoped policies: a FILE below the worktree root named
// .warden.yml is scoped, validated over the policy enclosing it; no FILE:
// every scoped policy of the index too. Returns the problems found.
std::vector<std::string> check_scoped(const std::string& file, std::optional<Policy>& checked) {
  std::vector<std::string> problems;
  const auto repo = repository_here();
  if (!repo) return problems;
  if (!file.empty()) {
    const auto relative = repository_path(*repo, file);
    if (!relative || !is_scoped_policy_path(*relative)) return problems;
    auto text = fs::read_file(file);
    if (!text) throw Fatal(k_exit_usage, fmt::format("{}: cannot read the file", file));
    const Policy root = load_policy(*repo);
    PolicyScopes scopes = scopes_in_force(*repo, root);
    const std::string dir = relative->substr(0, relative->size() - k_policy_file_name.size() - 1);
    parse_scoped_policy(scopes.policy(scopes.scope_of(dir + "/")), *text, *relative);
    problems = lint_scoped_text(*text, *relative);
    Policy shown;
    shown.source = *relative;
    checked = shown;
    return problems;
  }
  const Policy root = load_policy(*repo);
  const PolicyScopes scopes = scopes_in_force(*repo, root);
  scopes.load_all(); // PolicyError: the first broken file, exit 2
  for (const PolicyScopes::Scope& scope : scopes.scopes()) {
    const auto text = fs::read_file(std::filesystem::path(repo->worktree_root()) / scope.file);
    if (!text) continue;
    for (auto& problem : lint_scoped_text(*text, scope.file)) problems.push_back(std::move(problem));
    if (problems.empty()) fmt::print("{}: ok\n", scope.file);
  }
  return problems;
}

// The secrets of the built-in rules in the policy's text, beyond the
// webhook URLs lint_policy_secrets names (one problem per line).
void add_token_problems(const Policy& policy, std::vector<std::string>& problems) {
  std::set<std::size_t> lines_named;
  for (const std::string& problem : problems) {
    const auto first = problem.find(':', policy.source.size());
    if (first != std::string::npos) lines_named.insert(std::strtoul(problem.c_str() + first + 1, nullptr, 10));
  }
  for (const SecretHit& hit : SecretScanner::builtin().scan(policy.text, policy.source)) {
    if (hit.line == 0 || !lines_named.insert(hit.line).second) continue;
    problems.push_back(fmt::format("{}:{}:{}: a secret ({}, {}) in the policy file is leaked: remove it and revoke it",
                                   policy.source, hit.line, hit.column, hit.kind, hit.preview));
  }
}

int check_policy(const std::string& file) {
  std::optional<Policy> scoped_file;
  auto scoped_problems = check_scoped(file, scoped_file);
  if (scoped_file) {
    for (const auto& problem : scoped_problems) fmt::print(stderr, "{}\n", problem);
    if (!scoped_problems.empty()) return k_exit_usage;
    fmt::print("{}: ok (scoped policy)\n", scoped_file->source);
    return k_exit_ok;
  }
  Policy policy;
  if (file.empty()) {
    policy = policy_in_force();
  } else {
    auto text = fs::read_file(file);
    if (!text) throw Fatal(k_exit_usage, fmt::format("{}: cannot read the file", file));
    const auto repo = repository_here();
    policy = repo ? parse_policy(*text, file, policy_context(repo->worktree_root(), repo->git_dir()))
                  : parse_policy(*text, file);
  }
  auto problems = lint_policy_secrets(policy);
  add_token_problems(policy, problems);
  for (auto& problem : scoped_problems) problems.push_back(std::move(problem));
  for (const auto& problem : problems) fmt::print(stderr, "{}\n", problem);
  if (!problems.empty()) return k_exit_usage;
  check_secret_rules(policy);
  fmt::print("{}: ok\n", policy.source == "<default>" ? "embedded default policy" : policy.source);
  return k_exit_ok;
}

// One comment line per base of extends, with the commit a remote one
// resolved to (docs/monorepo.md).
void print_bases(const Policy& policy) {
  for (const BaseRef& base : policy.extends)
    fmt::print("# base: {}{}\n", base.label(), base.commit.empty() ? "" : " at commit " + base.commit);
}

// Where every value of `policy` came from, as comments for effective_yaml:
// the file that set it, "<default>" when none did.
std::map<std::string, std::string, std::less<>> value_sources(const Policy& policy) {
  std::map<std::string, std::string, std::less<>> comments;
  const auto source_of = [&](std::string_view key) {
    const auto it = policy.sources.find(key);
    return it == policy.sources.end() ? std::string("<default>") : it->second;
  };
  for (const config::KeySpec* key : config::policy_keys()) {
    if (key->type != config::KeyType::commands) {
      comments.emplace(std::string(key->key), "from " + source_of(key->key));
      continue;
    }
    std::string text;
    for (const auto& [hook, commands] : policy.commands)
      text += fmt::format("{}{}: {}", text.empty() ? "" : "; ", hook, source_of("commands." + hook));
    comments.emplace(std::string(key->key), text.empty() ? "from <default>" : "from " + text);
  }
  return comments;
}

// warden policy show PATH: the effective policy for PATH (relative to the
// current directory), every value with the file it came from.
int show_policy_for(const std::string& path) {
  const auto repo = git::Repository::discover();
  const Policy root = load_policy(repo);
  const PolicyScopes scopes = scopes_in_force(repo, root);
  std::string relative = path;
  if (const auto inside = repository_path(repo, path)) relative = *inside;
  else if (!repo.is_bare()) throw Fatal(k_exit_usage, fmt::format("{}: outside the repository", path));
  const int scope = scopes.scope_of(relative);
  const Policy& p = scopes.policy(scope);
  auto comments = value_sources(p);
  if (p.branches.default_branch.empty()) {
    const config::DefaultBranch resolved = config::resolve_default_branch(repo, p);
    comments["branches.default-branch"] += fmt::format("; resolves to '{}' ({})", resolved.name,
                                                       config::source_label(resolved.source, p.branches.remote));
  }
  std::string chain;
  for (int s = scope; s >= 0; s = scopes.scopes()[static_cast<std::size_t>(s)].parent)
    chain += scopes.scopes()[static_cast<std::size_t>(s)].file + " (scoped), ";
  chain += root.source == "<default>" ? "embedded default" : root.source;
  fmt::print("# policy in force for {}: {}\n", relative, chain);
  print_bases(root);
  fmt::print("{}", config::effective_yaml(p, comments));
  return k_exit_ok;
}

// warden policy update [--dry-run]: fetch the remote bases of extends into
// the cache (docs/monorepo.md).
int update_policies(bool dry_run) {
  const auto repo = git::Repository::discover();
  const auto lines =
      update_repository_bases(repo.worktree_root(), repo.config_string("warden.policy"), repo.git_dir(), dry_run);
  if (lines.empty()) {
    fmt::print("the policy extends no remote base: nothing to fetch\n");
    return k_exit_ok;
  }
  for (const std::string& line : lines) fmt::print("{}\n", line);
  if (!dry_run) {
    load_policy(repo); // the bases just fetched must load: PolicyError, exit 2
    fmt::print("cache: {}\n", policy_cache_dir(repo.git_dir()));
  }
  return k_exit_ok;
}

// `warden policy schema`: the JSON Schema of the policy file, as installed
// in share/warden/warden.schema.json (docs/package.md).
void register_policy_schema(CLI::App& policy, Action& action) {
  auto* schema = policy.add_subcommand("schema", "Print the JSON Schema (2020-12) of the policy file");
  schema->callback([&action] {
    action = [] {
      fmt::print("{}", config::policy_schema());
      return k_exit_ok;
    };
  });
}

} // namespace

void register_policy(CLI::App& app, Action& action) {
  auto* policy = app.add_subcommand("policy", "Validate, show or print the policy");
  policy->require_subcommand(1);

  auto* check = policy->add_subcommand("check", "Validate a policy file without running anything (exit 2 on any problem)");
  auto file = std::make_shared<std::string>();
  check->add_option("FILE", *file, "Policy file (default: the one in force for this repository)");
  check->callback([&action, file] { action = [file] { return check_policy(*file); }; });

  auto* show = policy->add_subcommand(
      "show", "Print the policy in force, every key with its effective value (for PATH: with the file each value "
              "comes from)");
  auto show_path = std::make_shared<std::string>();
  show->add_option("PATH", *show_path, "A path of the repository: the policy in force for it (scoped policies)");
  show->callback([&action, show_path] {
    if (!show_path->empty()) {
      action = [show_path] { return show_policy_for(*show_path); };
      return;
    }
    action = [] {
      const auto repo = git::Repository::discover();
      const Policy p = load_policy(repo);
      std::map<std::string, std::string, std::less<>> comments;
      if (p.branches.default_branch.empty()) {
        const config::DefaultBranch resolved = config::resolve_default_branch(repo, p);
        comments.emplace("branches.default-branch",
                         fmt::format("resolves to '{}' ({})", resolved.name,
                                     config::source_label(resolved.source, p.branches.remote)));
      }
      fmt::print("# policy in force: {}\n", p.source == "<default>" ? "embedded default" : p.source);
      print_bases(p);
      fmt::print("{}", config::effective_yaml(p, comments));
      return k_exit_ok;
    };
  });

  auto* update = policy->add_subcommand(
      "update", "Fetch the remote base policies of extends: into the cache under the git common directory");
  auto update_dry_run = std::make_shared<bool>(false);
  update->add_flag("--dry-run,-n", *update_dry_run, "Say what would be fetched, fetch nothing");
  update->callback([&action, update_dry_run] { action = [update_dry_run] { return update_policies(*update_dry_run); }; });

  auto* print_default = policy->add_subcommand("default", "Print the embedded default policy");
  print_default->callback([&action] {
    action = [] {
      std::string_view text = embedded::default_policy();
      std::fwrite(text.data(), 1, text.size(), stdout);
      return k_exit_ok;
    };
  });

  register_policy_schema(*policy, action);
}

} // namespace warden::cli

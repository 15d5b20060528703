// warden policy check|show|default (docs/file-checks.md, docs/push-checks.md).
#include "warden/checks/gitleaks_config.hpp"
#include "warden/cli/registry.hpp"
#include "warden/config/default_branch.hpp"
#include "warden/config/keys.hpp"
#include "warden/config/policy.hpp"
#include "warden/config/schema.hpp"
#include "warden/core/embedded.hpp"
#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/git/repository.hpp"

#include <fmt/core.h>
#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
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

int check_policy(const std::string& file) {
  Policy policy;
  if (file.empty()) {
    policy = policy_in_force();
  } else {
    auto text = fs::read_file(file);
    if (!text) throw Fatal(k_exit_usage, fmt::format("{}: cannot read the file", file));
    policy = parse_policy(*text, file);
  }
  auto problems = lint_policy_secrets(policy);
  for (const auto& problem : problems) fmt::print(stderr, "{}\n", problem);
  if (!problems.empty()) return k_exit_usage;
  check_secret_rules(policy);
  fmt::print("{}: ok\n", policy.source == "<default>" ? "embedded default policy" : policy.source);
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

  auto* show = policy->add_subcommand("show", "Print the policy in force, every key with its effective value");
  show->callback([&action] {
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
      fmt::print("# policy in force: {}\n{}", p.source == "<default>" ? "embedded default" : p.source,
                 config::effective_yaml(p, comments));
      return k_exit_ok;
    };
  });

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

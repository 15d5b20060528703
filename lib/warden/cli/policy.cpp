// warden policy check|show|default (SPEC section 2).
#include "warden/cli/registry.hpp"
#include "warden/config/policy.hpp"
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

std::string_view severity_name(Severity s) { return to_string(s); }

template <typename T, typename F>
void emit_list(YAML::Emitter& out, const std::vector<T>& items, F&& text) {
  out << YAML::Flow << YAML::BeginSeq;
  for (const auto& item : items) out << text(item);
  out << YAML::EndSeq;
}

// The effective policy, every key with its value, as YAML.
std::string effective_yaml(const Policy& policy) {
  auto glob_text = [](const Glob& g) { return g.pattern(); };
  auto same = [](const std::string& s) { return s; };
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "version" << YAML::Value << policy.version;
  out << YAML::Key << "hooks" << YAML::Value;
  emit_list(out, policy.hooks, same);
  const FilesPolicy& f = policy.files;
  out << YAML::Key << "files" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "case-collision" << YAML::Value << std::string(severity_name(f.case_collision));
  out << YAML::Key << "case-folding" << YAML::Value << (f.case_folding == CaseFolding::full ? "full" : "simple");
  out << YAML::Key << "portable-name" << YAML::Value << std::string(severity_name(f.portable_name));
  out << YAML::Key << "max-path-length" << YAML::Value << f.max_path_length;
  out << YAML::Key << "max-file-size" << YAML::Value << fmt::format("{}B", f.max_file_size);
  out << YAML::Key << "canonical-names" << YAML::Value;
  emit_list(out, f.canonical_names, same);
  out << YAML::Key << "required" << YAML::Value;
  emit_list(out, f.required, same);
  out << YAML::Key << "forbidden" << YAML::Value;
  emit_list(out, f.forbidden, glob_text);
  out << YAML::Key << "naming" << YAML::Value << YAML::BeginSeq;
  for (const auto& rule : f.naming)
    out << YAML::BeginMap << YAML::Key << "glob" << YAML::Value << rule.glob.pattern() << YAML::Key << "pattern"
        << YAML::Value << rule.pattern.source << YAML::EndMap;
  out << YAML::EndSeq;
  out << YAML::Key << "conflict-marker" << YAML::Value << std::string(severity_name(f.conflict_marker));
  out << YAML::Key << "secret" << YAML::Value << std::string(severity_name(f.secret));
  out << YAML::EndMap;
  const BranchesPolicy& b = policy.branches;
  out << YAML::Key << "branches" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "pattern" << YAML::Value << YAML::SingleQuoted << b.pattern.source;
  out << YAML::Key << "protected" << YAML::Value;
  emit_list(out, b.protected_branches, glob_text);
  out << YAML::Key << "no-commit" << YAML::Value;
  emit_list(out, b.no_commit, glob_text);
  out << YAML::Key << "upstream-match" << YAML::Value << std::string(severity_name(b.upstream_match));
  out << YAML::Key << "remote-head" << YAML::Value << std::string(severity_name(b.remote_head));
  out << YAML::Key << "default-branch" << YAML::Value << b.default_branch;
  out << YAML::Key << "remote" << YAML::Value << b.remote;
  out << YAML::Key << "prune-on-merge" << YAML::Value
      << (b.prune_on_merge == PruneOnMerge::remove ? "delete" : b.prune_on_merge == PruneOnMerge::off ? "off" : "report");
  out << YAML::EndMap;
  out << YAML::Key << "commands" << YAML::Value << YAML::BeginMap;
  for (const auto& [hook, specs] : policy.commands) {
    out << YAML::Key << hook << YAML::Value << YAML::BeginSeq;
    for (const auto& spec : specs) {
      out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << spec.name << YAML::Key << "run" << YAML::Value
          << spec.run;
      if (spec.glob) out << YAML::Key << "glob" << YAML::Value << spec.glob->pattern();
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
  out << YAML::Key << "notify" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "discord" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "events" << YAML::Value;
  emit_list(out, policy.notify.discord.events, same);
  out << YAML::Key << "username" << YAML::Value << policy.notify.discord.username;
  if (!policy.notify.discord.templates.empty()) {
    out << YAML::Key << "templates" << YAML::Value << YAML::BeginMap;
    for (const auto& [event, text] : policy.notify.discord.templates) out << YAML::Key << event << YAML::Value << text;
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  if (policy.notify.email) {
    out << YAML::Key << "email" << YAML::Value << YAML::BeginMap << YAML::Key << "events" << YAML::Value;
    emit_list(out, policy.notify.email->events, same);
    out << YAML::Key << "to" << YAML::Value;
    emit_list(out, policy.notify.email->to, same);
    out << YAML::Key << "from" << YAML::Value << policy.notify.email->from << YAML::EndMap;
  }
  if (policy.notify.slack) {
    out << YAML::Key << "slack" << YAML::Value << YAML::BeginMap << YAML::Key << "events" << YAML::Value;
    emit_list(out, policy.notify.slack->events, same);
    out << YAML::EndMap;
  }
  if (policy.notify.summarizer) {
    out << YAML::Key << "summarizer" << YAML::Value << YAML::BeginMap << YAML::Key << "url" << YAML::Value
        << policy.notify.summarizer->url << YAML::Key << "model" << YAML::Value << policy.notify.summarizer->model
        << YAML::Key << "timeout" << YAML::Value << policy.notify.summarizer->timeout_seconds << YAML::EndMap;
  }
  out << YAML::EndMap;
  if (!policy.git_settings.empty()) {
    out << YAML::Key << "git" << YAML::Value << YAML::BeginMap;
    for (const auto& [key, value] : policy.git_settings) out << YAML::Key << key << YAML::Value << value;
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

// The policy in force for the repository around the current directory.
Policy policy_in_force() {
  auto repo = git::Repository::discover();
  return repo.load_policy();
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
  fmt::print("{}: ok\n", policy.source == "<default>" ? "embedded default policy" : policy.source);
  return k_exit_ok;
}

} // namespace

void register_policy(CLI::App& app, Action& action) {
  auto* policy = app.add_subcommand("policy", "Validate, show or print the policy (SPEC section 2)");
  policy->require_subcommand(1);

  auto* check = policy->add_subcommand("check", "Validate a policy file without running anything (exit 2 on any problem)");
  auto file = std::make_shared<std::string>();
  check->add_option("FILE", *file, "Policy file (default: the one in force for this repository)");
  check->callback([&action, file] { action = [file] { return check_policy(*file); }; });

  auto* show = policy->add_subcommand("show", "Print the policy in force, every key with its effective value");
  show->callback([&action] {
    action = [] {
      Policy p = policy_in_force();
      fmt::print("# policy in force: {}\n{}", p.source == "<default>" ? "embedded default" : p.source,
                 effective_yaml(p));
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
}

} // namespace warden::cli

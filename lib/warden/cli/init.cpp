// warden init DIR [--template generic|cpp|python] [--ci github|gitlab|none]
// [--from URL|PATH [--ref REV] [--set KEY=VALUE ...]] [--name NAME]
// [--remote URL] [--force] [--dry-run]: a new repository,
// ready (docs/init.md). The work is done in init/; this file only parses.
#include "warden/cli/registry.hpp"
#include "warden/core/embedded.hpp"
#include "warden/core/error.hpp"
#include "warden/init/init.hpp"

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/core.h>

namespace warden::embedded {
// Generated from config/templates by warden_embed (lib/CMakeLists.txt).
extern const EmbeddedFile templates[];
extern const std::size_t templates_count;
} // namespace warden::embedded

namespace warden::cli {

namespace {

struct InitArguments {
  std::string dir;
  std::string kind = "generic";
  std::string ci = "github";
  std::string name;
  std::string remote;
  std::string from;
  std::string ref;
  std::vector<std::string> sets;
  bool force = false;
  bool dry_run = false;
};

int run(const InitArguments& arguments) {
  init::InitOptions options;
  options.dir = arguments.dir;
  options.kind = *init::parse_template(arguments.kind);
  options.ci = *init::parse_ci(arguments.ci);
  if (!arguments.name.empty()) options.name = arguments.name;
  if (!arguments.remote.empty()) options.remote = arguments.remote;
  if (!arguments.from.empty()) options.from = arguments.from;
  if (!arguments.ref.empty()) options.ref = arguments.ref;
  for (const std::string& item : arguments.sets) {
    const auto equals = item.find('=');
    if (equals == std::string::npos || equals == 0)
      throw Fatal(k_exit_usage, fmt::format("--set {}: expected KEY=VALUE", item));
    options.variables[item.substr(0, equals)] = item.substr(equals + 1);
  }
  options.force = arguments.force ? init::Force::yes : init::Force::no;
  options.dry_run = arguments.dry_run ? init::DryRun::yes : init::DryRun::no;
  return init::run_init(options, {embedded::templates, embedded::templates_count}, stdout);
}

} // namespace

void register_init(CLI::App& app, Action& action) {
  auto arguments = std::make_shared<InitArguments>();
  CLI::App* command = app.add_subcommand(
    "init", "Create a repository, ready: layout, README.md, .gitignore, .warden.yml, CI workflow, "
            "hooks installed, first commit on main");
  command->add_option("DIR", arguments->dir, "Directory of the new project (created when missing)")->required();
  auto* kind = command->add_option("--template", arguments->kind, "Project layout")
                 ->check(CLI::IsMember({"generic", "cpp", "python"}))
                 ->option_text("generic|cpp|python (default generic)");
  command->add_option("--from", arguments->from,
                      "Start from a template repository (git URL or path): its files and paths are rendered "
                      "with the variables of its warden-template.yml")
    ->option_text("URL|PATH")
    ->excludes(kind);
  command->add_option("--ref", arguments->ref, "With --from: the tag, branch or commit to start from")
    ->option_text("REV");
  command->add_option("--set", arguments->sets, "With --from: a template variable (repeatable)")
    ->option_text("KEY=VALUE")
    ->allow_extra_args(false);
  command->add_option("--ci", arguments->ci, "CI configuration to generate")
    ->check(CLI::IsMember({"github", "gitlab", "none"}))
    ->option_text("github|gitlab|none (default github)");
  command->add_option("--name", arguments->name, "Project name, [a-z0-9_-] (default: DIR's name)");
  command->add_option("--remote", arguments->remote, "Add it as origin and push main with its upstream set")
    ->option_text("URL");
  command->add_flag("--force", arguments->force,
                    "Work in a non-empty DIR: add the missing files, never overwrite one");
  command->add_flag("--dry-run", arguments->dry_run, "Print what would be done and change nothing");
  command->callback([arguments, &action] { action = [arguments] { return run(*arguments); }; });
}

} // namespace warden::cli

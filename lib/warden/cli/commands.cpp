#include "warden/cli/commands.hpp"

#include "warden/cli/registry.hpp"
#include "warden/core/error.hpp"
#include "warden/core/version.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <exception>
#include <string>

namespace warden::cli {

int main(int argc, char** argv) {
  CLI::App app{"warden: git policy hooks and git chores (see `warden COMMAND --help`)", "warden"};
  app.require_subcommand(1);
  app.set_version_flag("--version", version_line("warden"));
  Action action;
  register_check(app, action);
  register_fix(app, action);
  register_policy(app, action);
  register_doctor(app, action);
  register_trust(app, action);
  register_branch(app, action);
  register_notify(app, action);
  register_init(app, action);
  register_hook(app, action);
  register_generators(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::RequiredError& e) {
    // CLI11 reports an unknown command word as "A subcommand is required",
    // which hides the typo; name the word the user actually gave.
    CLI::App* deepest = &app;
    while (!deepest->get_subcommands().empty()) deepest = deepest->get_subcommands().front();
    const auto rest = deepest->remaining();
    if (rest.empty() && deepest->get_require_subcommand_min() > 0) {
      // `warden` (or `warden branch`) alone: the usage and the commands, as
      // `git` alone prints its own, not CLI11's "A subcommand is required".
      fmt::print(stderr, "{}", deepest->help());
      return k_exit_usage;
    }
    if (rest.empty() || deepest->get_require_subcommand_min() == 0) {
      app.exit(e);
      return k_exit_usage;
    }
    std::string where = "warden";
    for (const CLI::App* a = deepest; a != &app && a != nullptr; a = a->get_parent()) {
      where.insert(6, " " + a->get_name());
    }
    fmt::print(stderr, "{}: unknown {} '{}' (see `{} --help`)\n", where,
               rest.front().starts_with('-') ? "option" : "command", rest.front(), where);
    return k_exit_usage;
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return k_exit_usage;
  }
  return run_top_level("warden", [&] { return action ? action() : k_exit_usage; });
}

} // namespace warden::cli

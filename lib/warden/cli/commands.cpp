#include "warden/cli/commands.hpp"

#include "warden/cli/registry.hpp"
#include "warden/core/error.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <exception>

namespace warden::cli {

int main(int argc, char** argv) {
  CLI::App app{"warden: git policy hooks and git chores (see `warden COMMAND --help`)", "warden"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("warden ") + WARDEN_VERSION);
  Action action;
  register_check(app, action);
  register_policy(app, action);
  register_doctor(app, action);
  register_trust(app, action);
  register_branch(app, action);
  register_notify(app, action);
  register_init(app, action);
  register_hook(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return k_exit_usage;
  }
  try {
    return action ? action() : k_exit_usage;
  } catch (const Fatal& e) {
    fmt::print(stderr, "warden: {}\n", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    fmt::print(stderr, "warden: {}\n", e.what());
    return 1;
  }
}

} // namespace warden::cli

#pragma once
// install-hooks (docs/install-hooks.md).
#include <CLI/CLI.hpp>

#include <memory>
#include <string>

namespace warden {

// The command line of install-hooks, as parsed.
struct InstallHooksFlags {
  std::string repo;
  std::string hooks; // --hooks, comma separated
  std::string all_under; // --all-under DIR: every bare repository under DIR
  bool force = false;
  bool dry_run = false;
  bool no_trust = false;
  bool uninstall = false;
};

// The CLI11 definition of install-hooks, storing into `flags`: the one
// source of its parsing, --help, completions and manual page
// (docs/package.md).
std::unique_ptr<CLI::App> install_hooks_app(InstallHooksFlags& flags);

// Run the whole `install-hooks` program: parse `argv`, install or uninstall,
// return the exit code.
int install_hooks_main(int argc, char** argv);

} // namespace warden

#pragma once
// Every subcommand of `warden` registers itself on the CLI11 app; one file
// each under cli/. A registered command stores its action in `run`, which
// cli::main calls after parsing and whose return value is the exit code.
#include <CLI/CLI.hpp>

#include <functional>

namespace warden::cli {

using Action = std::function<int()>;

// Each adds its subcommand to `app` and sets `action` when it is chosen.
void register_check(CLI::App& app, Action& action);   // cli/check.cpp
void register_fix(CLI::App& app, Action& action);     // cli/fix.cpp
void register_policy(CLI::App& app, Action& action);  // cli/policy.cpp
void register_doctor(CLI::App& app, Action& action);  // cli/doctor.cpp
void register_trust(CLI::App& app, Action& action);   // cli/trust.cpp
void register_branch(CLI::App& app, Action& action);  // cli/branch.cpp
void register_notify(CLI::App& app, Action& action);  // cli/notify.cpp (notify, digest)
void register_init(CLI::App& app, Action& action);    // cli/init.cpp
void register_hook(CLI::App& app, Action& action);    // cli/hook.cpp (hidden)
// Hidden: `completions SHELL` and `manpage PAGE`, run by the build.
void register_generators(CLI::App& app, Action& action); // cli/completions.cpp

} // namespace warden::cli

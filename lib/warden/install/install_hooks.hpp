#pragma once
// install-hooks (docs/install-hooks.md).
namespace warden {

// Run the whole `install-hooks` program: parse `argv`, install or uninstall,
// return the exit code.
int install_hooks_main(int argc, char** argv);

} // namespace warden

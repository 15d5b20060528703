#pragma once
// install-hooks (SPEC section 4).
namespace warden {

// The whole `install-hooks` program: parse `argv`, install or uninstall,
// return the exit code.
int install_hooks_main(int argc, char** argv);

} // namespace warden

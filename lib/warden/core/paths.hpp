#pragma once
// Where warden's own files are, found from the running binary
// (/proc/self/exe, so symlinks in .git/hooks resolve to the install).
#include <string>

namespace warden {

// Directory of the running executable.
std::string executable_dir();
// The installed hook binary for `hook` ("pre-commit"): $WARDEN_LIBEXEC_DIR
// when set, else <prefix>/libexec/warden/<hook> next to our own binary.
std::string hook_binary_path(const std::string& hook);
// The `warden` binary: $WARDEN_BIN when set, else <prefix>/bin/warden.
std::string warden_binary_path();

} // namespace warden

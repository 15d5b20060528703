#pragma once
// The hook binaries that read git's files themselves (all of them) hand what that reader does not handle to the libgit2
// implementation in the `warden` binary (docs/pre-commit.md).
#include "warden/hook/hooks.hpp"

#include <string_view>

namespace warden {

// Replace this process with `warden hook <context.name> ARGS...`, keeping
// the environment and stdin; `reason` is said when WARDEN_DEBUG_HANDOVER=1.
// Returns (exit 2) only when `warden` cannot be run.
int hand_over_to_warden(const HookContext& context, std::string_view reason);

// The same for a hook that has already read its standard input: `input`
// becomes the standard input of `warden hook` (an in-memory file).
int hand_over_to_warden(const HookContext& context, std::string_view reason, const std::string& input);

} // namespace warden

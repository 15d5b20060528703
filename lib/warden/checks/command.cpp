// command: the policy's commands (commands.<hook>), run by the hooks
// (hook/commands.cpp); a failure, or a command that is not trusted, is a
// finding. The commands key itself is a setting (config/settings.cpp).
#include "warden/checks/registry.hpp"

namespace warden::checks {

CheckSpec command_check() {
  return {.ids = {{k_command_id, "A policy command that failed or was not trusted"}},
          .enabled = [](const Policy& p) { return !p.commands.empty(); },
          .reads = Reads::commands | Reads::policy};
}

} // namespace warden::checks

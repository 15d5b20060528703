// policy: a policy file that does not load (config/load.cpp) blocks the
// hook that needed it; the hooks report it under this id.
#include "warden/checks/registry.hpp"

namespace warden::checks {

CheckSpec policy_check() {
  return {.ids = {{k_policy_id, "A policy file that does not load"}},
          .enabled = [](const Policy&) { return true; },
          .reads = Reads::policy};
}

} // namespace warden::checks

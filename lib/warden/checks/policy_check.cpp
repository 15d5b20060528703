// policy: a policy file that does not load (config/load.cpp) blocks the
// hook that needed it; the hooks report it under this id.
#include "warden/checks/registry.hpp"

namespace warden::checks {

const CheckSpec& policy_check() {
  static const CheckSpec k_spec{
    .ids = {{"policy", "A policy file that does not load"}},
    .keys = {},
    .severity_key = {},
    .enabled = [](const Policy&) { return true; },
    .reads = Reads::policy,
    .subject = Subject::files,
  };
  return k_spec;
}

} // namespace warden::checks

// Placeholder until the hook lands; replaced by its implementation.
#include "warden/hook/hooks.hpp"

namespace warden {

int run_pre_push(const HookContext&) { return 0; }

} // namespace warden

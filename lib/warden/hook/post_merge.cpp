// Placeholder until the hook lands; replaced by its implementation.
#include "warden/hook/hooks.hpp"

namespace warden {

int run_post_merge(const HookContext&) { return 0; }

} // namespace warden

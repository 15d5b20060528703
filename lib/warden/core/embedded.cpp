#include "warden/core/embedded.hpp"

namespace warden::embedded {

// Generated from config/default.yml by warden_embed (lib/CMakeLists.txt).
extern const EmbeddedFile default_policy_files[];

std::string_view default_policy() { return default_policy_files[0].contents; }

} // namespace warden::embedded

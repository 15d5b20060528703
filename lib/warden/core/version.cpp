// The one file that includes the generated commit header, so a new commit
// recompiles this file alone (cmake/Version.cmake).
#include "warden/core/version.hpp"

#include "warden_commit.hpp"

namespace warden {

const char* version() { return WARDEN_VERSION; }

const char* build_commit() { return WARDEN_COMMIT; }

std::string version_line(const std::string& program) {
  return program + " " + version() + " (commit " + build_commit() + ")";
}

} // namespace warden

// forbidden-path: changed paths matching a files.forbidden glob.
#include "warden/checks/file_input.hpp"
#include "warden/checks/file_util.hpp"

namespace warden {

void check_forbidden_path(const Policy& policy, const FileCheckInput& input, Findings& out) {
  const auto& forbidden = policy.files.forbidden;
  if (forbidden.empty()) return;
  for (const FileEntry& entry : input.entries) {
    if (!is_reported(input, entry)) continue;
    for (const Glob& glob : forbidden) {
      if (!glob.matches(entry.path)) continue;
      add_finding(out, Severity::error, "forbidden-path", {entry.path},
                  "matches forbidden pattern '" + glob.pattern() + "' (files.forbidden)");
      break;
    }
  }
}

} // namespace warden

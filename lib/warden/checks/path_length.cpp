// path-length: repository-relative paths longer than files.max-path-length bytes.
#include "warden/checks/file_input.hpp"
#include "warden/checks/file_util.hpp"

#include <fmt/format.h>

namespace warden {

void check_path_length(const Policy& policy, const FileCheckInput& input, Findings& out) {
  const std::uint64_t limit = policy.files.max_path_length;
  if (limit == 0) return;
  for (const FileEntry& entry : input.entries) {
    if (!is_reported(input, entry) || entry.path.size() <= limit) continue;
    add_finding(out, Severity::error, "path-length", {entry.path},
                fmt::format("path is {} bytes, longer than files.max-path-length ({})", entry.path.size(), limit));
  }
}

} // namespace warden

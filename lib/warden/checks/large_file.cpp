// large-file: changed blobs larger than files.max-file-size.
#include "warden/checks/file_input.hpp"
#include "warden/checks/file_util.hpp"

#include <fmt/format.h>

namespace warden {

void check_large_file(const Policy& policy, const FileCheckInput& input, Findings& out) {
  const std::uint64_t limit = policy.files.max_file_size;
  if (limit == 0 || input.blobs == nullptr) return;
  for (const FileEntry& entry : input.entries) {
    if (!is_reported(input, entry) || !is_regular_blob(entry)) continue;
    // The size only: a large blob is never read into memory.
    const std::optional<std::uint64_t> size = input.blobs->size(entry.oid);
    if (!size || *size <= limit) continue;
    add_finding(out, Severity::error, "large-file", {entry.path},
                fmt::format("file is {} > {} (files.max-file-size); keep large files out of git (Git LFS)",
                            human_size(*size), human_size(limit, true)));
  }
}

} // namespace warden

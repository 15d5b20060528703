// path-length: repository-relative paths longer than files.max-path-length bytes.
#include "warden/checks/registry.hpp"
#include "warden/checks/file_util.hpp"

#include <fmt/format.h>

namespace warden {

constexpr char k_id[] = "path-length";

namespace {

void check_path_length(const Policy& policy, const FileCheckInput& input, Findings& out) {
  const std::uint64_t limit = policy.files.max_path_length;
  if (limit == 0) return;
  for (const FileEntry& entry : reported_entries(input)) {
    if (entry.path.size() <= limit) continue;
    add_finding(out, Severity::error, k_id, {entry.path},
                fmt::format("path is {} bytes, longer than files.max-path-length ({})", entry.path.size(), limit));
  }
}

} // namespace

checks::CheckSpec checks::path_length_check() {
  return {.ids = {{k_id, "A repository-relative path longer than files.max-path-length bytes"}},
          .keys = {config::files_key<&FilesPolicy::max_path_length>("files.max-path-length", config::KeyType::count, "260",
            "bytes of the repository-relative path; 0 = off")},
          .enabled = is_set<&Policy::files, &FilesPolicy::max_path_length>, .run = &check_path_length};
}

} // namespace warden

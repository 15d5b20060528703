// large-file: changed blobs larger than files.max-file-size.
#include "warden/checks/registry.hpp"
#include "warden/checks/file_util.hpp"

#include <fmt/format.h>

namespace warden {

constexpr char k_id[] = "large-file";

namespace {

void check_large_file(const Policy& policy, const FileCheckInput& input, Findings& out) {
  const std::uint64_t limit = policy.files.max_file_size;
  if (limit == 0 || input.blobs == nullptr) return;
  for (const FileEntry& entry : reported_entries(input)) {
    if (!is_regular_blob(entry)) continue;
    // The size only: a large blob is never read into memory.
    const std::optional<std::uint64_t> size = input.blobs->size(entry.oid);
    if (!size || *size <= limit) continue;
    add_finding(out, Severity::error, k_id, {entry.path},
                fmt::format("file is {} > {} (files.max-file-size); keep large files out of git (Git LFS)",
                            human_size(*size), human_size(limit, true)));
  }
}

} // namespace

checks::CheckSpec checks::large_file_check() {
  return {.ids = {{k_id, "A file larger than files.max-file-size"}},
          .keys = {config::files_key<&FilesPolicy::max_file_size>("files.max-file-size", config::KeyType::size, "5MiB",
            "staged blob size; units B, KiB, MiB, GiB; 0 = off")},
          .enabled = is_set<&Policy::files, &FilesPolicy::max_file_size>, .reads = Reads::paths | Reads::blobs,
          .run = &check_large_file};
}

} // namespace warden

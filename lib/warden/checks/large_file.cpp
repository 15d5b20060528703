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
  for (const FileEntry& entry : input.entries) {
    if (!is_reported(input, entry) || !is_regular_blob(entry)) continue;
    // The size only: a large blob is never read into memory.
    const std::optional<std::uint64_t> size = input.blobs->size(entry.oid);
    if (!size || *size <= limit) continue;
    add_finding(out, Severity::error, k_id, {entry.path},
                fmt::format("file is {} > {} (files.max-file-size); keep large files out of git (Git LFS)",
                            human_size(*size), human_size(limit, true)));
  }
}

} // namespace

namespace checks {

const CheckSpec& large_file_check() {
  static const CheckSpec k_spec{
    .ids = {
      {k_id, "A file larger than files.max-file-size"},
    },
    .keys = {
      config::with_field<&Policy::files, &FilesPolicy::max_file_size>(
        {"files.max-file-size", config::KeyType::size, "5MiB", {},
         "staged blob size; units B, KiB, MiB, GiB; 0 = off"}),
    },
    .severity_key = {},
    .enabled = [](const Policy& p) { return p.files.max_file_size != 0; },
    .reads = Reads::paths | Reads::blobs,
    .subject = Subject::files,
    .run = &check_large_file,
  };
  return k_spec;
}

} // namespace checks

} // namespace warden

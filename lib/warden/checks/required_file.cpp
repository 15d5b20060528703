// required-file: a change must not delete or rename a path of files.required.
#include "warden/checks/registry.hpp"

#include <algorithm>

namespace warden {

constexpr char k_id[] = "required-file";

namespace {

bool has_entry(const FileCheckInput& input, const std::string& path) {
  const auto& entries = input.entries;
  // Entries are sorted bytewise; fall back to a scan if a caller did not.
  const auto it = std::lower_bound(entries.begin(), entries.end(), path,
                                   [](const FileEntry& e, const std::string& p) { return e.path < p; });
  if (it != entries.end() && it->path == path) return true;
  return std::any_of(entries.begin(), entries.end(), [&](const FileEntry& e) { return e.path == path; });
}

} // namespace

namespace {

void check_required_file(const Policy& policy, const FileCheckInput& input, Findings& out) {
  for (const std::string& required : policy.files.required) {
    if (has_entry(input, required)) continue;
    const bool removed = std::find(input.removed.begin(), input.removed.end(), required) != input.removed.end();
    if (removed) {
      add_finding(out, Severity::error, k_id, {required},
                  "commit deletes or renames required file " + required + " (files.required)");
    } else if (input.report_all) {
      add_finding(out, Severity::error, k_id, {required},
                  "required file " + required + " is missing (files.required)");
    }
  }
}

} // namespace

checks::CheckSpec checks::required_file_check() {
  return {.ids = {{k_id, "A required file deleted or renamed"}},
          .keys = {config::files_key<&FilesPolicy::required>("files.required", config::KeyType::strings, "[README.md]",
            "exact-case paths the tree must keep: a commit that deletes or renames one is refused")},
          .enabled = is_set<&Policy::files, &FilesPolicy::required>, .run = &check_required_file};
}

} // namespace warden

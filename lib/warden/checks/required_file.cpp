// required-file: a change must not delete or rename a path of files.required.
// Only `removed` decides outside --all; a required path inside an unopened
// subtree of a partial listing is looked up there (docs/tree-diff.md).
#include "warden/checks/registry.hpp"
#include "warden/checks/file_util.hpp"
#include "warden/git/tree_diff.hpp"

#include <algorithm>
#include <string_view>

namespace warden {

constexpr char k_id[] = "required-file";

namespace {

// The entry at `path` among `entries` (sorted bytewise), or null.
const FileEntry* listed(const std::vector<FileEntry>& entries, std::string_view path) {
  const auto it = std::lower_bound(entries.begin(), entries.end(), path,
                                   [](const FileEntry& e, std::string_view p) { return e.path < p; });
  return it != entries.end() && it->path == path ? &*it : nullptr;
}

// True when the tree holds `path`: listed, or (a partial listing) inside an
// unopened subtree, looked up through its tree id.
bool has_entry(const FileCheckInput& input, const std::string& path) {
  const auto& entries = input.entries;
  if (listed(entries, path)) return true;
  if (input.partial && input.objects) {
    for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
      const FileEntry* dir = listed(entries, std::string_view(path).substr(0, slash));
      if (!dir) continue;
      if (!is_subtree(*dir)) break; // a file where the path needs a directory
      return git::find_path(*input.objects, dir->oid, std::string_view(path).substr(slash + 1)).has_value();
    }
  }
  // Entries are sorted bytewise; fall back to a scan if a caller did not.
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

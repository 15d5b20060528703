// forbidden-path: changed paths matching a files.forbidden glob.
#include "warden/checks/registry.hpp"
#include "warden/checks/file_util.hpp"

#include <algorithm>

namespace warden {

constexpr char k_id[] = "forbidden-path";

namespace {

void check_forbidden_path(const Policy& policy, const FileCheckInput& input, Findings& out) {
  for (const FileEntry& entry : reported_entries(input)) {
    const auto& forbidden = policy.files.forbidden;
    const auto glob =
        std::find_if(forbidden.begin(), forbidden.end(), [&](const Glob& g) { return g.matches(entry.path); });
    if (glob == forbidden.end()) continue;
    add_finding(out, Severity::error, k_id, {entry.path},
                "matches forbidden pattern '" + glob->pattern() + "' (files.forbidden)");
  }
}

} // namespace

checks::CheckSpec checks::forbidden_path_check() {
  return {.ids = {{k_id, "A path matching files.forbidden"}},
          .keys = {config::files_key<&FilesPolicy::forbidden>("files.forbidden", config::KeyType::globs,
            R"([".DS_Store", "*.orig", "*.rej"])", "gitignore-style globs no path may match")},
          .enabled = is_set<&Policy::files, &FilesPolicy::forbidden>, .run = &check_forbidden_path};
}

} // namespace warden

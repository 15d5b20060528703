// canonical-name: a file whose name differs from a canonical one only in case.
#include "warden/checks/registry.hpp"
#include "warden/checks/file_util.hpp"
#include "warden/checks/unicode.hpp"

#include <fmt/format.h>

namespace warden {

constexpr char k_id[] = "canonical-name";

namespace {

void check_canonical_name(const Policy& policy, const FileCheckInput& input, Findings& out) {
  const auto& canonical = policy.files.canonical_names;
  if (canonical.empty()) return;
  std::vector<std::string> folded;
  folded.reserve(canonical.size());
  for (const std::string& name : canonical) folded.push_back(fold_name(name, CaseFolding::simple));

  for (const FileEntry& entry : reported_entries(input)) {
    const std::string_view name = last_component(entry.path);
    std::string folded_name;
    for (std::size_t i = 0; i < canonical.size(); ++i) {
      if (name.size() != canonical[i].size() && is_ascii(name)) continue; // cannot fold equal
      if (name == canonical[i]) break;
      if (folded_name.empty()) folded_name = fold_name(name, CaseFolding::simple);
      if (folded_name != folded[i]) continue;
      add_finding(out, Severity::error, k_id, {entry.path},
                  fmt::format("{} should be named {}", name, canonical[i]));
      break;
    }
  }
}

} // namespace

checks::CheckSpec checks::canonical_name_check() {
  return {.ids = {{k_id, "A file name that differs from a canonical name only in case"}},
          .keys = {config::files_key<&FilesPolicy::canonical_names>(
            "files.canonical-names", config::KeyType::strings,
            "[README.md, LICENSE, CHANGELOG.md, CONTRIBUTING.md, Makefile, CMakeLists.txt, Dockerfile]",
            "a file whose name differs from one of these only in case is an error (readme.md -> README.md)")},
          .enabled = is_set<&Policy::files, &FilesPolicy::canonical_names>, .run = &check_canonical_name};
}

} // namespace warden

// canonical-name: a file whose name differs from a canonical one only in case.
#include "warden/checks/file_input.hpp"
#include "warden/checks/file_util.hpp"
#include "warden/checks/unicode.hpp"

#include <fmt/format.h>

namespace warden {

void check_canonical_name(const Policy& policy, const FileCheckInput& input, Findings& out) {
  const auto& canonical = policy.files.canonical_names;
  if (canonical.empty()) return;
  std::vector<std::string> folded;
  folded.reserve(canonical.size());
  for (const std::string& name : canonical) folded.push_back(fold_name(name, CaseFolding::simple));

  for (const FileEntry& entry : input.entries) {
    if (!is_reported(input, entry)) continue;
    const std::string_view name = last_component(entry.path);
    std::string folded_name;
    for (std::size_t i = 0; i < canonical.size(); ++i) {
      if (name.size() != canonical[i].size() && is_ascii(name)) continue; // cannot fold equal
      if (name == canonical[i]) break;
      if (folded_name.empty()) folded_name = fold_name(name, CaseFolding::simple);
      if (folded_name != folded[i]) continue;
      add_finding(out, Severity::error, "canonical-name", {entry.path},
                  fmt::format("{} should be named {}", name, canonical[i]));
      break;
    }
  }
}

} // namespace warden

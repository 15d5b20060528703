// file-naming: file names under a files.naming glob must match its pattern.
#include "warden/checks/file_input.hpp"
#include "warden/checks/file_util.hpp"

#include <re2/re2.h>

#include <fmt/format.h>

namespace warden {

void check_file_naming(const Policy& policy, const FileCheckInput& input, Findings& out) {
  const auto& rules = policy.files.naming;
  if (rules.empty()) return;
  for (const FileEntry& entry : input.entries) {
    if (!is_reported(input, entry)) continue;
    const std::string_view name = last_component(entry.path);
    for (const NamingRule& rule : rules) {
      if (!rule.pattern.regex || !rule.glob.matches(entry.path)) continue;
      if (RE2::PartialMatch(re2::StringPiece(name.data(), name.size()), *rule.pattern.regex)) continue;
      add_finding(out, Severity::error, "file-naming", {entry.path},
                  fmt::format("file name '{}' does not match '{}' (files.naming for '{}')", name,
                              rule.pattern.source, rule.glob.pattern()));
      break;
    }
  }
}

} // namespace warden

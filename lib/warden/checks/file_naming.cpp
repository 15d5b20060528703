// file-naming: file names under a files.naming glob must match its pattern.
#include "warden/checks/registry.hpp"
#include "warden/checks/file_util.hpp"

#include <re2/re2.h>

#include <fmt/format.h>

namespace warden {

constexpr char k_id[] = "file-naming";

namespace {

void check_file_naming(const Policy& policy, const FileCheckInput& input, Findings& out) {
  for (const FileEntry& entry : reported_entries(input)) {
    const std::string_view name = last_component(entry.path);
    for (const NamingRule& rule : policy.files.naming) {
      if (!rule.pattern.regex || !rule.glob.matches(entry.path)) continue;
      if (RE2::PartialMatch(re2::StringPiece(name.data(), name.size()), *rule.pattern.regex)) continue;
      add_finding(out, Severity::error, k_id, {entry.path},
                  fmt::format("file name '{}' does not match '{}' (files.naming for '{}')", name,
                              rule.pattern.source, rule.glob.pattern()));
      break;
    }
  }
}

} // namespace

checks::CheckSpec checks::file_naming_check() {
  return {.ids = {{k_id, "A file name that breaks its files.naming pattern"}},
          .keys = {config::files_key<&FilesPolicy::naming>("files.naming", config::KeyType::naming, "[]",
            "naming conventions per glob: {glob, pattern}, the RE2 pattern matched against the file name")},
          .enabled = is_set<&Policy::files, &FilesPolicy::naming>, .run = &check_file_naming};
}

} // namespace warden

// file-naming: file names under a files.naming glob must match its pattern.
#include "warden/checks/registry.hpp"
#include "warden/checks/file_util.hpp"

#include <re2/re2.h>

#include <fmt/format.h>

namespace warden {

constexpr char k_id[] = "file-naming";

namespace {

void check_file_naming(const Policy& policy, const FileCheckInput& input, Findings& out) {
  const auto& rules = policy.files.naming;
  if (rules.empty()) return;
  for (const FileEntry& entry : input.entries) {
    if (!is_reported(input, entry)) continue;
    const std::string_view name = last_component(entry.path);
    for (const NamingRule& rule : rules) {
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

namespace checks {

const CheckSpec& file_naming_check() {
  static const CheckSpec k_spec{
    .ids = {
      {k_id, "A file name that breaks its files.naming pattern"},
    },
    .keys = {
      config::with_field<&Policy::files, &FilesPolicy::naming>(
        {"files.naming", config::KeyType::naming, "[]", {},
         "naming conventions per glob: {glob, pattern}, the RE2 pattern matched against the file name"}),
    },
    .severity_key = {},
    .enabled = [](const Policy& p) { return !p.files.naming.empty(); },
    .reads = Reads::paths,
    .subject = Subject::files,
    .run = &check_file_naming,
  };
  return k_spec;
}

} // namespace checks

} // namespace warden

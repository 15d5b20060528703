// forbidden-path: changed paths matching a files.forbidden glob.
#include "warden/checks/registry.hpp"
#include "warden/checks/file_util.hpp"

namespace warden {

constexpr char k_id[] = "forbidden-path";

namespace {

void check_forbidden_path(const Policy& policy, const FileCheckInput& input, Findings& out) {
  const auto& forbidden = policy.files.forbidden;
  if (forbidden.empty()) return;
  for (const FileEntry& entry : input.entries) {
    if (!is_reported(input, entry)) continue;
    for (const Glob& glob : forbidden) {
      if (!glob.matches(entry.path)) continue;
      add_finding(out, Severity::error, k_id, {entry.path},
                  "matches forbidden pattern '" + glob.pattern() + "' (files.forbidden)");
      break;
    }
  }
}

} // namespace

namespace checks {

const CheckSpec& forbidden_path_check() {
  static const CheckSpec k_spec{
    .ids = {
      {k_id, "A path matching files.forbidden"},
    },
    .keys = {
      config::with_field<&Policy::files, &FilesPolicy::forbidden>(
        {"files.forbidden", config::KeyType::globs, "[\".DS_Store\", \"*.orig\", \"*.rej\"]", {},
         "gitignore-style globs no path may match"}),
    },
    .severity_key = {},
    .enabled = [](const Policy& p) { return !p.files.forbidden.empty(); },
    .reads = Reads::paths,
    .subject = Subject::files,
    .run = &check_forbidden_path,
  };
  return k_spec;
}

} // namespace checks

} // namespace warden

#pragma once
// Secret rules from a gitleaks-format TOML file (`files.secret-rules`,
// docs/secrets.md): `[[rules]]` with id, description, regex, secretGroup,
// keywords, entropy, path and their allowlists, and the global allowlist.
// Rules are added to the built-in ones; a file rule with a built-in id
// replaces that rule.
#include "warden/checks/secret_scanner.hpp"

#include <string>
#include <string_view>

namespace warden {

// Add the rules and global allowlists of `text` (a gitleaks config named
// `source_name` in messages) to `scanner`. Throws PolicyError: "FILE:LINE:COL:
// ..." for TOML syntax, "FILE: rule 'ID': ..." for a rule that does not
// compile (a lookaround, which RE2 lacks) or is incomplete.
void load_gitleaks_config(std::string_view text, const std::string& source_name, SecretScanner& scanner);

// The built-in rules plus those of `text`.
SecretScanner parse_gitleaks_config(std::string_view text, const std::string& source_name);

// The scanner for a policy's `files.secret-rules` value: the built-in rules
// alone for "", else the built-in rules plus those of the file at
// `rules_path` (repository-relative: resolved against `worktree_root`, or
// the current directory when that is empty). Each file is loaded once per
// process. Throws PolicyError when it cannot be read or does not load.
const SecretScanner& secret_scanner_for(const std::string& rules_path, const std::string& worktree_root);

} // namespace warden

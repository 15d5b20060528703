#pragma once
// The secret scanner behind the `secret` check, reusable on any text (the
// policy file's own lint, for one). The rules are in secret_rules.hpp, the
// scanner in secret_scanner.hpp, rule files in gitleaks_config.hpp
// (docs/secrets.md).
#include "warden/checks/secret_scanner.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace warden {

// Every secret the built-in rules find in `text`, in order; `kind` is the
// rule id. The secret itself is never kept.
std::vector<SecretHit> find_secrets(std::string_view text);

} // namespace warden

#pragma once
// The secret scanner behind the `secret` check, reusable on any text (the
// policy file's own lint, for one).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace warden {

struct SecretHit {
  std::string kind;   // "private key", "Discord webhook URL", ...
  std::size_t line;   // 1-based
  std::size_t column; // 1-based, in bytes
};

// Every secret found in `text`, in order. The secret itself is never kept.
std::vector<SecretHit> find_secrets(std::string_view text);

} // namespace warden

// The RE2 pattern compiler as the policy drives it: `branches: {pattern: ...}`
// with arbitrary pattern text, then matched against branch names. Input: the
// pattern, a NUL, then names split on NUL.
#include "fuzz_common.hpp"

#include "warden/config/policy.hpp"

#include <git2.h>

#include <string>

namespace {

// A YAML single-quoted scalar holding `text` (quotes doubled); line breaks
// are folded by YAML, which is fine: every byte sequence is still a pattern.
std::string single_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  git_libgit2_init();
  (void)warden::default_policy();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  const auto parts = warden::fuzz::split(warden::fuzz::as_text(data, size), '\0');
  const std::string yaml = "branches:\n  pattern: " + single_quoted(parts[0]) +
                           "\nfiles:\n  naming:\n    - glob: '*'\n      pattern: " + single_quoted(parts[0]) + "\n";
  warden::fuzz::expect_clean_rejection([&] {
    const warden::Policy policy = warden::parse_policy(yaml, ".warden.yml");
    for (std::size_t i = 1; i < parts.size(); ++i) {
      (void)policy.branches.pattern.full_match(parts[i]);
      (void)policy.files.naming.at(0).pattern.partial_match(parts[i]);
    }
  });
  return 0;
}

// The glob compiler and matcher (core/glob.hpp): globs come from the policy,
// paths from the repository. Input: the pattern, a NUL, then paths split on NUL.
#include "fuzz_common.hpp"

#include "warden/core/glob.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Patterns are short in practice; bound the work so a slow input means a
  // slow matcher, not a huge input.
  if (size > 4096) return 0;
  const auto parts = warden::fuzz::split(warden::fuzz::as_text(data, size), '\0');
  warden::fuzz::expect_clean_rejection([&] {
    const warden::Glob glob{std::string(parts[0])};
    for (std::size_t i = 1; i < parts.size(); ++i) (void)glob.matches(parts[i]);
    (void)glob.matches(parts[0]);
    (void)glob.matches("");
    (void)glob.matches("a/b/c");
  });
  return 0;
}

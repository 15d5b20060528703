#pragma once
// Shared by the libFuzzer targets: the byte input as text, and the one rule
// every target enforces: a parser of outside input may reject it only with
// warden's own errors (Error, Fatal and PolicyError: one clear message), never
// crash, hang or leak another exception.
#include "warden/core/error.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace warden::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Split `text` on `separator` (empty pieces kept).
inline std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      out.push_back(text.substr(start));
      return out;
    }
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

// Run `body`; warden's own errors are expected rejections, and an error
// message must never be empty. Anything else escapes and libFuzzer reports it.
template <typename F>
void expect_clean_rejection(F body) {
  try {
    body();
  } catch (const Fatal& e) {
    if (std::string_view(e.what()).empty()) __builtin_trap();
  } catch (const Error& e) {
    if (std::string_view(e.what()).empty()) __builtin_trap();
  }
}

} // namespace warden::fuzz

#include "warden/checks/unicode.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace warden {

namespace {

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};
using MallocString = std::unique_ptr<utf8proc_uint8_t, FreeDeleter>;

// utf8proc_map on `text` with `options`; nullopt-like empty pointer on failure.
MallocString map(std::string_view text, utf8proc_option_t options, utf8proc_ssize_t& length) {
  utf8proc_uint8_t* out = nullptr;
  length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                        static_cast<utf8proc_ssize_t>(text.size()), &out, options);
  if (length < 0) {
    std::free(out);
    return nullptr;
  }
  return MallocString(out);
}

// Simple case folding of one code point (CaseFolding.txt status C and S).
// utf8proc exposes only the full folding: when that is a single code point
// it is also the simple one; when it expands (ß -> ss), the simple folding is
// the lower-case mapping, which is what the C/S entries hold for those.
utf8proc_int32_t simple_fold(utf8proc_int32_t cp) {
  utf8proc_int32_t buffer[8];
  int boundclass = 0;
  const utf8proc_ssize_t n = utf8proc_decompose_char(cp, buffer, 8, UTF8PROC_CASEFOLD, &boundclass);
  if (n == 1) return buffer[0];
  return utf8proc_tolower(cp);
}

void append_ascii_folded(std::string& out, std::string_view name) {
  for (const char c : name) out.push_back(ascii_lower(c));
}

} // namespace

bool is_ascii(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

bool is_valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    if (*p < 0x80) {
      ++p;
      --left;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0 || cp < 0) return false;
    p += n;
    left -= n;
  }
  return true;
}

std::string to_nfc(std::string_view text) {
  if (is_ascii(text) || !is_valid_utf8(text)) return std::string(text);
  utf8proc_ssize_t length = 0;
  const MallocString nfc = map(text, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE), length);
  if (!nfc) return std::string(text);
  return std::string(reinterpret_cast<const char*>(nfc.get()), static_cast<std::size_t>(length));
}

void append_folded(std::string& out, std::string_view name, CaseFolding folding) {
  if (is_ascii(name) || !is_valid_utf8(name)) {
    append_ascii_folded(out, name);
    return;
  }
  utf8proc_ssize_t length = 0;
  if (folding == CaseFolding::full) {
    const MallocString folded =
      map(name, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD), length);
    if (!folded) {
      append_ascii_folded(out, name);
      return;
    }
    out.append(reinterpret_cast<const char*>(folded.get()), static_cast<std::size_t>(length));
    return;
  }
  // Simple: fold the canonical decomposition code point by code point, then
  // compose, so a precomposed and a decomposed letter fold alike.
  const MallocString nfd = map(name, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_DECOMPOSE), length);
  if (!nfd) {
    append_ascii_folded(out, name);
    return;
  }
  std::string folded;
  folded.reserve(static_cast<std::size_t>(length) + 4);
  const utf8proc_uint8_t* p = nfd.get();
  utf8proc_ssize_t left = length;
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) break;
    p += n;
    left -= n;
    utf8proc_uint8_t encoded[4];
    const utf8proc_ssize_t written = utf8proc_encode_char(simple_fold(cp), encoded);
    folded.append(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(written));
  }
  const MallocString nfc = map(folded, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE), length);
  if (!nfc) {
    out += folded;
    return;
  }
  out.append(reinterpret_cast<const char*>(nfc.get()), static_cast<std::size_t>(length));
}

std::string fold_name(std::string_view name, CaseFolding folding) {
  std::string out;
  append_folded(out, name, folding);
  return out;
}

} // namespace warden

#pragma once
// Unicode helpers for path names (utf8proc): validity, NFC, and the case
// folding a case-insensitive, normalization-insensitive file system applies.
#include "warden/config/policy.hpp"

#include <string>
#include <string_view>

namespace warden {

// True when every byte of `text` is below 0x80.
bool is_ascii(std::string_view text);

// True when `text` is well-formed UTF-8 (no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view text);

// The NFC form of `text`; `text` itself when it is ASCII or not valid UTF-8.
std::string to_nfc(std::string_view text);

// Append to `out` the name `name` as a case-insensitive file system sees it:
// NFD, then each code point case-folded (`folding` simple: one code point to
// one, so U+212A KELVIN SIGN joins 'k' but 'ß' stays; full: Unicode full case
// folding, so 'ß' joins "ss"), then NFC. A name that is not valid UTF-8 is
// folded by ASCII alone.
void append_folded(std::string& out, std::string_view name, CaseFolding folding);

// `append_folded` into a new string.
std::string fold_name(std::string_view name, CaseFolding folding);

// ASCII lower-case of one byte.
inline char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace warden

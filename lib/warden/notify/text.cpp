#include "warden/notify/text.hpp"

#include <fmt/core.h>

#include <cstdint>

namespace warden::notify {

namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD"; // U+FFFD
constexpr std::string_view k_ellipsis = "\xE2\x80\xA6";    // U+2026
constexpr std::string_view k_zero_width_space = "\xE2\x80\x8B";

// Decode one code point at `i`; returns its length in bytes, or 0 when the
// bytes there are not valid UTF-8 (overlong, surrogate, truncated, > U+10FFFF).
std::size_t decode(std::string_view text, std::size_t i, char32_t& code_point) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  }
  std::size_t length = 0;
  char32_t value = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    value = (value << 6) | (byte(i + k) & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  code_point = value;
  return length;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

} // namespace

std::string clean_text(std::string_view text, Newlines newlines) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t length = decode(text, i, cp);
    if (length == 0) {
      out += k_replacement;
      ++i;
      continue;
    }
    if (cp == '\n') {
      out += newlines == Newlines::keep ? '\n' : ' ';
    } else if (cp == '\t') {
      out += ' ';
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
      // dropped: terminal escapes, carriage returns, NUL, C1 controls
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

std::string neutralise_mentions(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] != '@') continue;
    const std::string_view rest = text.substr(i + 1);
    const bool everyone = rest.starts_with("everyone") || rest.starts_with("here");
    const bool user = i > 0 && text[i - 1] == '<';
    if (everyone || user) out += k_zero_width_space;
  }
  return out;
}

std::string safe_text(std::string_view text, Newlines newlines) {
  return neutralise_mentions(clean_text(text, newlines));
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && is_continuation(text[end])) --end;
  return text.substr(0, end);
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += is_continuation(c) ? 0 : 1;
  return count;
}

std::string shorten_line(std::string_view text, std::size_t max_bytes) {
  std::string line = clean_text(text, Newlines::to_space);
  if (line.size() <= max_bytes) return line;
  const std::size_t room = max_bytes > k_ellipsis.size() ? max_bytes - k_ellipsis.size() : 0;
  std::string out(utf8_prefix(line, room));
  out += k_ellipsis;
  return out;
}

std::string fit_text(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  // Room for the note, whose number has at most 20 digits.
  constexpr std::size_t k_note_room = 40;
  const std::size_t budget = max_bytes > k_note_room ? max_bytes - k_note_room : 0;
  std::size_t cut = text.rfind('\n', budget);
  if (cut != std::string_view::npos && cut > 0) {
    std::size_t dropped_lines = 0;
    for (std::size_t k = cut + 1; k < text.size(); ++k) dropped_lines += text[k] == '\n' ? 1 : 0;
    if (text.back() != '\n') ++dropped_lines;
    std::string out(text.substr(0, cut));
    out += fmt::format("\n{}and {} more line{}", k_ellipsis, dropped_lines, dropped_lines == 1 ? "" : "s");
    if (out.size() <= max_bytes) return out;
  }
  std::string out(utf8_prefix(text, budget));
  const std::size_t rest = text.size() - out.size();
  out += fmt::format("\n{}and {} more bytes", k_ellipsis, rest);
  return std::string(utf8_prefix(out, max_bytes));
}

} // namespace warden::notify

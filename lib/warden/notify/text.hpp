#pragma once
// Text that reaches a chat channel: every piece of it comes from commits,
// branches or test reports, so it is untrusted. These helpers make it valid
// UTF-8 without control characters, unable to ping anyone, and short enough.
// Lengths are counted in bytes: a byte count never under-counts Discord's
// character count, so a payload within these limits is within Discord's.
#include <cstddef>
#include <string>
#include <string_view>

namespace warden::notify {

enum class Newlines { keep, to_space };

// Return `text` as valid UTF-8 (invalid bytes become U+FFFD) without control
// characters: C0 and C1 controls and DEL are dropped, a tab becomes a space,
// newlines are kept or turned into spaces as `newlines` says.
std::string clean_text(std::string_view text, Newlines newlines = Newlines::keep);

// Break `@everyone`, `@here` and `<@...>` (user, role, channel mentions) with
// a zero-width space after the '@', so no client renders them as mentions.
std::string neutralise_mentions(std::string_view text);

// clean_text then neutralise_mentions: what every untrusted string gets.
std::string safe_text(std::string_view text, Newlines newlines = Newlines::keep);

// The longest prefix of `text` of at most `max_bytes` bytes that ends on a
// UTF-8 code point boundary.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

// Number of code points in valid UTF-8 `text`.
std::size_t utf8_length(std::string_view text);

// One line of at most `max_bytes` bytes: newlines become spaces, and a cut
// line ends with "…".
std::string shorten_line(std::string_view text, std::size_t max_bytes);

// Fit `text` into `max_bytes`: keep whole lines while they fit, then end with
// a visible "…and N more lines" (or "…and N more bytes" when a single line is
// too long). Returns `text` unchanged when it fits.
std::string fit_text(std::string_view text, std::size_t max_bytes);

} // namespace warden::notify

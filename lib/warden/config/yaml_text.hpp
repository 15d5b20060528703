#pragma once
// Text-level help for YAML that yaml-cpp would be slow at (docs/decisions.md).
#include <string>
#include <string_view>

namespace warden::config {

// `text` with its comments blanked out, line breaks kept (so positions in
// messages stay right): from a '#' that starts a line or follows a space,
// outside quotes, to the end of the line. For YAML without block scalars
// (config/default.yml): yaml-cpp spends ~150 ns on each byte it scans, and
// the comments are three quarters of the default's bytes.
std::string comments_blanked(std::string_view text);

} // namespace warden::config

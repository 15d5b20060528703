// Untrusted commit text on its way to a chat channel (notify/text.hpp and the
// Discord payload): whatever the bytes, the result is valid UTF-8 within the
// limit asked for, and the payload is valid JSON within Discord's limits.
// Input: the first byte picks a limit; the rest is the text.
#include "fuzz_common.hpp"

#include "warden/checks/unicode.hpp"
#include "warden/notify/discord.hpp"
#include "warden/notify/text.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace {

void require(bool condition) {
  if (!condition) __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace warden::notify;
  if (size < 1) return 0;
  const std::size_t limit = static_cast<std::size_t>(data[0]) * 8;
  const std::string_view text = warden::fuzz::as_text(data + 1, size - 1);

  const std::string cleaned = clean_text(text);
  require(warden::is_valid_utf8(cleaned));
  require(safe_text(text).find("@everyone") == std::string::npos);
  require(safe_text(text).find("<@") == std::string::npos || safe_text(text).find("<@\xE2\x80\x8B") != std::string::npos);

  const std::string_view prefix = utf8_prefix(cleaned, limit);
  require(prefix.size() <= limit && warden::is_valid_utf8(prefix));

  const std::string line = shorten_line(text, limit);
  require(warden::is_valid_utf8(line) && line.find('\n') == std::string::npos);
  if (limit >= 3) require(line.size() <= limit);

  const std::string fitted = fit_text(cleaned, limit);
  require(fitted.size() <= limit && warden::is_valid_utf8(fitted));

  Message message;
  message.username = std::string(text.substr(0, 100));
  message.content = std::string(text);
  Embed embed;
  embed.title = std::string(text);
  embed.description = std::string(text) + std::string(text);
  embed.author = std::string(text);
  embed.footer = std::string(text);
  for (std::size_t i = 0; i < limit % 30; ++i) embed.fields.push_back({std::string(text), std::string(text), i % 2 == 0});
  for (std::size_t i = 0; i < 1 + limit % 12; ++i) message.embeds.push_back(embed);
  const std::string payload = discord_payload(message);
  const auto json = nlohmann::json::parse(payload); // throws (and so fails) on invalid JSON
  // Empty parts are left out of the payload, as Discord wants.
  require(json.value("content", std::string()).size() <= discord_limits::k_content);
  require(!json.contains("embeds") || json.at("embeds").size() <= discord_limits::k_embeds);
  require(json.at("allowed_mentions").at("parse").empty());
  return 0;
}

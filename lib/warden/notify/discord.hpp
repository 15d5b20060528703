#pragma once
// A Discord webhook message and its JSON payload, within Discord's limits
// (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
#include <cstddef>
#include <string>
#include <vector>

namespace warden::notify {

namespace discord_limits {
constexpr std::size_t k_content = 2000;
constexpr std::size_t k_username = 80;
constexpr std::size_t k_embeds = 10;
constexpr std::size_t k_title = 256;
constexpr std::size_t k_description = 4096;
constexpr std::size_t k_fields = 25;
constexpr std::size_t k_field_name = 256;
constexpr std::size_t k_field_value = 1024;
constexpr std::size_t k_footer = 2048;
constexpr std::size_t k_author = 256;
constexpr std::size_t k_all_embeds = 6000; // title + description + fields + footer + author, all embeds
} // namespace discord_limits

struct EmbedField {
  std::string name;
  std::string value;
  bool inline_field = false;
};

struct Embed {
  std::string title;
  std::string url;         // link on the title; empty: none
  std::string description; // Markdown
  std::string author;
  std::string footer;
  std::string timestamp;   // ISO 8601; empty: none
  int colour = 0;
  std::vector<EmbedField> fields;
};

struct Message {
  std::string username;
  std::string content;
  std::vector<Embed> embeds;
};

// The JSON payload for `message`: every text cleaned and mention-safe,
// `allowed_mentions: {"parse": []}`, each limit applied (cut at UTF-8
// boundaries with a visible "…and N more").
std::string discord_payload(const Message& message);

// Colours by event and status.
namespace colours {
constexpr int k_push = 0x3498DB;
constexpr int k_tag = 0x9B59B6;
constexpr int k_merge = 0x2ECC71;
constexpr int k_success = 0x2ECC71;
constexpr int k_failure = 0xE74C3C;
constexpr int k_cancelled = 0x95A5A6;
constexpr int k_digest = 0xF1C40F;
constexpr int k_test = 0x5865F2;
} // namespace colours

} // namespace warden::notify

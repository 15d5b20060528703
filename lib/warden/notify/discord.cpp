#include "warden/notify/discord.hpp"

#include "warden/notify/text.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace warden::notify {

namespace {

namespace limits = discord_limits;

std::size_t embed_size(const Embed& embed) {
  std::size_t size = embed.title.size() + embed.description.size() + embed.footer.size() + embed.author.size();
  for (const auto& field : embed.fields) size += field.name.size() + field.value.size();
  return size;
}

std::size_t all_embeds_size(const std::vector<Embed>& embeds) {
  std::size_t size = 0;
  for (const auto& embed : embeds) size += embed_size(embed);
  return size;
}

// Clean and cut each part of one embed to its own limit.
Embed clean_embed(const Embed& in) {
  Embed out;
  out.title = shorten_line(safe_text(in.title, Newlines::to_space), limits::k_title);
  out.url = clean_text(in.url, Newlines::to_space);
  out.description = fit_text(safe_text(in.description), limits::k_description);
  out.author = shorten_line(safe_text(in.author, Newlines::to_space), limits::k_author);
  out.footer = fit_text(safe_text(in.footer), limits::k_footer);
  out.timestamp = clean_text(in.timestamp, Newlines::to_space);
  out.colour = in.colour & 0xFFFFFF;
  std::size_t kept = in.fields.size();
  if (kept > limits::k_fields) kept = limits::k_fields - 1;
  for (std::size_t i = 0; i < kept; ++i) {
    EmbedField field;
    field.name = shorten_line(safe_text(in.fields[i].name, Newlines::to_space), limits::k_field_name);
    if (field.name.empty()) field.name = "\xE2\x80\x8B";
    field.value = fit_text(safe_text(in.fields[i].value), limits::k_field_value);
    if (field.value.empty()) field.value = "\xE2\x80\x8B";
    field.inline_field = in.fields[i].inline_field;
    out.fields.push_back(std::move(field));
  }
  if (kept < in.fields.size()) {
    out.fields.push_back({"\xE2\x80\xA6", fmt::format("and {} more fields", in.fields.size() - kept), false});
  }
  return out;
}

// Bring the total of all embeds under Discord's 6000. Each step shrinks
// something or drops something, so the loop ends: the longest description
// first, then trailing fields, then footers, authors and titles, then
// trailing embeds.
void fit_all_embeds(std::vector<Embed>& embeds) {
  while (all_embeds_size(embeds) > limits::k_all_embeds) {
    const std::size_t excess = all_embeds_size(embeds) - limits::k_all_embeds;
    auto longest = std::max_element(embeds.begin(), embeds.end(), [](const Embed& a, const Embed& b) {
      return a.description.size() < b.description.size();
    });
    if (longest != embeds.end() && longest->description.size() > 200) {
      const std::size_t size = longest->description.size();
      longest->description = fit_text(longest->description, size > excess + 164 ? size - excess - 64 : 100);
      continue;
    }
    auto with_fields = std::find_if(embeds.rbegin(), embeds.rend(), [](const Embed& e) { return !e.fields.empty(); });
    if (with_fields != embeds.rend()) {
      with_fields->fields.pop_back();
      continue;
    }
    bool shortened = false;
    for (auto& embed : embeds) {
      if (embed.footer.size() > 100 || embed.author.size() > 100 || embed.title.size() > 100) {
        embed.footer = fit_text(embed.footer, 100);
        embed.author = shorten_line(embed.author, 100);
        embed.title = shorten_line(embed.title, 100);
        shortened = true;
      }
    }
    if (shortened) continue;
    if (embeds.size() <= 1) break;
    embeds.pop_back();
  }
}

} // namespace

std::string discord_payload(const Message& message) {
  std::vector<Embed> embeds;
  for (std::size_t i = 0; i < message.embeds.size() && i < limits::k_embeds; ++i) {
    embeds.push_back(clean_embed(message.embeds[i]));
  }
  fit_all_embeds(embeds);

  nlohmann::json payload;
  if (!message.username.empty()) {
    payload["username"] = shorten_line(safe_text(message.username, Newlines::to_space), limits::k_username);
  }
  std::string content = fit_text(safe_text(message.content), limits::k_content);
  if (message.embeds.size() > limits::k_embeds) {
    content = fit_text(content + fmt::format("\n\xE2\x80\xA6" "and {} more embeds", message.embeds.size() - limits::k_embeds),
                       limits::k_content);
  }
  if (!content.empty()) payload["content"] = content;
  payload["allowed_mentions"] = {{"parse", nlohmann::json::array()}};
  auto& out = payload["embeds"] = nlohmann::json::array();
  for (const auto& embed : embeds) {
    nlohmann::json e;
    if (!embed.title.empty()) e["title"] = embed.title;
    if (!embed.url.empty()) e["url"] = embed.url;
    if (!embed.description.empty()) e["description"] = embed.description;
    if (!embed.author.empty()) e["author"] = {{"name", embed.author}};
    if (!embed.footer.empty()) e["footer"] = {{"text", embed.footer}};
    if (!embed.timestamp.empty()) e["timestamp"] = embed.timestamp;
    e["color"] = embed.colour;
    if (!embed.fields.empty()) {
      auto& fields = e["fields"] = nlohmann::json::array();
      for (const auto& field : embed.fields) {
        fields.push_back({{"name", field.name}, {"value", field.value}, {"inline", field.inline_field}});
      }
    }
    out.push_back(std::move(e));
  }
  return payload.dump();
}

} // namespace warden::notify

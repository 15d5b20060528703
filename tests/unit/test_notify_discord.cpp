#include "warden/notify/discord.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace warden::notify;

namespace {

std::size_t embeds_total(const nlohmann::json& payload) {
  std::size_t total = 0;
  for (const auto& embed : payload["embeds"]) {
    total += embed.value("title", "").size() + embed.value("description", "").size();
    if (embed.contains("footer")) total += embed["footer"].value("text", "").size();
    if (embed.contains("author")) total += embed["author"].value("name", "").size();
    if (embed.contains("fields")) {
      for (const auto& field : embed["fields"]) total += field.value("name", "").size() + field.value("value", "").size();
    }
  }
  return total;
}

} // namespace

TEST_CASE("discord_payload sets allowed_mentions and neutralises mentions", "[notify]") {
  Message message;
  message.username = "warden";
  message.content = "@everyone look";
  message.embeds.push_back({"title @here", "", "<@42> did it", "", "", "", 0x123456, {}});
  const auto payload = nlohmann::json::parse(discord_payload(message));
  CHECK(payload["allowed_mentions"]["parse"] == nlohmann::json::array());
  CHECK(payload["content"].get<std::string>().find("@everyone") == std::string::npos);
  CHECK(payload["embeds"][0]["title"].get<std::string>().find("@here") == std::string::npos);
  CHECK(payload["embeds"][0]["description"].get<std::string>().find("<@42>") == std::string::npos);
  CHECK(payload["embeds"][0]["color"] == 0x123456);
}

TEST_CASE("discord_payload applies every limit", "[notify]") {
  Message message;
  message.username = std::string(200, 'u');
  message.content = std::string(5000, 'c');
  for (int e = 0; e < 12; ++e) {
    Embed embed;
    embed.title = std::string(400, 't');
    embed.description = std::string(9000, 'd');
    embed.footer = std::string(3000, 'f');
    embed.author = std::string(300, 'a');
    for (int f = 0; f < 30; ++f) embed.fields.push_back({std::string(300, 'n'), std::string(2000, 'v'), false});
    message.embeds.push_back(embed);
  }
  const auto payload = nlohmann::json::parse(discord_payload(message));
  CHECK(payload["username"].get<std::string>().size() <= 80);
  CHECK(payload["content"].get<std::string>().size() <= 2000);
  REQUIRE(payload["embeds"].size() <= 10);
  for (const auto& embed : payload["embeds"]) {
    CHECK(embed.value("title", "").size() <= 256);
    CHECK(embed.value("description", "").size() <= 4096);
    CHECK(embed["footer"]["text"].get<std::string>().size() <= 2048);
    CHECK(embed["author"]["name"].get<std::string>().size() <= 256);
    if (embed.contains("fields")) {
      CHECK(embed["fields"].size() <= 25);
      for (const auto& field : embed["fields"]) {
        CHECK(field["name"].get<std::string>().size() <= 256);
        CHECK(field["value"].get<std::string>().size() <= 1024);
      }
    }
  }
  CHECK(embeds_total(payload) <= 6000);
}

TEST_CASE("discord_payload cuts multi-byte text at code point boundaries", "[notify]") {
  Message message;
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "\xE2\x82\xAC"; // €, 3 bytes each
  message.embeds.push_back({text, "", text, "", "", "", 0, {}});
  const auto dumped = discord_payload(message); // nlohmann throws on invalid UTF-8
  const auto payload = nlohmann::json::parse(dumped);
  CHECK(payload["embeds"][0]["title"].get<std::string>().size() <= 256);
  CHECK(payload["embeds"][0]["description"].get<std::string>().size() <= 4096);
}

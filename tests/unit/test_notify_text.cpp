#include "warden/notify/text.hpp"

#include <catch2/catch.hpp>

using namespace warden::notify;

TEST_CASE("clean_text drops control characters and repairs UTF-8", "[notify]") {
  CHECK(clean_text("a\x1b[31mred\x07\r\n\tb") == "a[31mred\n b");
  CHECK(clean_text("line\nnext", Newlines::to_space) == "line next");
  CHECK(clean_text("bad \xff byte") == "bad \xEF\xBF\xBD byte");
  CHECK(clean_text("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(clean_text("c1 \xC2\x85 end") == "c1  end");
  CHECK(clean_text("overlong \xC0\xAF") == "overlong \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("neutralise_mentions breaks @everyone, @here and <@...>", "[notify]") {
  const std::string zwsp = "\xE2\x80\x8B";
  CHECK(neutralise_mentions("hi @everyone") == "hi @" + zwsp + "everyone");
  CHECK(neutralise_mentions("@here now") == "@" + zwsp + "here now");
  CHECK(neutralise_mentions("<@123> <@!4> <@&5>") == "<@" + zwsp + "123> <@" + zwsp + "!4> <@" + zwsp + "&5>");
  CHECK(neutralise_mentions("mail test@example.com") == "mail test@example.com");
}

TEST_CASE("utf8_prefix never splits a code point", "[notify]") {
  const std::string text = "a\xC3\xA9\xE2\x82\xAC"; // a é €
  CHECK(utf8_prefix(text, 2) == "a");
  CHECK(utf8_prefix(text, 3) == "a\xC3\xA9");
  CHECK(utf8_prefix(text, 5) == "a\xC3\xA9");
  CHECK(utf8_prefix(text, 6) == text);
  CHECK(utf8_length(text) == 3);
}

TEST_CASE("shorten_line cuts with an ellipsis", "[notify]") {
  CHECK(shorten_line("short", 10) == "short");
  const auto cut = shorten_line(std::string(50, 'x'), 10);
  CHECK(cut.size() <= 10);
  CHECK(cut.ends_with("\xE2\x80\xA6"));
}

TEST_CASE("fit_text keeps whole lines and says how many were left out", "[notify]") {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "line " + std::to_string(i) + "\n";
  const auto fitted = fit_text(text, 200);
  CHECK(fitted.size() <= 200);
  CHECK(fitted.find("more lines") != std::string::npos);
  CHECK(fitted.starts_with("line 0\nline 1\n"));
  CHECK(fit_text("fits", 10) == "fits");
  const auto one_line = fit_text(std::string(5000, 'y'), 100);
  CHECK(one_line.size() <= 100);
  CHECK(one_line.find("more bytes") != std::string::npos);
}

#include "warden/notify/channels.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace warden;
using namespace warden::notify;

TEST_CASE("rfc2047_header encodes non-ASCII subjects in UTF-8 words", "[notify][email]") {
  CHECK(rfc2047_header("plain subject") == "plain subject");
  CHECK(rfc2047_header("caf\xC3\xA9") == "=?UTF-8?B?Y2Fmw6k=?=");
  CHECK(rfc2047_header("line\r\nBcc: x@y") == "line Bcc: x@y"); // no header injection
  // A long subject is folded into words of at most 75 characters, never splitting a character.
  std::string long_subject;
  for (int i = 0; i < 40; ++i) long_subject += "\xC3\xA9";
  const auto encoded = rfc2047_header(long_subject);
  CHECK(encoded.find("\r\n ") != std::string::npos);
  std::size_t start = 0;
  while (start < encoded.size()) {
    auto end = encoded.find("\r\n ", start);
    const auto word = encoded.substr(start, end == std::string::npos ? std::string::npos : end - start);
    CHECK(word.size() <= 75);
    CHECK(word.starts_with("=?UTF-8?B?"));
    start = end == std::string::npos ? encoded.size() : end + 3;
  }
}

TEST_CASE("quoted_printable keeps lines short and encodes what must be", "[notify][email]") {
  CHECK(quoted_printable("a=b\n") == "a=3Db\r\n");
  CHECK(quoted_printable("caf\xC3\xA9") == "caf=C3=A9");
  CHECK(quoted_printable("trailing \nnext") == "trailing=20\r\nnext");
  CHECK(quoted_printable(".\n") == "=2E\r\n");
  const auto wrapped = quoted_printable(std::string(200, 'x'));
  std::size_t longest = 0, current = 0;
  for (char c : wrapped) {
    current = c == '\n' ? 0 : current + 1;
    longest = std::max(longest, current);
  }
  CHECK(longest <= 77);
}

TEST_CASE("rfc5322_date and mailbox_address", "[notify][email]") {
  CHECK(rfc5322_date(0) == "Thu, 01 Jan 1970 00:00:00 +0000");
  CHECK(mailbox_address("Dev Team <dev@example.com>") == "dev@example.com");
  CHECK(mailbox_address(" ops@example.com ") == "ops@example.com");
}

TEST_CASE("markdown_to_html escapes and keeps bold, code and links", "[notify][email]") {
  CHECK(markdown_to_html("**a** <b> & `x`\n[`abc`](https://h/c/abc)") ==
        "<strong>a</strong> &lt;b&gt; &amp; <code>x</code><br>\n<a href=\"https://h/c/abc\"><code>abc</code></a>");
  CHECK(markdown_to_html("[x](javascript:alert(1))") == "[x](javascript:alert(1))");
}

TEST_CASE("email_payload is a complete MIME message with a stable Message-ID", "[notify][email]") {
  Policy policy;
  policy.notify.email = EmailPolicy{{"merge"}, {"Zo\xC3\xAB <z@example.com>", "a@example.com"}, "warden <w@example.org>"};
  const nlohmann::json facts{{"title", "[r] merged caf\xC3\xA9 into main"}, {"text", "hello"}};
  const auto first = nlohmann::json::parse(email_payload("0001-2-test.json", "test", facts, policy, 0));
  const auto again = nlohmann::json::parse(email_payload("0001-2-test.json", "test", facts, policy, 0));
  CHECK(first == again);
  CHECK(first["from"] == "w@example.org");
  CHECK(first["to"] == nlohmann::json::array({"z@example.com", "a@example.com"}));
  const std::string message = first["message"];
  CHECK(message.find("Message-ID: <0001-2-test.warden@example.org>\r\n") != std::string::npos);
  CHECK(message.find("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n") != std::string::npos);
  CHECK(message.find("Subject: =?UTF-8?B?") != std::string::npos);
  CHECK(message.find("To: =?UTF-8?B?Wm/Dqw==?= <z@example.com>,\r\n a@example.com\r\n") != std::string::npos);
  CHECK(message.find("Content-Type: text/plain; charset=UTF-8") != std::string::npos);
  CHECK(message.find("Content-Type: text/html; charset=UTF-8") != std::string::npos);
}

TEST_CASE("slack_payload escapes &, < and > and keeps within Slack's limits", "[notify][slack]") {
  CHECK(slack_escape("a & <b> <!channel>") == "a &amp; &lt;b&gt; &lt;!channel&gt;");
  Policy policy;
  const nlohmann::json facts{{"title", "[r] a <title>"},
                             {"text", "**bold** & [`abc`](https://h/c) <@U1>\n" + std::string(5000, 'x')},
                             {"fields", nlohmann::json::array({{{"name", "Files"}, {"value", "a.txt"}}})}};
  const auto payload = nlohmann::json::parse(slack_payload("test", facts, policy));
  CHECK(payload["text"] == "[r] a &lt;title&gt;");
  const auto& blocks = payload["blocks"];
  REQUIRE(blocks.size() >= 3);
  CHECK(blocks[0]["type"] == "header");
  const std::string section = blocks[1]["text"]["text"];
  CHECK(section.starts_with("*bold* &amp; <https://h/c|`abc`> &lt;@U1&gt;"));
  CHECK(section.size() <= 3000);
  CHECK(blocks[2]["fields"][0]["text"] == "*Files*\na.txt");
}

// The secret scanner: the keyword prefilter, placeholders, warden:allow,
// positions and the redacted preview (docs/secrets.md).
#include "warden/checks/secret.hpp"
#include "warden/checks/secret_scanner.hpp"

#include <catch2/catch.hpp>

using warden::SecretHit;
using warden::SecretScanner;

namespace {

std::string sample(std::string_view pattern) {
  static std::uint64_t state = 2026;
  return warden::expand_sample(pattern, state);
}

std::vector<std::string> kinds(const std::vector<SecretHit>& hits) {
  std::vector<std::string> out;
  for (const auto& hit : hits) out.push_back(hit.kind);
  return out;
}

} // namespace

TEST_CASE("secret scanner: one token per provider format", "[checks][secret]") {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"slack-bot-token", sample("xoxb-{d12}-{d13}-{a24}")},
      {"slack-user-token", sample("xoxp-{d12}-{d12}-{d12}-{h32}")},
      {"gitlab-pat", sample("glpat-{w20}")},
      {"stripe-access-token", sample("sk_live_{a24}")},
      {"stripe-access-token", sample("rk_live_{a24}")},
      {"google-api-key", sample("AIza{w35}")},
      {"npm-access-token", sample("npm_{a36}")},
      {"pypi-upload-token", sample("pypi-" "AgEIcHlwaS5vcmc{w70}")},
      {"openai-api-key", sample("sk-proj-{w74}T3BlbkFJ{w74}")},
      {"openai-api-key", sample("sk-{a20}T3BlbkFJ{a20}")},
      {"anthropic-api-key", sample("sk-ant-api03-{w93}AA")},
      {"sendgrid-api-token", sample("SG.{w22}.{w43}")},
      {"twilio-api-key", sample("SK{h32}")},
      {"github-pat", sample("ghp_{a36}")},
      {"aws-access-key", sample("AKIA{z16}")},
  };
  for (const auto& [id, token] : cases) {
    INFO(id << ": " << token);
    const auto hits = warden::find_secrets("value = \"" + token + "\"\n");
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].kind == id);
    CHECK(hits[0].line == 1);
    CHECK(hits[0].column == 10);
    CHECK(hits[0].preview == token.substr(0, 4) + "\xE2\x80\xA6");
  }
}

TEST_CASE("secret scanner: the secret group is what is shown", "[checks][secret]") {
  const std::string token = sample("{h32}");
  const auto hits = warden::find_secrets(sample("url = https://AC{h32}:") + token + "@api.twilio.com/");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].kind == "twilio-auth-token");
  CHECK(hits[0].column == 50);
  CHECK(hits[0].preview == token.substr(0, 4) + "\xE2\x80\xA6");
}

TEST_CASE("secret scanner: PEM and PuTTY private keys", "[checks][secret]") {
  for (const char* type : {"RSA ", "EC ", "DSA ", "ENCRYPTED ", ""}) {
    const std::string header = std::string("-----BEGIN ") + type + "PRIVATE" " KEY-----";
    INFO(header);
    CHECK(kinds(warden::find_secrets(header + "\nMIIE\n")) == std::vector<std::string>{"private-key"});
    CHECK(kinds(warden::find_secrets(header + "\r\nMIIE\r\n")) == std::vector<std::string>{"private-key"});
    CHECK(kinds(warden::find_secrets("k = \"" + header + "\\nMIIE\"")) == std::vector<std::string>{"private-key"});
    CHECK(warden::find_secrets("if (line == \"" + header + "\") {}").empty());
  }
  CHECK(kinds(warden::find_secrets("-----BEGIN PGP PRIVATE" " KEY BLOCK-----\n")) == std::vector<std::string>{"private-key"});
  CHECK(kinds(warden::find_secrets("-----BEGIN OPENSSH PRIVATE" " KEY-----\n")) ==
        std::vector<std::string>{"openssh-private-key"});
  CHECK(kinds(warden::find_secrets("PuTTY-User-Key-File-" "2: ssh-rsa\nEncryption: none\n")) ==
        std::vector<std::string>{"putty-private-key"});
  CHECK(kinds(warden::find_secrets("PuTTY-User-Key-File-" "3: ecdsa-sha2-nistp256\n")) ==
        std::vector<std::string>{"putty-private-key"});
  CHECK(warden::find_secrets("-----BEGIN PUBLIC KEY-----\nMIIB\n").empty());
  CHECK(warden::find_secrets("BEGIN PUBLIC KEY").empty());
}

TEST_CASE("secret scanner: placeholders are not findings", "[checks][secret]") {
  CHECK(warden::find_secrets("ghp_" + std::string(36, 'x')).empty());
  CHECK(warden::find_secrets("ghp_" + std::string(36, 'a')).empty());
  CHECK(warden::find_secrets("key = AKIAIOSFODNN7" "EXAMPLE").empty());
  CHECK(warden::find_secrets("sk_live_" + sample("{a8}") + "EXAMPLE" + sample("{a12}")).empty());
  CHECK(warden::find_secrets("sk_live_" + sample("{a8}") + "example" + sample("{a12}")).empty());
  CHECK(warden::find_secrets("sk_live_" + sample("{a8}") + "placeholder" + sample("{a12}")).empty());
  CHECK(warden::find_secrets("sk_live_" + sample("{a8}") + "dummy" + sample("{a16}")).empty());
  CHECK(warden::find_secrets("xoxb-" + sample("{d12}-{d13}-") + std::string(24, 'x')).empty());
  CHECK(warden::is_placeholder_secret("ghp_" + std::string(36, 'x'), {"ghp_"}));
  CHECK(warden::is_placeholder_secret(std::string("wJalrXUtnFEMI/K7MDENG/") + "bPxRfiCYEXAMPLEKEY"));
  CHECK(!warden::is_placeholder_secret(sample("ghp_{a36}"), {"ghp_"}));
  // The documented example id stays harmless after the old near-miss shape.
  CHECK(warden::find_secrets("key = AKIA" "IOSFODNN7EXAMPL3").size() == 1);
}

TEST_CASE("secret scanner: warden:allow, positions, several hits", "[checks][secret]") {
  const std::string gh = sample("ghp_{a36}");
  const std::string aws = sample("AKIA{z16}");
  CHECK(warden::find_secrets("token = " + gh + "  # warden:allow test fixture").empty());
  CHECK(warden::find_secrets("// warden:allow\ntoken = " + gh).size() == 1); // the marker covers its own line only

  const auto hits = warden::find_secrets("a\nb\n  " + aws + "\n" + gh + " " + sample("ghp_{a36}") + "\n");
  REQUIRE(hits.size() == 3);
  CHECK(hits[0].kind == "aws-access-key");
  CHECK(hits[0].line == 3);
  CHECK(hits[0].column == 3);
  CHECK(hits[1].kind == "github-pat");
  CHECK(hits[1].line == 4);
  CHECK(hits[1].column == 1);
  CHECK(hits[2].line == 4);
  CHECK(hits[2].column == 42);
  for (const auto& hit : hits) CHECK(hit.preview.size() == 4 + 3);
  CHECK(hits[0].preview == "AKIA\xE2\x80\xA6");
}

TEST_CASE("secret scanner: keywords shadowing one another", "[checks][secret]") {
  // "sk" (Twilio) sits inside longer keywords; both rules must still be tried.
  const std::string line = sample("sk_live_{a24} SK{h32}");
  const auto hits = warden::find_secrets(line);
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].kind == "stripe-access-token");
  CHECK(hits[1].kind == "twilio-api-key");
}

TEST_CASE("secret scanner: helpers", "[checks][secret]") {
  CHECK(warden::shannon_entropy("") == 0);
  CHECK(warden::shannon_entropy("aaaa") == 0);
  CHECK(warden::shannon_entropy("abcd") == Approx(2.0));
  CHECK(warden::redact_secret("ghp_abcdefghijklmnop") == "ghp_\xE2\x80\xA6");
  CHECK(warden::redact_secret("abcdefgh") == "ab\xE2\x80\xA6");
  CHECK(warden::redact_secret("") == "\xE2\x80\xA6");
}

TEST_CASE("secret scanner: added rules, keyword-less and path rules", "[checks][secret]") {
  SecretScanner scanner;
  warden::SecretRule plain;
  plain.id = "custom-token";
  plain.regex = R"(\b(ctk_[0-9a-f]{16})\b)";
  plain.keywords = {"CTK_"};
  scanner.add_rule(plain);
  warden::SecretRule no_keywords;
  no_keywords.id = "internal-id";
  no_keywords.regex = R"(^INTERNAL-([0-9]{6})$)";
  scanner.add_rule(no_keywords);
  warden::SecretRule by_path;
  by_path.id = "keystore";
  by_path.path = R"(\.jks$)";
  scanner.add_rule(by_path);
  CHECK(scanner.size() == 3);

  const auto hits = scanner.scan("x ctk_0123456789abcdef\nINTERNAL-483920\nfoo INTERNAL-483920\n", "a/b.jks");
  REQUIRE(hits.size() == 3);
  CHECK(hits[0].kind == "keystore");
  CHECK(hits[0].line == 0);
  CHECK(hits[1].kind == "custom-token");
  CHECK(hits[2].kind == "internal-id");
  CHECK(hits[2].line == 2);
  CHECK(scanner.scan("", "b.txt").empty());

  warden::SecretRule bad;
  bad.id = "bad";
  bad.regex = "(?=x)";
  CHECK_THROWS_WITH(scanner.add_rule(bad), Catch::Contains("rule 'bad'") && Catch::Contains("lookaround"));
  bad.regex = "(unclosed";
  CHECK_THROWS_WITH(scanner.add_rule(bad), Catch::Contains("rule 'bad'") && Catch::Contains("does not compile"));
  bad.regex = "(a)";
  bad.secret_group = 2;
  CHECK_THROWS_WITH(scanner.add_rule(bad), Catch::Contains("secretGroup"));
}

TEST_CASE("secret scanner: a 1 MB blob of ordinary text has no findings", "[checks][secret]") {
  std::string text;
  while (text.size() < (1u << 20))
    text += "the task asks each desk to ask: heroku, mailgun, twilio and -----begin are words; sk = 1; key: value\n";
  CHECK(warden::find_secrets(text).empty());
}

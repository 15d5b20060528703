// secret and its scanner (checks/secret.cpp).
#include "check_runner.hpp"

#include "warden/checks/secret.hpp"
#include "warden/checks/secret_rules.hpp"

using namespace warden::test;

TEST_CASE("find_secrets", "[checks][secret]") {
  const std::string key = "-----BEGIN " "RSA PRIVATE KEY-----\nMIIE\n-----END RSA " "PRIVATE KEY-----\n";
  CHECK(warden::find_secrets(key).size() == 1);
  CHECK(warden::find_secrets("-----BEGIN " "OPENSSH PRIVATE KEY-----").size() == 1);
  CHECK(warden::find_secrets("-----BEGIN " "PRIVATE KEY-----").size() == 1);
  CHECK(warden::find_secrets("-----BEGIN " "PGP PRIVATE KEY BLOCK-----").size() == 1);
  // An embedded key in a string literal counts; a comparison with the header does not.
  CHECK(warden::find_secrets("k = \"-----BEGIN " "EC PRIVATE KEY-----\\nMHc\"").size() == 1);
  CHECK(warden::find_secrets("if (l == \"-----BEGIN " "RSA PRIVATE KEY-----\") {}").empty());
  CHECK(warden::find_secrets("-----BEGIN PUBLIC KEY-----").empty());
  CHECK(warden::find_secrets("BEGIN PUBLIC KEY").empty());

  std::uint64_t seed = 11;
  const std::string token = warden::expand_sample("{w68}", seed);
  CHECK(warden::find_secrets("url: https://discord.com/api/webhooks/123456789012345678/" + token).size() == 1);
  CHECK(warden::find_secrets("https://canary.discordapp.com/api/" "webhooks/1234/abcdefgh_-XY").size() == 1);
  CHECK(warden::find_secrets("https://discord.com/api/webhooks/123456789012345678/").empty());
  CHECK(warden::find_secrets("https://discord.com/api/webhooks/ID/TOKEN").empty());
  CHECK(warden::find_secrets("https://discord.com/api/webhooks/<id>/<token>").empty());

  CHECK(warden::find_secrets("https://hooks.slack.com/" "services/T0123ABCD/B0123ABCD/abcdefghijklmnopqrstuvwx").size() == 1);
  CHECK(warden::find_secrets("https://hooks.slack.com/services/...").empty());

  CHECK(warden::find_secrets("key = AKIA" "IOSFODNN7EXAMPL3").size() == 1);
  CHECK(warden::find_secrets("key = ASIA" "IOSFODNN7EXAMPL3").size() == 1);
  CHECK(warden::find_secrets("key = AKIA" "IOSFODNN7EXAMPL").empty());   // 15 characters
  CHECK(warden::find_secrets("key = AKIA" "IOSFODNN7EXAMPL33").empty()); // 17 characters
  CHECK(warden::find_secrets("key = xAKIAIOSFODNN7EXAMPL3").empty());
  CHECK(warden::find_secrets("key = AKIA" "IOSFODNN7EXAMPLE").empty());  // AWS's documented example

  CHECK(warden::find_secrets(warden::expand_sample("ghp_{a36}", seed)).size() == 1);
  CHECK(warden::find_secrets(warden::expand_sample("gho_{a36}", seed)).size() == 1);
  CHECK(warden::find_secrets("ghp_" + std::string(36, 'a')).empty()); // a placeholder
  CHECK(warden::find_secrets(warden::expand_sample("ghp_{a35}", seed)).empty());
  CHECK(warden::find_secrets(warden::expand_sample("github_pat_{a22}_{a59}", seed)).size() == 1);

  const auto hits = warden::find_secrets("a\nb\n  AKIA" "IOSFODNN7EXAMPL3\n" + warden::expand_sample("ghp_{a36}", seed));
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].kind == "aws-access-key");
  CHECK(hits[0].line == 3);
  CHECK(hits[0].column == 3);
  CHECK(hits[1].kind == "github-pat");
  CHECK(hits[1].line == 4);
}

TEST_CASE("check_secret", "[checks][secret]") {
  const std::string aws = "AKIA" "IOSFODNN7EXAMPL3";
  InputBuilder b;
  b.add("config.env", Change::changed, "x=1\nAWS=" + aws + "\nAWS2=" + aws + "\n");
  b.add("clean.txt", Change::changed, "nothing here, BEGIN PUBLIC KEY\n");
  b.add("old.env", Change::unchanged, aws);
  const auto out = run("secret", b);
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "secret");
  CHECK(out[0].paths == Paths{"config.env"});
  CHECK(out[0].message == "aws-access-key at line 2 (AKIA\xE2\x80\xA6) (2 in all); remove it and revoke it");
  CHECK(out[0].message.find(aws) == std::string::npos);
  Policy off;
  off.files.secret = Severity::off;
  CHECK(run("secret", b, off).empty());
  b.report_all();
  CHECK(run("secret", b).size() == 2);
}

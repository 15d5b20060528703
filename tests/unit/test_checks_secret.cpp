// secret and its scanner (checks/secret.cpp).
#include "check_runner.hpp"

#include "warden/checks/secret.hpp"

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

  const std::string token(68, 'A');
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

  CHECK(warden::find_secrets("ghp_" + std::string(36, 'a')).size() == 1);
  CHECK(warden::find_secrets("gho_" + std::string(40, 'Z')).size() == 1);
  CHECK(warden::find_secrets("ghp_" + std::string(35, 'a')).empty());
  CHECK(warden::find_secrets("github_pat_" + std::string(22, 'a') + "_" + std::string(59, 'b')).size() == 1);

  const auto hits = warden::find_secrets("a\nb\n  AKIA" "IOSFODNN7EXAMPL3\nghp_" + std::string(36, 'a'));
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].kind == "AWS access key id");
  CHECK(hits[0].line == 3);
  CHECK(hits[0].column == 3);
  CHECK(hits[1].kind == "GitHub token");
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
  CHECK(out[0].message.find("AWS access key id at line 2") != std::string::npos);
  CHECK(out[0].message.find(aws) == std::string::npos);
  Policy off;
  off.files.secret = Severity::off;
  CHECK(run("secret", b, off).empty());
  b.report_all();
  CHECK(run("secret", b).size() == 2);
}

// secret and its scanner (checks/secret.cpp).
#include "check_runner.hpp"

#include "warden/checks/secret.hpp"
#include "warden/checks/secret_rules.hpp"
#include "warden/core/error.hpp"

#include <filesystem>
#include <fstream>
#include <map>

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
  CHECK(out[0].line == std::optional<std::size_t>(2));
  CHECK(out[0].rule == "aws-access-key");
  Policy off;
  off.files.secret = Severity::off;
  CHECK(run("secret", b, off).empty());
  b.report_all();
  CHECK(run("secret", b).size() == 2);
}

namespace {

// A directory standing for a worktree root, holding `files` (name -> text).
std::string worktree_with(const std::string& name, const std::map<std::string, std::string>& files) {
  const auto dir = std::filesystem::temp_directory_path() / ("warden-secret-rules-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const auto& [path, text] : files) std::ofstream(dir / path, std::ios::binary) << text;
  return dir.string();
}

warden::Findings run_in(InputBuilder& builder, const Policy& policy, const std::string& root) {
  warden::FileCheckInput input = builder.input();
  input.worktree_root = root;
  warden::Findings out;
  warden::checks::find("secret")->run(policy, input, out);
  return out;
}

} // namespace

TEST_CASE("check_secret: files.secret-rules, read from the worktree", "[checks][secret]") {
  const std::string root = worktree_with("custom", {{"rules.toml", "[[rules]]\n"
                                                                   "id = \"acme-api-key\"\n"
                                                                   "description = \"An Acme API key\"\n"
                                                                   "regex = '''acme_[0-9a-f]{32}'''\n"
                                                                   "keywords = [\"acme_\"]\n"}});
  std::uint64_t seed = 5;
  InputBuilder b;
  b.add("app.cfg", Change::changed, "a\nb\nkey = " + warden::expand_sample("acme_{h32}", seed) + "\n");
  Policy policy;
  policy.files.secret_rules = "rules.toml";
  const auto out = run_in(b, policy, root);
  REQUIRE(out.size() == 1);
  CHECK(out[0].message == "acme-api-key at line 3 (acme\xE2\x80\xA6); remove it and revoke it");
  CHECK(out[0].rule == "acme-api-key");
  CHECK(out[0].line == std::optional<std::size_t>(3));
  // No worktree (pre-receive in a bare repository): the built-in rules alone.
  CHECK(run_in(b, policy, "").empty());
  // Without the key, the built-in rules alone.
  CHECK(run_in(b, Policy{}, root).empty());
}

TEST_CASE("check_secret: a rule file that does not load is a policy error", "[checks][secret]") {
  const std::string root = worktree_with("lookahead", {{"bad.toml", "[[rules]]\n"
                                                                    "id = \"ahead\"\n"
                                                                    "regex = '''key(?=[0-9])'''\n"}});
  InputBuilder b;
  b.add("a.txt", Change::changed, "key1\n");
  Policy policy;
  policy.files.secret_rules = "bad.toml";
  try {
    run_in(b, policy, root);
    FAIL("no PolicyError");
  } catch (const warden::PolicyError& e) {
    CHECK(std::string(e.what()).starts_with("bad.toml: rule 'ahead': "));
  }
  policy.files.secret_rules = "missing.toml";
  CHECK_THROWS_AS(run_in(b, policy, root), warden::PolicyError);
  CHECK_THROWS_WITH(run_in(b, policy, root), "missing.toml: cannot read the secret rules (files.secret-rules)");
}

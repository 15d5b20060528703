// gitleaks-format rule files (docs/secrets.md): what loads, what is refused
// and how the loaded rules scan.
#include "warden/checks/gitleaks_config.hpp"

#include "warden/core/error.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

namespace {

std::string sample(std::string_view pattern) {
  static std::uint64_t state = 99;
  return warden::expand_sample(pattern, state);
}

std::vector<std::string> kinds(const std::vector<warden::SecretHit>& hits) {
  std::vector<std::string> out;
  for (const auto& hit : hits) out.push_back(hit.kind);
  return out;
}

constexpr std::string_view k_config = R"toml(
title = "team rules"

[extend]
useDefault = true

[allowlist]
description = "global"
paths = ['''(^|/)testdata/''']
stopwords = ["notreal"]

[[rules]]
id = "acme-api-key"
description = "An Acme API key"
regex = '''\b(acme_[0-9a-f]{32})\b'''
keywords = ["acme_"]
entropy = 2.5
tags = ["api"]

[[rules]]
id = "acme-password"
description = "An Acme password assignment"
regex = '''(?i)acme_password\s*=\s*"([^"]{8,})"'''
secretGroup = 1
keywords = ["acme_password"]
  [[rules.allowlists]]
  regexes = ['''^\$\{''']
  [[rules.allowlists]]
  paths = ['''\.md$''']

[[rules]]
id = "acme-legacy"
regex = '''ACME-LEGACY-([0-9]{10})'''
path = '''\.cfg$'''
keywords = ["acme-legacy-"]
  [rules.allowlist]
  stopwords = ["0123456789"]
  condition = "OR"

[[rules]]
id = "acme-keystore"
description = "An Acme keystore file"
path = '''\.acmeks$'''
)toml";

} // namespace

TEST_CASE("gitleaks config: rules, allowlists, paths", "[checks][secret][gitleaks]") {
  const warden::SecretScanner scanner = warden::parse_gitleaks_config(k_config, "rules.toml");
  CHECK(scanner.size() == warden::SecretScanner::builtin().size() + 4);

  const std::string acme = "acme_" + sample("{h32}");
  CHECK(kinds(scanner.scan("key = " + acme, "src/a.py")) == std::vector<std::string>{"acme-api-key"});
  CHECK(scanner.scan("key = acme_" + std::string(32, '0'), "src/a.py").empty()); // entropy, placeholder
  CHECK(scanner.scan("key = " + acme, "testdata/a.py").empty());                // global allowlist path
  CHECK(scanner.scan("key = " + acme + " notreal", "src/a.py").size() == 1);   // stopword looks at the secret only
  CHECK(scanner.scan("key = acme_notreal" + sample("{h24}"), "src/a.py").empty());
  // Built-in rules still apply.
  CHECK(kinds(scanner.scan(sample("ghp_{a36}"), "src/a.py")) == std::vector<std::string>{"github-pat"});

  const auto password = scanner.scan("ACME_PASSWORD = \"" + sample("{a16}") + "\"", "app.ini");
  REQUIRE(password.size() == 1);
  CHECK(password[0].kind == "acme-password");
  CHECK(password[0].column == 18); // the secret group, not the whole match
  CHECK(scanner.scan("acme_password = \"${FROM_ENV_VAR}\"", "app.ini").empty());
  CHECK(scanner.scan("acme_password = \"" + sample("{a16}") + "\"", "README.md").empty());

  CHECK(kinds(scanner.scan("x ACME-LEGACY-" + sample("{d10}"), "a.cfg")) == std::vector<std::string>{"acme-legacy"});
  CHECK(scanner.scan("x ACME-LEGACY-" + sample("{d10}"), "a.txt").empty()); // the rule's path
  CHECK(scanner.scan("x ACME-LEGACY-0123456789", "a.cfg").empty());          // stopword

  const auto file = scanner.scan("anything", "keys/prod.acmeks");
  REQUIRE(file.size() == 1);
  CHECK(file[0].kind == "acme-keystore");
  CHECK(file[0].line == 0);
}

TEST_CASE("gitleaks config: a file rule with a built-in id replaces it", "[checks][secret][gitleaks]") {
  const warden::SecretScanner scanner = warden::parse_gitleaks_config(R"toml(
[[rules]]
id = "github-pat"
regex = '''\bghp_[0-9A-Za-z]{40}\b'''
keywords = ["ghp_"]
)toml", "rules.toml");
  CHECK(scanner.size() == warden::SecretScanner::builtin().size());
  CHECK(scanner.scan(sample("ghp_{a36}")).empty());
  CHECK(scanner.scan(sample("ghp_{a40}")).size() == 1);
}

TEST_CASE("gitleaks config: errors name the file and the rule", "[checks][secret][gitleaks]") {
  using Catch::Contains;
  const auto error = [](std::string_view text) {
    try {
      (void)warden::parse_gitleaks_config(text, "rules.toml");
    } catch (const warden::PolicyError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  CHECK_THAT(error("[[rules]]\nid = \"look\"\nregex = '''foo(?=bar)'''\n"),
             Contains("rules.toml: rule 'look':") && Contains("lookaround"));
  CHECK_THAT(error("[[rules]]\nid = \"behind\"\nregex = '''(?<!x)foo'''\n"), Contains("rule 'behind'"));
  CHECK_THAT(error("[[rules]]\nid = \"broken\"\nregex = '''(foo'''\n"),
             Contains("rules.toml: rule 'broken': the regex does not compile"));
  CHECK_THAT(error("[[rules]]\nid = \"group\"\nregex = '''(a)'''\nsecretGroup = 3\n"),
             Contains("rule 'group'") && Contains("secretGroup"));
  CHECK_THAT(error("[[rules]]\nid = \"allow\"\nregex = 'a'\n[[rules.allowlists]]\nregexes = ['(x']\n"),
             Contains("rule 'allow'") && Contains("allowlist regex"));
  CHECK_THAT(error("[[rules]]\nid = \"nothing\"\n"), Contains("rule 'nothing': needs a `regex` or a `path`"));
  CHECK_THAT(error("[[rules]]\nregex = 'a'\n"), Contains("rules.toml: rule 1 has no `id`"));
  CHECK_THAT(error("[[rules]]\nid = \"kw\"\nregex = 'a'\nkeywords = \"a\"\n"),
             Contains("rule 'kw': `keywords` must be an array of strings"));
  CHECK_THAT(error("[[rules]]\nid = \"e\"\nregex = 'a'\nentropy = \"high\"\n"), Contains("`entropy` must be a number"));
  CHECK_THAT(error("[[rules]]\nid = \"c\"\nregex = 'a'\n[[rules.required]]\nid = \"x\"\n"),
             Contains("rule 'c': `required`"));
  CHECK_THAT(error("[[allowlists]]\ntargetRules = [\"x\"]\npaths = ['a']\n"), Contains("`targetRules`"));
  CHECK_THAT(error("rules = 3\n"), Contains("`rules` must be an array of tables"));
  CHECK_THAT(error("[[rules]\nid = 1\n"), Contains("rules.toml:1:"));
  // toml++ 3.3 asserts or reaches undefined behaviour on these (found by
  // tests/fuzz/fuzz_gitleaks_config.cpp): both must be clean errors.
  CHECK_THAT(error("[[=rules"), Contains("rules.toml"));
  CHECK_THAT(error("[[rules]]\nid = \"caf\xC3\xA9\"\n"), Contains("rules.toml:2: only ASCII"));
  CHECK_THAT(error("[les] \xC6\xB3""E\nregex = ["), Contains("rules.toml:1: only ASCII"));
  CHECK(error("") == "(no error)");
  CHECK(error("title = \"empty\"\n[extend]\nuseDefault = true\n") == "(no error)");
}

TEST_CASE("gitleaks config: secret_scanner_for", "[checks][secret][gitleaks]") {
  CHECK(&warden::secret_scanner_for("", "") == &warden::SecretScanner::builtin());
  const auto dir = std::filesystem::temp_directory_path() / ("warden-gitleaks-" + sample("{l12}"));
  std::filesystem::create_directories(dir / "ci");
  {
    std::ofstream out(dir / "ci" / "gitleaks.toml");
    out << k_config;
  }
  const warden::SecretScanner& loaded = warden::secret_scanner_for("ci/gitleaks.toml", dir.string());
  CHECK(loaded.size() == warden::SecretScanner::builtin().size() + 4);
  CHECK(&warden::secret_scanner_for("ci/gitleaks.toml", dir.string()) == &loaded); // loaded once
  CHECK_THROWS_WITH(warden::secret_scanner_for("missing.toml", dir.string()),
                    Catch::Contains("missing.toml: cannot read"));
  std::filesystem::remove_all(dir);
}

#include "capture_output.hpp"
#include "git_test_repo.hpp"

#include "warden/hook/output.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

using namespace warden;
using test::OutFile;

namespace {


Finding finding(Severity severity, std::string id, std::vector<std::string> paths, std::string message) {
  return Finding{severity, std::move(id), std::move(paths), std::move(message)};
}

const std::string k_hint_all = "hint: fix the findings above, or bypass with WARDEN_SKIP=<check-id>[,...] (WARDEN_SKIP=all)";

} // namespace

TEST_CASE("escape_path", "[hook][output]") {
  test::TempDir dir;
  CHECK(escape_path("plain/path.txt") == "plain/path.txt");
  CHECK(escape_path("a\nb") == "a\\nb");
  CHECK(escape_path("a\tb\rc") == "a\\tb\\rc");
  CHECK(escape_path("back\\slash") == "back\\\\slash");
  CHECK(escape_path("\x1b[31mred") == "\\x1b[31mred");
  CHECK(escape_path(std::string("nul\0byte", 8)) == "nul\\x00byte");
  CHECK(escape_path("del\x7f") == "del\\x7f");
  // UTF-8 and invalid bytes are kept raw.
  CHECK(escape_path("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(escape_path("bad\xff") == "bad\xff");
  CHECK(escape_path("") == "");
}

TEST_CASE("sort_findings", "[hook][output]") {
  test::TempDir dir;
  Findings findings{
      finding(Severity::warn, "a-check", {"z"}, "w"),
      finding(Severity::error, "secret", {"b"}, "s"),
      finding(Severity::error, "case-collision", {"y"}, "c2"),
      finding(Severity::error, "case-collision", {"x"}, "c1"),
  };
  sort_findings(findings);
  REQUIRE(findings.size() == 4);
  CHECK(findings[0].message == "c1");
  CHECK(findings[1].message == "c2");
  CHECK(findings[2].message == "s");
  CHECK(findings[3].message == "w");
}

TEST_CASE("print_findings prints one line per finding, the summary and the pre-commit hint", "[hook][output]") {
  OutFile out;
  const Findings findings{
      finding(Severity::error, "case-collision", {"A.txt", "a.txt"}, "paths collide"),
      finding(Severity::warn, "large-file", {"big.bin"}, "12 MB"),
  };
  print_findings(findings, out.file, "pre-commit", Colour::never, SkipList{});
  CHECK(out.text() == "error[case-collision] A.txt, a.txt: paths collide\n"
                      "warn[large-file] big.bin: 12 MB\n"
                      "warden pre-commit: 1 error, 1 warning\n" +
                          k_hint_all + " or `git commit --no-verify`\n");
}

TEST_CASE("print_findings counts in the plural and writes '-' for a finding without paths", "[hook][output]") {
  OutFile out;
  const Findings findings{
      finding(Severity::error, "remote-head", {}, "origin/HEAD is missing"),
      finding(Severity::error, "secret", {"key.pem"}, "a private key"),
  };
  print_findings(findings, out.file, "pre-push", Colour::never, SkipList{});
  CHECK(out.text() == "error[remote-head] -: origin/HEAD is missing\n"
                      "error[secret] key.pem: a private key\n"
                      "warden pre-push: 2 errors, 0 warnings\n" +
                          k_hint_all + " or `git push --no-verify`\n");
}

TEST_CASE("print_findings gives each hook its own hint", "[hook][output]") {
  const Findings findings{finding(Severity::error, "secret", {"k"}, "m")};
  SECTION("pre-receive names the server's policy, no bypass") {
    OutFile out;
    print_findings(findings, out.file, "pre-receive", Colour::never, SkipList{});
    CHECK(out.text() == "error[secret] k: m\n"
                        "warden pre-receive: 1 error, 0 warnings\n"
                        "hint: the server's policy refused this push; fix the findings above and push again\n");
  }
  SECTION("post-merge and check name WARDEN_SKIP only") {
    for (const std::string hook : {"post-merge", "check"}) {
      OutFile out;
      print_findings(findings, out.file, hook, Colour::never, SkipList{});
      CHECK(out.text() == "error[secret] k: m\nwarden " + hook + ": 1 error, 0 warnings\n" + k_hint_all + "\n");
    }
  }
}

TEST_CASE("print_findings prints no hint when only warnings are left", "[hook][output]") {
  OutFile out;
  print_findings({finding(Severity::warn, "path-length", {"long"}, "too long")}, out.file, "pre-commit", Colour::never,
                 SkipList{});
  CHECK(out.text() == "warn[path-length] long: too long\nwarden pre-commit: 0 errors, 1 warning\n");
}

TEST_CASE("print_findings prints nothing for no findings", "[hook][output]") {
  OutFile out;
  print_findings({}, out.file, "pre-commit", Colour::always, SkipList::parse("no-such-check"));
  CHECK(out.text().empty());
}

TEST_CASE("print_findings escapes control characters in paths", "[hook][output]") {
  OutFile out;
  print_findings({finding(Severity::warn, "portable-name", {"a\nb", "c\x1b"}, "bad")}, out.file, "check",
                 Colour::never, SkipList{});
  CHECK(out.text() == "warn[portable-name] a\\nb, c\\x1b: bad\nwarden check: 0 errors, 1 warning\n");
}

TEST_CASE("print_findings colours with Colour::always and never with Colour::never", "[hook][output]") {
  const Findings findings{
      finding(Severity::error, "secret", {"k"}, "m"),
      finding(Severity::warn, "large-file", {"b"}, "n"),
  };
  SECTION("always") {
    test::ScopedEnv no_colour("NO_COLOR", "1"); // always wins over NO_COLOR
    OutFile out;
    print_findings(findings, out.file, "check", Colour::always, SkipList{});
    CHECK(out.text() == "\x1b[31merror[secret]\x1b[0m \x1b[1mk\x1b[0m: m\n"
                        "\x1b[33mwarn[large-file]\x1b[0m \x1b[1mb\x1b[0m: n\n"
                        "warden check: 1 error, 1 warning\n" +
                            k_hint_all + "\n");
  }
  SECTION("never") {
    OutFile out;
    print_findings(findings, out.file, "check", Colour::never, SkipList{});
    const std::string text = out.text();
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.rfind("error[secret] k: m\nwarn[large-file] b: n\n", 0) == 0);
  }
  SECTION("automatic on a file that is not a terminal") {
    test::ScopedEnv no_colour("NO_COLOR", std::nullopt);
    OutFile out;
    print_findings(findings, out.file, "check", Colour::automatic, SkipList{});
    CHECK(out.text().find('\x1b') == std::string::npos);
  }
}

TEST_CASE("print_findings reports the WARDEN_SKIP ids that name no check", "[hook][output]") {
  OutFile out;
  const SkipList skip = SkipList::parse("secret, no-such-check,typo\n");
  print_findings({finding(Severity::error, "case-collision", {"a"}, "m")}, out.file, "pre-commit", Colour::never,
                 skip);
  CHECK(out.text() == "error[case-collision] a: m\n"
                      "warden pre-commit: WARDEN_SKIP names no check 'no-such-check' (ignored)\n"
                      "warden pre-commit: WARDEN_SKIP names no check 'typo\\n' (ignored)\n"
                      "warden pre-commit: 1 error, 0 warnings\n" +
                          k_hint_all + " or `git commit --no-verify`\n");
}

TEST_CASE("exit_code_for", "[hook][output]") {
  test::TempDir dir;
  CHECK(exit_code_for({}) == 0);
  CHECK(exit_code_for({finding(Severity::warn, "large-file", {"a"}, "m")}) == 0);
  CHECK(exit_code_for({finding(Severity::warn, "large-file", {"a"}, "m"), finding(Severity::error, "secret", {}, "m")}) ==
        1);
  CHECK(exit_code_for({finding(Severity::error, "secret", {}, "m")}) == 1);
}

TEST_CASE("print_findings names warden fix when it can repair some of the findings", "[hook][output]") {
  const Findings findings{finding(Severity::error, "canonical-name", {"readme.md"}, "readme.md should be named README.md")};
  {
    OutFile out;
    print_findings(findings, out.file, "pre-commit", Colour::never, SkipList{}, 1);
    CHECK(out.text().find("hint: `warden fix` can repair 1 of these (preview: warden fix --dry-run)\n") !=
          std::string::npos);
  }
  OutFile out;
  print_findings(findings, out.file, "pre-commit", Colour::never, SkipList{}, 0);
  CHECK(out.text().find("warden fix") == std::string::npos);
  OutFile fix;
  print_findings(findings, fix.file, "fix", Colour::never, SkipList{});
  CHECK(fix.text().find("hint: warden fix leaves these to you") != std::string::npos);
  CHECK(fix.text().find("WARDEN_SKIP") == std::string::npos);
}

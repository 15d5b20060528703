// The files-section checks other than the collisions (test_checks_case_collision.cpp).
#include "fake_blobs.hpp"

#include "warden/checks/file_input.hpp"
#include "warden/checks/secret.hpp"

#include <re2/re2.h>

#include <catch2/catch.hpp>

using warden::Policy;
using warden::Severity;
using warden::test::Change;
using warden::test::InputBuilder;
using Paths = std::vector<std::string>;

namespace {

using CheckFn = void (*)(const Policy&, const warden::FileCheckInput&, warden::Findings&);

warden::Findings run(CheckFn check, InputBuilder& builder, const Policy& policy = Policy{}) {
  warden::Findings out;
  check(policy, builder.input(), out);
  return out;
}

warden::Pattern pattern(const std::string& source) {
  return warden::Pattern{source, std::make_shared<const re2::RE2>(source)};
}

} // namespace

TEST_CASE("add_finding", "[checks][finding]") {
  warden::Findings out;
  warden::add_finding(out, Severity::off, "x", {"a"}, "m");
  CHECK(out.empty());
  warden::add_finding(out, Severity::warn, "x", {"a"}, "m");
  REQUIRE(out.size() == 1);
  CHECK(out[0].severity == Severity::warn);
  CHECK(out[0].check_id == "x");
  CHECK(out[0].paths == Paths{"a"});
}

TEST_CASE("check_canonical_name", "[checks][canonical-name]") {
  InputBuilder b;
  b.add("readme.md").add("README.md", Change::unchanged).add("docs/license").add("Makefile").add("license.txt")
    .add("src/makefile", Change::unchanged);
  const auto out = run(warden::check_canonical_name, b);
  REQUIRE(out.size() == 2);
  CHECK(out[0].check_id == "canonical-name");
  CHECK(out[0].severity == Severity::error);
  CHECK(out[0].paths == Paths{"docs/license"});
  CHECK(out[0].message == "license should be named LICENSE");
  CHECK(out[1].paths == Paths{"readme.md"});
  CHECK(out[1].message == "readme.md should be named README.md");

  b.report_all();
  CHECK(run(warden::check_canonical_name, b).size() == 3);
}

TEST_CASE("check_portable_name", "[checks][portable-name]") {
  InputBuilder b;
  b.add("con.txt").add("src/AUX").add("lpt9").add("com0").add("console.txt").add("a:b").add("q?").add("x\\y")
    .add("tab\there").add("dot./f").add("dot./g").add("space ").add("ok.txt").add("nul", Change::unchanged);
  auto out = run(warden::check_portable_name, b);
  Paths paths;
  for (const auto& f : out) {
    CHECK(f.check_id == "portable-name");
    paths.push_back(f.paths.at(0));
  }
  std::sort(paths.begin(), paths.end());
  CHECK(paths == Paths{"a:b", "con.txt", "dot.", "lpt9", "q?", "space ", "src/AUX", "tab\there", "x\\y"});
  for (const auto& f : out) {
    if (f.paths[0] == "con.txt") CHECK(f.message.find("reserved") != std::string::npos);
    if (f.paths[0] == "a:b") CHECK(f.message.find("':'") != std::string::npos);
    if (f.paths[0] == "dot.") CHECK(f.message.find("dot") != std::string::npos);
  }
  Policy warn;
  warn.files.portable_name = Severity::warn;
  CHECK(run(warden::check_portable_name, b, warn).at(0).severity == Severity::warn);
  Policy off;
  off.files.portable_name = Severity::off;
  CHECK(run(warden::check_portable_name, b, off).empty());
}

TEST_CASE("check_path_length", "[checks][path-length]") {
  InputBuilder b;
  b.add(std::string(261, 'a')).add(std::string(260, 'b')).add(std::string(300, 'c'), Change::unchanged);
  auto out = run(warden::check_path_length, b);
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "path-length");
  CHECK(out[0].message.find("261") != std::string::npos);
  Policy off;
  off.files.max_path_length = 0;
  CHECK(run(warden::check_path_length, b, off).empty());
}

TEST_CASE("check_required_file", "[checks][required-file]") {
  SECTION("deleting a required file") {
    InputBuilder b;
    b.add("src/a.c").removed("README.md");
    const auto out = run(warden::check_required_file, b);
    REQUIRE(out.size() == 1);
    CHECK(out[0].check_id == "required-file");
    CHECK(out[0].paths == Paths{"README.md"});
    CHECK(out[0].message.find("commit deletes or renames required file README.md") != std::string::npos);
  }
  SECTION("case-only rename") {
    InputBuilder b;
    b.add("readme.md").removed("README.md");
    CHECK(run(warden::check_required_file, b).size() == 1);
  }
  SECTION("kept, or never there") {
    InputBuilder b;
    b.add("README.md", Change::unchanged).add("x");
    CHECK(run(warden::check_required_file, b).empty());
    InputBuilder none;
    none.add("x");
    CHECK(run(warden::check_required_file, none).empty());
    none.report_all();
    const auto out = run(warden::check_required_file, none);
    REQUIRE(out.size() == 1);
    CHECK(out[0].message.find("missing") != std::string::npos);
  }
}

TEST_CASE("check_forbidden_path", "[checks][forbidden-path]") {
  Policy policy;
  policy.files.forbidden = {warden::Glob(".DS_Store"), warden::Glob("*.orig"), warden::Glob("*.rej")};
  InputBuilder b;
  b.add("a/.DS_Store").add("x.c.orig").add("x.c").add("old.rej", Change::unchanged);
  const auto out = run(warden::check_forbidden_path, b, policy);
  REQUIRE(out.size() == 2);
  CHECK(out[0].check_id == "forbidden-path");
  CHECK(out[0].paths == Paths{"a/.DS_Store"});
  CHECK(out[1].paths == Paths{"x.c.orig"});
  CHECK(out[1].message.find("*.orig") != std::string::npos);
}

TEST_CASE("check_file_naming", "[checks][file-naming]") {
  Policy policy;
  policy.files.naming.push_back({warden::Glob("src/**/*.py"), pattern(R"(^[a-z0-9_]+\.py$)")});
  InputBuilder b;
  b.add("src/good_name.py").add("src/pkg/BadName.py").add("tools/BadName.py").add("src/Old.py", Change::unchanged);
  const auto out = run(warden::check_file_naming, b, policy);
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "file-naming");
  CHECK(out[0].paths == Paths{"src/pkg/BadName.py"});
  CHECK(out[0].message.find(R"(^[a-z0-9_]+\.py$)") != std::string::npos);

  SECTION("partial match unless anchored") {
    Policy loose;
    loose.files.naming.push_back({warden::Glob("*.md"), pattern("_")});
    InputBuilder m;
    m.add("a_b.md").add("ab.md");
    const auto found = run(warden::check_file_naming, m, loose);
    REQUIRE(found.size() == 1);
    CHECK(found[0].paths == Paths{"ab.md"});
  }
}

TEST_CASE("check_large_file", "[checks][large-file]") {
  InputBuilder b;
  b.add_sized("big.bin", 12ull << 20).add_sized("ok.bin", 5ull << 20).add_sized("old.bin", 50ull << 20, Change::unchanged)
    .add_sized("module", 99ull << 20, Change::changed, 0160000).add_sized("link", 99ull << 20, Change::changed, 0120000);
  const auto out = run(warden::check_large_file, b);
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "large-file");
  CHECK(out[0].paths == Paths{"big.bin"});
  CHECK(out[0].message.find("12.0 MiB > 5 MiB") != std::string::npos);
  CHECK(b.blobs().content_calls == 0);
  Policy off;
  off.files.max_file_size = 0;
  CHECK(run(warden::check_large_file, b, off).empty());
  Policy odd;
  odd.files.max_file_size = 1536;
  InputBuilder c;
  c.add_sized("x", 2000);
  CHECK(run(warden::check_large_file, c, odd).at(0).message.find("2.0 KiB > 1.5 KiB") != std::string::npos);
}

TEST_CASE("check_conflict_marker", "[checks][conflict-marker]") {
  InputBuilder b;
  b.add("conflict.txt", Change::changed, "a\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> topic\n");
  b.add("crlf.txt", Change::changed, "x\r\n=======\r\n>>>>>>> topic\r\n");
  // Heading underlines in documentation are not conflict markers on their own.
  b.add("setext.md", Change::changed, "License\n=======\n\ntext\n");
  b.add("diff3.txt", Change::changed, "||||||| base\n");
  b.add("near.txt", Change::changed, "<<<<<< six\n========\n  <<<<<<< indented\n==== x\n>>>>>>>>\n");
  b.add("old.txt", Change::unchanged, "<<<<<<< HEAD\n");
  b.add("binary.bin", Change::changed, std::string("<<<<<<< HEAD\n\0", 14));
  b.add("link", Change::changed, "<<<<<<< HEAD\n", 0120000);
  const auto out = run(warden::check_conflict_marker, b);
  Paths paths;
  for (const auto& f : out) paths.push_back(f.paths.at(0));
  CHECK(paths == Paths{"conflict.txt", "crlf.txt", "diff3.txt"});
  REQUIRE(!out.empty());
  CHECK(out[0].check_id == "conflict-marker");
  CHECK(out[0].message.find("line 2") != std::string::npos);
  CHECK(out[1].message.find("line 2") != std::string::npos);

  Policy warn;
  warn.files.conflict_marker = Severity::warn;
  CHECK(run(warden::check_conflict_marker, b, warn).at(0).severity == Severity::warn);
  Policy small;
  small.files.max_file_size = 10; // larger blobs are not scanned
  CHECK(run(warden::check_conflict_marker, b, small).empty());
}

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
  const auto out = run(warden::check_secret, b);
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "secret");
  CHECK(out[0].paths == Paths{"config.env"});
  CHECK(out[0].message == "aws-access-key at line 2 (AKIA\xE2\x80\xA6) (2 in all); remove it and revoke it");
  CHECK(out[0].message.find(aws) == std::string::npos);
  Policy off;
  off.files.secret = Severity::off;
  CHECK(run(warden::check_secret, b, off).empty());
  b.report_all();
  CHECK(run(warden::check_secret, b).size() == 2);
}

TEST_CASE("check_protected_branch", "[checks][protected-branch]") {
  Policy policy;
  warden::Findings out;
  warden::check_protected_branch(policy, std::string("main"), out);
  CHECK(out.empty());
  policy.branches.no_commit = {warden::Glob("main"), warden::Glob("release/*")};
  warden::check_protected_branch(policy, std::string("feature/x"), out);
  warden::check_protected_branch(policy, std::string("feature/main"), out);
  warden::check_protected_branch(policy, std::string("main/x"), out);
  warden::check_protected_branch(policy, std::nullopt, out);
  CHECK(out.empty());
  warden::check_protected_branch(policy, std::string("release/1.0"), out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "protected-branch");
  CHECK(out[0].severity == Severity::error);
  CHECK(out[0].paths == Paths{"release/1.0"});
  policy.branches.no_commit = {warden::Glob("**")};
  warden::check_protected_branch(policy, std::string("feature/y"), out);
  CHECK(out.size() == 2);
}

TEST_CASE("run_file_checks", "[checks]") {
  Policy policy;
  policy.files.forbidden = {warden::Glob("*.orig")};
  InputBuilder b;
  b.add("README.md", Change::unchanged).add("a.txt").add("A.txt").add("x.orig").add("con", Change::changed, "ok");
  b.add("notes.md", Change::changed, "<<<<<<< HEAD\n");
  const auto out = run_file_checks(policy, b.input());
  std::vector<std::string> ids;
  for (const auto& f : out) ids.push_back(f.check_id);
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"case-collision", "conflict-marker", "forbidden-path", "portable-name"});
  InputBuilder clean;
  clean.add("README.md", Change::unchanged).add("src/main.cpp", Change::changed, "int main() {}\n");
  CHECK(run_file_checks(policy, clean.input()).empty());
}

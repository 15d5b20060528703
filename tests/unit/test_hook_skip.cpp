#include "git_test_repo.hpp"

#include "warden/hook/skip.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace warden;
using Ids = std::vector<std::string>;

namespace {

Findings sample_findings() {
  return {
      Finding{Severity::error, "secret", {"a"}, "1"},
      Finding{Severity::warn, "large-file", {"b"}, "2"},
      Finding{Severity::error, "secret", {"c"}, "3"},
      Finding{Severity::error, "case-collision", {"d"}, "4"},
  };
}

std::vector<std::string> messages(const Findings& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.push_back(f.message);
  return out;
}

} // namespace

TEST_CASE("SkipList::parse", "[hook][skip]") {
  test::TempDir dir;
  SECTION("nullptr and empty text skip nothing") {
    for (const char* text : {static_cast<const char*>(nullptr), "", " ", ",", " , ,, "}) {
      const SkipList skip = SkipList::parse(text);
      CHECK(skip.empty());
      CHECK_FALSE(skip.all());
      CHECK_FALSE(skip.skips("secret"));
      CHECK(skip.remaining({"secret", "large-file"}) == Ids{"secret", "large-file"});
    }
  }
  SECTION("ids with spaces around them, empty items and duplicates") {
    const SkipList skip = SkipList::parse("  secret ,, large-file,secret , ");
    CHECK_FALSE(skip.empty());
    CHECK_FALSE(skip.all());
    CHECK(skip.skips("secret"));
    CHECK(skip.skips("large-file"));
    CHECK_FALSE(skip.skips("case-collision"));
    CHECK_FALSE(skip.skips("secret ")); // the stored id is trimmed
    CHECK(skip.remaining({"case-collision", "secret", "large-file", "path-length"}) ==
          Ids{"case-collision", "path-length"});
  }
  SECTION("only spaces are trimmed, not other blanks") {
    const SkipList skip = SkipList::parse("\tsecret");
    CHECK_FALSE(skip.skips("secret"));
    CHECK(skip.unknown_ids() == Ids{"\tsecret"});
  }
  SECTION("all skips every check, also next to other ids") {
    for (const char* text : {"all", " all ", "secret,all"}) {
      const SkipList skip = SkipList::parse(text);
      CHECK(skip.all());
      CHECK_FALSE(skip.empty());
      CHECK(skip.skips("secret"));
      CHECK(skip.skips("anything"));
      CHECK(skip.remaining({"secret", "large-file"}).empty());
    }
  }
  SECTION("ids are case-sensitive") {
    const SkipList skip = SkipList::parse("Secret,ALL");
    CHECK_FALSE(skip.all());
    CHECK_FALSE(skip.skips("secret"));
    CHECK(skip.unknown_ids() == Ids{"Secret", "ALL"});
  }
}

TEST_CASE("SkipList::from_environment", "[hook][skip]") {
  test::TempDir dir;
  {
    test::ScopedEnv env("WARDEN_SKIP", "large-file, secret");
    const SkipList skip = SkipList::from_environment();
    CHECK(skip.skips("large-file"));
    CHECK(skip.skips("secret"));
    CHECK_FALSE(skip.skips("case-collision"));
  }
  test::ScopedEnv env("WARDEN_SKIP", std::nullopt);
  CHECK(SkipList::from_environment().empty());
}

TEST_CASE("SkipList::unknown_ids", "[hook][skip]") {
  test::TempDir dir;
  CHECK(SkipList::parse("secret,case-collision,policy,command").unknown_ids().empty());
  CHECK(SkipList::parse("secrets, secret,nope,secrets").unknown_ids() == Ids{"secrets", "nope"});
  CHECK(SkipList::parse("all").unknown_ids().empty());
  CHECK(SkipList::parse(nullptr).unknown_ids().empty());
}

TEST_CASE("SkipList::apply", "[hook][skip]") {
  test::TempDir dir;
  SECTION("drops the named checks' findings and counts them") {
    Findings findings = sample_findings();
    CHECK(SkipList::parse("secret").apply(findings) == 2);
    CHECK(messages(findings) == Ids{"2", "4"});
  }
  SECTION("several ids") {
    Findings findings = sample_findings();
    CHECK(SkipList::parse("large-file, case-collision").apply(findings) == 2);
    CHECK(messages(findings) == Ids{"1", "3"});
  }
  SECTION("all drops everything") {
    Findings findings = sample_findings();
    CHECK(SkipList::parse("all").apply(findings) == 4);
    CHECK(findings.empty());
  }
  SECTION("an empty list or an unknown id drops nothing") {
    Findings findings = sample_findings();
    CHECK(SkipList{}.apply(findings) == 0);
    CHECK(SkipList::parse("nope").apply(findings) == 0);
    CHECK(messages(findings) == Ids{"1", "2", "3", "4"});
  }
}

TEST_CASE("SkipList::remaining", "[hook][skip]") {
  test::TempDir dir;
  const SkipList skip = SkipList::parse("secret,nope");
  CHECK(skip.remaining({}).empty());
  CHECK(skip.remaining({"secret"}).empty());
  CHECK(skip.remaining({"large-file", "secret", "case-collision"}) == Ids{"large-file", "case-collision"});
  CHECK(SkipList{}.remaining({"b", "a"}) == Ids{"b", "a"}); // order kept
}

#include "warden/core/error.hpp"
#include "warden/git/push_update.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace warden;

namespace {

const std::string k_a(40, 'a');
const std::string k_b = "0123456789abcdef0123456789abcdef01234567";
const std::string k_zero(40, '0');

// The Fatal thrown for `input`, or a failed test when none is thrown.
Fatal fatal_of(const std::string& input, bool pre_receive = false) {
  try {
    if (pre_receive) parse_pre_receive_input(input);
    else parse_pre_push_input(input);
  } catch (const Fatal& e) {
    return e;
  }
  FAIL("no error for: " << input);
  return Fatal(0, "");
}

} // namespace

TEST_CASE("parse_pre_push_input: every ref, not only the first", "[push_update]") {
  const std::string input = "refs/heads/main " + k_a + " refs/heads/main " + k_b + "\n" +
                            "refs/heads/feature/a " + k_a + " refs/heads/feature/a " + k_zero + "\n" +
                            "(delete) " + k_zero + " refs/heads/old " + k_b + "\n" +
                            "refs/tags/v1 " + k_b + " refs/tags/v1 " + k_zero + "\n";
  const auto updates = parse_pre_push_input(input);
  REQUIRE(updates.size() == 4);
  CHECK(updates[0].local_ref == "refs/heads/main");
  CHECK(updates[0].local_oid == k_a);
  CHECK(updates[0].remote_ref == "refs/heads/main");
  CHECK(updates[0].remote_oid == k_b);
  CHECK(updates[0].is_branch());
  CHECK_FALSE(updates[0].is_creation());
  CHECK_FALSE(updates[0].is_deletion());
  CHECK(updates[1].is_creation());
  CHECK(updates[2].is_deletion());
  CHECK(updates[2].local_ref == "(delete)");
  CHECK(updates[3].is_tag());
  CHECK_FALSE(updates[3].is_branch());
}

TEST_CASE("parse_pre_push_input: empty input and blank lines", "[push_update]") {
  CHECK(parse_pre_push_input("").empty());
  CHECK(parse_pre_push_input("\n\n").empty());
  const auto updates = parse_pre_push_input("\nHEAD " + k_a + " refs/heads/x " + k_zero + "\r\n");
  REQUIRE(updates.size() == 1);
  CHECK(updates[0].local_ref == "HEAD");
  CHECK(updates[0].remote_oid == k_zero);
}

TEST_CASE("parse_pre_push_input: zero ids of any length, SHA-256 ids", "[push_update]") {
  const std::string sha256(64, 'c');
  const std::string zero64(64, '0');
  const auto updates = parse_pre_push_input("refs/heads/a " + sha256 + " refs/heads/a " + zero64 + "\n" +
                                            "(delete) 0000000 refs/heads/b " + sha256 + "\n");
  REQUIRE(updates.size() == 2);
  CHECK(updates[0].is_creation());
  CHECK(updates[1].is_deletion());
  CHECK_FALSE(updates[1].is_creation());
}

TEST_CASE("parse_pre_push_input: malformed lines name the line, exit 2", "[push_update]") {
  const std::string good = "refs/heads/main " + k_a + " refs/heads/main " + k_b + "\n";
  SECTION("too few fields") {
    const Fatal e = fatal_of(good + "refs/heads/main " + k_a + " refs/heads/main\n");
    CHECK(e.exit_code() == 2);
    CHECK_THAT(e.what(), Catch::Contains("line 2"));
    CHECK_THAT(e.what(), Catch::Contains("refs/heads/main"));
  }
  SECTION("too many fields") {
    CHECK(fatal_of(good + good.substr(0, good.size() - 1) + " extra\n").exit_code() == 2);
  }
  SECTION("not an object id") {
    const Fatal e = fatal_of("refs/heads/main xyz refs/heads/main " + k_b + "\n");
    CHECK_THAT(e.what(), Catch::Contains("line 1"));
  }
  SECTION("an id of the wrong length") {
    CHECK(fatal_of("refs/heads/main " + k_a.substr(1) + " refs/heads/main " + k_b).exit_code() == 2);
  }
  SECTION("tabs instead of spaces, control characters escaped") {
    const Fatal e = fatal_of("refs/heads/main\t" + k_a + "\trefs/heads/main\t" + k_b + "\x1b\n");
    CHECK_THAT(e.what(), Catch::Contains("\\t"));
    CHECK_THAT(e.what(), Catch::Contains("\\x1b"));
    CHECK(std::string(e.what()).find('\x1b') == std::string::npos);
  }
  SECTION("double spaces") {
    CHECK(fatal_of("refs/heads/main  " + k_a + " refs/heads/main " + k_b).exit_code() == 2);
  }
  SECTION("binary garbage never crashes") {
    std::string garbage;
    for (int c = 1; c < 256; ++c) garbage += static_cast<char>(c);
    CHECK(fatal_of(garbage).exit_code() == 2);
    CHECK(fatal_of(std::string("a\0b c d e", 9)).exit_code() == 2);
  }
}

TEST_CASE("parse_pre_receive_input: old new ref", "[push_update]") {
  const auto updates = parse_pre_receive_input(k_zero + " " + k_a + " refs/heads/new\n" + k_a + " " + k_zero +
                                               " refs/heads/gone\n" + k_a + " " + k_b + " refs/tags/v1\n");
  REQUIRE(updates.size() == 3);
  CHECK(updates[0].is_creation());
  CHECK(updates[0].local_oid == k_a);
  CHECK(updates[0].remote_ref == "refs/heads/new");
  CHECK(updates[0].local_ref.empty());
  CHECK(updates[1].is_deletion());
  CHECK(updates[2].remote_oid == k_a);
  CHECK(updates[2].local_oid == k_b);
  CHECK(updates[2].is_tag());
  CHECK(parse_pre_receive_input("").empty());
}

TEST_CASE("parse_pre_receive_input: malformed lines name the line, exit 2", "[push_update]") {
  const Fatal e = fatal_of(k_zero + " " + k_a + " refs/heads/new\n" + k_a + " refs/heads/x\n", true);
  CHECK(e.exit_code() == 2);
  CHECK_THAT(e.what(), Catch::Contains("line 2"));
  CHECK_THAT(e.what(), Catch::Contains("pre-receive"));
  // pre-push's four fields are not pre-receive's three.
  CHECK(fatal_of("refs/heads/main " + k_a + " refs/heads/main " + k_b, true).exit_code() == 2);
}

#include "warden/checks/unicode.hpp"

#include <catch2/catch.hpp>

using warden::CaseFolding;
using warden::fold_name;

TEST_CASE("is_valid_utf8", "[checks][unicode]") {
  CHECK(warden::is_valid_utf8("plain"));
  CHECK(warden::is_valid_utf8("caf\xC3\xA9"));
  CHECK_FALSE(warden::is_valid_utf8("\xFF"));
  CHECK_FALSE(warden::is_valid_utf8("\xC3"));
  CHECK_FALSE(warden::is_valid_utf8("\xED\xA0\x80")); // a surrogate
  CHECK(warden::is_ascii("abc"));
  CHECK_FALSE(warden::is_ascii("\xC3\xA9"));
}

TEST_CASE("to_nfc", "[checks][unicode]") {
  CHECK(warden::to_nfc("e\xCC\x81") == "\xC3\xA9");
  CHECK(warden::to_nfc("\xC3\xA9") == "\xC3\xA9");
  CHECK(warden::to_nfc("abc") == "abc");
  CHECK(warden::to_nfc("x\xFF") == "x\xFF");
}

TEST_CASE("fold_name", "[checks][unicode]") {
  CHECK(fold_name("README.md", CaseFolding::simple) == "readme.md");
  CHECK(fold_name("\xC3\x84", CaseFolding::simple) == "\xC3\xA4");             // Ä -> ä
  CHECK(fold_name("A\xCC\x88", CaseFolding::simple) == "\xC3\xA4");            // A + diaeresis -> ä
  CHECK(fold_name("\xE2\x84\xAA", CaseFolding::simple) == "k");                // Kelvin sign
  CHECK(fold_name("\xC3\x9F", CaseFolding::simple) == "\xC3\x9F");             // ß stays
  CHECK(fold_name("\xC3\x9F", CaseFolding::full) == "ss");
  CHECK(fold_name("STRA\xC3\x9F" "E", CaseFolding::full) == "strasse");
  CHECK(fold_name("\xE1\xBA\x9E", CaseFolding::simple) == "\xC3\x9F");         // ẞ -> ß
  CHECK(fold_name("\xCF\x82", CaseFolding::simple) == "\xCF\x83");             // ς -> σ
  CHECK(fold_name("E\xCC\x81", CaseFolding::full) == "\xC3\xA9");            // É decomposed -> é
  CHECK(fold_name("\xE2\x84\xAA", CaseFolding::full) == "k");
  CHECK(fold_name("X\xFF", CaseFolding::simple) == "x\xFF");                  // invalid: ASCII only
  CHECK(fold_name("\xC4\xFF", CaseFolding::full) == "\xC4\xFF");
}

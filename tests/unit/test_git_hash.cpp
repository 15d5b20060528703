#include "git_test_repo.hpp"
#include "warden/git/hash.hpp"

#include <catch2/catch.hpp>

#include <git2.h>

#include <string>

using namespace warden;

namespace {

std::string libgit2_blob_hex(const std::string& data) {
  git_oid oid;
  REQUIRE(git_odb_hash(&oid, data.data(), data.size(), GIT_OBJECT_BLOB) == 0);
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &oid);
  return hex;
}

} // namespace

TEST_CASE("hash_blob_hex is git's blob id") {
  CHECK(git::hash_blob_hex("") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
  CHECK(git::hash_blob_hex("hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a");
  // Lengths around SHA-1's 64-byte block and its 56-byte padding limit, and
  // bytes NUL and high: the same id as libgit2's.
  for (std::size_t length : {1u, 46u, 47u, 48u, 55u, 56u, 63u, 64u, 65u, 119u, 120u, 1000u, 100000u}) {
    std::string data;
    for (std::size_t i = 0; i < length; ++i) data += static_cast<char>((i * 131) & 0xff);
    CHECK(git::hash_blob_hex(data) == libgit2_blob_hex(data));
  }
}

TEST_CASE("sha1 matches the FIPS 180 examples") {
  auto hex = [](const std::array<std::uint8_t, 20>& digest) {
    std::string out;
    for (auto byte : digest) out += "0123456789abcdef"[byte >> 4], out += "0123456789abcdef"[byte & 0xf];
    return out;
  };
  CHECK(hex(git::sha1("abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(hex(git::sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
        "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

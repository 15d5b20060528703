// "Did you mean ...?" (core/closest.cpp): edit distance and the nearest
// candidate, only when it is a likely typo.
#include "warden/core/closest.hpp"

#include <catch2/catch.hpp>

using warden::closest_match;
using warden::edit_distance;

TEST_CASE("edit_distance counts insertions, deletions and substitutions, ignoring ASCII case", "[core][closest]") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("Bypass", "bypass") == 0);
  CHECK(edit_distance("bypas", "bypass") == 1);
}

TEST_CASE("closest_match names a near candidate and nothing for a word unlike any", "[core][closest]") {
  const std::vector<std::string> ids{"canonical-name", "case-collision", "command", "secret"};
  CHECK(closest_match("canonical-nam", ids) == std::optional<std::string>("canonical-name"));
  CHECK(closest_match("Secret", ids) == std::optional<std::string>("secret"));
  CHECK_FALSE(closest_match("bogus-id", ids).has_value());
  CHECK_FALSE(closest_match("x", std::vector<std::string>{}).has_value());
}

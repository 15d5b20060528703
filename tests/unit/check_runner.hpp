#pragma once
// Helpers for the per-check tests (tests/unit/test_checks_<check>.cpp): run
// one registered file check on an in-memory input.
#include "fake_blobs.hpp"

#include "warden/checks/file_input.hpp"
#include "warden/checks/registry.hpp"

#include <catch2/catch.hpp>
#include <re2/re2.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace warden::test {

using Paths = std::vector<std::string>;

// Run the file check registered as `id` (checks/registry.hpp).
inline Findings run(std::string_view id, InputBuilder& builder, const Policy& policy = Policy{}) {
  const checks::CheckSpec* spec = checks::find(id);
  REQUIRE(spec != nullptr);
  REQUIRE(spec->run != nullptr);
  Findings out;
  spec->run(policy, builder.input(), out);
  return out;
}

inline Pattern pattern(const std::string& source) {
  return Pattern{source, std::make_shared<const re2::RE2>(source)};
}

} // namespace warden::test

using warden::Policy;
using warden::Severity;

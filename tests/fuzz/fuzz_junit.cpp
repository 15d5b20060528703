// A JUnit XML report (`warden notify ci --junit FILE`): written by whatever
// test runner the repository uses.
#include "fuzz_common.hpp"

#include "warden/notify/junit.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  warden::fuzz::expect_clean_rejection([&] {
    const auto summary = warden::notify::parse_junit(warden::fuzz::as_text(data, size));
    if (summary.failures.size() > summary.total + 1000000) __builtin_trap();
  });
  return 0;
}

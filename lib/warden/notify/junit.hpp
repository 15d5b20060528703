#pragma once
// JUnit XML reports (the common format of test runners and `ctest
// --output-junit`): counts and the first failures, for the `ci` event.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace warden::notify {

struct TestFailure {
  std::string name;    // classname.name, or name
  std::string message; // first line of the failure message or text
};

struct JunitSummary {
  std::size_t total = 0;
  std::size_t passed = 0;
  std::size_t failed = 0; // failures and errors
  std::size_t skipped = 0;
  std::vector<TestFailure> failures; // in report order, all of them
};

// Read the <testcase> elements of `xml`. Throws Error when there is no
// <testsuite>/<testsuites>/<testcase> element at all.
JunitSummary parse_junit(std::string_view xml);

} // namespace warden::notify

// run_file_checks: every registered file check in one call (checks/run_file_checks.cpp).
#include "check_runner.hpp"

#include <algorithm>

using namespace warden::test;

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

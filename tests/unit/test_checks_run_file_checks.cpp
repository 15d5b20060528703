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

TEST_CASE("run_file_checks per scope: a scoped .warden.yml of the tree judges its paths", "[checks][scoped]") {
  Policy policy;
  InputBuilder b;
  b.add("README.md", Change::unchanged);
  b.add("services/api/.warden.yml", Change::unchanged,
        "files:\n  max-file-size: 1KiB\n  forbidden: ['/gen/*.c']\n");
  b.add_sized("services/api/big.bin", 2048);
  b.add_sized("services/web/big.bin", 2048);
  b.add("services/api/gen/x.c").add("gen/x.c");
  b.add("services/api/a.txt").add("services/api/A.txt"); // case-collision: the root policy, across scopes
  const auto out = run_file_checks(policy, b.input());
  std::vector<std::string> got;
  for (const auto& f : out) got.push_back(f.check_id + " " + f.paths.front() + (f.message.find("(services/api/.warden.yml)") != std::string::npos ? " scoped" : ""));
  std::sort(got.begin(), got.end());
  CHECK(got == std::vector<std::string>{"case-collision services/api/A.txt", "forbidden-path services/api/gen/x.c scoped",
                                        "large-file services/api/big.bin scoped"});
}

TEST_CASE("run_file_checks per scope: required paths of a scope are relative to it", "[checks][scoped]") {
  Policy policy;
  policy.files.required = {};
  InputBuilder b;
  b.add("lib/.warden.yml", Change::unchanged, "files:\n  required: [BUILD]\n");
  b.removed("lib/BUILD").removed("BUILD");
  const auto out = run_file_checks(policy, b.input());
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "required-file");
  CHECK(out[0].paths == std::vector<std::string>{"lib/BUILD"});
  CHECK(out[0].message.find("(lib/.warden.yml)") != std::string::npos);
}

TEST_CASE("run_file_checks per scope: an inherited required path is judged by the scope that owns it",
          "[checks][scoped]") {
  Policy policy; // files.required: [README.md]
  InputBuilder b;
  b.add("README.md", Change::unchanged).add("lib/.warden.yml", Change::unchanged, "files:\n  max-path-length: 100\n");
  b.add("lib/x.txt", Change::unchanged).report_all();
  CHECK(run_file_checks(policy, b.input()).empty());
  InputBuilder gone;
  gone.add("lib/.warden.yml", Change::unchanged, "files:\n  max-path-length: 100\n").removed("README.md");
  const auto out = run_file_checks(policy, gone.input());
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "required-file");
  CHECK(out[0].message.find("lib/.warden.yml") == std::string::npos);
}

// conflict-marker (checks/conflict_marker.cpp).
#include "check_runner.hpp"

using namespace warden::test;

TEST_CASE("check_conflict_marker", "[checks][conflict-marker]") {
  InputBuilder b;
  b.add("conflict.txt", Change::changed, "a\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> topic\n");
  b.add("crlf.txt", Change::changed, "x\r\n=======\r\n>>>>>>> topic\r\n");
  // Heading underlines in documentation are not conflict markers on their own.
  b.add("setext.md", Change::changed, "License\n=======\n\ntext\n");
  b.add("diff3.txt", Change::changed, "||||||| base\n");
  b.add("near.txt", Change::changed, "<<<<<< six\n========\n  <<<<<<< indented\n==== x\n>>>>>>>>\n");
  b.add("old.txt", Change::unchanged, "<<<<<<< HEAD\n");
  b.add("binary.bin", Change::changed, std::string("<<<<<<< HEAD\n\0", 14));
  b.add("link", Change::changed, "<<<<<<< HEAD\n", 0120000);
  const auto out = run("conflict-marker", b);
  Paths paths;
  for (const auto& f : out) paths.push_back(f.paths.at(0));
  CHECK(paths == Paths{"conflict.txt", "crlf.txt", "diff3.txt"});
  REQUIRE(!out.empty());
  CHECK(out[0].check_id == "conflict-marker");
  CHECK(out[0].message.find("line 2") != std::string::npos);
  CHECK(out[1].message.find("line 2") != std::string::npos);
  // The line travels on its own too, for the json, SARIF and JUnit reports.
  CHECK(out[0].line == std::optional<std::size_t>(2));
  CHECK(out[1].line == std::optional<std::size_t>(2));
  CHECK(out[2].line == std::optional<std::size_t>(1));
  CHECK(out[0].rule.empty());

  Policy warn;
  warn.files.conflict_marker = Severity::warn;
  CHECK(run("conflict-marker", b, warn).at(0).severity == Severity::warn);
  Policy small;
  small.files.max_file_size = 10; // larger blobs are not scanned
  CHECK(run("conflict-marker", b, small).empty());
}

// large-file (checks/large_file.cpp).
#include "check_runner.hpp"

using namespace warden::test;

TEST_CASE("check_large_file", "[checks][large-file]") {
  InputBuilder b;
  b.add_sized("big.bin", 12ull << 20).add_sized("ok.bin", 5ull << 20).add_sized("old.bin", 50ull << 20, Change::unchanged)
    .add_sized("module", 99ull << 20, Change::changed, 0160000).add_sized("link", 99ull << 20, Change::changed, 0120000);
  const auto out = run("large-file", b);
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "large-file");
  CHECK(out[0].paths == Paths{"big.bin"});
  CHECK(out[0].message.find("12.0 MiB > 5 MiB") != std::string::npos);
  CHECK(b.blobs().content_calls == 0);
  Policy off;
  off.files.max_file_size = 0;
  CHECK(run("large-file", b, off).empty());
  Policy odd;
  odd.files.max_file_size = 1536;
  InputBuilder c;
  c.add_sized("x", 2000);
  CHECK(run("large-file", c, odd).at(0).message.find("2.0 KiB > 1.5 KiB") != std::string::npos);
}

TEST_CASE("check_large_file: an unopened subtree is no file", "[checks][large-file]") {
  InputBuilder b;
  b.add_sized("lib", 99ull << 20, Change::changed, 040000).add_sized("big.bin", 12ull << 20).report_all();
  const auto out = run("large-file", b);
  REQUIRE(out.size() == 1);
  CHECK(out[0].paths == Paths{"big.bin"});
}

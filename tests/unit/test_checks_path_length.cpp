// path-length (checks/path_length.cpp).
#include "check_runner.hpp"

using namespace warden::test;

TEST_CASE("check_path_length", "[checks][path-length]") {
  InputBuilder b;
  b.add(std::string(261, 'a')).add(std::string(260, 'b')).add(std::string(300, 'c'), Change::unchanged);
  auto out = run("path-length", b);
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "path-length");
  CHECK(out[0].message.find("261") != std::string::npos);
  Policy off;
  off.files.max_path_length = 0;
  CHECK(run("path-length", b, off).empty());
}

#include "git_test_repo.hpp"
#include "warden/core/process.hpp"
#include "warden/git/native/object_store.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace warden;
namespace stdfs = std::filesystem;

namespace {

using TempRepo = test::TestRepo;

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Every object of the repository read by ObjectStore equals `git cat-file`.
void expect_all_objects_match(TempRepo& repo) {
  git::native::ObjectStore store((repo.root() / ".git/objects").string());
  std::istringstream ids(repo.git({"cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype) %(objectsize)"}));
  std::string id, type;
  std::uint64_t size = 0;
  int count = 0;
  while (ids >> id >> type >> size) {
    auto oid = git::native::oid_from_hex(id);
    REQUIRE(oid);
    auto header = store.header(*oid);
    INFO(id << " " << type);
    REQUIRE(header);
    CHECK(header->size == size);
    auto object = store.read(*oid);
    REQUIRE(object);
    CHECK(object->data.size() == size);
    CHECK(object->type == header->type);
    std::string expected = repo.git({"cat-file", type, id});
    CHECK(object->data == expected);
    ++count;
  }
  CHECK(count >= 5);
}

} // namespace

TEST_CASE("ObjectStore reads loose objects like git cat-file") {
  TempRepo repo;
  repo.write("a.txt", "hello\n");
  repo.write("dir/b.txt", std::string(10000, 'x'));
  repo.git({"add", "-A"});
  repo.git({"commit", "-q", "-m", "one"});
  expect_all_objects_match(repo);
}

TEST_CASE("ObjectStore reads packed objects with deltas like git cat-file") {
  TempRepo repo;
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "line " + std::to_string(i) + " of a file that changes a little\n";
  for (int round = 0; round < 6; ++round) {
    text.insert(text.size() / 2, "inserted in round " + std::to_string(round) + "\n");
    repo.write("big.txt", text);
    repo.write("n/f" + std::to_string(round) + ".txt", text.substr(0, 500 + round));
    repo.git({"add", "-A"});
    repo.git({"commit", "-q", "-m", "round " + std::to_string(round)});
  }
  repo.git({"gc", "-q", "--aggressive"});
  REQUIRE(trim(repo.git({"count-objects", "-v"})).find("in-pack: 0") == std::string::npos);
  expect_all_objects_match(repo);

  git::native::ObjectStore store((repo.root() / ".git/objects").string());
  auto missing = git::native::oid_from_hex("0123456789012345678901234567890123456789");
  CHECK_FALSE(store.header(*missing));
  auto head = git::native::oid_from_hex(trim(repo.git({"rev-parse", "HEAD:big.txt"})));
  CHECK_FALSE(store.read(*head, 100)); // over the limit
}

TEST_CASE("parse_tree and commit_tree_id read git's formats") {
  TempRepo repo;
  repo.write("x/y.txt", "y");
  repo.write("z.txt", "z");
  repo.git({"add", "-A"});
  repo.git({"commit", "-q", "-m", "c"});
  git::native::ObjectStore store((repo.root() / ".git/objects").string());
  auto commit = store.read(*git::native::oid_from_hex(trim(repo.git({"rev-parse", "HEAD"}))));
  REQUIRE(commit);
  auto tree_id = git::native::commit_tree_id(commit->data);
  REQUIRE(tree_id);
  CHECK(git::native::oid_to_hex(*tree_id) == trim(repo.git({"rev-parse", "HEAD^{tree}"})));
  auto tree = store.read(*tree_id);
  REQUIRE(tree);
  auto items = git::native::parse_tree(tree->data);
  REQUIRE(items);
  REQUIRE(items->size() == 2);
  CHECK((*items)[0].name == "x");
  CHECK((*items)[0].mode == 040000);
  CHECK((*items)[1].name == "z.txt");
  CHECK((*items)[1].mode == 0100644);
  CHECK_FALSE(git::native::parse_tree(std::string("100644 broken", 13)));
}

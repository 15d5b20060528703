#include "native_fixture.hpp"
#include "warden/git/native/commit_parse.hpp"

#include <catch2/catch.hpp>

#include "warden/core/fs.hpp"

#include <sstream>

using namespace warden;
namespace stdfs = std::filesystem;
using test::hex;
using test::HookScope;
using test::oid;
using test::trimmed;

namespace {

// The commit as git shows it, field by field, against NativeRepository::commit.
void expect_like_git(const test::TestRepo& repo, const std::string& rev) {
  const std::string id = trimmed(repo.git({"rev-parse", rev}));
  std::istringstream fields(repo.git({"log", "-1", "--format=%T%n%P%n%an%n%ae%n%at%n%cn%n%ce%n%ct", id}));
  std::string tree, parents, an, ae, at, cn, ce, ct;
  std::getline(fields, tree);
  std::getline(fields, parents);
  std::getline(fields, an);
  std::getline(fields, ae);
  std::getline(fields, at);
  std::getline(fields, cn);
  std::getline(fields, ce);
  std::getline(fields, ct);
  const std::string raw = repo.git({"cat-file", "commit", id});
  HookScope scope(repo.root(), repo.tmp());
  auto native = git::native::NativeRepository::open_any();
  auto commit = native.commit(oid(id));
  INFO(rev << "\n" << raw);
  REQUIRE(commit);
  CHECK(hex(commit->id) == id);
  CHECK(hex(commit->tree) == tree);
  std::string native_parents;
  for (const auto& parent : commit->parents) native_parents += (native_parents.empty() ? "" : " ") + hex(parent);
  CHECK(native_parents == parents);
  CHECK(commit->author_name == an);
  CHECK(commit->author_email == ae);
  CHECK(std::to_string(commit->author_time) == at);
  CHECK(commit->committer_name == cn);
  CHECK(commit->committer_email == ce);
  CHECK(std::to_string(commit->commit_time) == ct);
  CHECK(commit->message == raw.substr(raw.find("\n\n") + 2));
}

} // namespace

TEST_CASE("parse_commit reads root, merge and octopus commits like git") {
  test::TestRepo repo;
  repo.write("a.txt", "a");
  repo.add({"a.txt"});
  repo.git({"commit", "-q", "-m", "root\n\nbody line\n"}, {{"GIT_AUTHOR_NAME", "Ann  O'Author"},
                                                         {"GIT_AUTHOR_EMAIL", "ann@example.com"},
                                                         {"GIT_AUTHOR_DATE", "1700000000 +0100"}});
  expect_like_git(repo, "HEAD");
  for (const std::string branch : {"b1", "b2", "b3"}) {
    repo.git({"checkout", "-q", "-b", branch, "main"});
    repo.write(branch + ".txt", branch);
    repo.add({branch + ".txt"});
    repo.commit("on " + branch);
  }
  repo.git({"checkout", "-q", "main"});
  repo.git({"merge", "-q", "--no-ff", "-m", "merge b1", "b1"});
  expect_like_git(repo, "HEAD");
  repo.git({"merge", "-q", "--no-ff", "-m", "octopus", "b2", "b3"});
  expect_like_git(repo, "HEAD");
  HookScope scope(repo.root(), repo.tmp());
  auto native = git::native::NativeRepository::open_any();
  CHECK(native.commit(oid(repo.git({"rev-parse", "HEAD"})))->parents.size() == 3);
  CHECK_FALSE(native.commit(oid(repo.git({"rev-parse", "HEAD^{tree}"})))); // a tree, not a commit
  CHECK_FALSE(native.commit(oid(std::string(40, '1'))));                  // missing
}

TEST_CASE("parse_commit skips gpgsig and mergetag continuation lines") {
  test::TestRepo repo;
  repo.write("a.txt", "a");
  repo.add({"a.txt"});
  repo.commit("base");
  // A merge of an annotated tag records it in a multi-line mergetag header.
  repo.git({"checkout", "-q", "-b", "side"});
  repo.write("s.txt", "s");
  repo.add({"s.txt"});
  repo.commit("side");
  repo.git({"tag", "-a", "-m", "release\n\nnotes", "v1"});
  repo.git({"checkout", "-q", "main"});
  repo.write("m.txt", "m");
  repo.add({"m.txt"});
  repo.commit("main");
  repo.git({"merge", "-q", "--no-ff", "-m", "merge tag", "v1"});
  expect_like_git(repo, "HEAD");
  // git records a merged tag in a mergetag header when the tag is signed:
  // the same merge with the header, as git writes it.
  const std::string merge = repo.git({"cat-file", "commit", "HEAD"});
  std::string tag = repo.git({"cat-file", "tag", "v1"});
  tag += "-----BEGIN PGP SIGNATURE-----\n\niQEzBAABCAAdFiEE\n=abcd\n-----END PGP SIGNATURE-----\n";
  std::string header = "mergetag";
  for (std::size_t pos = 0; pos < tag.size();) {
    const std::size_t end = tag.find('\n', pos);
    header += " " + tag.substr(pos, end - pos) + "\n";
    pos = end + 1;
  }
  const std::size_t body = merge.find("\n\n");
  {
    test::TempDir dir;
    fs::write_file_atomic(dir.path() / "commit", merge.substr(0, body + 1) + header + merge.substr(body + 1));
    const std::string id =
      trimmed(repo.git({"hash-object", "-t", "commit", "-w", (dir.path() / "commit").string()}));
    REQUIRE(repo.git({"cat-file", "commit", id}).find("\nmergetag object ") != std::string::npos);
    repo.git({"update-ref", "refs/heads/mergetag", id});
    expect_like_git(repo, "mergetag");
  }
  // A signed commit as git writes one (the signature need not verify).
  const std::string tree = trimmed(repo.git({"rev-parse", "HEAD^{tree}"}));
  const std::string parent = trimmed(repo.git({"rev-parse", "HEAD"}));
  const std::string signed_commit = "tree " + tree + "\nparent " + parent +
                                    "\nauthor A U Thor <a@example.com> 1700000000 +0000"
                                    "\ncommitter C O Mitter <c@example.com> 1700000100 -0130"
                                    "\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n =abcd\n"
                                    " -----END PGP SIGNATURE-----\nencoding ISO-8859-1\n\nsigned\n\nbody\n";
  test::TempDir dir;
  fs::write_file_atomic(dir.path() / "commit", signed_commit);
  const std::string id = trimmed(repo.git({"hash-object", "-t", "commit", "-w", (dir.path() / "commit").string()}));
  repo.git({"update-ref", "refs/heads/signed", id});
  expect_like_git(repo, "signed");
  auto parsed = git::native::parse_commit(signed_commit);
  REQUIRE(parsed);
  CHECK(parsed->message == "signed\n\nbody\n");
  CHECK(parsed->commit_time == 1700000100);
}

TEST_CASE("parse_commit rejects what is not a commit") {
  const std::string tree = "tree " + std::string(40, 'a') + "\n";
  const std::string who = "author A <a@x> 1 +0000\ncommitter C <c@x> 2 +0000\n";
  CHECK(git::native::parse_commit(tree + who + "\nmsg"));
  CHECK(git::native::parse_commit(tree + who)->message.empty());
  CHECK_FALSE(git::native::parse_commit(""));
  CHECK_FALSE(git::native::parse_commit(who + tree + "\nmsg"));                    // tree not first
  CHECK_FALSE(git::native::parse_commit("tree xyz\n" + who + "\n"));              // bad id
  CHECK_FALSE(git::native::parse_commit(tree + "parent 12\n" + who + "\n"));      // bad parent
  CHECK_FALSE(git::native::parse_commit(tree + "author nobody 1 +0000\ncommitter C <c@x> 2 +0000\n\n"));
  CHECK_FALSE(git::native::parse_commit(tree + "committer C <c@x> 2 +0000\n\n")); // no author
  CHECK_FALSE(git::native::parse_commit(" " + tree + who + "\n"));
  auto odd = git::native::parse_commit(tree + "author <a@x>\ncommitter C <c@x> notime\n\nm");
  REQUIRE(odd);
  CHECK(odd->author_name.empty());
  CHECK(odd->author_time == 0);
  CHECK(odd->commit_time == 0);
}

TEST_CASE("parse_tag_target reads an annotated tag's object and type") {
  const std::string id(40, 'b');
  // The type is a view into the object's data, which must outlive it.
  const std::string data = "object " + id + "\ntype tree\ntag t\n\nmsg";
  auto target = git::native::parse_tag_target(data);
  REQUIRE(target);
  CHECK(hex(target->object) == id);
  CHECK(target->type == "tree");
  CHECK_FALSE(git::native::parse_tag_target("type tree\nobject " + id + "\n"));
  CHECK_FALSE(git::native::parse_tag_target("object " + id + "\n"));
  CHECK_FALSE(git::native::parse_tag_target("object zz\ntype commit\n"));
}

#include "git_layer_fixture.hpp"

#include "warden/core/error.hpp"
#include "warden/git/history.hpp"

#include <catch2/catch.hpp>

using namespace warden;
using namespace warden::test;

namespace {

// Three commits on main: a <- b <- c, each a day apart (committer time).
struct Line {
  TestRepo repo;
  std::string a, b, c;
  Line() {
    a = commit_file(repo, "a.txt", "a\n", "feat: first", {{"GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z"}});
    b = commit_file(repo, "b.txt", "b\n", "fix: second\n\nbody line", {{"GIT_COMMITTER_DATE", "2026-01-02T00:00:00Z"}});
    c = commit_file(repo, "c.txt", "c\n", "third", {{"GIT_COMMITTER_DATE", "2026-01-03T00:00:00Z"}});
  }
  git::Repository open() const { return git::Repository::open(repo.root().string()); }
};

std::vector<std::string> walk_all(git::RevisionWalk& walk) {
  std::vector<std::string> ids;
  while (const auto oid = walk.next()) ids.push_back(git::oid_hex(*oid));
  return ids;
}

} // namespace

TEST_CASE("find_commit", "[git][history]") {
  Line line;
  const auto repo = line.open();
  const auto b = git::find_commit(repo, oid_of(line.b));
  REQUIRE(b);
  CHECK(git::oid_hex(b->id) == line.b);
  CHECK(b->summary == "fix: second");
  CHECK(b->message == "fix: second\n\nbody line\n");
  CHECK(b->author == "Test");
  CHECK(b->time == 1767312000); // 2026-01-02T00:00:00Z
  CHECK(b->parents == 1);
  REQUIRE(b->first_parent);
  CHECK(git::oid_hex(*b->first_parent) == line.a);
  CHECK(git::oid_hex(b->tree) == rev_parse(line.repo, line.b + "^{tree}"));

  const auto a = git::find_commit(repo, oid_of(line.a));
  REQUIRE(a);
  CHECK_FALSE(a->first_parent);
  CHECK(a->parents == 0);

  // A tree is not a commit; an unknown id is nothing.
  CHECK_FALSE(git::find_commit(repo, oid_of(rev_parse(line.repo, "HEAD^{tree}"))));
  CHECK_FALSE(git::find_commit(repo, oid_of(std::string(40, '1'))));
}

TEST_CASE("read_commit", "[git][history]") {
  Line line;
  const auto repo = line.open();
  CHECK(git::read_commit(repo, oid_of(line.c)).summary == "third");
  CHECK_THROWS_AS(git::read_commit(repo, oid_of(std::string(40, '1'))), Error);
}

TEST_CASE("same_id", "[git][history]") {
  CHECK(git::same_id(oid_of(std::string(40, 'a')), oid_of(std::string(40, 'a'))));
  CHECK_FALSE(git::same_id(oid_of(std::string(40, 'a')), oid_of(std::string(40, 'b'))));
}

TEST_CASE("peel_to_commit", "[git][history]") {
  Line line;
  line.repo.git({"tag", "-a", "-m", "release", "v1", line.b});
  line.repo.git({"tag", "-a", "-m", "a tree", "tree-tag", "HEAD^{tree}"});
  const auto repo = line.open();
  const auto peeled = git::peel_to_commit(repo, rev_parse(line.repo, "v1"));
  REQUIRE(peeled);
  CHECK(git::oid_hex(*peeled) == line.b);
  CHECK(git::oid_hex(*git::peel_to_commit(repo, line.c)) == line.c);
  CHECK_FALSE(git::peel_to_commit(repo, rev_parse(line.repo, "tree-tag")));
  CHECK_FALSE(git::peel_to_commit(repo, std::string(40, '1')));
  CHECK_FALSE(git::peel_to_commit(repo, "not hex"));
}

TEST_CASE("merge_base", "[git][history]") {
  Line line;
  line.repo.git({"checkout", "-q", "-b", "side", line.a});
  const auto side = commit_file(line.repo, "side.txt", "s\n", "side");
  const auto repo = line.open();
  const auto base = git::merge_base(repo, oid_of(side), oid_of(line.c));
  REQUIRE(base);
  CHECK(git::oid_hex(*base) == line.a);

  // Two unrelated histories have none.
  line.repo.git({"checkout", "-q", "--orphan", "other"});
  line.repo.git({"rm", "-q", "-rf", "."});
  const auto root = commit_file(line.repo, "o.txt", "o\n", "unrelated");
  CHECK_FALSE(git::merge_base(repo, oid_of(root), oid_of(line.c)));
}

TEST_CASE("RevisionWalk", "[git][history]") {
  Line line;
  const auto repo = line.open();

  SECTION("orders") {
    git::RevisionWalk newest(repo, git::WalkOrder::newest_first);
    newest.push(oid_of(line.c));
    CHECK(walk_all(newest) == std::vector<std::string>{line.c, line.b, line.a});

    git::RevisionWalk oldest(repo, git::WalkOrder::oldest_first);
    oldest.push(oid_of(line.c));
    CHECK(walk_all(oldest) == std::vector<std::string>{line.a, line.b, line.c});
  }
  SECTION("hidden commits and their ancestors are left out; unknown ones are ignored") {
    git::RevisionWalk walk(repo, git::WalkOrder::topological);
    walk.push(oid_of(line.c));
    walk.hide(oid_of(line.a));
    walk.hide(oid_of(std::string(40, '1')));
    CHECK(walk_all(walk) == std::vector<std::string>{line.c, line.b});
  }
  SECTION("first parents only") {
    line.repo.git({"checkout", "-q", "-b", "side", line.a});
    const auto side = commit_file(line.repo, "side.txt", "s\n", "side", {{"GIT_COMMITTER_DATE", "2026-01-04T00:00:00Z"}});
    line.repo.git({"checkout", "-q", "main"});
    line.repo.git({"merge", "-q", "--no-ff", "-m", "merge side", "side"},
                  {{"GIT_COMMITTER_DATE", "2026-01-05T00:00:00Z"}});
    const auto merge = rev_parse(line.repo, "HEAD");

    git::RevisionWalk all(repo, git::WalkOrder::newest_first);
    all.push(oid_of(merge));
    CHECK(walk_all(all) == std::vector<std::string>{merge, side, line.c, line.b, line.a});

    git::RevisionWalk first(repo, git::WalkOrder::newest_first, git::WalkParents::first);
    first.push(oid_of(merge));
    CHECK(walk_all(first) == std::vector<std::string>{merge, line.c, line.b, line.a});
  }
  SECTION("a tip that is not here is an error naming it") {
    git::RevisionWalk walk(repo, git::WalkOrder::topological);
    try {
      walk.push(oid_of(std::string(40, '1')), "refs/heads/gone");
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find("walk refs/heads/gone") != std::string::npos);
    }
  }
}

TEST_CASE("range_commits", "[git][history]") {
  Line line;
  const auto repo = line.open();
  CHECK(hex_ids(git::range_commits(repo, oid_of(line.a), oid_of(line.c))) == std::vector<std::string>{line.b, line.c});
  CHECK(git::range_commits(repo, oid_of(line.c), oid_of(line.a)).empty());
}

TEST_CASE("squash_message_commits", "[git][history]") {
  Line line;
  const auto repo = line.open();
  CHECK(git::squash_message_commits(repo).empty());

  line.repo.git({"checkout", "-q", "-b", "feature", line.a});
  const auto f1 = commit_file(line.repo, "f1.txt", "1\n", "feature one");
  const auto f2 = commit_file(line.repo, "f2.txt", "2\n", "feature two");
  line.repo.git({"checkout", "-q", "main"});
  line.repo.git({"merge", "-q", "--squash", "feature"});
  // git lists the squashed commits newest first.
  CHECK(hex_ids(git::squash_message_commits(repo)) == std::vector<std::string>{f2, f1});
}

TEST_CASE("last_head_reflog_message", "[git][history]") {
  Line line;
  line.repo.git({"checkout", "-q", "-b", "feature", line.b});
  commit_file(line.repo, "f.txt", "f\n", "feature");
  line.repo.git({"checkout", "-q", "main"});
  line.repo.git({"merge", "-q", "--no-edit", "feature"});
  const auto repo = line.open();
  CHECK(git::last_head_reflog_message(repo).rfind("merge feature:", 0) == 0);

  TestRepo bare("--bare");
  CHECK(git::last_head_reflog_message(git::Repository::open(bare.root().string())).empty());
}

TEST_CASE("approxidate", "[git][history]") {
  Line line;
  const auto repo = line.open();
  CHECK(git::approxidate(repo, "2026-01-02 00:00:00 +0000") == 1767312000);
  const auto yesterday = git::approxidate(repo, "yesterday");
  REQUIRE(yesterday);
  CHECK(*yesterday < static_cast<std::int64_t>(std::time(nullptr)));
}

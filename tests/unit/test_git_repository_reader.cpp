// git::Repository as the reader of git/reader.hpp (repository_reader.cpp),
// against what the git executable prints.
#include "git_layer_fixture.hpp"

#include "warden/git/reader.hpp"
#include "warden/git/repository.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <sstream>

using namespace warden;
using namespace warden::test;

namespace {

std::string trimmed(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

// main (3 commits), feature, a remote-tracking layout with origin/HEAD, a
// lightweight tag, an annotated tag and a tag of that tag, some packed refs.
struct Layout {
  TestRepo repo;
  std::string c1, c2, c3, side;
  Layout() {
    c1 = commit_file(repo, "a.txt", "a\n", "first", {{"GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z"}});
    c2 = commit_file(repo, "dir/b.txt", "b\n", "second\n\nbody", {{"GIT_COMMITTER_DATE", "2026-01-02T00:00:00Z"},
                                                                     {"GIT_AUTHOR_DATE", "2025-12-31T10:00:00Z"},
                                                                     {"GIT_AUTHOR_NAME", "Ann Author"},
                                                                     {"GIT_AUTHOR_EMAIL", "ann@example.com"}});
    c3 = commit_file(repo, "c.txt", "c\n", "third", {{"GIT_COMMITTER_DATE", "2026-01-03T00:00:00Z"}});
    repo.git({"branch", "feature", c2});
    repo.git({"branch", "a-b", c1});
    repo.git({"branch", "a/b", c2});
    repo.git({"tag", "light", c1});
    repo.git({"tag", "-a", "-m", "annotated", "v1", c2});
    repo.git({"tag", "-a", "-m", "nested", "v1-outer", "v1"});
    repo.git({"update-ref", "refs/remotes/origin/main", c2});
    repo.git({"pack-refs", "--all"});
    repo.git({"update-ref", "refs/remotes/origin/topic", c3}); // loose
    repo.git({"symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main"});
    repo.git({"symbolic-ref", "refs/remotes/origin/broken", "refs/remotes/origin/nowhere"});
    side = c3;
  }
  git::Repository open() const { return git::Repository::open(repo.root().string()); }
};

std::vector<std::string> reader_refs(const git::RepoReader& reader, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& ref : reader.refs(prefix)) out.push_back(ref.name + " " + git::oid_hex(ref.id));
  return out;
}

} // namespace

TEST_CASE("repository reader: refs(prefix) as git for-each-ref lists them", "[git][repository_reader]") {
  Layout layout;
  const auto repo = layout.open();
  for (const std::string prefix : {"refs/", "refs/heads/", "refs/remotes/origin/", "refs/tags/", "refs/nothing/"}) {
    INFO(prefix);
    const auto expected = lines(run_git({"for-each-ref", "--format=%(refname) %(objectname)", prefix},
                                        layout.repo.root().string(), true,
                                        isolated_git_options(layout.repo.tmp())).out);
    CHECK(reader_refs(repo, prefix) == expected);
  }
  // The symbolic one listed with its target's id, the dangling one left out.
  const auto remotes = reader_refs(repo, "refs/remotes/origin/");
  CHECK(remotes == std::vector<std::string>{"refs/remotes/origin/HEAD " + layout.c2,
                                            "refs/remotes/origin/main " + layout.c2,
                                            "refs/remotes/origin/topic " + layout.c3});
}

TEST_CASE("repository reader: symbolic_ref and ref_id", "[git][repository_reader]") {
  Layout layout;
  layout.repo.git({"reset", "-q", "--hard", layout.c2});
  const auto repo = layout.open();
  CHECK(repo.symbolic_ref("HEAD") == std::optional<std::string>("refs/heads/main"));
  CHECK(repo.symbolic_ref("refs/remotes/origin/HEAD") == std::optional<std::string>("refs/remotes/origin/main"));
  CHECK_FALSE(repo.symbolic_ref("refs/heads/main"));
  CHECK_FALSE(repo.symbolic_ref("refs/heads/nope"));

  REQUIRE(repo.ref_id("ORIG_HEAD"));
  CHECK(git::oid_hex(*repo.ref_id("ORIG_HEAD")) == rev_parse(layout.repo, "ORIG_HEAD"));
  CHECK(git::oid_hex(*repo.ref_id("ORIG_HEAD")) == layout.c3);
  CHECK(git::oid_hex(*repo.ref_id("HEAD")) == layout.c2);
  CHECK(git::oid_hex(*repo.ref_id("refs/remotes/origin/HEAD")) == layout.c2);
  // Not peeled: the tag object.
  CHECK(git::oid_hex(*repo.ref_id("refs/tags/v1")) == rev_parse(layout.repo, "refs/tags/v1"));
  CHECK_FALSE(repo.ref_id("refs/heads/nope"));
  CHECK_FALSE(repo.ref_id("MERGE_HEAD"));
  CHECK_FALSE(repo.ref_id("refs/remotes/origin/broken"));

  // FETCH_HEAD (its first id; the rest of the line is text) and a
  // MERGE_HEAD of several lines.
  layout.repo.git({"fetch", "-q", ".", "feature", "refs/remotes/origin/topic"});
  REQUIRE(repo.ref_id("FETCH_HEAD"));
  CHECK(git::oid_hex(*repo.ref_id("FETCH_HEAD")) == rev_parse(layout.repo, "FETCH_HEAD"));
  CHECK(git::oid_hex(*repo.ref_id("FETCH_HEAD")) == layout.c2);
  layout.repo.write(".git/MERGE_HEAD", layout.c1 + "\n" + layout.c3 + "\n");
  REQUIRE(repo.ref_id("MERGE_HEAD"));
  CHECK(git::oid_hex(*repo.ref_id("MERGE_HEAD")) == layout.c1);

  // An unborn branch: HEAD is symbolic, it has no id.
  layout.repo.git({"symbolic-ref", "HEAD", "refs/heads/unborn"});
  const auto again = layout.open();
  CHECK(again.symbolic_ref("HEAD") == std::optional<std::string>("refs/heads/unborn"));
  CHECK_FALSE(again.ref_id("HEAD"));
  CHECK(again.common_dir() == (layout.repo.root() / ".git").string());
}

TEST_CASE("repository reader: peel_to_commit, has_object", "[git][repository_reader]") {
  Layout layout;
  const auto repo = layout.open();
  for (const std::string tag : {"v1", "v1-outer", "light"}) {
    INFO(tag);
    const auto peeled = repo.peel_to_commit(oid_of(rev_parse(layout.repo, "refs/tags/" + tag)));
    REQUIRE(peeled);
    CHECK(git::oid_hex(*peeled) == rev_parse(layout.repo, tag + "^{commit}"));
  }
  CHECK(git::oid_hex(*repo.peel_to_commit(oid_of(layout.c3))) == layout.c3);
  CHECK_FALSE(repo.peel_to_commit(oid_of(rev_parse(layout.repo, layout.c3 + "^{tree}"))));
  CHECK_FALSE(repo.peel_to_commit(oid_of(rev_parse(layout.repo, layout.c3 + ":a.txt"))));
  const git_oid absent = oid_of("1234567890123456789012345678901234567890");
  CHECK_FALSE(repo.peel_to_commit(absent));
  CHECK_FALSE(repo.has_object(absent));
  CHECK(repo.has_object(oid_of(layout.c1)));
  // A tag of a tree peels to no commit.
  layout.repo.git({"tag", "-a", "-m", "tree", "treetag", layout.c3 + "^{tree}"});
  CHECK_FALSE(repo.peel_to_commit(oid_of(rev_parse(layout.repo, "refs/tags/treetag"))));
}

TEST_CASE("repository reader: commit() as git log prints it", "[git][repository_reader]") {
  Layout layout;
  const auto repo = layout.open();
  // A merge, for the parents' order.
  layout.repo.git({"checkout", "-q", "feature"});
  commit_file(layout.repo, "f.txt", "f\n", "on feature");
  layout.repo.git({"merge", "-q", "--no-ff", "--no-edit", "main"});
  const std::string merge = rev_parse(layout.repo, "HEAD");
  for (const std::string& id : {layout.c1, layout.c2, merge}) {
    INFO(id);
    const auto data = repo.commit(oid_of(id));
    REQUIRE(data);
    const auto fields = lines(layout.repo.git({"log", "-1", "--format=%T%n%P%n%an%n%ae%n%cn%n%ce%n%at%n%ct", id}));
    REQUIRE(fields.size() == 8);
    CHECK(git::oid_hex(data->id) == id);
    CHECK(git::oid_hex(data->tree) == fields[0]);
    std::string parents;
    for (const auto& parent : data->parents) parents += (parents.empty() ? "" : " ") + git::oid_hex(parent);
    CHECK(parents == fields[1]);
    CHECK(data->author_name == fields[2]);
    CHECK(data->author_email == fields[3]);
    CHECK(data->committer_name == fields[4]);
    CHECK(data->committer_email == fields[5]);
    CHECK(std::to_string(data->author_time) == fields[6]);
    CHECK(std::to_string(data->commit_time) == fields[7]);
    const std::string raw = layout.repo.git({"cat-file", "commit", id});
    CHECK(data->message == raw.substr(raw.find("\n\n") + 2));
  }
  CHECK(repo.commit(oid_of(layout.c2))->author_name == "Ann Author");
  CHECK(repo.commit(oid_of(layout.c2))->message == "second\n\nbody\n");
  CHECK(repo.commit(oid_of(layout.c1))->parents.empty());
  CHECK_FALSE(repo.commit(oid_of(rev_parse(layout.repo, "refs/tags/v1")))); // a tag object is no commit
  CHECK_FALSE(repo.commit(oid_of("1234567890123456789012345678901234567890")));
}

TEST_CASE("repository reader: tree() and blobs()", "[git][repository_reader]") {
  Layout layout;
  auto opened = layout.open();
  const git::Repository repo = std::move(opened); // movable, as discover() returns it
  const std::string tree = rev_parse(layout.repo, layout.c3 + "^{tree}");
  const auto items = repo.tree(oid_of(tree));
  REQUIRE(items);
  std::vector<std::string> got;
  for (const auto& item : *items) {
    char mode[16];
    std::snprintf(mode, sizeof mode, "%06o", item.mode);
    got.push_back(std::string(mode) + " " + git::oid_hex(item.oid) + " " + item.name);
  }
  std::vector<std::string> expected;
  for (const auto& line : lines(layout.repo.git({"ls-tree", tree}))) {
    // "<mode> <type> <id>\t<name>"
    const auto tab = line.find('\t');
    const auto first = line.find(' ');
    const auto second = line.find(' ', first + 1);
    expected.push_back(line.substr(0, first) + " " + line.substr(second + 1, tab - second - 1) + " " +
                       line.substr(tab + 1));
  }
  CHECK(got == expected);
  CHECK_FALSE(repo.tree(oid_of(layout.c3)));

  const git_oid blob = oid_of(rev_parse(layout.repo, layout.c3 + ":dir/b.txt"));
  git::BlobReader& blobs = repo.blobs();
  CHECK(&blobs == &repo.blobs());
  CHECK(blobs.size(blob) == std::optional<std::uint64_t>(2));
  CHECK(blobs.contents(blob, 100) == std::optional<std::string>("b\n"));
  CHECK_FALSE(blobs.contents(blob, 1));
}

TEST_CASE("repository reader: common_dir as git prints it", "[git][repository_reader]") {
  Layout layout;
  const auto repo = layout.open();
  const git::RepoReader& reader = repo;
  CHECK(reader.common_dir() == trimmed(layout.repo.git({"rev-parse", "--path-format=absolute", "--git-common-dir"})));
}

TEST_CASE("repository reader: a linked worktree reads its own HEAD and the shared refs", "[git][repository_reader]") {
  Layout layout;
  const std::string linked = (layout.repo.tmp() / "linked").string();
  layout.repo.git({"worktree", "add", "-q", linked, "feature"});
  const auto repo = git::Repository::open(linked);
  CHECK(repo.symbolic_ref("HEAD") == std::optional<std::string>("refs/heads/feature"));
  CHECK(git::oid_hex(*repo.ref_id("HEAD")) == layout.c2);
  CHECK(repo.common_dir() == (layout.repo.root() / ".git").string());
  CHECK(reader_refs(repo, "refs/heads/") == reader_refs(layout.open(), "refs/heads/"));
}

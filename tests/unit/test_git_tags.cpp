#include "git_layer_fixture.hpp"

#include "warden/git/branches.hpp"
#include "warden/git/refs.hpp"
#include "warden/git/tags.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace warden;
using namespace warden::test;

namespace {

struct Refs {
  TestRepo repo;
  std::string first, second;
  Refs() {
    first = commit_file(repo, "a.txt", "a\n", "first");
    second = commit_file(repo, "b.txt", "b\n", "second");
  }
  git::Repository open() const { return git::Repository::open(repo.root().string()); }
};

} // namespace

TEST_CASE("ref_target and ref_commit on an annotated tag", "[git][refs]") {
  Refs refs;
  refs.repo.git({"tag", "-a", "-m", "release", "v1", refs.first});
  const auto repo = refs.open();
  // An annotated tag's ref names the tag object; peeled, the commit.
  const auto tag_object = git::ref_target(repo, "refs/tags/v1");
  REQUIRE(tag_object);
  CHECK(git::oid_hex(*tag_object) == rev_parse(refs.repo, "refs/tags/v1"));
  CHECK(git::oid_hex(*git::ref_commit(repo, "refs/tags/v1")) == refs.first);
  // Symbolic refs are followed.
  CHECK(git::oid_hex(*git::ref_target(repo, "HEAD")) == refs.second);
  CHECK_FALSE(git::ref_target(repo, "refs/heads/missing"));
  CHECK_FALSE(git::ref_commit(repo, "refs/heads/missing"));
}

TEST_CASE("ref_names", "[git][refs]") {
  Refs refs;
  refs.repo.git({"branch", "topic"});
  refs.repo.git({"update-ref", "refs/remotes/origin/main", refs.first});
  refs.repo.git({"tag", "v1"});
  const auto repo = refs.open();
  auto all = git::ref_names(repo);
  std::sort(all.begin(), all.end());
  CHECK(all == std::vector<std::string>{"refs/heads/main", "refs/heads/topic", "refs/remotes/origin/main", "refs/tags/v1"});
  CHECK(git::ref_names(repo, "refs/remotes/origin/*") == std::vector<std::string>{"refs/remotes/origin/main"});
  CHECK(git::ref_names(repo, "refs/remotes/upstream/*").empty());
}

TEST_CASE("branch_at: local branches first, remote-tracking ones when asked", "[git][refs]") {
  Refs refs;
  refs.repo.git({"branch", "topic", refs.first});
  refs.repo.git({"update-ref", "refs/remotes/origin/feature", refs.first});
  const auto repo = refs.open();

  CHECK(git::branch_at(repo, oid_of(refs.second), git::BranchScope::local) == "main");
  CHECK(git::branch_at(repo, oid_of(refs.first), git::BranchScope::local) == "topic");
  refs.repo.git({"branch", "-D", "topic"});
  CHECK(git::branch_at(repo, oid_of(refs.first), git::BranchScope::local).empty());
  CHECK(git::branch_at(repo, oid_of(refs.first), git::BranchScope::local_and_remote) == "origin/feature");
}

TEST_CASE("tags and tag_message", "[git][refs]") {
  Refs refs;
  refs.repo.git({"tag", "light", refs.first});
  refs.repo.git({"tag", "-a", "-m", "the release", "v1", refs.second},
                {{"GIT_COMMITTER_DATE", "2026-03-01T00:00:00Z"}});
  const auto repo = refs.open();
  const auto all = git::tags(repo);
  REQUIRE(all.size() == 2);
  CHECK(all[0].name == "light");
  CHECK(git::oid_hex(*all[0].commit) == refs.first);
  CHECK(all[0].time == 1767225600); // the commit's time: 2026-01-01T00:00:00Z
  CHECK(all[1].name == "v1");
  CHECK(git::oid_hex(*all[1].commit) == refs.second);
  CHECK(all[1].time == 1772323200); // the tagger's time: 2026-03-01T00:00:00Z

  CHECK(git::tag_message(repo, oid_of(rev_parse(refs.repo, "refs/tags/v1"))) == "the release\n");
  CHECK_FALSE(git::tag_message(repo, oid_of(refs.first)));
  CHECK_FALSE(git::tag_message(repo, oid_of(std::string(40, '1'))));
}

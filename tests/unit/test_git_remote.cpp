#include "git_layer_fixture.hpp"

#include "warden/git/remote.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace warden;
using namespace warden::test;

namespace {

// A clone of a bare remote holding main (two commits).
struct Cloned {
  TestRepo remote{"--bare"};
  TestRepo work;
  std::string first, second;
  Cloned() {
    first = commit_file(work, "a.txt", "a\n", "first");
    second = commit_file(work, "b.txt", "b\n", "second");
    work.git({"remote", "add", "origin", remote.root().string()});
    work.git({"push", "-q", "origin", "main"});
  }
  git::Repository open() const { return git::Repository::open(work.root().string()); }
};

} // namespace

TEST_CASE("remote_configured and remote_url", "[git][remote]") {
  Cloned cloned;
  const auto repo = cloned.open();
  CHECK(git::remote_configured(repo, "origin"));
  CHECK_FALSE(git::remote_configured(repo, "upstream"));
  CHECK_FALSE(git::remote_configured(repo, ""));
  CHECK(git::remote_url(repo, "origin") == cloned.remote.root().string());
  CHECK(git::remote_url(repo, "git@github.com:o/r.git") == "git@github.com:o/r.git");
  CHECK(git::remote_url(repo, "upstream").empty());
  CHECK(git::remote_url(repo, "").empty());
}

TEST_CASE("tracking_ref", "[git][remote]") {
  CHECK(git::tracking_ref("origin", "feature/x") == "refs/remotes/origin/feature/x");
}

TEST_CASE("tracking_tips and reachable_from_tracking", "[git][remote]") {
  Cloned cloned;
  const auto local_only = commit_file(cloned.work, "c.txt", "c\n", "not pushed");
  const auto repo = cloned.open();
  CHECK(hex_ids(git::tracking_tips(repo, "origin")) == std::vector<std::string>{cloned.second});
  CHECK(git::tracking_tips(repo, "upstream").empty());
  CHECK(git::reachable_from_tracking(repo, "origin", oid_of(cloned.first)));
  CHECK(git::reachable_from_tracking(repo, "origin", oid_of(cloned.second)));
  CHECK_FALSE(git::reachable_from_tracking(repo, "origin", oid_of(local_only)));
  CHECK_FALSE(git::reachable_from_tracking(repo, "upstream", oid_of(cloned.first)));
}

TEST_CASE("remote_ref_id", "[git][remote]") {
  Cloned cloned;
  const auto repo = cloned.open();
  CHECK(git::remote_ref_id(repo, "origin", "refs/heads/main") == cloned.second);
  CHECK(git::remote_ref_id(repo, "origin", "refs/heads/missing") == "");
  CHECK_FALSE(git::remote_ref_id(repo, (cloned.work.tmp() / "no-such-remote").string(), "refs/heads/main"));
}

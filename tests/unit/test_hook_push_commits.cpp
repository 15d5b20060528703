// The commit rules on the commits a push makes new (hook/push_commits.cpp),
// on a real repository.
#include "git_test_repo.hpp"

#include "warden/git/history.hpp"
#include "warden/git/refs.hpp"
#include "warden/hook/push_commits.hpp"

#include <re2/re2.h>

using namespace warden;
using namespace warden::test;

namespace {

git_oid head(const git::Repository& repo) {
  const auto oid = repo.resolve_commit("HEAD");
  REQUIRE(oid);
  return *oid;
}

std::vector<std::string> where(const Findings& findings, const std::string& id) {
  std::vector<std::string> out;
  for (const Finding& finding : findings)
    if (finding.check_id == id) out.push_back(finding.paths.at(0));
  return out;
}

Policy strict() {
  Policy policy = default_policy();
  policy.commits.message = Severity::error;
  policy.commits.conventional = true;
  policy.commits.author_email = Pattern{"@example\\.com$", std::make_shared<const re2::RE2>("@example\\.com$")};
  return policy;
}

} // namespace

TEST_CASE("check_new_commits: only what the receiving side lacks", "[hook][push-commits]") {
  TestRepo t;
  t.git({"commit", "-q", "--allow-empty", "--no-verify", "-m", "old bad subject"});
  t.git({"commit", "-q", "--allow-empty", "--no-verify", "-m", "fixup! old"}, {{"GIT_AUTHOR_EMAIL", "x@gmail.com"}});
  const auto repo = git::Repository::open(t.root().string());
  const git_oid remote_tip = head(repo);
  t.git({"commit", "-q", "--allow-empty", "--no-verify", "-m", "feat: new"});
  t.git({"commit", "-q", "--allow-empty", "--no-verify", "-m", "new bad subject"}, {{"GIT_AUTHOR_EMAIL", "y@gmail.com"}});
  t.git({"commit", "-q", "--allow-empty", "--no-verify", "-m", "fixup! feat: new"});
  const auto fresh = git::Repository::open(t.root().string());
  const git_oid tip = head(fresh);
  const std::string bad = git::short_hex(*fresh.resolve_commit("HEAD~1"));
  const std::string fixup = git::short_hex(tip);

  NewCommits input;
  input.updates.push_back({"refs/heads/main", tip, remote_tip, "origin/main"});
  input.known.push_back(remote_tip);
  Findings out;
  check_new_commits(fresh, strict(), input, SkipList(), out);
  CHECK(where(out, "commit-message") == std::vector<std::string>{bad});
  CHECK(where(out, "commit-author") == std::vector<std::string>{bad});
  CHECK(where(out, "fixup-commit") == std::vector<std::string>{fixup});

  // Skipped ids are not judged; a branch that is not protected takes fixups.
  out.clear();
  input.updates[0].ref = "refs/heads/feature/x";
  check_new_commits(fresh, strict(), input, SkipList::parse("commit-author"), out);
  CHECK(where(out, "commit-author").empty());
  CHECK(where(out, "fixup-commit").empty());
  CHECK(where(out, "commit-message") == std::vector<std::string>{bad});
  out.clear();
  check_new_commits(fresh, strict(), input, SkipList::parse("all"), out);
  CHECK(out.empty());
}

TEST_CASE("check_new_commits: fixup-commit looks past other refs, not past protected tips", "[hook][push-commits]") {
  TestRepo t;
  t.git({"commit", "-q", "--allow-empty", "--no-verify", "-m", "feat: base"});
  const auto repo0 = git::Repository::open(t.root().string());
  const git_oid base = head(repo0);
  t.git({"commit", "-q", "--allow-empty", "--no-verify", "-m", "fixup! feat: base"});
  const auto repo = git::Repository::open(t.root().string());
  const git_oid tip = head(repo);

  // The remote has the fixup under a topic branch (known), main is at base.
  NewCommits input;
  input.updates.push_back({"refs/heads/main", tip, base, "origin/main"});
  input.known = {tip, base};
  Findings out;
  check_new_commits(repo, strict(), input, SkipList(), out);
  CHECK(where(out, "fixup-commit") == std::vector<std::string>{git::short_hex(tip)});
  CHECK(where(out, "commit-message").empty());

  // Already on another protected branch of the remote: published there.
  out.clear();
  input.protected_tips = {tip};
  check_new_commits(repo, strict(), input, SkipList(), out);
  CHECK(out.empty());
}

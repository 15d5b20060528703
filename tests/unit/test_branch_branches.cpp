#include "branch_fixture.hpp"

#include "warden/branch/branches.hpp"

#include <catch2/catch.hpp>

using namespace warden;
using warden::test::RemoteAndClone;

TEST_CASE("command_text shows a git command as the user would type it", "[branch]") {
  CHECK(branch::command_text({"push", "origin", "--delete", "a b"}) == "git push origin --delete 'a b'");
  CHECK(branch::command_text({"branch", "-m", "it's", "feature/x"}) == "git branch -m 'it'\\''s' feature/x");
  CHECK(branch::command_text({}) == "git");
}

TEST_CASE("first_line prefers git's rejection and error lines", "[branch]") {
  CHECK(branch::first_line("To /x\n ! [remote rejected] a (hook declined)\nerror: failed\n") ==
        "! [remote rejected] a (hook declined)");
  CHECK(branch::first_line("hint: x\nfatal: nope\n") == "fatal: nope");
  CHECK(branch::first_line("\n\n  plain\n") == "plain");
  CHECK(branch::first_line("") == "");
}

TEST_CASE("remotes_to_fetch: the policy's remote first, then tracked ones, each once", "[branch]") {
  RemoteAndClone fx;
  fx.git({"remote", "add", "other", fx.remote().string()});
  fx.git({"fetch", "-q", "other"});
  fx.git({"branch", "-q", "--track", "from-other", "other/main"});
  fx.git({"branch", "-q", "--track", "local-base", "main"}); // tracks ".": no remote to fetch

  const auto repo = fx.open();
  CHECK(branch::remotes_to_fetch(repo, "origin") == std::vector<std::string>{"origin", "other"});
  CHECK(branch::remotes_to_fetch(repo, "other") == std::vector<std::string>{"other", "origin"});
  // A policy remote that is not configured is not fetched; the tracked ones
  // follow the branch names (from-other before main).
  CHECK(branch::remotes_to_fetch(repo, "upstream") == std::vector<std::string>{"other", "origin"});
}

TEST_CASE("commit_count", "[branch][branches]") {
  CHECK(warden::branch::commit_count(0) == "0 commits");
  CHECK(warden::branch::commit_count(1) == "1 commit");
  CHECK(warden::branch::commit_count(2) == "2 commits");
}

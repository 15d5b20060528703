#include "branch_fixture.hpp"

#include "warden/branch/classify.hpp"
#include "warden/git/history.hpp"

#include <catch2/catch.hpp>

using namespace warden;
using warden::test::RemoteAndClone;

namespace {

// Commits on the clone: write `path` with `contents`, commit with `message`.
void commit(const RemoteAndClone& fx, const std::string& path, const std::string& contents,
            const std::string& message) {
  fx.write(path, contents);
  fx.git({"add", "--", path});
  fx.git({"commit", "-q", "--no-verify", "-m", message});
}

// A branch `name` from main with `count` commits, each adding a file.
void topic(const RemoteAndClone& fx, const std::string& name, int count) {
  fx.git({"checkout", "-q", "-b", name, "main"});
  for (int i = 0; i < count; ++i) {
    commit(fx, name + "-" + std::to_string(i) + ".txt", name + " " + std::to_string(i) + "\n",
           name + " part " + std::to_string(i));
  }
  fx.git({"checkout", "-q", "main"});
}

// main moves on with an unrelated commit, so what lands after has other ids.
void advance_main(const RemoteAndClone& fx, const std::string& what) {
  commit(fx, "main-" + what + ".txt", what + "\n", "main: " + what);
}

git_oid oid(const RemoteAndClone& fx, const std::string& rev) {
  auto parsed = git::parse_oid(fx.oid(rev));
  REQUIRE(parsed);
  return *parsed;
}

branch::Classification classify(const RemoteAndClone& fx, const std::string& branch) {
  const auto repo = fx.open();
  branch::Classifier classifier(repo, {oid(fx, "main")});
  return classifier.classify(oid(fx, branch));
}

} // namespace

TEST_CASE("decide_class", "[branch][classify]") {
  using branch::MergeClass;
  branch::MergeFacts facts;
  facts.reachable = true;
  CHECK(branch::decide_class(facts) == MergeClass::merged);
  facts = {};
  facts.commits = 0;
  facts.whole_change_empty = true; // only merges of main into it: nothing of its own
  CHECK(branch::decide_class(facts) == MergeClass::merged);
  facts = {};
  facts.commits = 3;
  facts.on_default = 3;
  CHECK(branch::decide_class(facts) == MergeClass::rebase_merged);
  facts.on_default = 1;
  CHECK(branch::decide_class(facts) == MergeClass::partly_merged);
  facts.squash_found = true;
  CHECK(branch::decide_class(facts) == MergeClass::squash_merged);
  facts = {};
  facts.commits = 1;
  facts.on_default = 1;
  CHECK(branch::decide_class(facts) == MergeClass::rebase_merged);
  facts.reworded = true; // one commit, landed under the forge's squash message
  CHECK(branch::decide_class(facts) == MergeClass::squash_merged);
  facts = {};
  facts.commits = 2;
  CHECK(branch::decide_class(facts) == MergeClass::unmerged);
  facts.whole_change_empty = true; // a change and its revert: commits of its own, not merged
  CHECK(branch::decide_class(facts) == MergeClass::unmerged);
  CHECK(branch::class_name(MergeClass::squash_merged) == "squash-merged");
  CHECK(branch::work_is_merged(MergeClass::rebase_merged));
  CHECK_FALSE(branch::work_is_merged(MergeClass::partly_merged));
}

TEST_CASE("Classifier: merged by ancestry (a merge commit)", "[branch][classify]") {
  RemoteAndClone fx;
  topic(fx, "feature/merge", 2);
  advance_main(fx, "a");
  fx.git({"merge", "-q", "--no-ff", "--no-edit", "feature/merge"});
  const auto c = classify(fx, "feature/merge");
  CHECK(c.kind == branch::MergeClass::merged);
  CHECK(branch::describe(c, "main") == "merged into main");
}

TEST_CASE("Classifier: rebase-merged (each commit picked onto main)", "[branch][classify]") {
  RemoteAndClone fx;
  topic(fx, "feature/rebase", 3);
  advance_main(fx, "a");
  fx.git({"cherry-pick", "main..feature/rebase"});
  const auto c = classify(fx, "feature/rebase");
  CHECK(c.kind == branch::MergeClass::rebase_merged);
  CHECK(c.commits == 3);
  CHECK(c.on_default == 3);
  CHECK_FALSE(c.landed);
  CHECK(branch::describe(c, "main") == "rebase-merged into main (3 commits, the same patches)");
}

TEST_CASE("Classifier: squash-merged, also after main moved on", "[branch][classify]") {
  RemoteAndClone fx;
  topic(fx, "feature/squash", 3);
  advance_main(fx, "a");
  fx.git({"merge", "-q", "--squash", "feature/squash"});
  fx.git({"commit", "-q", "--no-verify", "-m", "feature/squash (#12)"});
  const auto squash = fx.oid("main");
  advance_main(fx, "b");
  const auto c = classify(fx, "feature/squash");
  CHECK(c.kind == branch::MergeClass::squash_merged);
  REQUIRE(c.landed);
  CHECK(git::oid_hex(*c.landed) == squash);
  CHECK(c.commits == 3);
  CHECK(c.on_default == 0);
  CHECK(branch::describe(c, "main") == "squash-merged into main as " + squash.substr(0, 7));
}

TEST_CASE("Classifier: a one-commit branch is squash-merged under a new message, rebase-merged under its own",
          "[branch][classify]") {
  RemoteAndClone fx;
  topic(fx, "feature/one", 1);
  topic(fx, "feature/picked", 1);
  advance_main(fx, "a");
  fx.git({"merge", "-q", "--squash", "feature/one"});
  fx.git({"commit", "-q", "--no-verify", "-m", "One thing (#3)"});
  fx.git({"cherry-pick", "feature/picked"});
  const auto one = classify(fx, "feature/one");
  CHECK(one.kind == branch::MergeClass::squash_merged);
  REQUIRE(one.landed);
  CHECK(git::oid_hex(*one.landed) == fx.oid("main~1"));
  const auto picked = classify(fx, "feature/picked");
  CHECK(picked.kind == branch::MergeClass::rebase_merged);
  CHECK(branch::describe(picked, "main") == "rebase-merged into main as " + fx.oid("main").substr(0, 7) +
                                              " (the same patch)");
}

TEST_CASE("Classifier: squash of a branch that merged main into itself", "[branch][classify]") {
  RemoteAndClone fx;
  topic(fx, "feature/sync", 2);
  advance_main(fx, "a");
  fx.git({"checkout", "-q", "feature/sync"});
  fx.git({"merge", "-q", "--no-ff", "--no-edit", "main"});
  commit(fx, "after-sync.txt", "more\n", "more work");
  fx.git({"checkout", "-q", "main"});
  advance_main(fx, "b");
  fx.git({"merge", "-q", "--squash", "feature/sync"});
  fx.git({"commit", "-q", "--no-verify", "-m", "feature/sync (#13)"});
  const auto c = classify(fx, "feature/sync");
  CHECK(c.kind == branch::MergeClass::squash_merged);
  CHECK(c.commits == 3); // the merge commit is not counted
}

TEST_CASE("Classifier: partly merged and unmerged", "[branch][classify]") {
  RemoteAndClone fx;
  topic(fx, "feature/part", 3);
  topic(fx, "feature/open", 2);
  advance_main(fx, "a");
  fx.git({"cherry-pick", "feature/part~1"});
  const auto part = classify(fx, "feature/part");
  CHECK(part.kind == branch::MergeClass::partly_merged);
  CHECK(part.commits == 3);
  CHECK(part.on_default == 1);
  CHECK(branch::describe(part, "main") == "partly merged: 1 of 3 commits on main, 2 not");
  const auto open = classify(fx, "feature/open");
  CHECK(open.kind == branch::MergeClass::unmerged);
  CHECK(open.commits == 2);
  CHECK(branch::describe(open, "main") == "unmerged: 2 commits not on main");
}

TEST_CASE("Classifier: a squash edited before it landed is unmerged", "[branch][classify]") {
  RemoteAndClone fx;
  topic(fx, "feature/edited", 2);
  fx.git({"merge", "-q", "--squash", "feature/edited"});
  fx.write("feature/edited-0.txt", "edited on the forge\n");
  fx.git({"add", "-A"});
  fx.git({"commit", "-q", "--no-verify", "-m", "squash, edited"});
  CHECK(classify(fx, "feature/edited").kind == branch::MergeClass::unmerged);
}

TEST_CASE("Classifier: a patch main had before the branch forked does not count", "[branch][classify]") {
  RemoteAndClone fx;
  commit(fx, "f.txt", "one\n", "add f");
  const auto added = fx.oid("main");
  fx.git({"revert", "--no-edit", "HEAD"});
  // The branch re-applies the reverted change: main does not hold that work.
  fx.git({"checkout", "-q", "-b", "feature/reapply", "main"});
  fx.git({"cherry-pick", added});
  fx.git({"checkout", "-q", "main"});
  advance_main(fx, "a");
  const auto c = classify(fx, "feature/reapply");
  CHECK(c.kind == branch::MergeClass::unmerged);
}

TEST_CASE("Classifier: one index for many branches, widened for an older merge base", "[branch][classify]") {
  RemoteAndClone fx;
  topic(fx, "feature/old", 2);
  advance_main(fx, "a");
  topic(fx, "feature/new", 2);
  advance_main(fx, "b");
  fx.git({"cherry-pick", "main..feature/old"});
  fx.git({"merge", "-q", "--squash", "feature/new"});
  fx.git({"commit", "-q", "--no-verify", "-m", "squash new"});
  const auto repo = fx.open();
  branch::Classifier classifier(repo, {oid(fx, "main"), oid(fx, "origin/main")});
  // Asked first about the newer branch: the index must widen for the older one.
  CHECK(classifier.classify(oid(fx, "feature/new")).kind == branch::MergeClass::squash_merged);
  CHECK(classifier.classify(oid(fx, "feature/old")).kind == branch::MergeClass::rebase_merged);
  CHECK(classifier.classify(oid(fx, "main")).kind == branch::MergeClass::merged);
  branch::Classifier none(repo, {});
  CHECK(none.classify(oid(fx, "feature/new")).kind == branch::MergeClass::unmerged);
}

// Carrying out repair plans (fix/apply.cpp) on real repositories.
#include "git_test_repo.hpp"

#include "warden/checks/repo_checks.hpp"
#include "warden/fix/apply.hpp"
#include "warden/fix/repairs.hpp"
#include "warden/git/index_edit.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace warden;
using namespace warden::test;

namespace {

Policy test_policy() {
  Policy policy;
  policy.files.forbidden.emplace_back("*.orig");
  return policy;
}

std::string ls(const stdfs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : stdfs::directory_iterator(dir))
    if (e.path().filename() != ".git") names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& n : names) out += n + "\n";
  return out;
}

struct Fixture {
  TestRepo repo;
  Fixture() {
    repo.write("README.md", "same\n");
    repo.write("a.txt", "a\n");
    repo.add({"README.md", "a.txt"});
    repo.commit();
  }
  // Plan and apply every repair of --all on the repository's index.
  fix::Plan fix_all(const Policy& policy = test_policy()) {
    const auto r = git::Repository::open(repo.root().string());
    FileCheckInput input = staged_check_input(r);
    const Findings findings = run_repo_file_checks(r, policy, input, true);
    git::IndexEditor index(r, "");
    const fix::RepairContext context = fix::worktree_context(r, index, input.entries);
    fix::Plan plan = fix::plan_repairs(policy, findings, context);
    fix::apply_repairs(r, index, plan);
    return plan;
  }
};

} // namespace

TEST_CASE("apply_repairs: rename, remove a twin, untrack, in one index write", "[fix]") {
  ScopedEnv no_index("GIT_INDEX_FILE", std::nullopt);
  Fixture f;
  f.repo.write("docs/license", "l\n");
  f.repo.write("readme.md", "same\n");
  f.repo.write("x.orig", "o\n");
  f.repo.add({"docs/license", "readme.md", "x.orig"});
  const fix::Plan plan = f.fix_all();
  CHECK(plan.repairs.size() == 3);
  CHECK(plan.unrepaired.empty());
  CHECK(f.repo.git({"ls-files"}) == ".gitignore\nREADME.md\na.txt\ndocs/LICENSE\n");
  CHECK(ls(f.repo.root()) == ".gitignore\nREADME.md\na.txt\ndocs\nx.orig\n");
  CHECK(ls(f.repo.root() / "docs") == "LICENSE\n");
  CHECK(f.repo.git({"show", ":.gitignore"}) == "/x.orig\n");
  // The index's stat data is fresh: git sees no worktree change without a refresh.
  CHECK(f.repo.git({"diff-files", "--name-only"}).empty());
  CHECK(f.repo.git({"status", "--porcelain"}) == "A  .gitignore\nA  docs/LICENSE\n");
}

TEST_CASE("apply_repairs: a failed index write undoes the worktree", "[fix]") {
  ScopedEnv no_index("GIT_INDEX_FILE", std::nullopt);
  Fixture f;
  f.repo.write("readme.md", "same\n");
  f.repo.write("makefile", "m\n");
  f.repo.write("y.orig", "y\n");
  f.repo.add({"readme.md", "makefile", "y.orig"});
  const std::string index_before = *fs::read_file(f.repo.root() / ".git/index");
  const std::string listing_before = ls(f.repo.root());
  // Someone else holds the index lock: git_index_write must fail.
  fs::write_file_atomic(f.repo.root() / ".git/index.lock", "");
  CHECK_THROWS_AS(f.fix_all(), Error);
  CHECK(*fs::read_file(f.repo.root() / ".git/index") == index_before);
  CHECK(ls(f.repo.root()) == listing_before);
  CHECK(*fs::read_file(f.repo.root() / "readme.md") == "same\n");
  CHECK(*fs::read_file(f.repo.root() / "makefile") == "m\n");
  CHECK_FALSE(stdfs::exists(f.repo.root() / ".gitignore"));
  stdfs::remove(f.repo.root() / ".git/index.lock");
  // Then it works.
  CHECK(f.fix_all().repairs.size() == 3);
  CHECK(f.repo.git({"ls-files"}) == ".gitignore\nMakefile\nREADME.md\na.txt\n");
}

TEST_CASE("worktree_context: unstaged changes, deletions and untracked targets", "[fix]") {
  ScopedEnv no_index("GIT_INDEX_FILE", std::nullopt);
  Fixture f;
  f.repo.write("readme.md", "staged\n");
  f.repo.write("makefile", "m\n");
  f.repo.write("license", "l\n");
  f.repo.add({"readme.md", "makefile", "license"});
  f.repo.write("readme.md", "changed since\n");
  stdfs::remove(f.repo.root() / "makefile");
  f.repo.write("LICENSE", "untracked\n");
  const auto r = git::Repository::open(f.repo.root().string());
  git::IndexEditor index(r, "");
  FileCheckInput input = staged_check_input(r);
  const auto context = fix::worktree_context(r, index, input.entries);
  CHECK(context.worktree_problem("readme.md") ==
        "readme.md has unstaged changes: stage or stash them, then run warden fix again");
  CHECK(context.worktree_problem("makefile") ==
        "makefile is deleted in the worktree but not in the index: stage or undo that first");
  CHECK_FALSE(context.worktree_problem("license").has_value());
  CHECK(context.rename_problem("license", "LICENSE") ==
        "LICENSE already exists in the worktree (untracked): move it away first");
  CHECK_FALSE(context.rename_problem("a.txt", "A.txt").has_value());
  CHECK(context.in_head("README.md"));
  CHECK_FALSE(context.in_head("readme.md"));
  CHECK_FALSE(context.gitignore_problem().has_value());
}

TEST_CASE("gitignore_rules: lines of the staged and the worktree .gitignore", "[fix]") {
  ScopedEnv no_index("GIT_INDEX_FILE", std::nullopt);
  Fixture f;
  f.repo.write(".gitignore", "/a  \r\nb\n");
  f.repo.add({".gitignore"});
  f.repo.write(".gitignore", "/a\nb\nc\\ \n");
  const auto r = git::Repository::open(f.repo.root().string());
  git::IndexEditor index(r, "");
  CHECK(fix::gitignore_rules(r, index) == std::vector<std::string>{"/a", "b", "/a", "b", "c\\ "});
}

TEST_CASE("apply_repairs: a rule only the worktree .gitignore has is staged too", "[fix]") {
  ScopedEnv no_index("GIT_INDEX_FILE", std::nullopt);
  Fixture f;
  f.repo.write(".gitignore", "/x.orig\n");
  f.repo.write("x.orig", "o\n");
  f.repo.git({"add", "-f", "x.orig"});
  const fix::Plan plan = f.fix_all();
  REQUIRE(plan.repairs.size() == 1);
  CHECK_FALSE(plan.repairs[0].new_rule);
  CHECK(f.repo.git({"show", ":.gitignore"}) == "/x.orig\n");
  CHECK(*fs::read_file(f.repo.root() / ".gitignore") == "/x.orig\n");
  CHECK(f.repo.git({"ls-files"}) == ".gitignore\nREADME.md\na.txt\n");
  CHECK(f.repo.git({"diff-files", "--name-only"}).empty());
}

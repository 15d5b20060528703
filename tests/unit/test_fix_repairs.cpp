// The repair planner of warden fix (fix/repairs.cpp), on in-memory indexes.
#include "warden/checks/file_input.hpp"
#include "warden/checks/registry.hpp"
#include "warden/core/glob.hpp"
#include "warden/fix/repairs.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <set>
#include <string>
#include <vector>

using namespace warden;
using warden::fix::RepairKind;

namespace {

git_oid oid_of(unsigned char n) {
  git_oid oid{};
  std::memset(oid.id, n, sizeof oid.id);
  return oid;
}

struct Index {
  std::vector<FileEntry> entries;
  Index& add(std::string path, unsigned char blob, bool changed = true, std::uint32_t mode = 0100644) {
    FileEntry e;
    e.path = std::move(path);
    e.mode = mode;
    e.oid = oid_of(blob);
    e.changed = changed;
    entries.push_back(std::move(e));
    std::sort(entries.begin(), entries.end(), [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
    return *this;
  }
  FileCheckInput input(bool all = false) const {
    FileCheckInput in;
    in.entries = entries;
    in.report_all = all;
    return in;
  }
};

Policy policy_with_forbidden(std::vector<std::string> globs = {".DS_Store", "*.orig", "node_modules"}) {
  Policy policy;
  for (auto& g : globs) policy.files.forbidden.emplace_back(g);
  return policy;
}

fix::Plan plan(const Policy& policy, const Index& index, fix::RepairContext context = {}) {
  const FileCheckInput input = index.input();
  const Findings findings = run_file_checks(policy, input);
  context.entries = &index.entries;
  return fix::plan_repairs(policy, findings, context);
}

} // namespace

TEST_CASE("plan_repairs: canonical-name renames to the canonical spelling", "[fix]") {
  Index index;
  index.add("a.txt", 1, false).add("readme.md", 2).add("docs/license", 3);
  const auto p = plan(Policy{}, index);
  REQUIRE(p.repairs.size() == 2);
  CHECK(p.repairs[0].kind == RepairKind::rename);
  CHECK(p.repairs[0].path == "docs/license");
  CHECK(p.repairs[0].target == "docs/LICENSE");
  CHECK(p.repairs[1].path == "readme.md");
  CHECK(p.repairs[1].target == "README.md");
  CHECK(p.unrepaired.empty());
}

TEST_CASE("plan_repairs: identical twins keep the canonical spelling, else HEAD's, else NFC", "[fix]") {
  SECTION("canonical spelling") {
    Index index;
    index.add("README.md", 1, false).add("readme.md", 1);
    const auto p = plan(Policy{}, index);
    REQUIRE(p.repairs.size() == 1); // the canonical-name finding on readme.md is settled by the removal
    CHECK(p.repairs[0].kind == RepairKind::remove);
    CHECK(p.repairs[0].check_id == "case-collision");
    CHECK(p.repairs[0].path == "readme.md");
    CHECK(p.repairs[0].target == "README.md");
    CHECK(p.unrepaired.empty());
  }
  SECTION("the one HEAD has") {
    Index index;
    index.add("Notes.txt", 1).add("notes.txt", 1);
    fix::RepairContext context;
    context.in_head = [](const std::string& path) { return path == "notes.txt"; };
    const auto p = plan(Policy{}, index, context);
    REQUIRE(p.repairs.size() == 1);
    CHECK(p.repairs[0].path == "Notes.txt");
    CHECK(p.repairs[0].target == "notes.txt");
  }
  SECTION("the NFC spelling") {
    const std::string nfc = "caf\xc3\xa9", nfd = "cafe\xcc\x81";
    Index index;
    index.add(nfd, 1).add(nfc, 1);
    const auto p = plan(Policy{}, index);
    REQUIRE(p.repairs.size() == 1);
    CHECK(p.repairs[0].check_id == "normalization-collision");
    CHECK(p.repairs[0].path == nfd);
    CHECK(p.repairs[0].target == nfc);
  }
}

TEST_CASE("plan_repairs: different twins, directories and submodules need a person", "[fix]") {
  SECTION("different content") {
    Index index;
    index.add("README.md", 1).add("readme.md", 2);
    const auto p = plan(Policy{}, index);
    CHECK(p.repairs.empty());
    REQUIRE(p.unrepaired.size() == 2);
    std::set<std::string> reasons;
    for (const auto& u : p.unrepaired) reasons.insert(u.finding.check_id + ": " + u.reason);
    CHECK(reasons.count("case-collision: the files' contents differ: keep one by hand (git rm, git mv)") == 1);
    CHECK(reasons.count("canonical-name: README.md is tracked too, with other content: keep one by hand") == 1);
  }
  SECTION("directories") {
    Index index;
    index.add("Docs/a.md", 1).add("docs/b.md", 1);
    const auto p = plan(Policy{}, index);
    CHECK(p.repairs.empty());
    REQUIRE(p.unrepaired.size() == 1);
    CHECK(p.unrepaired[0].reason.find("directories collide") == 0);
  }
  SECTION("a submodule") {
    Index index;
    index.add("readme.md", 1, true, 0160000);
    const auto p = plan(Policy{}, index);
    CHECK(p.repairs.empty());
    REQUIRE(p.unrepaired.size() == 1);
    CHECK(p.unrepaired[0].reason == "readme.md is a submodule");
  }
  SECTION("a merge conflict") {
    Index index;
    index.add("readme.md", 1);
    fix::RepairContext context;
    context.conflicted = {"readme.md"};
    const auto p = plan(Policy{}, index, context);
    CHECK(p.repairs.empty());
    REQUIRE(p.unrepaired.size() == 1);
    CHECK(p.unrepaired[0].reason == "readme.md has a merge conflict");
  }
}

TEST_CASE("plan_repairs: unstaged changes and untracked targets are left alone", "[fix]") {
  Index index;
  index.add("readme.md", 1).add("makefile", 2);
  fix::RepairContext context;
  context.worktree_problem = [](const std::string& path) -> std::optional<std::string> {
    if (path == "readme.md") return "readme.md has unstaged changes";
    return std::nullopt;
  };
  context.rename_problem = [](const std::string&, const std::string& to) -> std::optional<std::string> {
    if (to == "Makefile") return "Makefile already exists";
    return std::nullopt;
  };
  const auto p = plan(Policy{}, index, context);
  CHECK(p.repairs.empty());
  REQUIRE(p.unrepaired.size() == 2);
  CHECK(p.unrepaired[0].reason == "Makefile already exists"); // findings sorted: makefile first
  CHECK(p.unrepaired[1].reason == "readme.md has unstaged changes");
}

TEST_CASE("plan_repairs: forbidden paths are untracked with one anchored rule each", "[fix]") {
  Index index;
  index.add(".DS_Store", 1).add("sub/.DS_Store", 1).add("web/node_modules/a.js", 2).add("web/node_modules/b/c.js", 3)
    .add("x.orig", 4);
  fix::RepairContext context;
  context.gitignore_rules = {"/x.orig"};
  const auto p = plan(policy_with_forbidden(), index, context);
  REQUIRE(p.repairs.size() == 5);
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& r : p.repairs) {
    CHECK(r.kind == RepairKind::untrack);
    got.emplace_back(r.path, r.target + (r.new_rule ? " new" : " old"));
  }
  CHECK(got == std::vector<std::pair<std::string, std::string>>{
                 {".DS_Store", "/.DS_Store new"},
                 {"sub/.DS_Store", "/sub/.DS_Store new"},
                 {"web/node_modules/a.js", "/web/node_modules/ new"},
                 {"web/node_modules/b/c.js", "/web/node_modules/ old"},
                 {"x.orig", "/x.orig old"}});
}

TEST_CASE("plan_repairs: a .gitignore that cannot take a rule leaves forbidden paths alone", "[fix]") {
  Index index;
  index.add("a.orig", 1);
  fix::RepairContext context;
  context.gitignore_problem = [] { return std::optional<std::string>(".gitignore is a symlink"); };
  const auto p = plan(policy_with_forbidden(), index, context);
  CHECK(p.repairs.empty());
  REQUIRE(p.unrepaired.size() == 1);
  CHECK(p.unrepaired[0].reason == ".gitignore is a symlink");
}

TEST_CASE("plan_repairs: other findings are listed with no reason", "[fix]") {
  Index index;
  index.add("aux.txt", 1);
  const auto p = plan(Policy{}, index);
  CHECK(p.repairs.empty());
  REQUIRE(p.unrepaired.size() == 1);
  CHECK(p.unrepaired[0].finding.check_id == "portable-name");
  CHECK(p.unrepaired[0].reason.empty());
  CHECK_FALSE(fix::is_repairable_id("portable-name"));
  CHECK(fix::is_repairable_id("normalization-collision"));
}

TEST_CASE("count_repairable", "[fix]") {
  Index index;
  index.add("readme.md", 1).add("README.md", 2, false).add("a.orig", 3).add("aux", 4);
  const Policy policy = policy_with_forbidden();
  const FileCheckInput input = index.input();
  const Findings findings = run_file_checks(policy, input);
  // canonical-name (target tracked), case-collision (contents differ), forbidden-path, portable-name.
  REQUIRE(findings.size() == 4);
  CHECK(fix::count_repairable(policy, findings, index.entries) == 1);
}

TEST_CASE("simulate", "[fix]") {
  Index index;
  index.add("README.md", 1, false).add("readme.md", 1).add("a.orig", 2).add("docs/license", 3, false);
  const Policy policy = policy_with_forbidden();
  FileCheckInput input = index.input();
  const Findings findings = run_file_checks(policy, input);
  fix::RepairContext context;
  context.entries = &index.entries;
  context.in_head = [](const std::string& path) { return path == "README.md" || path == "docs/license"; };
  input.report_all = true;
  const auto p = fix::plan_repairs(policy, run_file_checks(policy, input), context);
  const FileCheckInput after = fix::simulate(input, p, context.in_head);
  std::vector<std::string> paths;
  for (const auto& e : after.entries) paths.push_back(e.path + (e.changed ? "*" : ""));
  CHECK(paths == std::vector<std::string>{".gitignore*", "README.md", "docs/LICENSE*"});
  CHECK(after.removed == std::vector<std::string>{"docs/license"});
  CHECK(run_file_checks(policy, after).empty());
  CHECK(findings.size() == 3);
}

TEST_CASE("findings_left names why a finding was left alone", "[fix]") {
  fix::Plan p;
  Finding left(Severity::error, "case-collision", {"A", "a"}, "collide");
  p.unrepaired.push_back({left, "the files' contents differ"});
  Findings after{left, Finding(Severity::warn, "secret", {"k"}, "a key")};
  const Findings out = fix::findings_left(after, p);
  REQUIRE(out.size() == 2);
  CHECK(out[0].message == "collide (left alone: the files' contents differ)");
  CHECK(out[1].message == "a key");
}

TEST_CASE("ignore_rule", "[fix]") {
  CHECK(fix::ignore_rule(".DS_Store", false) == "/.DS_Store");
  CHECK(fix::ignore_rule("a*b?[c]\\d", false) == "/a\\*b\\?\\[c]\\\\d");
  CHECK(fix::ignore_rule("#x !y", false) == "/#x !y");
  CHECK(fix::ignore_rule("trail  ", false) == "/trail\\ \\ ");
  CHECK(fix::ignore_rule("web/node_modules", true) == "/web/node_modules/");
  CHECK_FALSE(fix::ignore_rule("line\nbreak", false).has_value());
}

#include "branch_fixture.hpp"

#include "warden/branch/prune.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace warden;
using warden::test::Capture;
using warden::test::RemoteAndClone;

namespace {

branch::PruneReport prune(const RemoteAndClone& fx, branch::PruneOptions options, std::string& out) {
  const auto repo = fx.open();
  Capture out_capture, err_capture;
  auto report = branch::prune_branches(repo, default_policy(), options, out_capture.file(), err_capture.file());
  out = out_capture.str() + err_capture.str();
  return report;
}

bool contains(const std::vector<std::string>& items, const std::string& prefix) {
  return std::any_of(items.begin(), items.end(), [&](const auto& s) { return s.rfind(prefix, 0) == 0; });
}

branch::PruneOptions opts(bool merged, bool remote, bool force, branch::DryRun dry_run = branch::DryRun::no) {
  branch::PruneOptions options;
  options.merged = merged;
  options.remote = remote;
  options.force = force;
  options.dry_run = dry_run;
  return options;
}

} // namespace

TEST_CASE("prune_branches: gone and merged deleted, unmerged kept unless forced", "[branch]") {
  RemoteAndClone fx;
  fx.work("feature/merged");
  fx.work("feature/unmerged");
  fx.git({"merge", "-q", "--no-ff", "--no-edit", "feature/merged"});
  fx.git({"push", "-q", "origin", "main"});
  fx.git({"push", "-q", "origin", "--delete", "feature/merged", "feature/unmerged"});
  const auto merged_oid = fx.oid("feature/merged");

  std::string out;
  auto dry = prune(fx, opts(false, false, false, branch::DryRun::yes), out);
  CHECK(dry.deleted == std::vector<std::string>{"feature/merged"});
  CHECK(fx.has_ref("refs/heads/feature/merged"));

  auto report = prune(fx, opts(false, false, false), out);
  CHECK(report.exit_code == 0);
  CHECK(report.deleted == std::vector<std::string>{"feature/merged"});
  CHECK(contains(report.kept, "feature/unmerged"));
  CHECK_FALSE(fx.has_ref("refs/heads/feature/merged"));
  CHECK(out.find("git branch feature/merged " + merged_oid) != std::string::npos);

  auto forced = prune(fx, opts(false, false, true), out);
  CHECK(forced.deleted == std::vector<std::string>{"feature/unmerged"});
}

TEST_CASE("prune_branches: never the current or a protected branch", "[branch]") {
  RemoteAndClone fx;
  fx.work("release/1");
  fx.work("feature/cur");
  fx.git({"checkout", "-q", "feature/cur"});
  fx.git({"push", "-q", "origin", "--delete", "release/1", "feature/cur"});
  std::string out;
  auto report = prune(fx, opts(false, false, true), out);
  CHECK(report.deleted.empty());
  CHECK(contains(report.kept, "feature/cur: it is the current branch"));
  CHECK(contains(report.kept, "release/1: protected"));
}

TEST_CASE("prune_branches: --merged and --remote", "[branch]") {
  RemoteAndClone fx;
  fx.git({"branch", "feature/same", "main"});
  fx.git({"push", "-q", "origin", "main:refs/heads/feature/on-remote"});
  fx.work("feature/open");
  std::string out;
  auto report = prune(fx, opts(true, true, false), out);
  CHECK(report.exit_code == 0);
  CHECK(contains(report.deleted, "feature/same"));
  CHECK_FALSE(contains(report.deleted, "feature/open"));
  CHECK(report.deleted_remote == std::vector<std::string>{"origin/feature/on-remote"});
  CHECK(fx.has_ref("refs/heads/main"));
}

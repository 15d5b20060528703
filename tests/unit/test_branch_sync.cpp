#include "branch_fixture.hpp"

#include "warden/branch/sync.hpp"

#include <catch2/catch.hpp>

using namespace warden;
using warden::test::Capture;
using warden::test::RemoteAndClone;

namespace {

branch::SyncReport sync(const RemoteAndClone& fx, branch::SyncOptions options, std::string& out) {
  const auto repo = fx.open();
  Capture out_capture, err_capture;
  auto report = branch::sync_branches(repo, default_policy(), options, out_capture.file(), err_capture.file());
  out = out_capture.str() + err_capture.str();
  return report;
}

branch::SyncOptions opts(branch::DryRun dry_run, branch::FixUpstreams fix = branch::FixUpstreams::no) {
  branch::SyncOptions options;
  options.dry_run = dry_run;
  options.fix = fix;
  return options;
}

} // namespace

TEST_CASE("sync_branches: fast-forward behind branches, report diverged ones", "[branch]") {
  RemoteAndClone fx;
  fx.work("feature/behind");
  fx.work("feature/diverged");
  const auto old_behind = fx.oid("feature/behind");
  // Move the remote from a second clone.
  const auto other = fx.tmp() / "other";
  fx.git_in(fx.tmp(), {"clone", "-q", fx.remote().string(), other.string()});
  for (const char* name : {"feature/behind", "feature/diverged"}) {
    fx.git_in(other, {"checkout", "-q", name});
    fs::write_file_atomic(other / (std::string(name).substr(8) + ".txt"), "theirs\n");
    fx.git_in(other, {"add", "."});
    fx.git_in(other, {"commit", "-q", "--no-verify", "-m", "theirs"});
    fx.git_in(other, {"push", "-q", "origin", name});
  }
  fx.git({"checkout", "-q", "feature/diverged"});
  fx.write("mine.txt", "mine\n");
  fx.git({"add", "."});
  fx.git({"commit", "-q", "--no-verify", "-m", "mine"});
  fx.git({"checkout", "-q", "main"});
  const auto old_diverged = fx.oid("feature/diverged");

  std::string out;
  auto dry = sync(fx, opts(branch::DryRun::yes), out);
  CHECK(dry.exit_code == 0);
  CHECK(fx.oid("feature/behind") == old_behind);

  auto report = sync(fx, opts(branch::DryRun::no), out);
  CHECK(report.exit_code == 0);
  CHECK(report.fast_forwarded == std::vector<std::string>{"feature/behind"});
  CHECK(report.diverged == std::vector<std::string>{"feature/diverged"});
  CHECK(fx.oid("feature/behind") == fx.oid("origin/feature/behind"));
  CHECK(fx.oid("feature/diverged") == old_diverged);
}

TEST_CASE("sync_branches: mismatched upstream reported, fixed with --fix", "[branch]") {
  RemoteAndClone fx;
  fx.git({"branch", "-q", "feature/m", "origin/main"});
  std::string out;
  auto report = sync(fx, opts(branch::DryRun::no), out);
  CHECK(report.mismatched == std::vector<std::string>{"feature/m"});
  CHECK(fx.git({"config", "branch.feature/m.merge"}) == "refs/heads/main\n");
  auto fixed = sync(fx, opts(branch::DryRun::no, branch::FixUpstreams::yes), out);
  CHECK(fixed.fixed == std::vector<std::string>{"feature/m"});
  CHECK(fx.git_status({"config", "branch.feature/m.merge"}) != 0);
}

#include "branch_fixture.hpp"

#include "warden/branch/rename.hpp"

#include <catch2/catch.hpp>

using namespace warden;
using warden::test::Capture;
using warden::test::RemoteAndClone;

namespace {

int rename(const RemoteAndClone& fx, const std::string& new_name, std::optional<std::string> old_name,
           std::string& out, std::string& err, branch::DryRun dry_run = branch::DryRun::no) {
  const auto repo = fx.open();
  Capture out_capture, err_capture;
  branch::RenameOptions options;
  options.new_name = new_name;
  options.old_name = std::move(old_name);
  options.dry_run = dry_run;
  int code = branch::rename_branch(repo, default_policy(), options, out_capture.file(), err_capture.file());
  out = out_capture.str();
  err = err_capture.str();
  return code;
}

bool remote_has(const RemoteAndClone& fx, const std::string& branch) {
  return run_git({"--git-dir=" + fx.remote().string(), "rev-parse", "-q", "--verify", "refs/heads/" + branch}, "",
                 false)
      .ok();
}

} // namespace

TEST_CASE("rename_branch: local and remote", "[branch]") {
  RemoteAndClone fx;
  fx.work("feature/a");
  const auto oid = fx.oid("feature/a");
  std::string out, err;
  REQUIRE(rename(fx, "feature/b", "feature/a", out, err) == 0);
  CHECK(fx.oid("feature/b") == oid);
  CHECK_FALSE(fx.has_ref("refs/heads/feature/a"));
  CHECK(remote_has(fx, "feature/b"));
  CHECK_FALSE(remote_has(fx, "feature/a"));
  CHECK(fx.git({"config", "branch.feature/b.merge"}) == "refs/heads/feature/b\n");
}

TEST_CASE("rename_branch: dry run changes nothing", "[branch]") {
  RemoteAndClone fx;
  fx.work("feature/a");
  std::string out, err;
  REQUIRE(rename(fx, "feature/b", "feature/a", out, err, branch::DryRun::yes) == 0);
  CHECK(out.find("git branch -m feature/a feature/b") != std::string::npos);
  CHECK(fx.has_ref("refs/heads/feature/a"));
  CHECK_FALSE(remote_has(fx, "feature/b"));
}

TEST_CASE("rename_branch: refusals and usage errors", "[branch]") {
  RemoteAndClone fx;
  fx.work("feature/a");
  fx.work("feature/b", false);
  std::string out, err;
  CHECK(rename(fx, "feature/b", "feature/a", out, err) == 1);
  CHECK(err.find("already exists") != std::string::npos);
  CHECK(rename(fx, "Bad_Name", "feature/a", out, err) == 1);
  CHECK(err.find("branches.pattern") != std::string::npos);
  CHECK(rename(fx, "feature/c", "feature/missing", out, err) == 2);
  CHECK(rename(fx, "feature/..c", "feature/a", out, err) == 2);
  CHECK(fx.has_ref("refs/heads/feature/a"));
  CHECK(remote_has(fx, "feature/a"));
}

TEST_CASE("rename_branch: without an upstream only the local name changes", "[branch]") {
  RemoteAndClone fx;
  fx.work("feature/local", false);
  std::string out, err;
  REQUIRE(rename(fx, "feature/local2", "feature/local", out, err) == 0);
  CHECK(out.find("locally only") != std::string::npos);
  CHECK(fx.has_ref("refs/heads/feature/local2"));
  CHECK_FALSE(remote_has(fx, "feature/local2"));
}

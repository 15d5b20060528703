#include "git_test_repo.hpp"

#include "warden/git/repository.hpp"
#include "warden/config/scoped.hpp"
#include "warden/hook/commands.hpp"

#include <catch2/catch.hpp>

using namespace warden;
using warden::test::TestRepo;

namespace {

Policy policy_with(const std::string& run, const std::string& glob = "") {
  std::string text = "version: 1\ncommands:\n  pre-push:\n    - name: check\n      run: \"" + run + "\"\n";
  if (!glob.empty()) text += "      glob: \"" + glob + "\"\n";
  return parse_policy(text, ".warden.yml");
}

std::string read(const std::filesystem::path& path) { return fs::read_file(path).value_or("<missing>"); }

} // namespace

TEST_CASE("commands_trusted and trust_commands", "[commands]") {
  TestRepo test_repo;
  const auto repo = git::Repository::open(test_repo.root().string());
  CHECK(commands_trusted(repo, default_policy())); // no commands: nothing to trust

  const Policy policy = policy_with("true");
  CHECK_FALSE(commands_trusted(repo, policy));
  trust_commands(repo, policy);
  CHECK(commands_trusted(repo, policy));
  // Recorded in the repository's own config file.
  CHECK(read(test_repo.root() / ".git/config").find(commands_hash(policy)) != std::string::npos);

  // Changed commands are not trusted any more.
  CHECK_FALSE(commands_trusted(repo, policy_with("make test")));
}

TEST_CASE("run_policy_commands: untrusted commands are not run", "[commands]") {
  TestRepo test_repo;
  const auto repo = git::Repository::open(test_repo.root().string());
  const Policy policy = policy_with("touch ran");
  Findings findings;
  run_policy_commands(repo, policy, "pre-push", {"a.txt"}, findings);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].check_id == "command");
  CHECK(findings[0].severity == Severity::warn);
  CHECK_THAT(findings[0].message, Catch::Contains("warden trust"));
  CHECK_FALSE(std::filesystem::exists(test_repo.root() / "ran"));

  trust_commands(repo, policy);
  Findings changed;
  run_policy_commands(repo, policy_with("touch other"), "pre-push", {"a.txt"}, changed);
  REQUIRE(changed.size() == 1);
  CHECK_THAT(changed[0].message, Catch::Contains("changed since they were trusted"));
}

TEST_CASE("run_policy_commands: {files}, glob, failures", "[commands]") {
  TestRepo test_repo;
  const auto repo = git::Repository::open(test_repo.root().string());
  const std::vector<std::string> paths{"a.txt", "it's here.txt", "b.md"};

  SECTION("{files} becomes the quoted matching paths, run in the worktree root") {
    const Policy policy = policy_with("printf '%s|' {files} > seen", "*.txt");
    trust_commands(repo, policy);
    Findings findings;
    run_policy_commands(repo, policy, "pre-push", paths, findings);
    CHECK(findings.empty());
    CHECK(read(test_repo.root() / "seen") == "a.txt|it's here.txt|");
  }
  SECTION("a glob without a match skips the command") {
    const Policy policy = policy_with("touch ran", "*.cpp");
    trust_commands(repo, policy);
    Findings findings;
    run_policy_commands(repo, policy, "pre-push", paths, findings);
    CHECK(findings.empty());
    CHECK_FALSE(std::filesystem::exists(test_repo.root() / "ran"));
  }
  SECTION("a failing command is an error naming it and its exit code") {
    const Policy policy = policy_with("exit 7");
    trust_commands(repo, policy);
    Findings findings;
    run_policy_commands(repo, policy, "pre-push", paths, findings);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::error);
    CHECK(findings[0].paths == std::vector<std::string>{"check"});
    CHECK_THAT(findings[0].message, Catch::Contains("exit code 7"));
  }
  SECTION("another hook's commands are not run") {
    const Policy policy = policy_with("touch ran");
    trust_commands(repo, policy);
    Findings findings;
    run_policy_commands(repo, policy, "pre-commit", paths, findings);
    CHECK(findings.empty());
    CHECK_FALSE(std::filesystem::exists(test_repo.root() / "ran"));
  }
}

TEST_CASE("trust with scoped policies: ROOT+SCOPED, the root part still trusts the root's commands", "[commands][scoped]") {
  TestRepo test_repo;
  const auto repo = git::Repository::open(test_repo.root().string());
  const Policy root = policy_with("true");
  std::string scoped_text = "commands:\n  pre-commit:\n    - name: fmt\n      run: 'fmt {files}'\n";
  const auto read_scoped = [&](const std::string&) -> std::optional<std::string> { return scoped_text; };
  const PolicyScopes scopes(root, {"svc/.warden.yml"}, read_scoped);
  CHECK(has_any_commands(scopes));
  CHECK_FALSE(commands_trusted(repo, scopes));
  trust_commands(repo, scopes);
  CHECK(commands_trusted(repo, scopes));
  CHECK(trusted_value(scopes).find(commands_hash(root) + "+sha1:") == 0);
  CHECK(commands_trusted(repo, root)); // pre-push: the root's commands alone
  // A changed scoped command withdraws the trust of the scoped part only.
  scoped_text = "commands:\n  pre-commit:\n    - name: fmt\n      run: 'rm -rf /'\n";
  const PolicyScopes changed(root, {"svc/.warden.yml"}, read_scoped);
  CHECK_FALSE(commands_trusted(repo, changed));
  CHECK(commands_trusted(repo, root));
  // Without scoped commands the value is the root hash, as before.
  const PolicyScopes none(root, {}, {});
  CHECK(trusted_value(none) == commands_hash(root));
}

TEST_CASE("run_policy_commands with scopes: a scoped list runs in its directory on its own paths", "[commands][scoped]") {
  TestRepo test_repo;
  const auto repo = git::Repository::open(test_repo.root().string());
  std::filesystem::create_directories(test_repo.root() / "svc");
  const Policy root = parse_policy("commands:\n  pre-commit:\n    - name: all\n      run: \"printf '%s\\\\n' {files} > root-ran\"\n",
                                   ".warden.yml");
  const PolicyScopes scopes(root, {"svc/.warden.yml"}, [](const std::string&) -> std::optional<std::string> {
    return std::string("commands:\n  pre-commit:\n    - name: here\n      run: \"printf '%s\\\\n' {files} > ran\"\n"
                       "      glob: '*.py'\n");
  });
  trust_commands(repo, scopes);
  Findings findings;
  run_policy_commands(repo, scopes, "pre-commit", {"README.md", "svc/a.py", "svc/b.txt"}, findings);
  CHECK(findings.empty());
  CHECK(read(test_repo.root() / "svc/ran") == "a.py\n");
  CHECK(read(test_repo.root() / "root-ran") == "README.md\n");
}

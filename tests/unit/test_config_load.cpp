#include "warden/config/policy.hpp"
#include "warden/core/embedded.hpp"
#include "warden/core/error.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace warden;

namespace {

std::string load_error(const std::string& text) {
  try {
    parse_policy(text, ".warden.yml");
  } catch (const PolicyError& e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST_CASE("default_policy has the values of the embedded default policy") {
  const Policy& p = default_policy();
  CHECK(p.version == 1);
  CHECK(p.hooks == std::vector<std::string>{"pre-commit", "commit-msg", "pre-push", "post-merge"});
  CHECK(p.files.case_collision == Severity::error);
  CHECK(p.files.case_folding == CaseFolding::simple);
  CHECK(p.files.portable_name == Severity::error);
  CHECK(p.files.max_path_length == 260);
  CHECK(p.files.max_file_size == 5u * 1024 * 1024);
  CHECK(p.files.canonical_names.size() == 7);
  CHECK(p.files.required == std::vector<std::string>{"README.md"});
  REQUIRE(p.files.forbidden.size() == 3);
  CHECK(p.files.forbidden[0].pattern() == ".DS_Store");
  CHECK(p.files.naming.empty());
  CHECK(p.files.conflict_marker == Severity::error);
  CHECK(p.files.secret == Severity::error);
  CHECK(p.branches.pattern.full_match("feature/login-form"));
  CHECK(p.branches.pattern.full_match("main"));
  CHECK_FALSE(p.branches.pattern.full_match("Feature/Login"));
  CHECK_FALSE(p.branches.pattern.full_match("wip"));
  REQUIRE(p.branches.protected_branches.size() == 3);
  CHECK(p.branches.protected_branches[2].pattern() == "release/*");
  CHECK(p.branches.no_commit.empty());
  CHECK(p.branches.upstream_match == Severity::error);
  CHECK(p.branches.remote_head == Severity::warn);
  CHECK(p.branches.default_branch.empty());
  CHECK(p.branches.remote == "origin");
  CHECK(p.branches.prune_on_merge == PruneOnMerge::report);
  CHECK(p.commands.empty());
  CHECK(p.notify.discord.events == std::vector<std::string>{"push", "merge", "tag"});
  CHECK(p.notify.discord.username == "warden");
  CHECK(p.text == embedded::default_policy());
}

TEST_CASE("parse_policy keeps defaults for keys that are not set") {
  Policy p = parse_policy("version: 1\nfiles:\n  max-file-size: 1KiB\n", ".warden.yml");
  CHECK(p.files.max_file_size == 1024);
  CHECK(p.files.max_path_length == 260);
  CHECK(p.branches.default_branch.empty());
  CHECK(p.source == ".warden.yml");
}

TEST_CASE("parse_policy reads every key") {
  const char* text = R"(version: 1
hooks: [pre-commit]
files:
  case-collision: warn
  case-folding: full
  portable-name: off
  max-path-length: 100
  max-file-size: 2GiB
  canonical-names: [README.md]
  required: [README.md, LICENSE]
  forbidden: ["*.log"]
  naming:
    - glob: "src/**/*.py"
      pattern: '^[a-z0-9_]+\.py$'
  conflict-marker: warn
  secret: off
branches:
  pattern: '^(main|dev)$'
  protected: [main]
  no-commit: [main]
  upstream-match: warn
  remote-head: off
  default-branch: trunk
  remote: upstream
  prune-on-merge: delete
commands:
  pre-push:
    - name: tests
      run: make test
  pre-commit:
    - run: clang-format --dry-run {files}
      glob: "*.{cpp,hpp}"
notify:
  discord:
    events: [push, ci, digest]
    username: bot
    templates:
      push: "{{branch}}"
  email:
    events: [merge]
    to: [team@example.com]
    from: warden@example.com
  slack:
    events: [tag]
  summarizer:
    url: http://127.0.0.1:8080/v1/chat/completions
    model: small
    timeout: 3
git:
  fetch.prune: true
  pull.ff: only
)";
  Policy p = parse_policy(text, "p.yml");
  CHECK(p.hooks == std::vector<std::string>{"pre-commit"});
  CHECK(p.files.case_collision == Severity::warn);
  CHECK(p.files.case_folding == CaseFolding::full);
  CHECK(p.files.portable_name == Severity::off);
  CHECK(p.files.max_path_length == 100);
  CHECK(p.files.max_file_size == (2ull << 30));
  CHECK(p.files.required.size() == 2);
  REQUIRE(p.files.forbidden.size() == 1);
  CHECK(p.files.forbidden[0].pattern() == "*.log");
  REQUIRE(p.files.naming.size() == 1);
  CHECK(p.files.naming[0].pattern.partial_match("snake_case.py"));
  CHECK_FALSE(p.files.naming[0].pattern.partial_match("CamelCase.py"));
  CHECK(p.files.conflict_marker == Severity::warn);
  CHECK(p.files.secret == Severity::off);
  CHECK(p.branches.pattern.full_match("dev"));
  CHECK(p.branches.no_commit.size() == 1);
  CHECK(p.branches.upstream_match == Severity::warn);
  CHECK(p.branches.remote_head == Severity::off);
  CHECK(p.branches.default_branch == "trunk");
  CHECK(p.branches.remote == "upstream");
  CHECK(p.branches.prune_on_merge == PruneOnMerge::remove);
  REQUIRE(p.commands.at("pre-push").size() == 1);
  CHECK(p.commands.at("pre-push")[0].name == "tests");
  CHECK(p.commands.at("pre-push")[0].run == "make test");
  REQUIRE(p.commands.at("pre-commit").size() == 1);
  CHECK(p.commands.at("pre-commit")[0].name == "clang-format --dry-run {files}");
  REQUIRE(p.commands.at("pre-commit")[0].glob.has_value());
  CHECK(p.notify.discord.events == std::vector<std::string>{"push", "ci", "digest"});
  CHECK(p.notify.discord.username == "bot");
  CHECK(p.notify.discord.templates.at("push") == "{{branch}}");
  REQUIRE(p.notify.email.has_value());
  CHECK(p.notify.email->to == std::vector<std::string>{"team@example.com"});
  REQUIRE(p.notify.slack.has_value());
  REQUIRE(p.notify.summarizer.has_value());
  CHECK(p.notify.summarizer->timeout_seconds == 3);
  CHECK(p.git_settings.at("fetch.prune") == "true");
  CHECK(p.git_settings.at("pull.ff") == "only");
}

TEST_CASE("parse_policy size units") {
  auto size = [](const std::string& v) {
    return parse_policy("files:\n  max-file-size: " + v + "\n", "x").files.max_file_size;
  };
  CHECK(size("0") == 0);
  CHECK(size("100") == 100);
  CHECK(size("100B") == 100);
  CHECK(size("3KiB") == 3072);
  CHECK(size("5MiB") == 5u << 20);
  CHECK(size("1GiB") == 1u << 30);
  CHECK(load_error("files:\n  max-file-size: 5MB\n").find(".warden.yml:2:18:") == 0);
  CHECK_FALSE(load_error("files:\n  max-file-size: -1\n").empty());
  CHECK_FALSE(load_error("files:\n  max-file-size: MiB\n").empty());
}

TEST_CASE("parse_policy names the closest key for an unknown key") {
  std::string error = load_error("version: 1\nfiles:\n  case-colision: error\n");
  CHECK(error.find(".warden.yml:3:3:") == 0);
  CHECK(error.find("unknown key 'case-colision'") != std::string::npos);
  CHECK(error.find("did you mean 'case-collision'?") != std::string::npos);

  error = load_error("brances:\n  remote: origin\n");
  CHECK(error.find(".warden.yml:1:1:") == 0);
  CHECK(error.find("did you mean 'branches'?") != std::string::npos);
}

TEST_CASE("parse_policy errors point at file:line:column") {
  CHECK(load_error("version: 2\n").find(".warden.yml:1:10: unsupported policy version") == 0);
  CHECK(load_error("files:\n  secret: maybe\n").find(".warden.yml:2:11: 'files.secret' must be error, warn or off") == 0);
  CHECK(load_error("branches:\n  pattern: '(unclosed'\n").find(".warden.yml:2:12: bad pattern") == 0);
  CHECK(load_error("files:\n  forbidden: ['[abc']\n").find(".warden.yml:2:15: bad glob") == 0);
  CHECK(load_error("files: [1, 2]\n").find(".warden.yml:1:8:") == 0);
  CHECK(load_error("hooks: [pre-comit]\n").find("is not one of") != std::string::npos);
  CHECK(load_error("commands:\n  pre-push:\n    - name: x\n").find("needs 'run'") != std::string::npos);
  CHECK(load_error("commands:\n  on-push: []\n").find("did you mean 'pre-push'?") != std::string::npos);
  CHECK(load_error("files:\n  naming:\n    - glob: '*.py'\n").find("needs both") != std::string::npos);
  CHECK(load_error("branches:\n  prune-on-merge: always\n").find("report, delete or off") != std::string::npos);
  CHECK(load_error("notify:\n  discord:\n    events: [deploy]\n").find("'deploy'") != std::string::npos);
  CHECK(load_error("files:\n  secret: error\n  secret: warn\n").find("duplicate key") != std::string::npos);
  CHECK(load_error("git:\n  prune: true\n").find("not a git config key") != std::string::npos);
  CHECK(load_error("- a\n- b\n").find("must be a mapping") != std::string::npos);
}

TEST_CASE("parse_policy reports YAML syntax errors with position") {
  std::string error = load_error("files:\n  secret: [error\n");
  CHECK(error.rfind(".warden.yml:", 0) == 0);
  CHECK(error.size() > 14);
}

TEST_CASE("parse_policy accepts an empty document as the default") {
  Policy p = parse_policy("", "empty.yml");
  CHECK(p.files.max_path_length == 260);
  p = parse_policy("# only a comment\n", "comment.yml");
  CHECK(p.branches.remote == "origin");
}

TEST_CASE("parse_policy refuses a webhook URL key as a leaked secret") {
  std::string error = load_error("notify:\n  discord:\n    webhook: https://discord.com/api/webhooks/1/abc\n");
  CHECK(error.find(".warden.yml:3:14:") == 0);
  CHECK(error.find("secret") != std::string::npos);
  CHECK(error.find("WARDEN_DISCORD_WEBHOOK") != std::string::npos);
  CHECK(load_error("notify:\n  slack:\n    webhook: x\n").find("WARDEN_SLACK_WEBHOOK") != std::string::npos);
}

TEST_CASE("lint_policy_secrets finds webhook URLs anywhere in the text") {
  Policy p = parse_policy("version: 1\n# https://discord.com/api/" "webhooks/123456/AbCdEf-token\n", "p.yml");
  auto problems = lint_policy_secrets(p);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("p.yml:2:3:") == 0);
  CHECK(problems[0].find("AbCdEf") == std::string::npos);
  CHECK(lint_policy_secrets(default_policy()).empty());
}

TEST_CASE("commands_hash changes with the commands only") {
  Policy a = parse_policy("commands:\n  pre-push:\n    - run: make test\n", "a");
  Policy b = parse_policy("# a comment\ncommands:\n  pre-push:\n    - run: make test\n", "b");
  Policy c = parse_policy("commands:\n  pre-push:\n    - run: make test && curl evil\n", "c");
  CHECK(commands_hash(a) == commands_hash(b));
  CHECK(commands_hash(a) != commands_hash(c));
  CHECK(commands_hash(a).rfind("sha1:", 0) == 0);
}

TEST_CASE("load_policy looks up warden.policy, then .warden.yml, then the default") {
  namespace stdfs = std::filesystem;
  stdfs::path dir = stdfs::temp_directory_path() / ("warden-load-" + std::to_string(::getpid()));
  stdfs::create_directories(dir / "conf");
  std::ofstream(dir / ".warden.yml") << "branches:\n  remote: root\n";
  std::ofstream(dir / "conf" / "p.yml") << "branches:\n  remote: configured\n";
  CHECK(load_policy(dir.string(), std::nullopt).branches.remote == "root");
  CHECK(load_policy(dir.string(), std::string("conf/p.yml")).branches.remote == "configured");
  CHECK_THROWS_AS(load_policy(dir.string(), std::string("missing.yml")), PolicyError);
  stdfs::remove(dir / ".warden.yml");
  CHECK(load_policy(dir.string(), std::nullopt).source == "<default>");
  stdfs::remove_all(dir);
}

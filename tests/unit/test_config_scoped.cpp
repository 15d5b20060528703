// Scoped policies (config/scoped.cpp, config/load.cpp): what a scoped
// .warden.yml may set, what it inherits, and which scope owns a path.
#include "fake_blobs.hpp"

#include "warden/config/scoped.hpp"
#include "warden/core/error.hpp"

#include <catch2/catch.hpp>

using namespace warden;

TEST_CASE("a scoped policy overrides what it sets and inherits the rest", "[config][scoped]") {
  const Policy root = parse_policy("files:\n  max-path-length: 100\n  forbidden: ['*.orig']\n", ".warden.yml");
  const Policy scoped = parse_scoped_policy(root, "files:\n  max-file-size: 1KiB\n", "services/api/.warden.yml");
  CHECK(scoped.files.max_file_size == 1024);
  CHECK(scoped.files.max_path_length == 100);
  REQUIRE(scoped.files.forbidden.size() == 1);
  CHECK(scoped.files.forbidden[0].pattern() == "*.orig");
  CHECK(scoped.sources.at("files.max-file-size") == "services/api/.warden.yml");
  CHECK(scoped.sources.at("files.max-path-length") == ".warden.yml");
  CHECK(scoped.sources.at("files.portable-name") == "<default>");
  CHECK(scoped.source == ".warden.yml");
}

TEST_CASE("a scoped policy's lists replace the inherited ones; globs are relative to its directory",
          "[config][scoped]") {
  const Policy root = parse_policy("files:\n  forbidden: ['*.orig']\n", ".warden.yml");
  const Policy scoped = parse_scoped_policy(
      root,
      "files:\n  forbidden: ['*.tmp', 'build/', '/gen/*.c']\n  required: [README.md]\n"
      "  naming:\n    - glob: 'src/**/*.py'\n      pattern: '^[a-z_]+\\.py$'\n",
      "services/api/.warden.yml");
  REQUIRE(scoped.files.forbidden.size() == 3);
  CHECK(scoped.files.forbidden[0].pattern() == "*.tmp");  // a name: matches at any depth of the scope
  CHECK(scoped.files.forbidden[1].pattern() == "build/");
  CHECK(scoped.files.forbidden[2].pattern() == "services/api/gen/*.c");
  CHECK(scoped.files.forbidden[2].matches("services/api/gen/x.c"));
  CHECK_FALSE(scoped.files.forbidden[2].matches("gen/x.c"));
  CHECK(scoped.files.required == std::vector<std::string>{"services/api/README.md"});
  REQUIRE(scoped.files.naming.size() == 1);
  CHECK(scoped.files.naming[0].glob.matches("services/api/src/a/b.py"));
  CHECK_FALSE(scoped.files.naming[0].glob.matches("src/a/b.py"));
}

TEST_CASE("a scoped policy allows files: and commands: only", "[config][scoped]") {
  const Policy root = default_policy();
  try {
    parse_scoped_policy(root, "files:\n  secret: warn\nbranches:\n  remote: up\n", "lib/.warden.yml");
    FAIL("no error");
  } catch (const PolicyError& e) {
    CHECK(std::string(e.what()).find("lib/.warden.yml:3:1: 'branches' is not allowed in a scoped policy") !=
          std::string::npos);
  }
  CHECK_THROWS_AS(parse_scoped_policy(root, "extends: [a.yml]\n", "lib/.warden.yml"), PolicyError);
  CHECK_THROWS_AS(parse_scoped_policy(root, "version: 1\n", "lib/.warden.yml"), PolicyError);
  // Only pre-commit commands are scoped.
  CHECK_THROWS_AS(parse_scoped_policy(root, "commands:\n  pre-push:\n    - run: 'true'\n", "lib/.warden.yml"),
                  PolicyError);
  // An unknown key names the file and the closest key, as at the root.
  try {
    parse_scoped_policy(root, "files:\n  max-file-sise: 1KiB\n", "lib/.warden.yml");
    FAIL("no error");
  } catch (const PolicyError& e) {
    CHECK(std::string(e.what()).find("lib/.warden.yml:2:3:") != std::string::npos);
    CHECK(std::string(e.what()).find("max-file-size") != std::string::npos);
  }
}

TEST_CASE("scoped commands run in their directory; a hook's list replaces the inherited one", "[config][scoped]") {
  const Policy root = parse_policy("commands:\n  pre-commit:\n    - name: all\n      run: 'make lint'\n"
                                   "  pre-push:\n    - name: tests\n      run: 'make test'\n",
                                   ".warden.yml");
  const Policy scoped = parse_scoped_policy(
      root, "commands:\n  pre-commit:\n    - name: fmt\n      run: 'fmt {files}'\n      glob: '*.go'\n", "svc/.warden.yml");
  REQUIRE(scoped.commands.at("pre-commit").size() == 1);
  CHECK(scoped.commands.at("pre-commit")[0].dir == "svc");
  CHECK(scoped.commands.at("pre-commit")[0].glob->pattern() == "*.go");
  CHECK(scoped.commands.at("pre-push").size() == 1);
  CHECK(scoped.commands.at("pre-push")[0].dir.empty());
  CHECK(scoped.sources.at("commands.pre-commit") == "svc/.warden.yml");
  CHECK(scoped.sources.at("commands.pre-push") == ".warden.yml");
}

TEST_CASE("PolicyScopes: nearest enclosing scope wins, files parsed on first use", "[config][scoped]") {
  const Policy root = default_policy();
  std::map<std::string, std::string> files{
      {"a/.warden.yml", "files:\n  max-file-size: 1KiB\n  max-path-length: 50\n"},
      {"a/b/.warden.yml", "files:\n  max-file-size: 2KiB\n"},
      {"c/.warden.yml", "files: [\n"}, // broken: only the paths under c/ reach it
  };
  int reads = 0;
  PolicyScopes scopes(root, {"a/b/.warden.yml", "c/.warden.yml", "a/.warden.yml", "gone/.warden.yml"},
                      [&](const std::string& file) -> std::optional<std::string> {
                        ++reads;
                        const auto it = files.find(file);
                        return it == files.end() ? std::nullopt : std::optional<std::string>(it->second);
                      });
  REQUIRE(scopes.scopes().size() == 4);
  CHECK(scopes.scope_of("README.md") == -1);
  CHECK(scopes.scope_of("ab/x") == -1);
  const int a = scopes.scope_of("a/x.txt");
  const int ab = scopes.scope_of("a/b/c/d.txt");
  REQUIRE(a >= 0);
  REQUIRE(ab >= 0);
  CHECK(scopes.scopes()[static_cast<std::size_t>(ab)].parent == a);
  CHECK(reads == 0);
  CHECK(scopes.policy(ab).files.max_file_size == 2048);
  CHECK(scopes.policy(ab).files.max_path_length == 50); // from a/.warden.yml
  CHECK(scopes.policy(a).files.max_file_size == 1024);
  CHECK(reads == 2);
  // A tracked file missing from the worktree: the enclosing policy applies.
  CHECK(scopes.policy(scopes.scope_of("gone/x")).files.max_file_size == root.files.max_file_size);
  CHECK_THROWS_AS(scopes.policy(scopes.scope_of("c/x")), PolicyError);
  CHECK(scopes.is_scoped_file("a/.warden.yml"));
  CHECK_FALSE(scopes.is_scoped_file(".warden.yml"));
}

TEST_CASE("scoped_policy_files finds .warden.yml below the root only", "[config][scoped]") {
  test::InputBuilder b;
  b.add(".warden.yml").add("a/.warden.yml").add("a/x.warden.yml").add("b/.warden.yml", test::Change::changed, "",
                                                                        0120000);
  CHECK(scoped_policy_files(b.input().entries) == std::vector<std::string>{"a/.warden.yml"});
  CHECK(is_scoped_policy_path("x/.warden.yml"));
  CHECK_FALSE(is_scoped_policy_path(".warden.yml"));
}

TEST_CASE("scoped_commands_hash covers the scoped files' own commands", "[config][scoped]") {
  const Policy root = default_policy();
  std::string text = "commands:\n  pre-commit:\n    - run: 'true'\n";
  PolicyScopes none(root, {"a/.warden.yml"}, [](const std::string&) { return std::string("files: {}\n"); });
  CHECK(scoped_commands_hash(none).empty());
  PolicyScopes one(root, {"a/.warden.yml", "a/b/.warden.yml"}, [&](const std::string& file) {
    return file == "a/.warden.yml" ? text : std::string("files: {}\n");
  });
  const std::string before = scoped_commands_hash(one);
  CHECK_FALSE(before.empty());
  text = "commands:\n  pre-commit:\n    - run: 'false'\n";
  PolicyScopes changed(root, {"a/.warden.yml"}, [&](const std::string&) { return text; });
  CHECK(scoped_commands_hash(changed) != before);
}

#include "warden/init/init.hpp"

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <string>

namespace warden::embedded {
extern const EmbeddedFile templates[];
extern const std::size_t templates_count;
} // namespace warden::embedded

using namespace warden;

namespace {

std::span<const embedded::EmbeddedFile> all_templates() {
  return {embedded::templates, embedded::templates_count};
}

const init::ProjectFile* find(const std::vector<init::ProjectFile>& files, const std::string& path) {
  auto it = std::find_if(files.begin(), files.end(), [&](const init::ProjectFile& f) { return f.path == path; });
  return it == files.end() ? nullptr : &*it;
}

} // namespace

TEST_CASE("name_problem") {
  CHECK_FALSE(init::name_problem("my-tool_2").has_value());
  CHECK_FALSE(init::name_problem("x").has_value());
  CHECK(init::name_problem("").has_value());
  CHECK(init::name_problem("My").has_value());
  CHECK(init::name_problem("a b").has_value());
  CHECK(init::name_problem("a/b").has_value());
  CHECK(init::name_problem("-a").has_value());
  CHECK(init::name_problem("caf\xC3\xA9").has_value());
}

TEST_CASE("parse_template and parse_ci") {
  CHECK(init::parse_template("cpp") == init::Template::cpp);
  CHECK_FALSE(init::parse_template("rust").has_value());
  CHECK(init::parse_ci("gitlab") == init::Ci::gitlab);
  CHECK_FALSE(init::parse_ci("travis").has_value());
}

TEST_CASE("render_project with fake templates") {
  const embedded::EmbeddedFile fake[] = {
    {"common/dot-gitignore", "build/\n"},
    {"common/README.md", "# {{name}}\n{{#cpp}}\ncpp only\n{{/cpp}}\n{{^cpp}}\nnot cpp\n{{/cpp}}\n\nend\n"},
    {"cpp/src/__name__/x.cpp", "namespace {{module}} {}\n"},
    {"cpp/tools/run.sh", "#!/bin/sh\n"},
    {"python/pyproject.toml", "[project]\n"},
    {"ci/github/dot-github/workflows/ci.yml", "{{=<% %>=}}\nname: <%name%>\n<%#cpp%>\nrun: ${{ x }}\n<%/cpp%>\n"},
  };
  const auto files = init::render_project(fake, init::Template::cpp, init::Ci::github, "my-tool");
  REQUIRE(files.size() == 5);
  REQUIRE(find(files, ".gitignore"));
  REQUIRE(find(files, "README.md"));
  CHECK(find(files, "README.md")->contents == "# my-tool\ncpp only\n\nend\n");
  REQUIRE(find(files, "src/my-tool/x.cpp"));
  CHECK(find(files, "src/my-tool/x.cpp")->contents == "namespace my_tool {}\n");
  REQUIRE(find(files, "tools/run.sh"));
  CHECK(find(files, "tools/run.sh")->mode == 0755);
  CHECK(find(files, ".gitignore")->mode == 0644);
  CHECK_FALSE(find(files, "pyproject.toml"));
  REQUIRE(find(files, ".github/workflows/ci.yml"));
  CHECK(find(files, ".github/workflows/ci.yml")->contents == "name: my-tool\nrun: ${{ x }}\n");

  const auto none = init::render_project(fake, init::Template::python, init::Ci::none, "p");
  CHECK(find(none, "README.md")->contents == "# p\nnot cpp\n\nend\n");
  CHECK_FALSE(find(none, ".github/workflows/ci.yml"));
  CHECK(find(none, "pyproject.toml"));
}

TEST_CASE("render_project: every template and CI kind renders valid YAML") {
  for (auto kind : {init::Template::generic, init::Template::cpp, init::Template::python}) {
    for (auto ci : {init::Ci::github, init::Ci::gitlab, init::Ci::none}) {
      INFO("template " << init::to_string(kind) << ", ci " << init::to_string(ci));
      const auto files = init::render_project(all_templates(), kind, ci, "demo-app");
      REQUIRE(find(files, "README.md"));
      REQUIRE(find(files, ".gitignore"));
      REQUIRE(find(files, ".editorconfig"));
      REQUIRE(find(files, ".warden.yml"));
      for (const auto& file : files) {
        INFO(file.path);
        // No template syntax left over (GitHub's own ${{ }} aside).
        CHECK(file.contents.find("<%") == std::string::npos);
        std::string without_github = file.contents;
        for (auto pos = without_github.find("${{"); pos != std::string::npos; pos = without_github.find("${{"))
          without_github.erase(pos, 3);
        CHECK(without_github.find("{{") == std::string::npos);
        CHECK(file.path.find("__name__") == std::string::npos);
        CHECK(file.path.find("__module__") == std::string::npos);
        CHECK(file.path.find("dot-") == std::string::npos);
      }

      const YAML::Node policy = YAML::Load(find(files, ".warden.yml")->contents);
      CHECK(policy["version"].as<int>() == 1);

      if (ci == init::Ci::github) {
        REQUIRE(find(files, ".github/workflows/ci.yml"));
        const YAML::Node workflow = YAML::Load(find(files, ".github/workflows/ci.yml")->contents);
        CHECK(workflow["on"]["push"]["branches"][0].as<std::string>() == "main");
        CHECK(workflow["on"]["push"]["tags"][0].as<std::string>() == "v*");
        CHECK(workflow["on"]["pull_request"].IsDefined());
        CHECK(workflow["jobs"]["build"]["steps"].size() > 3);
        CHECK(workflow["jobs"]["release"]["needs"].as<std::string>() == "build");
        const YAML::Node steps = workflow["jobs"]["build"]["steps"];
        const YAML::Node last = steps[steps.size() - 1];
        CHECK(last["if"].as<std::string>() == "always() && env.WARDEN_DISCORD_WEBHOOK != ''");
        CHECK(last["run"].as<std::string>().find("warden notify ci --status") != std::string::npos);
      } else {
        CHECK_FALSE(find(files, ".github/workflows/ci.yml"));
      }
      if (ci == init::Ci::gitlab) {
        REQUIRE(find(files, ".gitlab-ci.yml"));
        const YAML::Node pipeline = YAML::Load(find(files, ".gitlab-ci.yml")->contents);
        REQUIRE(pipeline["stages"].IsSequence());
        for (const char* job : {"build", "test", "warden-check", "release", "notify-success", "notify-failure"}) {
          INFO(job);
          REQUIRE(pipeline[job].IsMap());
          CHECK(pipeline[job]["script"].IsSequence());
          CHECK(pipeline[job]["script"].size() > 0);
        }
      } else {
        CHECK_FALSE(find(files, ".gitlab-ci.yml"));
      }
      if (kind == init::Template::cpp) CHECK(find(files, "CMakeLists.txt"));
      if (kind == init::Template::python) CHECK(find(files, "pyproject.toml"));
      if (kind == init::Template::python) CHECK(find(files, "src/demo_app/__init__.py"));
      if (kind != init::Template::python) CHECK(std::any_of(files.begin(), files.end(), [](const auto& f) {
        return f.path.rfind("src/demo-app/", 0) == 0;
      }));
    }
  }
}

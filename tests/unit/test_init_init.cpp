#include "warden/core/error.hpp"
#include "warden/init/init.hpp"

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdlib.h>
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
        CHECK(workflow["jobs"]["build"]["steps"].size() >= 2);
        CHECK(workflow["jobs"]["release"]["needs"].as<std::string>() == "build");
        // warden's jobs install its Debian package in a Debian 12 container.
        const YAML::Node warden_job = workflow["jobs"]["warden"];
        CHECK(warden_job["container"].as<std::string>() == "debian:bookworm");
        CHECK(warden_job["steps"][0]["run"].as<std::string>().find("/tmp/warden.deb") != std::string::npos);
        const YAML::Node upload = warden_job["steps"][warden_job["steps"].size() - 1];
        CHECK(upload["uses"].as<std::string>().find("upload-sarif") != std::string::npos);
        const YAML::Node notify = workflow["jobs"]["notify"];
        CHECK(notify["if"].as<std::string>() == "always()");
        CHECK(notify["needs"].size() == 2);
        const YAML::Node steps = notify["steps"];
        const YAML::Node last = steps[steps.size() - 1];
        CHECK(last["run"].as<std::string>().find("warden notify ci --status") != std::string::npos);
        CHECK(steps[0]["if"].as<std::string>() == "env.WARDEN_DISCORD_WEBHOOK != '' && env.WARDEN_DEB != ''");
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

TEST_CASE("the built-in .warden.yml carries the default git settings") {
  const auto files = init::render_project(all_templates(), init::Template::generic, init::Ci::none, "demo");
  const init::ProjectFile* policy = find(files, ".warden.yml");
  REQUIRE(policy != nullptr);
  const YAML::Node root = YAML::Load(policy->contents);
  REQUIRE(root["git"].IsMap());
  for (const auto& [key, value] : init::default_repo_settings()) CHECK(root["git"][key].as<std::string>() == value);
}

TEST_CASE("parse_template_manifest") {
  const auto manifest = init::parse_template_manifest(R"(name: team
description: our layout
variables:
  owner:
    description: the owning team
  greeting: hello
  port: {default: "8080"}
render: ["src/**"]
verbatim: ["assets/**", "*.png"]
)",
                                                      "warden-template.yml");
  CHECK(manifest.name == "team");
  CHECK(manifest.description == "our layout");
  REQUIRE(manifest.variables.size() == 3);
  CHECK(manifest.variables[0].first == "owner");
  CHECK(manifest.variables[0].second.description == "the owning team");
  CHECK_FALSE(manifest.variables[0].second.default_value.has_value());
  CHECK(manifest.variables[1].second.default_value == "hello");
  CHECK(manifest.variables[2].second.default_value == "8080");
  CHECK(manifest.render == std::vector<std::string>{"src/**"});
  CHECK(manifest.verbatim.size() == 2);
  CHECK(init::parse_template_manifest("", "t.yml").variables.empty());
}

TEST_CASE("parse_template_manifest: errors name file:line:column") {
  const auto message = [](const std::string& text) {
    try {
      init::parse_template_manifest(text, "warden-template.yml");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("variables:\n  owner: {descripton: x}\n").starts_with("warden-template.yml:2:"));
  CHECK(message("renders: []\n") .find("unknown key 'renders'") != std::string::npos);
  CHECK(message("variables:\n  name: x\n").find("built in") != std::string::npos);
  CHECK(message("variables:\n  bad-name: x\n").starts_with("warden-template.yml:2:3:"));
  CHECK(message("render: [\n").starts_with("warden-template.yml:"));
  CHECK(message("verbatim: ['[a']\n").starts_with("warden-template.yml:1:"));
  CHECK(message("- a\n").find("mapping") != std::string::npos);
}

TEST_CASE("resolve_variables") {
  const auto manifest =
    init::parse_template_manifest("variables:\n  owner: {description: team}\n  greeting: hello\n", "t.yml");
  auto values = init::resolve_variables(manifest, {{"owner", "core"}}, "my-tool", nullptr);
  CHECK(values["owner"] == "core");
  CHECK(values["greeting"] == "hello");
  CHECK(values["name"] == "my-tool");
  CHECK(values["module"] == "my_tool");
  values = init::resolve_variables(manifest, {{"owner", "a"}, {"greeting", "hi"}}, "x", nullptr);
  CHECK(values["greeting"] == "hi");
  CHECK_THROWS_AS(init::resolve_variables(manifest, {}, "x", nullptr), Fatal);
  CHECK_THROWS_AS(init::resolve_variables(manifest, {{"owner", "a"}, {"name", "b"}}, "x", nullptr), Fatal);
  values = init::resolve_variables(manifest, {}, "x", [](const std::string& key, const init::TemplateVariable&) {
    return "asked-" + key;
  });
  CHECK(values["owner"] == "asked-owner");
}

TEST_CASE("check_case_collisions") {
  const auto files = [](std::vector<std::string> paths) {
    std::vector<init::ProjectFile> out;
    for (auto& path : paths) out.push_back({path, "", 0644, std::nullopt});
    return out;
  };
  CHECK_NOTHROW(init::check_case_collisions(files({"a/b.txt", "a/c.txt", "b"})));
  CHECK_THROWS_AS(init::check_case_collisions(files({"README.md", "readme.md"})), Error);
  CHECK_THROWS_AS(init::check_case_collisions(files({"Src/a", "src/b"})), Error);
  CHECK_THROWS_AS(init::check_case_collisions(files({"docs/Straße", "docs/STRASSE"})), Error);
}

TEST_CASE("template_repository_files: paths and text rendered, binary and unknown tags kept") {
  namespace stdfs = std::filesystem;
  std::string dir = (stdfs::temp_directory_path() / "warden-unit-tpl.XXXXXX").string();
  REQUIRE(::mkdtemp(dir.data()) != nullptr);
  const stdfs::path root(dir);
  stdfs::create_directories(root / "src/{{name}}");
  std::ofstream(root / "src/{{name}}/main.txt") << "{{name}} by {{owner}} & ${{ github.sha }}{{! note }}\n";
  std::ofstream(root / "blob.bin", std::ios::binary) << std::string("\0{{name}}", 9);
  std::ofstream(root / "warden-template.yml") << "variables: {owner: {default: core}}\n";
  const auto manifest = init::parse_template_manifest("variables: {owner: {default: core}}\n", "t.yml");
  const auto variables = init::resolve_variables(manifest, {}, "demo", nullptr);
  const auto files = init::template_repository_files(dir, manifest, variables);
  CHECK(find(files, "warden-template.yml") == nullptr);
  const init::ProjectFile* main = find(files, "src/demo/main.txt");
  REQUIRE(main != nullptr);
  CHECK(main->contents == "demo by core & ${{ github.sha }}\n");
  const init::ProjectFile* blob = find(files, "blob.bin");
  REQUIRE(blob != nullptr);
  CHECK(blob->contents == std::string("\0{{name}}", 9));

  const auto escaping = init::resolve_variables(manifest, {{"owner", "../.."}}, "demo", nullptr);
  stdfs::create_directories(root / "{{owner}}");
  std::ofstream(root / "{{owner}}/x.txt") << "x\n";
  CHECK_THROWS_AS(init::template_repository_files(dir, manifest, escaping), Error);
  stdfs::remove_all(root);
}

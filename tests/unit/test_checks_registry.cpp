// The check registry (checks/registry.cpp): one entry per check, every id
// unique, every key loadable, and the docs' check tables in agreement.
#include "warden/checks/registry.hpp"
#include "warden/config/keys.hpp"
#include "warden/core/error.hpp"
#include "warden/report/report.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

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

// A policy that sets `key` to `value`, nested under its section.
std::string policy_setting(const config::KeySpec& key, std::string_view value) {
  if (config::key_section(key).empty()) return fmt::format("{}: {}\n", key.key, value);
  return fmt::format("{}:\n  {}: {}\n", config::key_section(key), config::key_name(key), value);
}

// The docs of the source tree: found from this file's path (tests/unit/),
// which the compiler may give relative to the build directory, or else
// from the working directory up (ctest runs inside the build tree).
std::filesystem::path docs_dir() {
  namespace stdfs = std::filesystem;
  std::vector<stdfs::path> starts{stdfs::absolute(stdfs::path(__FILE__)).parent_path(), stdfs::current_path()};
  for (const stdfs::path& start : starts)
    for (stdfs::path dir = start; !dir.empty(); dir = dir.parent_path()) {
      if (stdfs::exists(dir / "docs" / "file-checks.md") && stdfs::exists(dir / "lib" / "warden")) return dir / "docs";
      if (dir == dir.root_path()) break;
    }
  return {};
}

std::string read_doc(const std::string& name) {
  const auto path = docs_dir() / name;
  INFO(path.string());
  std::ifstream in(path);
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The rows of the Markdown tables in `text` whose first cell is a `code`
// id: id -> the row's cells.
std::map<std::string, std::vector<std::string>> id_rows(const std::string& text) {
  std::map<std::string, std::vector<std::string>> rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.starts_with("| `")) continue;
    std::vector<std::string> cells;
    std::size_t start = 1;
    // Cells are split on " | "; a `|` inside code spans is written without
    // surrounding spaces in these tables.
    while (true) {
      const std::size_t end = line.find(" | ", start);
      std::string cell = line.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (end == std::string::npos && cell.ends_with(" |")) cell.resize(cell.size() - 2);
      while (!cell.empty() && cell.front() == ' ') cell.erase(0, 1);
      cells.push_back(cell);
      if (end == std::string::npos) break;
      start = end + 3;
    }
    const std::string& first = cells.front();
    if (first.size() > 2 && first.back() == '`') rows[first.substr(1, first.size() - 2)] = cells;
  }
  return rows;
}

} // namespace

TEST_CASE("all: every check id is unique", "[checks][registry]") {
  std::set<std::string_view> ids;
  std::set<std::string_view> keys;
  for (const checks::CheckSpec* spec : checks::all()) {
    REQUIRE_FALSE(spec->ids.empty());
    REQUIRE(spec->enabled != nullptr);
    for (const checks::CheckId& id : spec->ids) {
      CHECK(ids.insert(id.id).second);
      CHECK_FALSE(id.description.empty());
    }
    for (const config::KeySpec& key : spec->keys) CHECK(keys.insert(key.key).second);
  }
  for (const config::KeySpec& key : config::settings_keys()) CHECK(keys.insert(key.key).second);
  CHECK(ids.size() == report::check_catalog().size());
}

TEST_CASE("all: severity keys and functions", "[checks][registry]") {
  for (const checks::CheckSpec* spec : checks::all()) {
    INFO(spec->id());
    // A file check runs from run_file_checks; the others from their hooks.
    CHECK((spec->run != nullptr) == (spec->subject == checks::Subject::files &&
                                     !checks::reads(spec->reads, checks::Reads::commands) &&
                                     !checks::reads(spec->reads, checks::Reads::refs) && spec->reads != checks::Reads::policy));
    if (spec->severity_key.empty()) continue;
    const config::KeySpec* key = config::find_key(spec->severity_key);
    REQUIRE(key != nullptr);
    CHECK(key->type == config::KeyType::severity);
    // The severity key is the check's own.
    CHECK(std::any_of(spec->keys.begin(), spec->keys.end(),
                      [&](const config::KeySpec& k) { return k.key == spec->severity_key; }));
  }
}

TEST_CASE("find, is_known_id and description", "[checks][registry]") {
  const checks::CheckSpec* collisions = checks::find("case-collision");
  REQUIRE(collisions != nullptr);
  CHECK(checks::find("normalization-collision") == collisions);
  CHECK(checks::is_known_id("normalization-collision"));
  CHECK(checks::description("normalization-collision") != checks::description("case-collision"));
  CHECK_FALSE(checks::description("secret").empty());
  CHECK(checks::find("no-such-check") == nullptr);
  CHECK_FALSE(checks::is_known_id("no-such-check"));
  CHECK(checks::description("no-such-check").empty());
  CHECK_FALSE(checks::is_known_id("all"));
}

TEST_CASE("all: every key is accepted by the loader", "[checks][registry][config]") {
  for (const config::KeySpec* key : config::policy_keys()) {
    if (key->default_text.empty()) continue;
    INFO(key->key);
    const std::string text = policy_setting(*key, key->default_text);
    CHECK(load_error(text).empty());
    // Set to its default, the key leaves the effective policy as it was.
    CHECK(config::effective_yaml(parse_policy(text, ".warden.yml")) == config::effective_yaml(default_policy()));
  }
}

TEST_CASE("all: a misspelt key names the closest one", "[checks][registry][config]") {
  for (const config::KeySpec* key : config::policy_keys()) {
    const std::string name(config::key_name(*key));
    const std::string misspelt = name.substr(0, name.size() - 1);
    INFO(key->key);
    const std::string text = config::key_section(*key).empty()
                               ? misspelt + ": x\n"
                               : fmt::format("{}:\n  {}: x\n", config::key_section(*key), misspelt);
    const std::string error = load_error(text);
    CHECK(error.find(fmt::format("unknown key '{}'", misspelt)) != std::string::npos);
    CHECK(error.find(fmt::format("did you mean '{}'?", name)) != std::string::npos);
  }
}

TEST_CASE("all: choices are enforced with the allowed values named", "[checks][registry][config]") {
  for (const config::KeySpec* key : config::policy_keys()) {
    if (key->type != config::KeyType::choice && key->type != config::KeyType::severity) continue;
    INFO(key->key);
    const std::string error = load_error(policy_setting(*key, "bogus"));
    CHECK(error.find(fmt::format("'{}' must be ", key->key)) != std::string::npos);
    for (std::string_view choice : key->choices) CHECK(error.find(choice) != std::string::npos);
  }
}

TEST_CASE("docs: the check tables agree with the registry", "[checks][registry][docs]") {
  const auto file_rows = id_rows(read_doc("file-checks.md"));
  const auto push_rows = id_rows(read_doc("push-checks.md"));
  const auto format_rows = id_rows(read_doc("check-formats.md"));
  for (const checks::CheckSpec* spec : checks::all()) {
    for (const checks::CheckId& id : spec->ids) {
      const std::string name(id.id);
      INFO(name);
      // Every id is in the catalogue table of docs/check-formats.md.
      CHECK(format_rows.count(name) == 1);
      // File checks in docs/file-checks.md (id | severity | what), branch
      // and command checks in docs/push-checks.md (check | when | severity).
      const auto in_files = file_rows.find(name);
      const auto in_push = push_rows.find(name);
      if (in_files == file_rows.end() && in_push == push_rows.end()) {
        CHECK(spec->reads == checks::Reads::policy); // `policy` is described in docs/check-formats.md only
        continue;
      }
      const std::string severity = in_files != file_rows.end() ? in_files->second.at(1) : in_push->second.back();
      if (spec->severity_key.empty())
        CHECK(severity.starts_with("error"));
      else
        CHECK(severity == fmt::format("`{}`", spec->severity_key));
    }
  }
  // And nothing in the check tables that the registry lacks (the other
  // tables of docs/check-formats.md list options and fields).
  for (const auto& rows : {file_rows, push_rows})
    for (const auto& [id, cells] : rows) {
      INFO(id);
      CHECK(checks::is_known_id(id));
    }
}

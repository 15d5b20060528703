// The key table (config/settings.cpp): the declared defaults agree with the
// embedded config/default.yml, and so do a Policy{}'s member defaults.
#include "warden/config/keys.hpp"
#include "warden/core/embedded.hpp"

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

using namespace warden;

namespace {

// True when `a` and `b` hold the same YAML (scalars by text, maps in order).
bool same_yaml(const YAML::Node& a, const YAML::Node& b) {
  if (a.Type() != b.Type()) return false;
  if (a.IsScalar()) return a.Scalar() == b.Scalar();
  if (a.IsSequence() || a.IsMap()) {
    if (a.size() != b.size()) return false;
    if (a.IsSequence()) {
      for (std::size_t i = 0; i < a.size(); ++i)
        if (!same_yaml(a[i], b[i])) return false;
      return true;
    }
    auto left = a.begin();
    auto right = b.begin();
    for (; left != a.end(); ++left, ++right)
      if (left->first.Scalar() != right->first.Scalar() || !same_yaml(left->second, right->second)) return false;
    return true;
  }
  return true; // both null
}

// The node of the dotted `key` in `root`; an undefined node when absent.
YAML::Node lookup(const YAML::Node& root, const config::KeySpec& key) {
  const std::string section(config::key_section(key));
  const std::string name(config::key_name(key));
  if (section.empty()) return root[name];
  const YAML::Node parent = root[section];
  return parent ? parent[name] : YAML::Node(YAML::NodeType::Undefined);
}

} // namespace

TEST_CASE("policy_keys: declared defaults are those of default.yml", "[config][keys]") {
  const YAML::Node root = YAML::Load(std::string(embedded::default_policy()));
  std::set<std::string> declared;
  for (const config::KeySpec* key : config::policy_keys()) {
    INFO(key->key);
    declared.insert(std::string(key->key));
    const YAML::Node in_file = lookup(root, *key);
    if (key->default_text.empty()) {
      CHECK_FALSE(in_file.IsDefined());
      continue;
    }
    REQUIRE(in_file.IsDefined());
    CHECK(same_yaml(YAML::Load(std::string(key->default_text)), in_file));
  }
  // And default.yml has no key the table lacks.
  for (const auto& item : root) {
    const std::string top = item.first.Scalar();
    if (declared.count(top)) continue;
    for (const auto& child : item.second) {
      INFO(top << "." << child.first.Scalar());
      CHECK(declared.count(top + "." + child.first.Scalar()) == 1);
    }
  }
}

TEST_CASE("policy_keys: a Policy{} holds the defaults of default.yml", "[config][keys]") {
  // Globs and patterns are compiled by parsing only: a Policy{} has none.
  const std::set<std::string_view> k_set_by_parsing{"files.forbidden", "branches.pattern", "branches.protected"};
  const YAML::Node plain = YAML::Load(config::effective_yaml(Policy{}));
  const YAML::Node parsed = YAML::Load(config::effective_yaml(default_policy()));
  for (const config::KeySpec* key : config::policy_keys()) {
    if (k_set_by_parsing.count(key->key) || key->default_text.empty()) continue;
    INFO(key->key);
    CHECK(same_yaml(lookup(plain, *key), lookup(parsed, *key)));
  }
}

TEST_CASE("policy_keys: the order of default.yml, keys it lacks last", "[config][keys]") {
  std::vector<std::string_view> keys;
  for (const config::KeySpec* key : config::policy_keys()) keys.push_back(key->key);
  REQUIRE(keys.size() >= 3);
  CHECK(keys.front() == "version");
  CHECK(keys.back() == "git");
  const auto at = [&](std::string_view key) { return std::find(keys.begin(), keys.end(), key) - keys.begin(); };
  CHECK(at("files.case-collision") < at("files.case-folding"));
  CHECK(at("files.max-file-size") < at("files.canonical-names"));
  CHECK(at("files.secret") < at("branches.pattern"));
  CHECK(config::find_key("files.secret") != nullptr);
  CHECK(config::find_key("files") == nullptr);
}

TEST_CASE("policy_keys: exactly the order yaml-cpp reads from default.yml", "[config][keys]") {
  // policy_keys() reads the default's layout line by line; the parse is the reference.
  std::vector<std::string> parsed;
  const YAML::Node root = YAML::Load(std::string(embedded::default_policy()));
  for (const auto& item : root) {
    parsed.push_back(item.first.Scalar());
    if (item.second.IsMap())
      for (const auto& child : item.second) parsed.push_back(item.first.Scalar() + "." + child.first.Scalar());
  }
  std::vector<std::string> declared;
  for (const config::KeySpec* key : config::policy_keys()) declared.emplace_back(key->key);
  std::vector<std::string> in_default;
  for (const std::string& key : declared)
    if (std::find(parsed.begin(), parsed.end(), key) != parsed.end()) in_default.push_back(key);
  std::vector<std::string> expected;
  for (const std::string& key : parsed)
    if (std::find(declared.begin(), declared.end(), key) != declared.end()) expected.push_back(key);
  REQUIRE(expected.size() > 20);
  CHECK(in_default == expected);
}

TEST_CASE("settings: server.mode and server.bypass", "[config][keys]") {
  CHECK(default_policy().server.mode == ServerMode::enforce);
  CHECK(default_policy().server.bypass.empty());
  const Policy policy =
    parse_policy("version: 1\nserver:\n  mode: report\n  bypass: [renovate-*, \"dependabot[bot]\"]\n", "p.yml");
  CHECK(policy.server.mode == ServerMode::report);
  CHECK(policy.server.bypass == std::vector<std::string>{"renovate-*", "dependabot[bot]"});
  CHECK_THROWS_WITH(parse_policy("version: 1\nserver:\n  mode: strict\n", "p.yml"),
                    Catch::Contains("p.yml:3:") && Catch::Contains("enforce or report"));
  CHECK_THROWS_WITH(parse_policy("version: 1\nserver:\n  bypas: []\n", "p.yml"), Catch::Contains("did you mean 'bypass'"));
}

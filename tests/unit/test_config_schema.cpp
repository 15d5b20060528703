// The policy's JSON Schema (config/schema.cpp): every key of the table is in
// it where the loader looks for it, every mapping is closed, and the
// shapes spelled out by hand (commands, notify) agree with the loader.
#include "warden/config/keys.hpp"
#include "warden/config/policy.hpp"
#include "warden/config/schema.hpp"
#include "warden/core/error.hpp"

#include <catch2/catch.hpp>
#include <algorithm>
#include <nlohmann/json.hpp>

#include <string>

using namespace warden;
using nlohmann::json;

namespace {

json schema() { return json::parse(config::policy_schema()); }

// `node`, with a local "$ref" followed.
const json& resolve(const json& root, const json& node) {
  if (!node.contains("$ref")) return node;
  const std::string ref = node["$ref"];
  return root["$defs"][ref.substr(ref.rfind('/') + 1)];
}

bool loads(const std::string& text) {
  try {
    parse_policy(text, "test.yml");
    return true;
  } catch (const Error&) {
    return false;
  }
}

// Every object in `node` (recursively) that has properties is closed.
void check_closed(const json& node, const std::string& where) {
  if (node.is_object()) {
    if (node.contains("properties")) {
      INFO(where);
      CHECK(node.contains("additionalProperties"));
      if (node.contains("additionalProperties")) CHECK(node["additionalProperties"] == false);
    }
    for (const auto& [key, value] : node.items()) check_closed(value, where + "/" + key);
  } else if (node.is_array()) {
    for (const auto& value : node) check_closed(value, where + "[]");
  }
}

} // namespace

TEST_CASE("the schema is JSON Schema 2020-12 and names every key of the table", "[config][schema]") {
  const json s = schema();
  CHECK(s["$schema"] == "https://json-schema.org/draft/2020-12/schema");
  CHECK(s["additionalProperties"] == false);
  for (const config::KeySpec* key : config::policy_keys()) {
    INFO(key->key);
    const std::string section(config::key_section(*key));
    const std::string name(config::key_name(*key));
    if (section.empty()) {
      CHECK(s["properties"].contains(name));
      continue;
    }
    REQUIRE(s["properties"].contains(section));
    const json& def = resolve(s, s["properties"][section]);
    CHECK(def["properties"].contains(name));
    CHECK(def["additionalProperties"] == false);
    CHECK(def["properties"][name]["description"] == std::string(key->help));
  }
}

TEST_CASE("every mapping of the schema rejects unknown keys", "[config][schema]") {
  check_closed(schema(), "#");
}

TEST_CASE("choices and severities are enums", "[config][schema]") {
  const json s = schema();
  for (const config::KeySpec* key : config::policy_keys()) {
    if (key->type != config::KeyType::choice && key->type != config::KeyType::severity) continue;
    INFO(key->key);
    const std::string section(config::key_section(*key));
    const json& def = section.empty() ? s["properties"][std::string(key->key)]
                                      : resolve(s, s["properties"][section])["properties"][std::string(config::key_name(*key))];
    const json& values = resolve(s, def)["enum"];
    REQUIRE(values.is_array());
    if (key->type == config::KeyType::choice) {
      // Every choice, as a string; a false|true choice also as the YAML
      // boolean it converts to.
      for (const auto& choice : key->choices) CHECK(std::find(values.begin(), values.end(), json(choice)) != values.end());
      const bool boolean = key->choices == std::vector<std::string_view>{"false", "true"};
      CHECK(values.size() == key->choices.size() * (boolean ? 2 : 1));
      if (boolean) CHECK((std::find(values.begin(), values.end(), json(true)) != values.end()));
    } else {
      CHECK(values == json::array({"error", "warn", "off"}));
    }
  }
}

TEST_CASE("the commands hooks and notify events of the schema are the loader's", "[config][schema]") {
  const json s = schema();
  const json& hooks = s["$defs"]["commands"]["properties"];
  REQUIRE(hooks.size() > 0);
  for (const auto& [hook, _] : hooks.items()) {
    INFO(hook);
    CHECK(loads("commands:\n  " + hook + ":\n    - run: make\n"));
  }
  CHECK_FALSE(loads("commands:\n  pre-receive:\n    - run: make\n"));
  const json& discord = resolve(s, s["properties"]["notify"])["properties"]["discord"]["properties"];
  for (const auto& event : discord["events"]["items"]["enum"]) {
    INFO(event);
    CHECK(loads("notify:\n  discord:\n    events: [" + event.get<std::string>() + "]\n"));
  }
  CHECK_FALSE(loads("notify:\n  discord:\n    events: [release]\n"));
  for (const auto& [key, _] : discord.items()) {
    INFO(key);
    CHECK(key != "webhook"); // a secret: the loader refuses it, so does the schema
  }
}

TEST_CASE("a scoped policy takes files and commands only", "[config][schema]") {
  const json s = schema();
  const json& scoped = s["$defs"]["scoped-policy"];
  CHECK(scoped["additionalProperties"] == false);
  CHECK(scoped["properties"].contains("files"));
  CHECK(scoped["properties"].contains("commands"));
  CHECK_FALSE(scoped["properties"].contains("branches"));
  CHECK(s["$defs"]["extends"]["items"]["anyOf"].size() == 2);
}

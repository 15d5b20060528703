// The policy's JSON Schema, walked from the key table like the loader
// (config/load.cpp) and `policy show` (config/show.cpp): a key added to the
// table appears here with no change to this file. The section types
// (commands, notify, git, naming) have a shape of their own, spelled out
// below as the loader reads them.
#include "warden/config/schema.hpp"

#include "warden/config/keys.hpp"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>

#include <string_view>

namespace warden::config {

namespace {

using Json = nlohmann::ordered_json;

// The hooks that take `commands`, and the events a channel can send: as the
// loader spells them (config/load.cpp; tests/unit/test_config_schema.cpp
// loads a policy with each of them).
const std::vector<std::string> k_command_hooks{"pre-commit", "pre-push", "post-merge"};
const std::vector<std::string> k_events{"push", "merge", "tag", "ci", "digest"};

Json schema_ref(std::string_view def) { return Json{{"$ref", "#/$defs/" + std::string(def)}}; }

// A mapping that takes exactly `properties`.
Json closed_object(Json properties, std::string_view description = {}) {
  Json out{{"type", "object"}};
  if (!description.empty()) out["description"] = std::string(description);
  out["properties"] = std::move(properties);
  out["additionalProperties"] = false;
  return out;
}

Json nonempty_string() { return Json{{"type", "string"}, {"minLength", 1}}; }

// A YAML list (an empty value, `key:`, reads as the empty list).
Json list_of(Json items) { return Json{{"type", Json::array({"array", "null"})}, {"items", std::move(items)}}; }

Json events_list() { return list_of(Json{{"enum", k_events}}); }

Json commands_schema() {
  Json command = closed_object(Json{{"name", nonempty_string()},
                                    {"run", nonempty_string()},
                                    {"glob", nonempty_string()}},
                               "a command: `run` in a shell; `{files}` is the staged paths matching `glob`");
  command["required"] = Json::array({"run"});
  Json hooks = Json::object();
  for (const auto& hook : k_command_hooks) hooks[hook] = list_of(command);
  Json out = closed_object(std::move(hooks));
  out["type"] = Json::array({"object", "null"});
  return out;
}

Json notify_schema() {
  Json templates = Json::object();
  for (const auto& event : k_events) templates[event] = Json{{"type", "string"}};
  Json summarizer = closed_object(Json{{"url", nonempty_string()},
                                       {"model", nonempty_string()},
                                       {"timeout", Json{{"type", "integer"}, {"minimum", 0}}}});
  summarizer["required"] = Json::array({"url"});
  // Webhook URLs and passwords are secrets: the loader refuses them here,
  // and so does the schema (they are not properties).
  return closed_object(Json{{"discord", closed_object(Json{{"events", events_list()},
                                                           {"username", nonempty_string()},
                                                           {"templates", closed_object(templates)}})},
                            {"email", closed_object(Json{{"events", events_list()},
                                                         {"to", list_of(nonempty_string())},
                                                         {"from", nonempty_string()}})},
                            {"slack", closed_object(Json{{"events", events_list()}})},
                            {"summarizer", summarizer}});
}

Json git_settings_schema() {
  return Json{{"type", Json::array({"object", "null"})},
              {"propertyNames", Json{{"pattern", "^[^.]+\\..+$"}}},
              {"additionalProperties", Json{{"type", Json::array({"string", "number", "boolean"})}}}};
}

Json naming_schema() {
  Json rule = closed_object(Json{{"glob", nonempty_string()}, {"pattern", nonempty_string()}});
  rule["required"] = Json::array({"glob", "pattern"});
  return list_of(rule);
}

// `extends:`: base policies, a repository-relative path or a file of
// another repository.
Json extends_schema() {
  Json remote = closed_object(Json{{"repo", nonempty_string()}, {"ref", nonempty_string()}, {"path", nonempty_string()}},
                              "a file of another git repository, fetched by `warden policy update`");
  remote["required"] = Json::array({"repo", "path"});
  return list_of(Json{{"anyOf", Json::array({nonempty_string(), remote})}});
}

// A YAML value (a key's default as config/default.yml spells it) as JSON.
Json yaml_to_json(const YAML::Node& node) {
  if (node.IsSequence()) {
    Json out = Json::array();
    for (const auto& item : node) out.push_back(yaml_to_json(item));
    return out;
  }
  if (node.IsMap()) {
    Json out = Json::object();
    for (const auto& item : node) out[item.first.Scalar()] = yaml_to_json(item.second);
    return out;
  }
  if (!node.IsScalar()) return nullptr;
  const std::string& text = node.Scalar();
  const bool digits = !text.empty() && text.size() < 19 && node.Tag() != "!" &&
                      std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (digits) return std::stoull(text);
  if (node.Tag() != "!" && (text == "true" || text == "false")) return text == "true";
  return text;
}

Json key_schema(const KeySpec& key) {
  // Keyed by name where the shape is the key's own, whatever its type.
  if (key.key == "extends") return extends_schema();
  Json out;
  switch (key.type) {
  case KeyType::severity: out = schema_ref("severity"); break;
  case KeyType::choice: {
    out = Json{{"enum", key.choices}};
    // false | true reads as a YAML boolean once converted to JSON.
    if (key.choices.size() == 2 && key.choices[0] == "false" && key.choices[1] == "true")
      out["enum"] = Json::array({"false", "true", false, true});
    break;
  }
  case KeyType::count:
    out = Json{{"anyOf", Json::array({Json{{"type", "integer"}, {"minimum", 0}},
                                      Json{{"type", "string"}, {"pattern", "^[0-9]{1,18}$"}}})}};
    break;
  case KeyType::size:
    out = Json{{"anyOf", Json::array({Json{{"type", "integer"}, {"minimum", 0}},
                                      Json{{"type", "string"}, {"pattern", "^[0-9]{1,12} *(B|KiB|MiB|GiB)?$"}}})}};
    break;
  case KeyType::strings:
    out = list_of(key.choices.empty() ? nonempty_string() : Json{{"enum", key.choices}});
    break;
  case KeyType::globs: out = list_of(nonempty_string()); break;
  case KeyType::naming: out = naming_schema(); break;
  // "" is none where the default is "" (commits.pattern), as the loader reads it.
  case KeyType::pattern: out = key.default_text == "\"\"" ? Json{{"type", "string"}} : nonempty_string(); break;
  case KeyType::text:
    out = key.default_text == "\"\"" ? Json{{"type", "string"}} : nonempty_string();
    break;
  case KeyType::path: out = Json{{"type", "string"}}; break;
  case KeyType::version: out = Json{{"enum", Json::array({1, "1"})}}; break;
  case KeyType::commands: out = schema_ref("commands"); break;
  case KeyType::notify: out = notify_schema(); break;
  case KeyType::git_settings: out = git_settings_schema(); break;
  default:
    // A type this file does not know yet: any value, with its help.
    out = Json::object();
    break;
  }
  Json described{{"description", std::string(key.help)}};
  if (!key.default_text.empty()) described["default"] = yaml_to_json(YAML::Load(std::string(key.default_text)));
  // "$ref" next to other keywords is valid 2020-12.
  described.update(out);
  return described;
}

} // namespace

std::string policy_schema() {
  Json defs = Json::object();
  defs["severity"] = Json{{"enum", Json::array({"error", "warn", "off"})},
                          {"description", "error blocks, warn reports, off skips the check"}};
  defs["commands"] = commands_schema();
  defs["extends"] = extends_schema();

  Json properties = Json::object();
  std::vector<std::string> sections;
  for (const KeySpec* key : policy_keys()) {
    const std::string section(key_section(*key));
    const std::string name(key_name(*key));
    if (section.empty()) {
      properties[name] = key_schema(*key);
      continue;
    }
    if (!defs.contains(section)) {
      defs[section] = closed_object(Json::object(), "the " + section + ": section");
      properties[section] = schema_ref(section);
      sections.push_back(section);
    }
    defs[section]["properties"][name] = key_schema(*key);
  }

  // A subdirectory's .warden.yml: files: and commands: only (docs/package.md).
  // Its commands: pre-commit only, as the loader reads them (docs/monorepo.md).
  Json scoped_commands = Json::parse(defs["commands"].dump());
  for (auto it = scoped_commands["properties"].begin(); it != scoped_commands["properties"].end();) {
    if (it.key() != "pre-commit") it = scoped_commands["properties"].erase(it);
    else ++it;
  }
  defs["scoped-commands"] = std::move(scoped_commands);
  Json scoped_properties{{"files", schema_ref("files")}, {"commands", schema_ref("scoped-commands")}};
  defs["scoped-policy"] = closed_object(std::move(scoped_properties),
                                        "a .warden.yml in a subdirectory: its files: and commands: apply to the "
                                        "paths under it");

  Json schema{{"$schema", "https://json-schema.org/draft/2020-12/schema"},
              {"title", "warden policy (.warden.yml)"},
              {"description", "The policy file of warden, the git hooks suite (`warden policy schema`)"},
              {"type", "object"},
              {"properties", std::move(properties)},
              {"additionalProperties", false},
              {"$defs", std::move(defs)}};
  return schema.dump(2) + "\n";
}

} // namespace warden::config

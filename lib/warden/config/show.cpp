// `warden policy show`: the effective policy printed by walking the key
// table (config/keys.hpp), so a new key shows up without touching the CLI.
#include "warden/config/keys.hpp"

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

namespace warden::config {

namespace {

template <typename T, typename F>
void emit_list(YAML::Emitter& out, const std::vector<T>& items, F&& text) {
  out << YAML::Flow << YAML::BeginSeq;
  for (const auto& item : items) out << text(item);
  out << YAML::EndSeq;
}

void emit_commands(YAML::Emitter& out, const Policy& policy) {
  out << YAML::BeginMap;
  for (const auto& [hook, specs] : policy.commands) {
    out << YAML::Key << hook << YAML::Value << YAML::BeginSeq;
    for (const auto& spec : specs) {
      out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << spec.name << YAML::Key << "run" << YAML::Value
          << spec.run;
      if (spec.glob) out << YAML::Key << "glob" << YAML::Value << spec.glob->pattern();
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
}

void emit_notify(YAML::Emitter& out, const NotifyPolicy& notify) {
  auto same = [](const std::string& s) { return s; };
  out << YAML::BeginMap;
  out << YAML::Key << "discord" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "events" << YAML::Value;
  emit_list(out, notify.discord.events, same);
  out << YAML::Key << "username" << YAML::Value << notify.discord.username;
  if (!notify.discord.templates.empty()) {
    out << YAML::Key << "templates" << YAML::Value << YAML::BeginMap;
    for (const auto& [event, text] : notify.discord.templates) out << YAML::Key << event << YAML::Value << text;
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  if (notify.email) {
    out << YAML::Key << "email" << YAML::Value << YAML::BeginMap << YAML::Key << "events" << YAML::Value;
    emit_list(out, notify.email->events, same);
    out << YAML::Key << "to" << YAML::Value;
    emit_list(out, notify.email->to, same);
    out << YAML::Key << "from" << YAML::Value << notify.email->from << YAML::EndMap;
  }
  if (notify.slack) {
    out << YAML::Key << "slack" << YAML::Value << YAML::BeginMap << YAML::Key << "events" << YAML::Value;
    emit_list(out, notify.slack->events, same);
    out << YAML::EndMap;
  }
  if (notify.summarizer) {
    out << YAML::Key << "summarizer" << YAML::Value << YAML::BeginMap << YAML::Key << "url" << YAML::Value
        << notify.summarizer->url << YAML::Key << "model" << YAML::Value << notify.summarizer->model
        << YAML::Key << "timeout" << YAML::Value << notify.summarizer->timeout_seconds << YAML::EndMap;
  }
  out << YAML::EndMap;
}

// The value of `key` in `policy`, as YAML.
void emit_value(YAML::Emitter& out, const KeySpec& key, const Policy& policy) {
  auto glob_text = [](const Glob& g) { return g.pattern(); };
  auto same = [](const std::string& s) { return s; };
  // The section types have no `get`: they are shown from the policy itself.
  const KeyValue value = key.get ? key.get(policy) : KeyValue{};
  switch (key.type) {
  case KeyType::severity: out << std::string(to_string(std::get<Severity>(value))); return;
  case KeyType::choice: out << std::string(key.choices.at(std::get<Choice>(value).index)); return;
  case KeyType::count: out << std::get<std::uint64_t>(value); return;
  case KeyType::size: out << fmt::format("{}B", std::get<std::uint64_t>(value)); return;
  case KeyType::strings: emit_list(out, std::get<std::vector<std::string>>(value), same); return;
  case KeyType::globs: emit_list(out, std::get<std::vector<Glob>>(value), glob_text); return;
  case KeyType::naming:
    out << YAML::BeginSeq;
    for (const auto& rule : std::get<std::vector<NamingRule>>(value))
      out << YAML::BeginMap << YAML::Key << "glob" << YAML::Value << rule.glob.pattern() << YAML::Key << "pattern"
          << YAML::Value << rule.pattern.source << YAML::EndMap;
    out << YAML::EndSeq;
    return;
  case KeyType::pattern: out << YAML::SingleQuoted << std::get<Pattern>(value).source; return;
  case KeyType::text: out << std::get<std::string>(value); return;
  // Quoted, so that the empty default reads `""`, as config/default.yml spells it.
  case KeyType::path: out << YAML::DoubleQuoted << std::get<std::string>(value); return;
  case KeyType::version: out << policy.version; return;
  case KeyType::commands: emit_commands(out, policy); return;
  case KeyType::notify: emit_notify(out, policy.notify); return;
  case KeyType::extends:
    out << YAML::Flow << YAML::BeginSeq;
    for (const BaseRef& base : policy.extends) {
      if (base.repo.empty()) {
        out << base.path;
        continue;
      }
      out << YAML::BeginMap << YAML::Key << "repo" << YAML::Value << base.repo << YAML::Key << "ref" << YAML::Value
          << base.ref << YAML::Key << "path" << YAML::Value << base.path << YAML::EndMap;
    }
    out << YAML::EndSeq;
    return;
  case KeyType::git_settings:
    out << YAML::BeginMap;
    for (const auto& [name, value] : policy.git_settings) out << YAML::Key << name << YAML::Value << value;
    out << YAML::EndMap;
    return;
  }
}

} // namespace

std::string effective_yaml(const Policy& policy, const std::map<std::string, std::string, std::less<>>& comments) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  std::string_view section; // the open section map, if any
  for (const KeySpec* key : policy_keys()) {
    // An empty git section is left out: most policies have none.
    if (key->type == KeyType::git_settings && policy.git_settings.empty()) continue;
    const std::string_view key_in = key_section(*key);
    if (key_in != section) {
      if (!section.empty()) out << YAML::EndMap;
      section = key_in;
      if (!section.empty()) out << YAML::Key << std::string(section) << YAML::Value << YAML::BeginMap;
    }
    out << YAML::Key << std::string(key_name(*key)) << YAML::Value;
    emit_value(out, *key, policy);
    if (const auto comment = comments.find(key->key); comment != comments.end())
      out << YAML::Comment(comment->second);
  }
  if (!section.empty()) out << YAML::EndMap;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

} // namespace warden::config

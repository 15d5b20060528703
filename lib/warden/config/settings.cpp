// The settings table: the policy keys that belong to no check. The check
// keys are declared by each check (checks/registry.cpp collects them); the
// two together are the whole key table (config/keys.hpp).
#include "warden/config/keys.hpp"

#include "warden/core/embedded.hpp"


#include <algorithm>
#include <cctype>
#include <map>

namespace warden::config {

const std::vector<KeySpec>& settings_keys() {
  static const std::vector<KeySpec> k_settings{
    {"version", KeyType::version, "1", {}, "the policy format; 1 is the only version"},
    {"hooks", KeyType::strings, "[pre-commit, commit-msg, pre-push, post-merge]",
     {"pre-commit", "commit-msg", "pre-push", "post-merge", "pre-receive"}, "what install-hooks links",
     [](Policy& p, KeyValue v) { p.hooks = std::get<std::vector<std::string>>(std::move(v)); },
     [](const Policy& p) -> KeyValue { return p.hooks; }},
    {"extends", KeyType::extends, "[]", {}, "base policies, applied before this file (docs/monorepo.md)"},
    with_field<&Policy::branches, &BranchesPolicy::default_branch>(
      {"branches.default-branch", KeyType::text, "\"\"", {},
       "the branch <remote>/HEAD must point at; \"\" = the repository's own: <remote>/HEAD, else "
       "init.defaultBranch, else the only branch, else main"}),
    with_field<&Policy::branches, &BranchesPolicy::remote>(
      {"branches.remote", KeyType::text, "origin", {}, "the remote the branch rules judge"}),
    with_field<&Policy::branches, &BranchesPolicy::prune_on_merge>(
      {"branches.prune-on-merge", KeyType::choice, "report", {"report", "delete", "off"},
       "branches whose upstream is gone, after a merge: report | delete | off"}),
    field_key<&Policy::server, &ServerPolicy::mode>(
      "server.mode", KeyType::choice, "enforce",
      "pre-receive: enforce refuses a push with error findings; report prints them and accepts it",
      {"enforce", "report"}),
    field_key<&Policy::server, &ServerPolicy::bypass>(
      "server.bypass", KeyType::strings, "[]",
      "pushers whose pushes are reported, not refused (exact names; * matches any run of characters)"),
    {"commands", KeyType::commands, "{}", {}, "local CI: commands run by the named hook; failure blocks"},
    {"notify", KeyType::notify, "{discord: {events: [push, merge, tag], username: warden}}", {},
     "notification channels (docs/notifications.md)"},
    {"git", KeyType::git_settings, "", {}, "repository-local git settings a clone should have"},
  };
  return k_settings;
}

namespace {

// The position of every key in config/default.yml, sections first-level
// children included ("files", "files.secret", ...). Read from the file's
// layout (a key starts its line, children indented by two spaces) rather
// than parsed again: every hook process asks, and yaml-cpp takes ~0.6 ms
// over the default (docs/decisions.md; a unit test compares with the parse).
std::map<std::string, std::size_t, std::less<>> default_positions() {
  std::map<std::string, std::size_t, std::less<>> positions;
  const std::string_view text = embedded::default_policy();
  std::size_t next = 0;
  std::string section;
  const auto key_at = [](std::string_view line) {
    std::size_t end = 0;
    while (end < line.size() && (std::isalnum(static_cast<unsigned char>(line[end])) || line[end] == '-')) ++end;
    return end > 0 && end < line.size() && line[end] == ':' ? line.substr(0, end) : std::string_view();
  };
  for (std::size_t begin = 0; begin < text.size();) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(begin, end - begin);
    begin = end + 1;
    if (const std::string_view key = key_at(line); !key.empty()) {
      section = std::string(key);
      positions.emplace(section, next++);
    } else if (line.starts_with("  ") && !section.empty()) {
      if (const std::string_view child = key_at(line.substr(2)); !child.empty())
        positions.emplace(section + "." + std::string(child), next++);
    }
  }
  return positions;
}

} // namespace

const std::vector<const KeySpec*>& policy_keys() {
  static const std::vector<const KeySpec*> k_keys = [] {
    std::vector<const KeySpec*> keys = check_keys();
    for (const KeySpec& key : settings_keys()) keys.push_back(&key);
    // default.yml is the layout of a policy file: follow it, so `policy
    // show` reads like the default it starts from.
    const auto positions = default_positions();
    const auto position = [&](const KeySpec* key) {
      const auto it = positions.find(key->key);
      return it == positions.end() ? SIZE_MAX : it->second;
    };
    std::stable_sort(keys.begin(), keys.end(),
                     [&](const KeySpec* a, const KeySpec* b) { return position(a) < position(b); });
    return keys;
  }();
  return k_keys;
}

const KeySpec* find_key(std::string_view dotted) {
  for (const KeySpec* key : policy_keys())
    if (key->key == dotted) return key;
  return nullptr;
}

std::string_view key_section(const KeySpec& key) {
  const auto dot = key.key.find('.');
  return dot == std::string_view::npos ? std::string_view() : key.key.substr(0, dot);
}

std::string_view key_name(const KeySpec& key) {
  const auto dot = key.key.find('.');
  return dot == std::string_view::npos ? key.key : key.key.substr(dot + 1);
}

} // namespace warden::config

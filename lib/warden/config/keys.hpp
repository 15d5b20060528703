#pragma once
// The key table of the policy file (docs/file-checks.md, "Adding a check"):
// one KeySpec per key, its type, its default as config/default.yml spells
// it, its allowed values and one line of help. The loader
// (config/load.cpp), `warden policy show` (cli/policy.cpp) and the tests all
// walk this table; nothing else spells a key.
//
// Dependency direction: config/ must not include checks/ (the checks include
// config/policy.hpp). So config/ declares the table type and
// `check_keys()`, and checks/registry.cpp, which knows every check, defines
// it: the keys a check reads are declared in the check's own file. The keys
// that belong to no check (version, hooks, commands, ...) are the settings
// table of config/settings.cpp.
#include "warden/config/policy.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace warden::config {

// How a key's value is read and shown. The last four are whole sections
// with a shape of their own, read and shown by dedicated code.
enum class KeyType {
  severity,     // error | warn | off
  choice,       // one of `choices`; stored as an enum in the same order
  count,        // a whole number >= 0
  size,         // a size with a unit (5MiB); shown in bytes (5242880B)
  strings,      // a flow list of names; `choices`, when set, limits them
  globs,        // a flow list of gitignore-style globs
  naming,       // a list of {glob, pattern}
  pattern,      // an RE2 pattern, shown single-quoted
  text,         // a non-empty string
  path,         // a repository-relative file path; "" = none; shown double-quoted
  version,      // the policy version (only 1)
  commands,     // hook -> list of {name, run, glob}
  notify,       // the notification channels
  git_settings, // git config key -> value
  extends,      // base policies: paths and {repo, ref, path} (docs/monorepo.md)
};

// The value of a choice key: the index into KeySpec::choices.
struct Choice {
  std::size_t index = 0;
};

// One key's value, as the loader hands it to `set` and `get` returns it.
using KeyValue = std::variant<Severity, Choice, std::uint64_t, std::vector<std::string>, std::vector<Glob>,
                              std::vector<NamingRule>, Pattern, std::string>;

struct KeySpec {
  std::string_view key;                  // dotted: "files.case-collision"; a section key has no dot
  KeyType type = KeyType::text;
  std::string_view default_text;         // the value as config/default.yml spells it; empty when absent there
  std::vector<std::string_view> choices; // choice: the values, in enum order; strings: the allowed names
  std::string_view help;                 // one line
  // Store `value` into `policy` / read the key of `policy`. Unset for the
  // section types, which the loader and `policy show` handle themselves.
  void (*set)(Policy& policy, KeyValue value) = nullptr;
  KeyValue (*get)(const Policy& policy) = nullptr;
};

// A `set`/`get` pair for the member `Member` of the section `Section` of a
// Policy, e.g. with_field<&Policy::files, &FilesPolicy::secret>({...}).
// Enums other than Severity travel as a Choice.
template <auto Section, auto Member>
KeySpec with_field(KeySpec spec) {
  using Value = std::remove_cvref_t<decltype(std::declval<Policy&>().*Section.*Member)>;
  if constexpr (std::is_enum_v<Value> && !std::is_same_v<Value, Severity>) {
    spec.set = [](Policy& p, KeyValue v) { (p.*Section).*Member = static_cast<Value>(std::get<Choice>(v).index); };
    spec.get = [](const Policy& p) -> KeyValue { return Choice{static_cast<std::size_t>((p.*Section).*Member)}; };
  } else {
    spec.set = [](Policy& p, KeyValue v) { (p.*Section).*Member = std::get<Value>(std::move(v)); };
    spec.get = [](const Policy& p) -> KeyValue { return (p.*Section).*Member; };
  }
  return spec;
}

// A key stored in the member `Member` of the section `Section`, in one
// call: field_key<&Policy::files, &FilesPolicy::forbidden>("files.forbidden",
// KeyType::globs, "[]", "help"); `choices` last, as most keys have none.
template <auto Section, auto Member>
KeySpec field_key(std::string_view key, KeyType type, std::string_view default_text, std::string_view help,
                  std::vector<std::string_view> choices = {}) {
  return with_field<Section, Member>(
    {.key = key, .type = type, .default_text = default_text, .choices = std::move(choices), .help = help});
}

// field_key for the files: and branches: sections, where most keys live.
template <auto Member>
KeySpec files_key(std::string_view key, KeyType type, std::string_view default_text, std::string_view help,
                  std::vector<std::string_view> choices = {}) {
  return field_key<&Policy::files, Member>(key, type, default_text, help, std::move(choices));
}

template <auto Member>
KeySpec branches_key(std::string_view key, KeyType type, std::string_view default_text, std::string_view help,
                     std::vector<std::string_view> choices = {}) {
  return field_key<&Policy::branches, Member>(key, type, default_text, help, std::move(choices));
}

// The keys the checks declare (defined by checks/registry.cpp), in
// registry order.
std::vector<const KeySpec*> check_keys();

// The keys that belong to no check (config/settings.cpp).
const std::vector<KeySpec>& settings_keys();

// Every key of the policy file, check keys and settings, in the order of
// config/default.yml (keys it does not carry last, in declaration order):
// the order of `policy show` and of the "known keys" lists.
const std::vector<const KeySpec*>& policy_keys();

// The key spelled `dotted`, or nullptr.
const KeySpec* find_key(std::string_view dotted);

// The section of `key` (files for files.max-path-length; empty for a section
// key such as commands) and its name within that section (max-path-length).
std::string_view key_section(const KeySpec& key);
std::string_view key_name(const KeySpec& key);

// The effective `policy`, every key with its value, as YAML (`warden policy
// show`), in policy_keys() order. `comments` (dotted key -> text) are
// printed as a YAML comment after the key's value.
std::string effective_yaml(const Policy& policy, const std::map<std::string, std::string, std::less<>>& comments = {});

} // namespace warden::config

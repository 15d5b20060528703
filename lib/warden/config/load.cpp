// Policy loading: YAML in, a typed Policy out, or one PolicyError naming
// FILE:LINE:COLUMN and, for an unknown key, the closest known one. Parsing
// never runs anything. Which keys exist, and of what type, is the key table
// (config/keys.hpp): the checks' keys and the settings.
#include "warden/config/policy.hpp"
#include "warden/config/yaml_text.hpp"

#include "warden/config/extends.hpp"
#include "warden/core/closest.hpp"
#include "warden/config/keys.hpp"
#include "warden/config/scoped.hpp"

#include "warden/core/embedded.hpp"
#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"

#include <fmt/core.h>
#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <set>

namespace warden {

std::string_view to_string(Severity severity) {
  switch (severity) {
  case Severity::off: return "off";
  case Severity::warn: return "warn";
  case Severity::error: return "error";
  }
  return "error";
}

bool Pattern::full_match(std::string_view text) const {
  return regex && RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *regex);
}

bool Pattern::partial_match(std::string_view text) const {
  return regex && RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *regex);
}

namespace {

const std::vector<std::string> k_command_hooks{"pre-commit", "pre-push", "post-merge"};
const std::vector<std::string> k_events{"push", "merge", "tag", "ci", "digest"};

// Reads one YAML document into a Policy, keeping the source name for errors.
// What a file is: the root policy (may extend bases), a base (no extends of
// its own) or a scoped policy (files: and commands: only; docs/monorepo.md).
enum class Layer { root, base, scoped };

class Loader {
public:
  Loader(std::string source, Policy& policy, Layer layer = Layer::root, const PolicyContext* context = nullptr,
         std::string dir = {})
    : m_source(std::move(source)), m_policy(policy), m_layer(layer), m_context(context), m_dir(std::move(dir)) {}

  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& message) const {
    if (mark.line < 0) throw PolicyError(fmt::format("{}: {}", m_source, message));
    throw PolicyError(fmt::format("{}:{}:{}: {}", m_source, mark.line + 1, mark.column + 1, message));
  }

  void load(const YAML::Node& root) {
    if (!root || root.IsNull()) return;
    if (!root.IsMap()) fail(root.Mark(), "the policy must be a mapping of keys (version, hooks, files, ...)");
    for (const auto& item : root) {
      if (!item.first.IsScalar()) continue; // for_each_key says so below
      const std::string key = item.first.Scalar();
      if (m_layer == Layer::scoped && key != "files" && key != "commands")
        fail(item.first.Mark(), fmt::format("'{}' is not allowed in a scoped policy (only files: and commands:; "
                                            "the other sections belong in the root .warden.yml, docs/monorepo.md)",
                                            key));
      if (key != "extends") continue;
      if (m_layer != Layer::root)
        fail(item.first.Mark(), "'extends' is read from the root policy only (docs/monorepo.md)");
      load_extends(item.second);
      m_policy.sources["extends"] = m_source;
    }
    // The top level: section keys (commands) and the sections of dotted keys
    // (files, branches), in key-table order.
    std::vector<std::string> top;
    for (const config::KeySpec* key : config::policy_keys()) {
      std::string name(config::key_section(*key).empty() ? key->key : config::key_section(*key));
      if (std::find(top.begin(), top.end(), name) == top.end()) top.push_back(name);
    }
    for_each_key(root, "", top, [&](const std::string& name, const YAML::Node& value) {
      if (name == "extends") return; // loaded first, above
      if (const config::KeySpec* key = config::find_key(name)) {
        load_key(*key, value);
        return;
      }
      std::vector<const config::KeySpec*> keys;
      std::vector<std::string> names;
      for (const config::KeySpec* key : config::policy_keys()) {
        if (config::key_section(*key) != name) continue;
        keys.push_back(key);
        names.emplace_back(config::key_name(*key));
      }
      for_each_key(value, name, names, [&](const std::string& child, const YAML::Node& child_value) {
        load_key(*keys[static_cast<std::size_t>(std::find(names.begin(), names.end(), child) - names.begin())],
                 child_value);
      });
    });
  }

private:
  // Call `handle` for every key of the map `node`; an unknown key is an
  // error naming the closest known key.
  void for_each_key(const YAML::Node& node, const std::string& where, const std::vector<std::string>& known,
                    const std::function<void(const std::string&, const YAML::Node&)>& handle) {
    if (!node.IsMap()) fail(node.Mark(), fmt::format("'{}' must be a mapping", where));
    std::set<std::string> seen;
    for (const auto& item : node) {
      const YAML::Node& key_node = item.first;
      if (!key_node.IsScalar()) fail(key_node.Mark(), "keys must be plain names");
      std::string key = key_node.Scalar();
      std::string full = where.empty() ? key : where + "." + key;
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        std::string scope = where.empty() ? "" : fmt::format(" in '{}'", where);
        if (const auto best = closest_match(key, known))
          fail(key_node.Mark(), fmt::format("unknown key '{}'{} (did you mean '{}'?)", key, scope, *best));
        fail(key_node.Mark(), fmt::format("unknown key '{}'{} (known keys: {})", key, scope, join(known)));
      }
      if (!seen.insert(key).second) fail(key_node.Mark(), fmt::format("duplicate key '{}'", full));
      handle(key, item.second);
    }
  }

  static std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
  }

  std::string scalar(const YAML::Node& node, const std::string& key) {
    if (!node.IsScalar()) fail(node.Mark(), fmt::format("'{}' must be a single value", key));
    return node.Scalar();
  }

  std::string nonempty_scalar(const YAML::Node& node, const std::string& key) {
    std::string value = scalar(node, key);
    if (value.empty()) fail(node.Mark(), fmt::format("'{}' must not be empty", key));
    return value;
  }

  std::uint64_t unsigned_number(const YAML::Node& node, const std::string& key) {
    std::string text = scalar(node, key);
    if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
        text.size() > 18)
      fail(node.Mark(), fmt::format("'{}' must be a whole number >= 0, not '{}'", key, text));
    return std::stoull(text);
  }

  std::uint64_t size_value(const YAML::Node& node, const std::string& key) {
    std::string text = scalar(node, key);
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    std::string unit = text.substr(digits);
    unit.erase(0, unit.find_first_not_of(' '));
    static const std::vector<std::pair<std::string, std::uint64_t>> units{
        {"", 1}, {"B", 1}, {"KiB", 1ull << 10}, {"MiB", 1ull << 20}, {"GiB", 1ull << 30}};
    auto found = std::find_if(units.begin(), units.end(), [&](const auto& u) { return u.first == unit; });
    if (digits == 0 || digits > 12 || found == units.end())
      fail(node.Mark(), fmt::format("'{}' must be a size like 5MiB (units B, KiB, MiB, GiB), not '{}'", key, text));
    return std::stoull(text.substr(0, digits)) * found->second;
  }

  Severity severity(const YAML::Node& node, const std::string& key) {
    std::string text = scalar(node, key);
    if (text == "error") return Severity::error;
    if (text == "warn") return Severity::warn;
    if (text == "off") return Severity::off;
    fail(node.Mark(), fmt::format("'{}' must be error, warn or off, not '{}'", key, text));
  }

  std::vector<std::string> string_list(const YAML::Node& node, const std::string& key,
                                       const std::vector<std::string>* allowed = nullptr) {
    if (node.IsNull()) return {};
    if (!node.IsSequence()) fail(node.Mark(), fmt::format("'{}' must be a list", key));
    std::vector<std::string> out;
    for (const auto& item : node) {
      std::string value = nonempty_scalar(item, key);
      if (allowed && std::find(allowed->begin(), allowed->end(), value) == allowed->end())
        fail(item.Mark(), fmt::format("'{}' in '{}' is not one of: {}", value, key, join(*allowed)));
      out.push_back(value);
    }
    return out;
  }

  Glob glob(const YAML::Node& node, const std::string& key) {
    std::string text = nonempty_scalar(node, key);
    try {
      return Glob(text);
    } catch (const std::exception& e) {
      fail(node.Mark(), fmt::format("bad glob '{}' in '{}': {}", text, key, e.what()));
    }
  }

  std::vector<Glob> glob_list(const YAML::Node& node, const std::string& key) {
    if (node.IsNull()) return {};
    if (!node.IsSequence()) fail(node.Mark(), fmt::format("'{}' must be a list of globs", key));
    std::vector<Glob> out;
    for (const auto& item : node) out.push_back(glob(item, key));
    return out;
  }

  Pattern pattern(const YAML::Node& node, const std::string& key) {
    Pattern out;
    out.source = nonempty_scalar(node, key);
    RE2::Options options;
    options.set_log_errors(false);
    auto regex = std::make_shared<const RE2>(out.source, options);
    if (!regex->ok())
      fail(node.Mark(), fmt::format("bad pattern in '{}': {} (RE2 syntax)", key, regex->error()));
    out.regex = std::move(regex);
    return out;
  }

  void load_version(const YAML::Node& node, const std::string& where) {
    std::string text = scalar(node, where);
    if (text != "1") fail(node.Mark(), fmt::format("unsupported policy version '{}' (only version: 1 exists)", text));
    m_policy.version = 1;
  }

  // "a or b", "a, b or c": the allowed values of a choice, for messages.
  static std::string alternatives(const std::vector<std::string_view>& choices) {
    std::string out;
    for (std::size_t i = 0; i < choices.size(); ++i) {
      if (i > 0) out += i + 1 == choices.size() ? " or " : ", ";
      out += choices[i];
    }
    return out;
  }

  // Read `node` as the value of `key` into the policy.
  void load_key(const config::KeySpec& key, const YAML::Node& node) {
    const std::string full(key.key);
    using config::KeyType;
    if (key.type != KeyType::commands) m_policy.sources[full] = m_source;
    switch (key.type) {
    case KeyType::severity: key.set(m_policy, severity(node, full)); return;
    case KeyType::choice: {
      const std::string text = scalar(node, full);
      const auto found = std::find(key.choices.begin(), key.choices.end(), text);
      if (found == key.choices.end())
        fail(node.Mark(), fmt::format("'{}' must be {}, not '{}'", full, alternatives(key.choices), text));
      key.set(m_policy, config::Choice{static_cast<std::size_t>(found - key.choices.begin())});
      return;
    }
    case KeyType::count: key.set(m_policy, unsigned_number(node, full)); return;
    case KeyType::size: key.set(m_policy, size_value(node, full)); return;
    case KeyType::strings: {
      std::vector<std::string> allowed(key.choices.begin(), key.choices.end());
      key.set(m_policy, string_list(node, full, allowed.empty() ? nullptr : &allowed));
      return;
    }
    case KeyType::globs: key.set(m_policy, glob_list(node, full)); return;
    case KeyType::naming: key.set(m_policy, naming_rules(node, full)); return;
    case KeyType::pattern:
      // "" switches off a pattern whose default is "" (commits.pattern).
      if (key.default_text == "\"\"" && scalar(node, full).empty()) key.set(m_policy, Pattern{});
      else key.set(m_policy, pattern(node, full));
      return;
    // Empty only where the default is ("" = decided elsewhere, e.g. branches.default-branch).
    case KeyType::text:
      key.set(m_policy, key.default_text == "\"\"" ? scalar(node, full) : nonempty_scalar(node, full));
      return;
    case KeyType::path: key.set(m_policy, scalar(node, full)); return;
    case KeyType::version: load_version(node, full); return;
    case KeyType::commands: load_commands(node, full); return;
    case KeyType::notify: load_notify(node, full); return;
    case KeyType::git_settings: load_git(node, full); return;
    case KeyType::extends: return; // loaded before the other keys (load_extends)
    }
  }

  // extends: the bases, in order, each parsed over what came before.
  void load_extends(const YAML::Node& node) {
    if (node.IsNull()) return;
    if (!node.IsSequence()) fail(node.Mark(), "'extends' must be a list of paths or {repo, ref, path}");
    for (const auto& item : node) {
      BaseRef base;
      if (item.IsScalar()) {
        base.path = nonempty_scalar(item, "extends");
      } else {
        for_each_key(item, "extends[]", {"repo", "ref", "path"}, [&](const std::string& key, const YAML::Node& value) {
          (key == "repo" ? base.repo : key == "ref" ? base.ref : base.path) = nonempty_scalar(value, "extends." + key);
        });
        if (base.repo.empty() || base.ref.empty() || base.path.empty())
          fail(item.Mark(), "each 'extends' mapping needs 'repo', 'ref' and 'path'");
      }
      std::optional<std::string> text;
      if (base.repo.empty()) {
        if (!m_context || !m_context->read_local)
          fail(item.Mark(), fmt::format("cannot read base policy '{}': no worktree here (a local base of "
                                        "extends is read from the worktree)", base.path));
        text = m_context->read_local(base.path);
        if (!text) fail(item.Mark(), fmt::format("cannot read base policy '{}' (extends)", base.path));
      } else {
        const std::string cache = m_context ? m_context->cache_dir : std::string();
        const auto cached = cache.empty() ? std::nullopt : read_cached_base(cache, base);
        if (!cached)
          fail(item.Mark(), fmt::format("base policy {} is not in the cache: run `warden policy update`",
                                        base.label()));
        base.commit = cached->commit;
        text = cached->text;
      }
      YAML::Node base_root;
      const std::string label = base.label();
      try {
        base_root = YAML::Load(*text);
      } catch (const YAML::Exception& e) {
        if (e.mark.line >= 0)
          throw PolicyError(fmt::format("{}:{}:{}: {}", label, e.mark.line + 1, e.mark.column + 1, e.msg));
        throw PolicyError(fmt::format("{}: {}", label, e.msg));
      }
      Loader(label, m_policy, Layer::base, m_context).load(base_root);
      m_policy.extends.push_back(std::move(base));
    }
  }

  std::vector<NamingRule> naming_rules(const YAML::Node& node, const std::string& where) {
    std::vector<NamingRule> rules;
    if (node.IsNull()) return rules;
    if (!node.IsSequence()) fail(node.Mark(), fmt::format("'{}' must be a list of {{glob, pattern}}", where));
    for (const auto& item : node) {
      NamingRule rule;
      bool has_glob = false, has_pattern = false;
      for_each_key(item, where + "[]", {"glob", "pattern"}, [&](const std::string& key, const YAML::Node& value) {
        if (key == "glob") { rule.glob = glob(value, where + ".glob"); has_glob = true; }
        else { rule.pattern = pattern(value, where + ".pattern"); has_pattern = true; }
      });
      if (!has_glob || !has_pattern)
        fail(item.Mark(), fmt::format("each '{}' entry needs both 'glob' and 'pattern'", where));
      rules.push_back(std::move(rule));
    }
    return rules;
  }

  // Each hook's list replaces the one inherited (from a base or the
  // enclosing policy); a hook the file leaves out keeps it.
  void load_commands(const YAML::Node& node, const std::string& section) {
    if (node.IsNull()) return;
    static const std::vector<std::string> k_scoped_hooks{"pre-commit"};
    for_each_key(node, section, m_layer == Layer::scoped ? k_scoped_hooks : k_command_hooks,
                 [&](const std::string& hook, const YAML::Node& list) {
      std::string where = section + "." + hook;
      std::vector<CommandSpec> specs;
      if (!list.IsNull()) {
        if (!list.IsSequence()) fail(list.Mark(), fmt::format("'{}' must be a list of {{name, run, glob}}", where));
        for (const auto& item : list) {
          CommandSpec spec;
          for_each_key(item, where + "[]", {"name", "run", "glob"}, [&](const std::string& key, const YAML::Node& value) {
            if (key == "name") spec.name = nonempty_scalar(value, where + ".name");
            else if (key == "run") spec.run = nonempty_scalar(value, where + ".run");
            else spec.glob = glob(value, where + ".glob");
          });
          if (spec.run.empty()) fail(item.Mark(), fmt::format("each '{}' entry needs 'run'", where));
          if (spec.name.empty()) spec.name = spec.run;
          spec.dir = m_dir;
          specs.push_back(std::move(spec));
        }
      }
      m_policy.commands[hook] = std::move(specs);
      m_policy.sources[where] = m_source;
    });
  }

  [[noreturn]] void refuse_secret(const YAML::Node& node, const std::string& key, const std::string& where_instead) {
    fail(node.Mark(), fmt::format("'{}' is a secret and never lives in the policy file (a leaked secret): {}", key,
                                  where_instead));
  }

  void load_notify(const YAML::Node& node, const std::string& where) {
    NotifyPolicy& notify = m_policy.notify;
    for_each_key(node, where, {"discord", "email", "slack", "summarizer"}, [&](const std::string& key, const YAML::Node& value) {
      if (key == "discord") {
        for_each_key(value, where + ".discord", {"events", "username", "templates", "webhook", "url"},
                     [&](const std::string& k, const YAML::Node& v) {
                       if (k == "events") notify.discord.events = string_list(v, where + ".discord.events", &k_events);
                       else if (k == "username") notify.discord.username = nonempty_scalar(v, where + ".discord.username");
                       else if (k == "templates") {
                         notify.discord.templates.clear();
                         for_each_key(v, where + ".discord.templates", k_events, [&](const std::string& event, const YAML::Node& t) {
                           notify.discord.templates[event] = scalar(t, where + ".discord.templates." + event);
                         });
                       } else
                         refuse_secret(v, where + ".discord." + k,
                                       "set WARDEN_DISCORD_WEBHOOK or `git config warden.discord.webhook URL`");
                     });
      } else if (key == "email") {
        EmailPolicy email;
        for_each_key(value, where + ".email", {"events", "to", "from", "password", "url"}, [&](const std::string& k, const YAML::Node& v) {
          if (k == "events") email.events = string_list(v, where + ".email.events", &k_events);
          else if (k == "to") email.to = string_list(v, where + ".email.to");
          else if (k == "from") email.from = nonempty_scalar(v, where + ".email.from");
          else refuse_secret(v, where + ".email." + k, "set WARDEN_SMTP_URL / WARDEN_SMTP_PASSWORD or `git config warden.smtp.*`");
        });
        notify.email = std::move(email);
      } else if (key == "slack") {
        SlackPolicy slack;
        for_each_key(value, where + ".slack", {"events", "webhook", "url"}, [&](const std::string& k, const YAML::Node& v) {
          if (k == "events") slack.events = string_list(v, where + ".slack.events", &k_events);
          else refuse_secret(v, where + ".slack." + k, "set WARDEN_SLACK_WEBHOOK or `git config warden.slack.webhook URL`");
        });
        notify.slack = std::move(slack);
      } else if (key == "summarizer") {
        SummarizerPolicy summarizer;
        for_each_key(value, where + ".summarizer", {"url", "model", "timeout"}, [&](const std::string& k, const YAML::Node& v) {
          if (k == "url") summarizer.url = nonempty_scalar(v, where + ".summarizer.url");
          else if (k == "model") summarizer.model = nonempty_scalar(v, where + ".summarizer.model");
          else summarizer.timeout_seconds = static_cast<double>(unsigned_number(v, where + ".summarizer.timeout"));
        });
        if (summarizer.url.empty()) fail(value.Mark(), fmt::format("'{}.summarizer' needs 'url'", where));
        notify.summarizer = std::move(summarizer);
      }
    });
  }

  void load_git(const YAML::Node& node, const std::string& where) {
    m_policy.git_settings.clear();
    if (node.IsNull()) return;
    if (!node.IsMap()) fail(node.Mark(), "'" + where + "' must be a mapping of git config keys to values (fetch.prune: true)");
    for (const auto& item : node) {
      std::string key = nonempty_scalar(item.first, where);
      if (key.find('.') == std::string::npos)
        fail(item.first.Mark(), fmt::format("'{}.{}' is not a git config key (section.name, e.g. fetch.prune)", where, key));
      m_policy.git_settings[key] = scalar(item.second, where + "." + key);
    }
  }

  std::string m_source;
  Policy& m_policy;
  Layer m_layer;
  const PolicyContext* m_context;
  std::string m_dir; // a scoped policy's directory
};

// A glob of a scoped policy in `dir`, made repository-relative: a glob with
// a '/' is anchored at `dir`; one without matches names anywhere, and the
// scope sees only the paths under `dir` anyway.
Glob scoped_glob(const Glob& glob, const std::string& dir) {
  std::string body = glob.pattern();
  std::string trailing;
  while (!body.empty() && body.back() == '/') { trailing += '/'; body.pop_back(); }
  if (body.find('/') == std::string::npos) return glob;
  body.erase(0, body.find_first_not_of('/'));
  return Glob(dir + "/" + body + trailing);
}

Policy parse_into(Policy policy, std::string_view text, const std::string& source_name, Layer layer = Layer::root,
                  const PolicyContext* context = nullptr, const std::string& dir = {}) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    if (e.mark.line >= 0)
      throw PolicyError(fmt::format("{}:{}:{}: {}", source_name, e.mark.line + 1, e.mark.column + 1, e.msg));
    throw PolicyError(fmt::format("{}: {}", source_name, e.msg));
  }
  Loader(source_name, policy, layer, context, dir).load(root);
  if (layer == Layer::scoped) return policy;
  policy.source = source_name;
  policy.text = std::string(text);
  return policy;
}

} // namespace

const Policy& default_policy() {
  static const Policy policy = [] {
    Policy parsed = parse_into(Policy{}, config::comments_blanked(embedded::default_policy()), "<default>");
    parsed.text = std::string(embedded::default_policy());
    return parsed;
  }();
  return policy;
}

Policy parse_policy(std::string_view text, const std::string& source_name) {
  // No repository named: remote bases come from the cache of the repository
  // git runs the hook in ($GIT_DIR: pre-receive in a bare repository).
  const char* git_dir = std::getenv("GIT_DIR");
  const PolicyContext context{{}, git_dir && *git_dir ? policy_cache_dir(git_dir) : std::string()};
  return parse_policy(text, source_name, context);
}

Policy parse_policy(std::string_view text, const std::string& source_name, const PolicyContext& context) {
  return parse_into(default_policy(), text, source_name, Layer::root, &context);
}

Policy parse_scoped_policy(const Policy& enclosing, std::string_view text, const std::string& file) {
  const std::size_t slash = file.rfind('/');
  const std::string dir = slash == std::string::npos ? std::string() : file.substr(0, slash);
  Policy policy = parse_into(enclosing, text, file, Layer::scoped, nullptr, dir);
  // What this file set is relative to its directory (docs/monorepo.md).
  const auto set_here = [&](std::string_view key) {
    const auto it = policy.sources.find(key);
    return it != policy.sources.end() && it->second == file;
  };
  if (set_here("files.forbidden"))
    for (Glob& glob : policy.files.forbidden) glob = scoped_glob(glob, dir);
  if (set_here("files.naming"))
    for (NamingRule& rule : policy.files.naming) rule.glob = scoped_glob(rule.glob, dir);
  if (set_here("files.required"))
    for (std::string& path : policy.files.required) path = dir + "/" + path;
  if (set_here("files.secret-rules") && !policy.files.secret_rules.empty())
    policy.files.secret_rules = dir + "/" + policy.files.secret_rules;
  return policy;
}

Policy load_policy(const std::string& worktree_root, const std::optional<std::string>& config_policy_path) {
  std::string git_dir;
  if (const char* env = std::getenv("GIT_DIR"); env && *env) git_dir = env;
  else if (!worktree_root.empty()) git_dir = worktree_root + "/.git";
  return load_policy(worktree_root, config_policy_path, policy_context(worktree_root, git_dir));
}

Policy load_policy(const std::string& worktree_root, const std::optional<std::string>& config_policy_path,
                   const PolicyContext& context) {
  namespace stdfs = std::filesystem;
  if (config_policy_path && !config_policy_path->empty()) {
    stdfs::path path = fs::absolute_from(worktree_root.empty() ? stdfs::current_path() : stdfs::path(worktree_root),
                                         *config_policy_path);
    auto text = fs::read_file(path);
    if (!text)
      throw PolicyError(fmt::format("{}: cannot read the policy named by git config warden.policy", path.string()));
    return parse_policy(*text, path.string(), context);
  }
  if (!worktree_root.empty()) {
    stdfs::path path = stdfs::path(worktree_root) / ".warden.yml";
    if (auto text = fs::read_file(path)) return parse_policy(*text, ".warden.yml", context);
    std::error_code ec;
    if (stdfs::exists(path, ec)) throw PolicyError(fmt::format("{}: cannot read the policy", path.string()));
  }
  return default_policy();
}

std::vector<std::string> lint_policy_secrets(const Policy& policy) {
  static const RE2 k_secret_url(
      R"((https?://(?:(?:canary\.|ptb\.)?discord(?:app)?\.com/api/webhooks/|hooks\.slack\.com/services/)[A-Za-z0-9/_\-]+))");
  std::vector<std::string> problems;
  std::size_t line_number = 0;
  std::size_t start = 0;
  const std::string& text = policy.text;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line_number;
    re2::StringPiece line(text.data() + start, end - start);
    re2::StringPiece match;
    if (RE2::PartialMatch(line, k_secret_url, &match)) {
      std::size_t column = static_cast<std::size_t>(match.data() - line.data()) + 1;
      const bool slack = match.find("hooks.slack.com") != re2::StringPiece::npos;
      problems.push_back(fmt::format("{}:{}:{}: a webhook URL in the policy file is a leaked secret; move it to "
                                     "{} and rotate it",
                                     policy.source, line_number, column,
                                     slack ? "WARDEN_SLACK_WEBHOOK or `git config warden.slack.webhook`"
                                           : "WARDEN_DISCORD_WEBHOOK or `git config warden.discord.webhook`"));
    }
    // An SMTP URL with a password in it (smtps://user:password@host).
    static const RE2 k_smtp_password(R"((smtps?://[^\s/:@]+:[^\s/@]+@))");
    if (RE2::PartialMatch(line, k_smtp_password, &match)) {
      std::size_t column = static_cast<std::size_t>(match.data() - line.data()) + 1;
      problems.push_back(fmt::format("{}:{}:{}: an SMTP password in the policy file is a leaked secret; move it to "
                                     "WARDEN_SMTP_URL / WARDEN_SMTP_PASSWORD or `git config warden.smtp.*` and change it",
                                     policy.source, line_number, column));
    }
    if (end == text.size()) break;
    start = end + 1;
  }
  return problems;
}

} // namespace warden

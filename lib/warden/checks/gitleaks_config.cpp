// gitleaks-format rule files (docs/secrets.md). toml++ is used header-only
// (TOML_HEADER_ONLY, cmake/Dependencies.cmake): Debian ships it only as a
// shared library, and every shared library a hook loads costs start-up time.
// This is the one file that includes it.
#include "warden/checks/gitleaks_config.hpp"

#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"

#include <stdexcept>

// toml++ 3.3 asserts on some malformed input (`[[=` in a table header)
// rather than reporting it; without NDEBUG that aborts, with it the assert
// becomes an optimiser assumption, i.e. undefined behaviour. The rule file is
// repository content (tests/fuzz/fuzz_gitleaks_config.cpp found this), so
// its asserts throw instead, in every build type.
namespace warden::toml_support {
struct InternalError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
[[noreturn]] inline void assertion_failed(const char* expression) { throw InternalError(expression); }
} // namespace warden::toml_support
#pragma push_macro("NDEBUG")
#undef NDEBUG
#define TOML_ASSERT(expr) ((expr) ? static_cast<void>(0) : ::warden::toml_support::assertion_failed(#expr))
#include <toml++/toml.h>
#pragma pop_macro("NDEBUG")

#include <fmt/format.h>

#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace warden {

namespace {

// A key of the wrong type is an error, not a silently ignored setting.
class Reader {
public:
  Reader(const std::string& source, std::string context) : m_source(source), m_context(std::move(context)) {}

  [[noreturn]] void fail(const std::string& message) const {
    throw PolicyError(fmt::format("{}: {}{}", m_source, m_context, message));
  }

  std::string string(const toml::table& table, std::string_view key) const {
    const toml::node* node = table.get(key);
    if (!node) return {};
    const auto value = node->value_exact<std::string>();
    if (!value) fail(fmt::format("`{}` must be a string", key));
    return *value;
  }

  std::vector<std::string> strings(const toml::table& table, std::string_view key) const {
    std::vector<std::string> out;
    const toml::node* node = table.get(key);
    if (!node) return out;
    const toml::array* array = node->as_array();
    if (!array) fail(fmt::format("`{}` must be an array of strings", key));
    for (const toml::node& element : *array) {
      const auto value = element.value_exact<std::string>();
      if (!value) fail(fmt::format("`{}` must be an array of strings", key));
      out.push_back(*value);
    }
    return out;
  }

  double number(const toml::table& table, std::string_view key) const {
    const toml::node* node = table.get(key);
    if (!node) return 0;
    if (!node->is_number()) fail(fmt::format("`{}` must be a number", key));
    return node->value<double>().value_or(0);
  }

  int integer(const toml::table& table, std::string_view key) const {
    const toml::node* node = table.get(key);
    if (!node) return 0;
    const auto value = node->value_exact<std::int64_t>();
    if (!value || *value < 0 || *value > 1000) fail(fmt::format("`{}` must be a small non-negative integer", key));
    return static_cast<int>(*value);
  }

  SecretAllowlist allowlist(const toml::table& table) const {
    SecretAllowlist out;
    out.regexes = strings(table, "regexes");
    out.paths = strings(table, "paths");
    out.stopwords = strings(table, "stopwords");
    const std::string target = string(table, "regexTarget");
    if (target == "match") out.target = SecretAllowlist::Target::match;
    else if (target == "line") out.target = SecretAllowlist::Target::line;
    else if (!target.empty() && target != "secret") fail("`regexTarget` must be \"secret\", \"match\" or \"line\"");
    const std::string condition = string(table, "condition");
    if (condition == "AND" || condition == "and") out.match_all = true;
    else if (!condition.empty() && condition != "OR" && condition != "or") fail("`condition` must be \"OR\" or \"AND\"");
    // Narrowing a global allowlist to some rules is newer gitleaks; allowing
    // more than asked would hide secrets, so it is refused, not ignored.
    if (table.contains("targetRules")) fail("`targetRules` is not supported; put the allowlist in those rules");
    return out;
  }

  // `allowlist` (one table, gitleaks 8) and `allowlists` (an array of them).
  std::vector<SecretAllowlist> allowlists(const toml::table& table) const {
    std::vector<SecretAllowlist> out;
    if (const toml::node* node = table.get("allowlist")) {
      const toml::table* single = node->as_table();
      if (!single) fail("`allowlist` must be a table");
      out.push_back(allowlist(*single));
    }
    if (const toml::node* node = table.get("allowlists")) {
      const toml::array* array = node->as_array();
      if (!array) fail("`allowlists` must be an array of tables");
      for (const toml::node& element : *array) {
        const toml::table* one = element.as_table();
        if (!one) fail("`allowlists` must be an array of tables");
        out.push_back(allowlist(*one));
      }
    }
    return out;
  }

private:
  const std::string& m_source;
  std::string m_context;
};

} // namespace

void load_gitleaks_config(std::string_view text, const std::string& source_name, SecretScanner& scanner) {
  // toml++ 3.3 reaches __builtin_unreachable (undefined behaviour) when it
  // checks some non-ASCII characters for whitespace (U+00A1 to U+0499, for
  // one; found by tests/fuzz/fuzz_gitleaks_config.cpp). Rule files are
  // ASCII in practice (gitleaks' own is), so anything else is refused.
  for (std::size_t i = 0, line = 1; i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
    if (static_cast<unsigned char>(text[i]) >= 0x80)
      throw PolicyError(fmt::format("{}:{}: only ASCII is supported in a secret rule file (use \\x escapes in regexes)",
                                    source_name, line));
  }
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& error) {
    throw PolicyError(fmt::format("{}:{}:{}: {}", source_name, error.source().begin.line, error.source().begin.column,
                                  error.description()));
  } catch (const toml_support::InternalError&) {
    throw PolicyError(fmt::format("{}: not valid TOML", source_name));
  }
  const Reader top(source_name, "");
  std::vector<SecretAllowlist> global = top.allowlists(root);

  std::vector<SecretRule> rules;
  if (const toml::node* node = root.get("rules")) {
    const toml::array* array = node->as_array();
    if (!array) top.fail("`rules` must be an array of tables ([[rules]])");
    std::size_t index = 0;
    for (const toml::node& element : *array) {
      ++index;
      const toml::table* table = element.as_table();
      if (!table) top.fail("`rules` must be an array of tables ([[rules]])");
      const std::string id = Reader(source_name, fmt::format("rule {}: ", index)).string(*table, "id");
      if (id.empty()) top.fail(fmt::format("rule {} has no `id`", index));
      const Reader reader(source_name, fmt::format("rule '{}': ", id));
      // A composite rule ([[rules.required]]) reports only beside other
      // matches; without that support it would report too much.
      if (table->contains("required")) reader.fail("`required` (composite rules) is not supported");
      SecretRule rule;
      rule.id = id;
      rule.description = reader.string(*table, "description");
      rule.regex = reader.string(*table, "regex");
      rule.secret_group = reader.integer(*table, "secretGroup");
      rule.keywords = reader.strings(*table, "keywords");
      rule.entropy = reader.number(*table, "entropy");
      rule.path = reader.string(*table, "path");
      rule.allowlists = reader.allowlists(*table);
      if (rule.regex.empty() && rule.path.empty()) reader.fail("needs a `regex` or a `path`");
      rules.push_back(std::move(rule));
    }
  }
  try {
    for (const SecretRule& rule : rules) scanner.add_rule(rule);
    for (const SecretAllowlist& allowlist : global) scanner.add_global_allowlist(allowlist);
  } catch (const std::invalid_argument& error) {
    throw PolicyError(fmt::format("{}: {}", source_name, error.what()));
  }
}

SecretScanner parse_gitleaks_config(std::string_view text, const std::string& source_name) {
  SecretScanner scanner = SecretScanner::with_builtin_rules();
  load_gitleaks_config(text, source_name, scanner);
  return scanner;
}

const SecretScanner& secret_scanner_for(const std::string& rules_path, const std::string& worktree_root) {
  if (rules_path.empty()) return SecretScanner::builtin();
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<SecretScanner>> loaded;
  const std::string full = worktree_root.empty() ? rules_path : worktree_root + "/" + rules_path;
  std::lock_guard<std::mutex> lock(mutex);
  auto found = loaded.find(full);
  if (found != loaded.end()) return *found->second;
  const std::optional<std::string> text = fs::read_file(full);
  if (!text) throw PolicyError(fmt::format("{}: cannot read the secret rules (files.secret-rules)", rules_path));
  auto scanner = std::make_unique<SecretScanner>(parse_gitleaks_config(*text, rules_path));
  return *loaded.emplace(full, std::move(scanner)).first->second;
}

} // namespace warden

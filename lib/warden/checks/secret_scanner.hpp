#pragma once
// The secret scanner (docs/secrets.md): one pass over a text finds every
// rule keyword at once, then only the rules whose keywords occur are tried,
// and only on the lines that hold them. A hit names the rule, where it is and
// at most the secret's first four characters; the secret itself is never
// kept.
#include "warden/checks/secret_rules.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace warden {

struct SecretHit {
  std::string kind;    // the rule id: "github-pat", "private-key", ...
  std::size_t line;    // 1-based
  std::size_t column;  // 1-based, in bytes, where the secret starts
  std::string preview; // at most the first four characters of the secret, then "…"
};

// A value a rule matched that is a placeholder, not a secret: the providers'
// documented examples, a value naming itself an example, placeholder or
// dummy, or one character repeated after the rule's prefix (`ghp_xxxx...`).
bool is_placeholder_secret(std::string_view secret, const std::vector<std::string>& keywords = {});

// Shannon entropy of `text` in bits per byte.
double shannon_entropy(std::string_view text);

// "ghp_…": the redacted form a finding prints.
std::string redact_secret(std::string_view secret);

class SecretScanner {
public:
  SecretScanner();
  ~SecretScanner();
  SecretScanner(SecretScanner&&) noexcept;
  SecretScanner& operator=(SecretScanner&&) noexcept;

  // The built-in rules (secret_rules.hpp), compiled once.
  static const SecretScanner& builtin();
  // A new scanner holding the built-in rules, to add more to.
  static SecretScanner with_builtin_rules();

  // Add a rule. Throws std::invalid_argument ("rule 'ID': ...") when it does
  // not compile or is incomplete.
  void add_rule(const SecretRule& rule);
  // An allowlist that applies to every rule (gitleaks' global [allowlist]).
  void add_global_allowlist(const SecretAllowlist& allowlist);

  // Every hit in `text` (the content of the file at `path`, which rules with
  // a `path` and allowlists with `paths` look at), sorted by line and column.
  std::vector<SecretHit> scan(std::string_view text, std::string_view path = {}) const;

  // Rule ids and descriptions, in the order they were added.
  std::vector<std::pair<std::string, std::string>> rules() const;
  std::size_t size() const;

  struct Impl;

private:
  std::unique_ptr<Impl> m_impl;
};

} // namespace warden

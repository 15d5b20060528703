#pragma once
// The rules of the `secret` check (docs/secrets.md): the built-in ones, one
// entry per token format with its own true- and false-positive samples, and
// the shape a rule from a gitleaks-format file (gitleaks_config.hpp) takes.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace warden {

// When a match is not a finding (gitleaks' [[rules.allowlists]]).
struct SecretAllowlist {
  enum class Target { secret, match, line };
  std::vector<std::string> regexes;   // RE2, searched in `target`
  std::vector<std::string> paths;     // RE2, searched in the file's path
  std::vector<std::string> stopwords; // case-insensitive substrings of the secret
  Target target = Target::secret;
  bool match_all = false;             // condition = "AND": every kind given must agree
};

struct SecretRule {
  std::string id;          // kebab-case, shown in the finding and as the SARIF rule
  std::string description; // one line
  std::string regex;       // RE2; empty with `path` set: the path alone is the finding
  // Lower-case; the rule is tried only on a line holding one of them (any
  // case). None: the rule is tried on the whole text.
  std::vector<std::string> keywords;
  double entropy = 0;      // minimum Shannon entropy (bits per byte) of the secret; 0 = none
  int secret_group = 0;    // 0: the first non-empty group, or the whole match
  std::string path;        // RE2 on the path; the rule applies only where it matches
  // RE2 that must also match somewhere in the same text: formats spread over
  // lines (a service-account key file is JSON with a private key in it).
  std::string file_context;
  std::vector<SecretAllowlist> allowlists;
};

// A built-in rule and the samples it is validated against
// (tests/unit/test_checks_secret_rules.cpp). Samples are templates turned
// into text by expand_sample, so no file of the repository holds a token.
struct BuiltinSecretRule {
  SecretRule rule;
  std::vector<std::string> true_positives;
  std::vector<std::string> false_positives;
};

// Every built-in rule, ids unique, in a stable order.
const std::vector<BuiltinSecretRule>& builtin_secret_rules();

// Expand a sample template: `{aN}` is N random characters of class `a`
// (a: A-Za-z0-9, u: A-Z0-9, U: A-Z, l: a-z0-9, L: a-z, h: 0-9a-f,
// H: 0-9A-F, d: 0-9, w: A-Za-z0-9_-, s: A-Za-z0-9+/, z: A-Z2-7,
// B: bech32 upper case), `{=cN}` the character c N times, `{uuid}` a random
// lower-case UUID; anything else is copied. `state` seeds and advances a
// small deterministic generator.
std::string expand_sample(std::string_view pattern, std::uint64_t& state);

} // namespace warden

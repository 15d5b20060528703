// secret: private keys, webhook URLs and cloud tokens in changed text.
#include "warden/checks/secret.hpp"

#include "warden/checks/registry.hpp"
#include "warden/checks/file_util.hpp"

#include <re2/re2.h>

#include <fmt/format.h>

#include <array>
#include <map>

namespace warden {

constexpr char k_id[] = "secret";

std::vector<SecretHit> find_secrets(std::string_view text) { return SecretScanner::builtin().scan(text); }

namespace {

void check_secret(const Policy& policy, const FileCheckInput& input, Findings& out) {
  const Severity severity = policy.files.secret;
  if (severity == Severity::off) return;
  // files.secret-rules adds a gitleaks-format rule file (docs/secrets.md):
  // secret_scanner_for(policy.files.secret_rules, worktree root).
  const SecretScanner& scanner = SecretScanner::builtin();
  for (const FileEntry& entry : input.entries) {
    if (!is_reported(input, entry)) continue;
    const std::optional<std::string> text = read_text_blob(policy, input, entry);
    if (!text) continue;
    // One finding per rule and file, naming where it first appears and the
    // redacted start of the secret there.
    struct PerRule {
      std::size_t first_line = 0;
      std::string preview;
      std::size_t count = 0;
    };
    std::map<std::string, PerRule> by_rule;
    std::vector<std::string> order;
    for (SecretHit& hit : scanner.scan(*text, entry.path)) {
      auto [it, inserted] = by_rule.try_emplace(hit.kind);
      if (inserted) {
        order.push_back(hit.kind);
        it->second.first_line = hit.line;
        it->second.preview = std::move(hit.preview);
      }
      ++it->second.count;
    }
    for (const std::string& id : order) {
      const PerRule& rule = by_rule[id];
      // Line 0: a rule on the path alone (a gitleaks `path` rule).
      std::string message = rule.first_line == 0 ? fmt::format("{} (the file itself)", id)
                                                 : fmt::format("{} at line {} ({})", id, rule.first_line, rule.preview);
      if (rule.count > 1) message += fmt::format(" ({} in all)", rule.count);
      message += "; remove it and revoke it";
      add_finding(out, severity, k_id, {entry.path}, std::move(message));
    }
  }
}

} // namespace

namespace checks {

const CheckSpec& secret_check() {
  static const CheckSpec k_spec{
    .ids = {
      {k_id, "A private key, webhook URL or cloud token in a file"},
    },
    .keys = {
      config::with_field<&Policy::files, &FilesPolicy::secret>(
        {"files.secret", config::KeyType::severity, "error", {},
         "private keys, webhook URLs, cloud tokens in staged text"}),
    },
    .severity_key = "files.secret",
    .enabled = [](const Policy& p) { return p.files.secret != Severity::off; },
    .reads = Reads::paths | Reads::blobs,
    .subject = Subject::files,
    .run = &check_secret,
  };
  return k_spec;
}

} // namespace checks

} // namespace warden

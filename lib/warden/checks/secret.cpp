// secret: private keys, webhook URLs and cloud tokens in changed text.
#include "warden/checks/secret.hpp"

#include "warden/checks/registry.hpp"
#include "warden/checks/file_util.hpp"
#include "warden/checks/gitleaks_config.hpp"

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
  // files.secret-rules adds the rules of a file in the worktree. Without a
  // worktree (pre-receive) the only copy is in the pushed tree, which the
  // pusher controls: a rule file can replace a built-in rule or allow
  // everything, so there the built-in rules alone apply (docs/secrets.md).
  const SecretScanner& scanner = input.worktree_root.empty()
                                   ? SecretScanner::builtin()
                                   : secret_scanner_for(policy.files.secret_rules, input.worktree_root);
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
      std::optional<std::size_t> line;
      if (rule.first_line != 0) line = rule.first_line;
      add_finding(out, severity, k_id, {entry.path}, std::move(message), line, id);
    }
  }
}

} // namespace

checks::CheckSpec checks::secret_check() {
  return {.ids = {{k_id, "A private key, webhook URL or cloud token in a file"}},
          .keys = {config::files_key<&FilesPolicy::secret>("files.secret", config::KeyType::severity, "error",
                     "private keys, webhook URLs, cloud tokens in staged text"),
                   config::files_key<&FilesPolicy::secret_rules>("files.secret-rules", config::KeyType::path, "\"\"",
                     "a gitleaks-format TOML file whose rules are added to the built-in ones (docs/secrets.md)")},
          .severity_key = "files.secret",
          .enabled = is_on<&Policy::files, &FilesPolicy::secret>, .reads = Reads::paths | Reads::blobs,
          .run = &check_secret};
}

} // namespace warden

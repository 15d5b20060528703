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

namespace {

struct SecretKind {
  std::string_view name;
  std::string_view regex;
};

// Each is specific enough that an example or a near miss passes: a Discord
// URL needs its numeric id and a token, an AWS key id exactly 16 more
// characters, a key block the PRIVATE KEY header at the end of a line (or
// before an escaped "\n" in a string literal): code that merely compares
// against the header, like `line == "-----BEGIN RSA PRIVATE KEY-----"`, is
// not a key.
constexpr std::array<SecretKind, 5> k_kinds{{
  {"private key", R"(-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED |)PRIVATE KEY(?: BLOCK)?-----(?:\r?\n|\\n|\z))"},
  {"Discord webhook URL", R"(https://(?:canary\.|ptb\.)?discord(?:app)?\.com/api/webhooks/[0-9]+/[A-Za-z0-9_-]{8,})"},
  {"Slack webhook URL", R"(https://hooks\.slack\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{16,})"},
  {"AWS access key id", R"(\b(?:AKIA|ASIA)[A-Z0-9]{16}\b)"},
  {"GitHub token", R"(\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b)"},
}};

// One combined expression, one capture group per kind, compiled once.
const RE2& combined() {
  static const RE2 regex([] {
    std::string source;
    for (const SecretKind& kind : k_kinds) {
      if (!source.empty()) source += '|';
      source += '(';
      source += kind.regex;
      source += ')';
    }
    return source;
  }());
  return regex;
}

} // namespace

std::vector<SecretHit> find_secrets(std::string_view text) {
  std::vector<SecretHit> hits;
  const RE2& regex = combined();
  constexpr int k_groups = static_cast<int>(k_kinds.size());
  std::array<re2::StringPiece, k_kinds.size() + 1> groups;
  const re2::StringPiece input(text.data(), text.size());
  std::size_t start = 0;
  std::size_t line = 1;
  std::size_t line_start = 0;
  std::size_t counted = 0;
  while (start < text.size() &&
         regex.Match(input, start, text.size(), RE2::UNANCHORED, groups.data(), k_groups + 1)) {
    const std::size_t offset = static_cast<std::size_t>(groups[0].data() - text.data());
    for (; counted < offset; ++counted) {
      if (text[counted] == '\n') {
        ++line;
        line_start = counted + 1;
      }
    }
    for (int g = 1; g <= k_groups; ++g) {
      if (groups[static_cast<std::size_t>(g)].data() == nullptr) continue;
      hits.push_back(SecretHit{std::string(k_kinds[static_cast<std::size_t>(g - 1)].name), line,
                               offset - line_start + 1});
      break;
    }
    start = offset + std::max<std::size_t>(groups[0].size(), 1);
  }
  return hits;
}

namespace {

void check_secret(const Policy& policy, const FileCheckInput& input, Findings& out) {
  const Severity severity = policy.files.secret;
  if (severity == Severity::off) return;
  for (const FileEntry& entry : input.entries) {
    if (!is_reported(input, entry)) continue;
    const std::optional<std::string> text = read_text_blob(policy, input, entry);
    if (!text) continue;
    const std::vector<SecretHit> hits = find_secrets(*text);
    // One finding per kind and file, naming where it first appears.
    std::map<std::string, std::vector<std::size_t>> lines_by_kind;
    std::vector<std::string> order;
    for (const SecretHit& hit : hits) {
      auto [it, inserted] = lines_by_kind.try_emplace(hit.kind);
      if (inserted) order.push_back(hit.kind);
      it->second.push_back(hit.line);
    }
    for (const std::string& kind : order) {
      const std::vector<std::size_t>& lines = lines_by_kind[kind];
      std::string message = fmt::format("{} at line {}", kind, lines.front());
      if (lines.size() > 1) message += fmt::format(" ({} in all)", lines.size());
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

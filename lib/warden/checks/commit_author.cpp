// commit-author: the author's and the committer's email must match
// commits.author-email (docs/commit-messages.md).
#include "warden/checks/commit_rules.hpp"
#include "warden/checks/registry.hpp"

#include <fmt/core.h>

namespace warden {

namespace {

constexpr char k_id[] = "commit-author";

// `email` with control characters as '?', for the message.
std::string shown(std::string_view email) {
  std::string out(email);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}

} // namespace

void check_commit_author(const Policy& policy, const std::string& where, std::string_view author_email,
                         std::string_view committer_email, Findings& out) {
  const Pattern& pattern = policy.commits.author_email;
  if (!pattern.regex) return;
  const bool author_bad = !author_email.empty() && !pattern.partial_match(author_email);
  const bool committer_bad = !committer_email.empty() && !pattern.partial_match(committer_email);
  const std::string fix = "set the right one (git config user.email) and, for a commit already made, "
                          "git commit --amend --reset-author";
  if (author_bad && committer_bad && author_email == committer_email) {
    add_finding(out, Severity::error, k_id, {where},
                fmt::format("author and committer email '{}' do not match commits.author-email '{}': {}",
                            shown(author_email), pattern.source, fix));
    return;
  }
  if (author_bad)
    add_finding(out, Severity::error, k_id, {where},
                fmt::format("author email '{}' does not match commits.author-email '{}': {}", shown(author_email),
                            pattern.source, fix));
  if (committer_bad)
    add_finding(out, Severity::error, k_id, {where},
                fmt::format("committer email '{}' does not match commits.author-email '{}': {}",
                            shown(committer_email), pattern.source, fix));
}

checks::CheckSpec checks::commit_author_check() {
  return {.ids = {{k_id, "A commit whose author or committer email does not match commits.author-email"}},
          .keys = {config::field_key<&Policy::commits, &CommitsPolicy::author_email>(
            "commits.author-email", config::KeyType::pattern, "\"\"",
            "RE2 the author's and committer's email must match (searched; commit-author); \"\" = none")},
          .enabled = is_set<&Policy::commits, &CommitsPolicy::author_email>, .reads = Reads::commits,
          .subject = Subject::refs};
}

} // namespace warden

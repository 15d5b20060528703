// fixup-commit: fixup!/squash!/amend! commits pushed to a protected branch
// (docs/commit-messages.md).
#include "warden/checks/commit_rules.hpp"
#include "warden/checks/commit_text.hpp"
#include "warden/checks/registry.hpp"

#include <fmt/core.h>

namespace warden {

namespace {

constexpr char k_id[] = "fixup-commit";

} // namespace

void check_fixup_commit(const Policy& policy, const std::string& where, std::string_view subject,
                        std::string_view branch, std::string_view base, Findings& out) {
  const std::string_view prefix = commit_text::fixup_prefix(subject);
  if (prefix.empty()) return;
  add_finding(out, policy.commits.fixup, k_id, {where},
              fmt::format("a '{}' commit would land on protected branch '{}': squash it into the commit it "
                          "amends first (git rebase -i --autosquash {})",
                          prefix, branch, base));
}

bool commit_rules_enabled(const Policy& policy) {
  return policy.commits.message != Severity::off || policy.commits.author_email.regex != nullptr ||
         policy.commits.fixup != Severity::off;
}

checks::CheckSpec checks::fixup_commit_check() {
  return {.ids = {{k_id, "A fixup!, squash! or amend! commit pushed to a protected branch"}},
          .keys = {config::field_key<&Policy::commits, &CommitsPolicy::fixup>("commits.fixup", config::KeyType::severity,
            "error", "fixup!/squash!/amend! commits pushed to a protected branch (fixup-commit)")},
          .severity_key = "commits.fixup", .enabled = is_on<&Policy::commits, &CommitsPolicy::fixup>,
          .reads = Reads::commits | Reads::refs, .subject = Subject::refs};
}

} // namespace warden

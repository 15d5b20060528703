#pragma once
// The rules of the `commits:` section (docs/commit-messages.md) as pure
// functions over one commit's text and identities, so the commit-msg hook,
// pre-push, pre-receive and `warden check --range` judge alike. `where` is
// the finding's path: "message" in the commit-msg hook, the abbreviated
// commit id elsewhere. Ids: commit-message, commit-author, fixup-commit.
#include "warden/checks/finding.hpp"
#include "warden/config/policy.hpp"

#include <string>
#include <string_view>

namespace warden {

// commit-message: `message` as git stores it (cleaned up): the subject
// longer than commits.subject-max-length, a second line that is not blank,
// a subject that is no Conventional Commit of commits.types (with
// commits.conventional), a subject commits.pattern is not found in (both
// but for the subjects git writes itself), a trailer of
// commits.require-trailers missing. Severity: commits.message.
void check_commit_message(const Policy& policy, const std::string& where, std::string_view message, Findings& out);

// commit-author: the author's or the committer's email does not match
// commits.author-email (searched). An empty email is not judged (git had
// none to give).
void check_commit_author(const Policy& policy, const std::string& where, std::string_view author_email,
                         std::string_view committer_email, Findings& out);

// fixup-commit: a commit whose subject starts with fixup!, squash! or
// amend! would land on the protected branch `branch`; `base` names what to
// rebase onto in the hint ("origin/main"). Severity: commits.fixup.
void check_fixup_commit(const Policy& policy, const std::string& where, std::string_view subject,
                        std::string_view branch, std::string_view base, Findings& out);

// True when one of the three is switched on by `policy` (a push walks the
// new commits only then).
bool commit_rules_enabled(const Policy& policy);

} // namespace warden

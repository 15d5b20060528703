// commit-message (checks/commit_message.cpp), commit-author
// (checks/commit_author.cpp) and fixup-commit (checks/fixup_commit.cpp).
#include "check_runner.hpp"

#include "warden/checks/commit_rules.hpp"

using namespace warden::test;
using warden::Findings;

namespace {

Findings message_findings(const Policy& policy, std::string_view message) {
  Findings out;
  warden::check_commit_message(policy, "message", message, out);
  return out;
}

bool mentions(const Findings& findings, std::string_view text) {
  for (const auto& finding : findings)
    if (finding.message.find(text) != std::string::npos) return true;
  return false;
}

} // namespace

TEST_CASE("commit-message: the default policy", "[checks][commit-message]") {
  const Policy& policy = warden::default_policy();
  CHECK(message_findings(policy, "update stuff\n").empty());
  CHECK(message_findings(policy, std::string(72, 'x') + "\n").empty());
  const Findings long_subject = message_findings(policy, std::string(73, 'x') + "\n\nbody\n");
  REQUIRE(long_subject.size() == 1);
  CHECK(long_subject[0].check_id == "commit-message");
  CHECK(long_subject[0].severity == Severity::warn);
  CHECK(long_subject[0].paths == Paths{"message"});
  CHECK(mentions(long_subject, "subject is 73 characters, longer than commits.subject-max-length (72)"));
  // Characters, not bytes.
  std::string accents;
  for (int i = 0; i < 72; ++i) accents += "\xc3\xa9";
  CHECK(message_findings(policy, accents + "\n").empty());
}

TEST_CASE("commit-message: severity, limit off, second line", "[checks][commit-message]") {
  Policy policy = warden::default_policy();
  policy.commits.message = Severity::error;
  const Findings second = message_findings(policy, "subject\nno blank line\n");
  REQUIRE(second.size() == 1);
  CHECK(second[0].severity == Severity::error);
  CHECK(mentions(second, "the second line is not blank"));
  policy.commits.subject_max_length = 0;
  CHECK(message_findings(policy, std::string(500, 'x') + "\n").empty());
  policy.commits.message = Severity::off;
  CHECK(message_findings(policy, "subject\nno blank line\n").empty());
}

TEST_CASE("commit-message: conventional", "[checks][commit-message]") {
  Policy policy = warden::default_policy();
  policy.commits.conventional = true;
  CHECK(message_findings(policy, "feat(api)!: add x\n").empty());
  CHECK(message_findings(policy, "fix: y\n\nbody\n").empty());
  const Findings plain = message_findings(policy, "update stuff\n");
  REQUIRE(plain.size() == 1);
  CHECK(mentions(plain, "subject 'update stuff' is not a Conventional Commit"));
  CHECK(mentions(message_findings(policy, "wip: x\n"), "type 'wip' is not one of commits.types (feat, fix,"));
  CHECK(mentions(message_findings(policy, "Feat: x\n"), "did you mean 'feat'?"));
  // The subjects git writes are exempt.
  CHECK(message_findings(policy, "Merge branch 'feature/x'\n").empty());
  CHECK(message_findings(policy, "Revert \"feat: x\"\n\nThis reverts commit 1234.\n").empty());
  CHECK(message_findings(policy, "fixup! feat: x\n").empty());
  CHECK(message_findings(policy, "squash! whatever\n").empty());
  CHECK(message_findings(policy, "amend! feat: x\n\nfeat: better x\n").empty());
  // The fixup! prefix does not count towards the length.
  CHECK(message_findings(policy, "fixup! feat: " + std::string(66, 'x') + "\n").empty());
  policy.commits.types = {"feat"};
  CHECK(mentions(message_findings(policy, "fix: y\n"), "type 'fix' is not one of commits.types (feat)"));
}

TEST_CASE("commit-message: pattern", "[checks][commit-message]") {
  Policy policy = warden::default_policy();
  policy.commits.pattern = pattern("^[A-Z]+-[0-9]+ ");
  CHECK(message_findings(policy, "ABC-12 do the thing\n").empty());
  const Findings missing = message_findings(policy, "do the thing\n");
  REQUIRE(missing.size() == 1);
  CHECK(mentions(missing, "does not match commits.pattern '^[A-Z]+-[0-9]+ '"));
  CHECK(message_findings(policy, "Merge branch 'x'\n").empty());
  // Control characters of a subject are not printed.
  const Findings escaped = message_findings(policy, "bad \x1b[31m red\n");
  REQUIRE(escaped.size() == 1);
  CHECK(escaped[0].message.find('\x1b') == std::string::npos);
}

TEST_CASE("commit-message: require-trailers", "[checks][commit-message]") {
  Policy policy = warden::default_policy();
  policy.commits.require_trailers = {"Signed-off-by", "Change-Id"};
  CHECK(message_findings(policy, "subject\n\nbody\n\nSigned-off-by: A <a@x>\nChange-Id: I12\n").empty());
  const Findings none = message_findings(policy, "subject\n\nSigned-off-by: A <a@x>\n");
  REQUIRE(none.size() == 1);
  CHECK(mentions(none, "the 'Change-Id' trailer is missing"));
  const Findings unsigned_ = message_findings(policy, "subject\n\nChange-Id: I12\n");
  REQUIRE(unsigned_.size() == 1);
  CHECK(mentions(unsigned_, "the Signed-off-by trailer is missing (commits.require-trailers): sign off with git commit -s"));
  // In the subject or a middle paragraph, a trailer is not a trailer.
  CHECK(message_findings(policy, "Signed-off-by: A\n").size() == 2);
  CHECK(message_findings(policy, "subject\n\nSigned-off-by: A\nChange-Id: I1\n\nmore body\n").size() == 2);
  // Merges are not exempt: git merge --signoff signs them.
  CHECK(message_findings(policy, "Merge branch 'x'\n").size() == 2);
}

TEST_CASE("commit-author", "[checks][commit-author]") {
  Policy policy = warden::default_policy();
  Findings out;
  warden::check_commit_author(policy, "abc1234", "x@elsewhere.org", "x@elsewhere.org", out);
  CHECK(out.empty()); // off by default
  policy.commits.author_email = pattern("@example\\.org$");
  warden::check_commit_author(policy, "abc1234", "a@example.org", "c@example.org", out);
  warden::check_commit_author(policy, "abc1234", "", "", out);
  CHECK(out.empty());
  warden::check_commit_author(policy, "abc1234", "a@gmail.com", "a@gmail.com", out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "commit-author");
  CHECK(out[0].severity == Severity::error);
  CHECK(out[0].paths == Paths{"abc1234"});
  CHECK(mentions(out, "author and committer email 'a@gmail.com' do not match commits.author-email '@example\\.org$'"));
  out.clear();
  warden::check_commit_author(policy, "abc1234", "a@example.org", "bot@ci.local", out);
  REQUIRE(out.size() == 1);
  CHECK(mentions(out, "committer email 'bot@ci.local' does not match"));
  out.clear();
  warden::check_commit_author(policy, "abc1234", "a@gmail.com", "c@example.org", out);
  REQUIRE(out.size() == 1);
  CHECK(mentions(out, "author email 'a@gmail.com' does not match"));
}

TEST_CASE("fixup-commit", "[checks][fixup-commit]") {
  Policy policy = warden::default_policy();
  Findings out;
  warden::check_fixup_commit(policy, "abc1234", "feat: x", "main", "origin/main", out);
  warden::check_fixup_commit(policy, "abc1234", "fixupx", "main", "origin/main", out);
  CHECK(out.empty());
  for (const char* subject : {"fixup! feat: x", "squash! feat: x", "amend! feat: x"})
    warden::check_fixup_commit(policy, "abc1234", subject, "main", "origin/main", out);
  REQUIRE(out.size() == 3);
  CHECK(out[0].check_id == "fixup-commit");
  CHECK(out[0].severity == Severity::error);
  CHECK(mentions(out, "a 'squash!' commit would land on protected branch 'main'"));
  CHECK(mentions(out, "git rebase -i --autosquash origin/main"));
  policy.commits.fixup = Severity::off;
  out.clear();
  warden::check_fixup_commit(policy, "abc1234", "fixup! feat: x", "main", "origin/main", out);
  CHECK(out.empty());
}

TEST_CASE("commit_rules_enabled", "[checks][commit-message]") {
  Policy policy = warden::default_policy();
  CHECK(warden::commit_rules_enabled(policy));
  policy.commits.message = Severity::off;
  policy.commits.fixup = Severity::off;
  CHECK_FALSE(warden::commit_rules_enabled(policy));
  policy.commits.author_email = pattern("x");
  CHECK(warden::commit_rules_enabled(policy));
}

TEST_CASE("commits and server keys load", "[checks][commit-message][config]") {
  const Policy policy = warden::parse_policy("commits:\n  message: error\n  conventional: true\n  types: [feat]\n"
                                             "  pattern: '^x'\n  require-trailers: [Signed-off-by]\n"
                                             "  author-email: '@x$'\n  fixup: warn\n  subject-max-length: 50\n"
                                             "server:\n  mode: report\n  bypass: [alice]\n",
                                             ".warden.yml");
  CHECK(policy.commits.message == Severity::error);
  CHECK(policy.commits.conventional);
  CHECK(policy.commits.types == std::vector<std::string>{"feat"});
  CHECK(policy.commits.pattern.partial_match("xy"));
  CHECK(policy.commits.require_trailers == std::vector<std::string>{"Signed-off-by"});
  CHECK(policy.commits.author_email.partial_match("a@x"));
  CHECK(policy.commits.fixup == Severity::warn);
  CHECK(policy.commits.subject_max_length == 50);
  CHECK(policy.server.mode == warden::ServerMode::report);
  CHECK(policy.server.bypass == std::vector<std::string>{"alice"});
  // "" switches a pattern off again.
  const Policy off = warden::parse_policy("commits:\n  pattern: \"\"\n  author-email: ''\n", ".warden.yml");
  CHECK(off.commits.pattern.regex == nullptr);
  CHECK(off.commits.author_email.regex == nullptr);
  CHECK_THROWS_WITH(warden::parse_policy("commits:\n  conventional: yes\n", ".warden.yml"),
                    Catch::Contains("'commits.conventional' must be false or true, not 'yes'"));
  CHECK_THROWS_WITH(warden::parse_policy("commits:\n  pattern: '('\n", ".warden.yml"),
                    Catch::Contains(".warden.yml:2:12: bad pattern in 'commits.pattern'"));
  CHECK_THROWS_WITH(warden::parse_policy("server:\n  mode: loud\n", ".warden.yml"),
                    Catch::Contains("'server.mode' must be enforce or report, not 'loud'"));
  CHECK(warden::default_policy().hooks == std::vector<std::string>{"pre-commit", "commit-msg", "pre-push", "post-merge"});
}

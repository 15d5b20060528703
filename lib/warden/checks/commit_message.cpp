// commit-message: the message rules of the `commits:` section
// (docs/commit-messages.md), judged on a message as git stores it.
#include "warden/checks/commit_rules.hpp"
#include "warden/checks/commit_text.hpp"
#include "warden/checks/registry.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>

namespace warden {

namespace {

constexpr char k_id[] = "commit-message";

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// `text` as a message shows it: at most 60 characters, control characters
// as '?' (a subject must not drive the terminal).
std::string shown(std::string_view text) {
  std::string out;
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80 && ++count > 60) return out + "...";
    out += c < 0x20 || c == 0x7f ? '?' : static_cast<char>(c);
  }
  return out;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

void check_conventional(const Policy& policy, const std::string& where, std::string_view subject, Findings& out) {
  const Severity severity = policy.commits.message;
  const std::vector<std::string>& types = policy.commits.types;
  const auto parsed = commit_text::parse_conventional(subject);
  if (!parsed) {
    add_finding(out, severity, k_id, {where},
                fmt::format("subject '{}' is not a Conventional Commit (commits.conventional): write "
                            "type(scope): description, e.g. '{}: add the thing', type one of {}",
                            shown(subject), types.empty() ? std::string("feat") : types.front(), joined(types)));
    return;
  }
  if (std::find(types.begin(), types.end(), parsed->type) != types.end()) return;
  const auto other_case = std::find_if(types.begin(), types.end(),
                                       [&](const std::string& type) { return same_ignoring_case(type, parsed->type); });
  add_finding(out, severity, k_id, {where},
              other_case != types.end()
                ? fmt::format("type '{}' is not one of commits.types (did you mean '{}'?)", shown(parsed->type),
                              *other_case)
                : fmt::format("type '{}' is not one of commits.types ({})", shown(parsed->type), joined(types)));
}

void check_trailers(const Policy& policy, const std::string& where, std::string_view message, Findings& out) {
  if (policy.commits.require_trailers.empty()) return;
  const auto trailers = commit_text::parse_trailers(message);
  for (const std::string& token : policy.commits.require_trailers) {
    if (commit_text::has_trailer(trailers, token)) continue;
    const bool sign_off = same_ignoring_case(token, "Signed-off-by");
    add_finding(out, policy.commits.message, k_id, {where},
                sign_off ? std::string("the Signed-off-by trailer is missing (commits.require-trailers): sign off "
                                       "with git commit -s (git rebase --signoff BASE for commits already made)")
                         : fmt::format("the '{0}' trailer is missing (commits.require-trailers): end the message "
                                       "with a paragraph of trailers holding '{0}: ...' (git commit --trailer "
                                       "'{0}: ...')",
                                       token));
  }
}

} // namespace

void check_commit_message(const Policy& policy, const std::string& where, std::string_view message, Findings& out) {
  const Severity severity = policy.commits.message;
  if (severity == Severity::off) return;
  const std::string_view subject = commit_text::subject_of(message);

  // A fixup! subject becomes its target's after `git rebase --autosquash`:
  // the prefixes do not count.
  const std::size_t length = commit_text::characters(commit_text::without_fixup_prefixes(subject));
  if (policy.commits.subject_max_length != 0 && length > policy.commits.subject_max_length)
    add_finding(out, severity, k_id, {where},
                fmt::format("subject is {} characters, longer than commits.subject-max-length ({}): shorten the "
                            "first line and move the detail to the body",
                            length, policy.commits.subject_max_length));

  if (subject.size() < message.size()) {
    const std::string_view rest = message.substr(subject.size() + 1);
    const std::string_view second = commit_text::subject_of(rest);
    if (!second.empty() && second.find_first_not_of(" \t\r") != std::string_view::npos)
      add_finding(out, severity, k_id, {where},
                  "the second line is not blank: leave one empty line between the subject and the body");
  }

  if (!commit_text::written_by_git(subject)) {
    if (policy.commits.conventional) check_conventional(policy, where, subject, out);
    if (policy.commits.pattern.regex && !policy.commits.pattern.partial_match(subject))
      add_finding(out, severity, k_id, {where},
                  fmt::format("subject '{}' does not match commits.pattern '{}'", shown(subject),
                              policy.commits.pattern.source));
  }
  check_trailers(policy, where, message, out);
}

// Run by the commit-msg hook on the message file, and by pre-push,
// pre-receive and `warden check --range` on every new commit
// (hook/commit_msg.cpp, hook/push_commits.cpp).
checks::CheckSpec checks::commit_message_check() {
  using config::KeyType;
  config::KeySpec conventional{
    .key = "commits.conventional", .type = KeyType::choice, .default_text = "false", .choices = {"false", "true"},
    .help = "true: the subject must be a Conventional Commit, type(scope)!: description",
    .set = [](Policy& p, config::KeyValue v) { p.commits.conventional = std::get<config::Choice>(v).index == 1; },
    .get = [](const Policy& p) -> config::KeyValue { return config::Choice{p.commits.conventional ? 1u : 0u}; }};
  return {.ids = {{k_id, "A commit message breaking the rules of the commits section"}},
          .keys = {config::field_key<&Policy::commits, &CommitsPolicy::message>("commits.message", KeyType::severity,
                     "warn", "error | warn | off: the message rules of the commits section (commit-message)"),
                   config::field_key<&Policy::commits, &CommitsPolicy::subject_max_length>(
                     "commits.subject-max-length", KeyType::count, "72", "characters of the first line; 0 = off"),
                   std::move(conventional),
                   config::field_key<&Policy::commits, &CommitsPolicy::types>(
                     "commits.types", KeyType::strings, "[feat, fix, docs, style, refactor, perf, test, build, ci, chore, revert]",
                     "the Conventional Commit types commits.conventional accepts"),
                   config::field_key<&Policy::commits, &CommitsPolicy::pattern>(
                     "commits.pattern", KeyType::pattern, "\"\"", "RE2 the subject must match (searched); \"\" = none"),
                   config::field_key<&Policy::commits, &CommitsPolicy::require_trailers>(
                     "commits.require-trailers", KeyType::strings, "[]",
                     "trailers every message must carry, e.g. [Signed-off-by] for the DCO")},
          .severity_key = "commits.message", .enabled = is_on<&Policy::commits, &CommitsPolicy::message>, .reads = Reads::commits,
          .subject = Subject::refs};
}

} // namespace warden

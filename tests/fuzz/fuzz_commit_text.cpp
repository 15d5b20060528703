// The commit message reader (checks/commit_text.hpp) and the commit-message
// check: messages come from whoever made the commit. Input: a comment
// prefix, a NUL, then the message.
#include "fuzz_common.hpp"

#include "warden/checks/commit_rules.hpp"
#include "warden/checks/commit_text.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 65536) return 0;
  const std::string_view text = warden::fuzz::as_text(data, size);
  const auto nul = text.find('\0');
  const std::string comment(nul == std::string_view::npos ? std::string_view("#") : text.substr(0, nul));
  const std::string_view message = nul == std::string_view::npos ? text : text.substr(nul + 1);
  warden::fuzz::expect_clean_rejection([&] {
    using namespace warden::commit_text;
    for (const bool editor : {true, false}) {
      const Cleanup cleanup = cleanup_for(std::nullopt, editor, comment);
      const std::string cleaned = clean_message(message, cleanup);
      (void)parse_trailers(cleaned, cleanup.comment);
      (void)parse_trailers(message);
      (void)parse_conventional(subject_of(cleaned));
      (void)characters(message);
      (void)without_fixup_prefixes(message);
      (void)auto_comment_prefix(message);
      warden::Policy policy = warden::default_policy();
      policy.commits.conventional = true;
      policy.commits.require_trailers = {"Signed-off-by"};
      warden::Findings out;
      warden::check_commit_message(policy, "message", cleaned, out);
      warden::check_commit_message(policy, "message", message, out);
    }
  });
  return 0;
}

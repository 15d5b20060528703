// A user's notification template (notify.discord.templates in the policy:
// repository content) rendered with commit facts (untrusted text too). Input:
// the template, a NUL, then text used as a commit subject and author.
#include "fuzz_common.hpp"

#include "warden/notify/discord.hpp"
#include "warden/notify/events.hpp"
#include "warden/notify/text.hpp"

#include <git2.h>
#include <nlohmann/json.hpp>

#include <string>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  git_libgit2_init();
  (void)warden::default_policy();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = warden::fuzz::as_text(data, size);
  const std::size_t nul = text.find('\0');
  const std::string template_text(text.substr(0, nul));
  // Facts strings must be valid UTF-8 for nlohmann::json to dump them; the
  // callers clean commit text the same way.
  const std::string untrusted =
      nul == std::string_view::npos ? "{{title}}" : warden::notify::clean_text(text.substr(nul + 1));

  nlohmann::json facts = {
      {"title", "push to main"},   {"branch", "main"},      {"author", untrusted},
      {"count", 3},                {"forced", false},       {"url", "https://example.com/c"},
      {"fields", nlohmann::json::array({{{"name", "n"}, {"value", untrusted}, {"inline", true}}})},
  };
  nlohmann::json commits = nlohmann::json::array();
  for (int i = 0; i < 3; ++i) {
    commits.push_back({{"oid", "0123456789abcdef0123456789abcdef01234567"},
                       {"short", "0123456"},
                       {"subject", untrusted},
                       {"author", untrusted},
                       {"url", ""},
                       {"has_url", false}});
  }
  facts["commits"] = commits;

  warden::fuzz::expect_clean_rejection([&] {
    (void)warden::notify::render_template(template_text, facts);
  });
  // The hook path: a policy template that does not parse falls back to the
  // built-in one, and the payload stays within Discord's limits.
  warden::Policy policy = warden::default_policy();
  policy.notify.discord.templates["push"] = template_text;
  warden::fuzz::expect_clean_rejection([&] {
    const auto message = warden::notify::build_message("push", facts, policy);
    (void)warden::notify::discord_payload(message);
  });
  return 0;
}

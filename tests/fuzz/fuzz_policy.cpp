// The YAML policy loader (parse_policy) on arbitrary bytes: .warden.yml is
// repository content, so anyone who can push can hand it to every hook.
#include "fuzz_common.hpp"

#include "warden/config/policy.hpp"

#include <git2.h>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  git_libgit2_init();
  (void)warden::default_policy();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = warden::fuzz::as_text(data, size);
  warden::fuzz::expect_clean_rejection([&] {
    const warden::Policy policy = warden::parse_policy(text, ".warden.yml");
    // What the hooks do next with a policy that parsed.
    (void)warden::lint_policy_secrets(policy);
    (void)warden::commands_hash(policy);
    for (const auto& rule : policy.files.naming) (void)rule.pattern.partial_match("src/a_b.py");
    (void)policy.branches.pattern.full_match("feature/x");
    (void)warden::matches_any(policy.files.forbidden, "a/b/.DS_Store");
    (void)warden::matches_any(policy.branches.protected_branches, "release/1.0");
  });
  return 0;
}

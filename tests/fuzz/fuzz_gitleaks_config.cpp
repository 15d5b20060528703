// The gitleaks-format rule loader (files.secret-rules) on arbitrary bytes:
// the rule file is repository content, so anyone who can push can hand it
// to every hook. The first line of the input, when it parses, is also
// scanned with the loaded rules, the way check_secret would.
#include "fuzz_common.hpp"

#include "warden/checks/gitleaks_config.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)warden::SecretScanner::builtin();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = warden::fuzz::as_text(data, size);
  warden::fuzz::expect_clean_rejection([&] {
    warden::SecretScanner scanner;
    warden::load_gitleaks_config(text, "rules.toml", scanner);
    const std::vector<std::string_view> lines = warden::fuzz::split(text, '\n');
    for (const auto& hit : scanner.scan(text, lines.front())) {
      if (hit.kind.empty()) __builtin_trap();
    }
  });
  return 0;
}

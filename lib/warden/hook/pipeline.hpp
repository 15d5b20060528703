#pragma once
// The one finish step of every entry point (each hook, `warden check`):
// drop what WARDEN_SKIP names, sort, print once (the hooks' text on stderr,
// or a report format on stdout), and return the exit code. The data flow
// is described in docs/architecture.md.
#include "warden/hook/output.hpp"
#include "warden/hook/skip.hpp"
#include "warden/report/report.hpp"

#include <cstddef>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace warden {

struct FinishOptions {
  // Names the summary line and chooses the bypass hint: "pre-commit",
  // "pre-push", "pre-receive", "post-merge", "check".
  std::string entry{};
  SkipList skip{};
  Colour colour = Colour::automatic;
  report::Format format = report::Format::text;
  std::FILE* out = stderr;
  // The ids of the checks that ran (JUnit lists each as a test case);
  // skipped ones are left out.
  std::vector<std::string> checks_run{};
  // Printed to `out` in the text format when no finding is left (`warden
  // check` says "no findings"; a hook says nothing).
  std::string when_clean{};
  // Report, but exit 0 even with error findings (`warden check --exit-zero`).
  bool exit_zero = false;
  // How many of the findings left `warden fix` can repair (pre-commit's
  // hint names it when some can); empty: none.
  std::function<std::size_t(const Findings&)> repairable{};
  // When set, printed instead of the entry's hint after error findings
  // (pre-receive in report mode says the push was accepted).
  std::string hint{};
};

// Finish a run: skip, sort, print `findings` as `options` say; return 0, or
// 1 when an error finding is left (and not `exit_zero`). `findings` is left
// skipped and sorted, for callers that go on (pre-push runs its commands
// only when the checks passed).
int finish(Findings& findings, const FinishOptions& options);

} // namespace warden

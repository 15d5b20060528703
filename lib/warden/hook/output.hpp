#pragma once
// The one output module: findings printed once, sorted and grouped, as
//   error[CHECK-ID] PATH: message
// then a summary line and the bypass hint. Colour only on a terminal and
// never with NO_COLOR.
#include "warden/checks/finding.hpp"
#include "warden/hook/skip.hpp"

#include <cstddef>
#include <cstdio>
#include <string>

namespace warden {

enum class Colour { automatic, never, always };

// Escape control characters (\n, \t, \x1b ...) in a path for one-line output;
// other bytes (UTF-8 or not) are kept raw.
std::string escape_path(std::string_view path);

// Print `findings` to `out`, one line each (docs/file-checks.md, "Output"),
// then the ids of `skip` that name no check, the summary line and, when
// something blocks, the hint naming the bypass for `hook_name` (or `hint`,
// a whole line, when not empty; and `warden fix`, when it can repair
// `repairable` of the findings). Nothing when `findings` is empty.
void print_findings(const Findings& findings, std::FILE* out, const std::string& hook_name, Colour colour,
                    const SkipList& skip, std::size_t repairable = 0, const std::string& hint = {});

// 0 when no error finding, 1 otherwise.
int exit_code_for(const Findings& findings);

} // namespace warden

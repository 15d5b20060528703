#include "warden/hook/output.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <string_view>
#include <unistd.h>

namespace warden {

std::string escape_path(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (unsigned char c : path) {
    switch (c) {
    case '\n': out += "\\n"; break;
    case '\t': out += "\\t"; break;
    case '\r': out += "\\r"; break;
    case '\\': out += "\\\\"; break;
    default:
      if (c < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", c);
      else out += static_cast<char>(c);
    }
  }
  return out;
}

namespace {

bool use_colour(Colour colour, std::FILE* out) {
  if (colour == Colour::never) return false;
  if (colour == Colour::always) return true;
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour && *no_colour) return false;
  return isatty(fileno(out)) != 0;
}

} // namespace

void print_findings(const Findings& findings, std::FILE* out, const std::string& hook_name, Colour colour,
                    const SkipList& skip, std::size_t repairable, const std::string& hint) {
  const bool colourful = use_colour(colour, out);
  const char* red = colourful ? "\x1b[31m" : "";
  const char* yellow = colourful ? "\x1b[33m" : "";
  const char* bold = colourful ? "\x1b[1m" : "";
  const char* reset = colourful ? "\x1b[0m" : "";
  std::size_t errors = 0, warnings = 0;
  std::string text;
  for (const Finding& finding : findings) {
    const bool is_error = finding.severity == Severity::error;
    (is_error ? errors : warnings)++;
    std::string paths;
    for (const auto& path : finding.paths) paths += (paths.empty() ? "" : ", ") + escape_path(path);
    text += fmt::format("{}{}[{}]{} {}{}{}: {}\n", is_error ? red : yellow, is_error ? "error" : "warn",
                        finding.check_id, reset, bold, paths.empty() ? std::string("-") : paths, reset,
                        finding.message);
  }
  if (findings.empty()) {
    std::fwrite(text.data(), 1, text.size(), out);
    return;
  }
  // A typo in WARDEN_SKIP silently skips nothing; say so next to the findings it failed to skip.
  for (const std::string& id : skip.unknown_ids())
    text += fmt::format("warden {}: WARDEN_SKIP names no check '{}' (ignored)\n", hook_name, escape_path(id));
  text += fmt::format("warden {}: {} error{}, {} warning{}\n", hook_name, errors, errors == 1 ? "" : "s", warnings,
                      warnings == 1 ? "" : "s");
  if (errors > 0 && !hint.empty()) {
    text += hint + "\n";
  } else if (errors > 0) {
    std::string bypass = hook_name == "pre-commit" ? "git commit --no-verify"
                         : hook_name == "pre-push" ? "git push --no-verify"
                                                   : std::string();
    if (hook_name == "commit-msg") bypass = "git commit --no-verify";
    if (hook_name == "pre-receive")
      text += "hint: the server's policy refused this push; fix the findings above and push again\n";
    else if (hook_name == "fix")
      text += "hint: warden fix leaves these to you: it repairs only what loses nothing (docs/fix.md)\n";
    else if (!bypass.empty())
      text += fmt::format("hint: fix the findings above, or bypass with WARDEN_SKIP=<check-id>[,...] "
                          "(WARDEN_SKIP=all) or `{}`\n",
                          bypass);
    else
      text += "hint: fix the findings above, or bypass with WARDEN_SKIP=<check-id>[,...] (WARDEN_SKIP=all)\n";
    if (repairable > 0)
      text += fmt::format("hint: `warden fix` can repair {} of these (preview: warden fix --dry-run)\n", repairable);
  }
  std::fwrite(text.data(), 1, text.size(), out);
  std::fflush(out);
}

int exit_code_for(const Findings& findings) {
  return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::error; })
             ? 1
             : 0;
}

} // namespace warden

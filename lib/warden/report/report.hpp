#pragma once
// Machine-readable reports of findings for `warden check --format`:
// json (docs/check-formats.md), SARIF 2.1.0 and JUnit XML. The text format
// is the hooks' own (hook/output.hpp). Each renderer returns the whole
// document; the caller writes it to stdout.
#include "warden/checks/finding.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden::report {

enum class Format { text, json, sarif, junit };

// Parse a --format value; nullopt when unknown.
std::optional<Format> parse_format(std::string_view name);

struct CheckInfo {
  std::string_view id;          // a stable check id
  std::string_view description; // one line, for SARIF rules and docs
};

// Every stable check id with its description, in catalogue order: a view
// over the check registry (checks/registry.hpp), secondary ids included.
const std::vector<CheckInfo>& check_catalog();

// True when the findings of `check_id` name refs (branches), not files.
bool is_ref_check(std::string_view check_id);

// Return `text` with every byte sequence that is not valid UTF-8 replaced
// by U+FFFD, so JSON and XML documents stay well-formed.
std::string valid_utf8(std::string_view text);

// Number of findings of `severity` in `findings`.
std::size_t count_severity(const Findings& findings, Severity severity);

// The JSON report (schema version 1, docs/check-formats.md).
std::string render_json(const Findings& findings);

// A SARIF 2.1.0 log with one run whose driver lists every check id and every
// built-in secret rule as a rule; a secret finding's ruleId is its secret rule.
std::string render_sarif(const Findings& findings);

// A JUnit XML report: one testcase per id in `checks_run` (plus any id that
// has findings), a <failure> per error finding, warnings as system-out.
std::string render_junit(const Findings& findings, const std::vector<std::string>& checks_run);

// Escape `text` for XML character data and attribute values: markup
// characters become entities; control characters, which XML 1.0 cannot
// carry, become visible escapes (\n, \t, \x01); invalid UTF-8 becomes U+FFFD.
std::string xml_escape(std::string_view text);

} // namespace warden::report

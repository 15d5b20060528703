#include "warden/report/report.hpp"

#include <algorithm>

namespace warden::report {

std::optional<Format> parse_format(std::string_view name) {
  if (name == "text") return Format::text;
  if (name == "json") return Format::json;
  if (name == "sarif") return Format::sarif;
  if (name == "junit") return Format::junit;
  return std::nullopt;
}

const std::vector<CheckInfo>& check_catalog() {
  static const std::vector<CheckInfo> catalog{
    {"case-collision", "Paths that collide on a case-insensitive file system (macOS, Windows)"},
    {"normalization-collision", "Paths that differ only in Unicode normalization (NFC/NFD)"},
    {"canonical-name", "A file name that differs from a canonical name only in case"},
    {"portable-name", "A name Windows cannot hold: reserved names, <>:\"|?*\\, control characters, trailing dot or space"},
    {"path-length", "A repository-relative path longer than files.max-path-length bytes"},
    {"required-file", "A required file deleted or renamed"},
    {"forbidden-path", "A path matching files.forbidden"},
    {"file-naming", "A file name that breaks its files.naming pattern"},
    {"large-file", "A file larger than files.max-file-size"},
    {"conflict-marker", "Merge conflict markers left in a text file"},
    {"secret", "A private key, webhook URL or cloud token in a file"},
    {"protected-branch", "A direct commit to a branch listed in branches.no-commit"},
    {"branch-name", "A branch name that does not match branches.pattern"},
    {"upstream-match", "A local branch pushed to or tracking a differently named remote branch"},
    {"remote-head", "The remote's HEAD is missing or does not point at the default branch"},
    {"force-push", "A non-fast-forward update of a protected branch"},
    {"branch-deletion", "The deletion of a protected branch"},
    {"command", "A policy command that failed or was not trusted"},
    {"policy", "A policy file that does not load"},
  };
  return catalog;
}

bool is_ref_check(std::string_view check_id) {
  static constexpr std::string_view k_ref_checks[] = {
    "protected-branch", "branch-name", "upstream-match", "remote-head", "force-push", "branch-deletion"};
  return std::find(std::begin(k_ref_checks), std::end(k_ref_checks), check_id) != std::end(k_ref_checks);
}

namespace {

// Length of the valid UTF-8 sequence starting at `text[i]`, 0 when invalid
// (overlong forms, surrogates and code points above U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char min_second = 0x80, max_second = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) min_second = 0xA0;
    if (lead == 0xED) max_second = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) min_second = 0x90;
    if (lead == 0xF4) max_second = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return length;
}

} // namespace

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::size_t count_severity(const Findings& findings, Severity severity) {
  return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(),
                                                [&](const Finding& f) { return f.severity == severity; }));
}

} // namespace warden::report

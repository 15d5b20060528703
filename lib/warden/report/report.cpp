#include "warden/report/report.hpp"

#include "warden/checks/registry.hpp"

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
  static const std::vector<CheckInfo> k_catalog = [] {
    std::vector<CheckInfo> catalog;
    for (const checks::CheckSpec* spec : checks::all())
      for (const checks::CheckId& id : spec->ids) catalog.push_back(CheckInfo{id.id, id.description});
    return catalog;
  }();
  return k_catalog;
}

bool is_ref_check(std::string_view check_id) {
  const checks::CheckSpec* spec = checks::find(check_id);
  return spec != nullptr && spec->subject == checks::Subject::refs;
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

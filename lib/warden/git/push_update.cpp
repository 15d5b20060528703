#include "warden/git/push_update.hpp"

#include "warden/core/error.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace warden {

namespace {

bool all_zeros(std::string_view hex) {
  return !hex.empty() && std::all_of(hex.begin(), hex.end(), [](char c) { return c == '0'; });
}

// An object id as git prints it: 40 (SHA-1) or 64 (SHA-256) hex digits, or
// a zero id of any length.
bool valid_oid(std::string_view hex) {
  if (all_zeros(hex)) return true;
  if (hex.size() != 40 && hex.size() != 64) return false;
  return std::all_of(hex.begin(), hex.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

// The line as it can be shown on one terminal line: control bytes escaped,
// long lines cut.
std::string shown(std::string_view line) {
  constexpr std::size_t k_max_shown = 200;
  std::string out;
  for (char c : line.substr(0, k_max_shown)) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (byte < 0x20 || byte == 0x7f) out += fmt::format("\\x{:02x}", byte);
    else out += c;
  }
  if (line.size() > k_max_shown) out += "...";
  return out;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t pos = 0;
  while (pos <= line.size()) {
    const std::size_t space = line.find(' ', pos);
    const std::size_t end = space == std::string_view::npos ? line.size() : space;
    fields.push_back(line.substr(pos, end - pos));
    if (space == std::string_view::npos) break;
    pos = space + 1;
  }
  return fields;
}

// Call `on_line(number, line)` for each non-empty line of `input`; a
// trailing CR (input written on Windows) is dropped.
template <typename F>
void for_each_line(std::string_view input, F on_line) {
  std::size_t number = 0;
  std::size_t pos = 0;
  while (pos < input.size()) {
    std::size_t end = input.find('\n', pos);
    if (end == std::string_view::npos) end = input.size();
    std::string_view line = input.substr(pos, end - pos);
    ++number;
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    on_line(number, line);
  }
}

[[noreturn]] void malformed(const char* hook, std::size_t number, std::string_view line, const char* expected) {
  throw Fatal(k_exit_usage, fmt::format("malformed {} input on line {}: expected '{}', got '{}'", hook, number,
                                        expected, shown(line)));
}

} // namespace

bool PushUpdate::is_deletion() const { return all_zeros(local_oid); }
bool PushUpdate::is_creation() const { return all_zeros(remote_oid); }
bool PushUpdate::is_branch() const { return remote_ref.starts_with("refs/heads/"); }
bool PushUpdate::is_tag() const { return remote_ref.starts_with("refs/tags/"); }

std::vector<PushUpdate> parse_pre_push_input(std::string_view input) {
  constexpr const char* k_expected = "<local ref> <local oid> <remote ref> <remote oid>";
  std::vector<PushUpdate> updates;
  for_each_line(input, [&](std::size_t number, std::string_view line) {
    const auto fields = split_fields(line);
    if (fields.size() != 4 || fields[0].empty() || fields[2].empty() || !valid_oid(fields[1]) ||
        !valid_oid(fields[3]))
      malformed("pre-push", number, line, k_expected);
    PushUpdate update;
    update.local_ref = std::string(fields[0]);
    update.local_oid = std::string(fields[1]);
    update.remote_ref = std::string(fields[2]);
    update.remote_oid = std::string(fields[3]);
    updates.push_back(std::move(update));
  });
  return updates;
}

std::vector<PushUpdate> parse_pre_receive_input(std::string_view input) {
  constexpr const char* k_expected = "<old oid> <new oid> <ref>";
  std::vector<PushUpdate> updates;
  for_each_line(input, [&](std::size_t number, std::string_view line) {
    const auto fields = split_fields(line);
    if (fields.size() != 3 || fields[2].empty() || !valid_oid(fields[0]) || !valid_oid(fields[1]))
      malformed("pre-receive", number, line, k_expected);
    PushUpdate update;
    update.remote_oid = std::string(fields[0]);
    update.local_oid = std::string(fields[1]);
    update.remote_ref = std::string(fields[2]);
    updates.push_back(std::move(update));
  });
  return updates;
}

std::string read_push_input(std::FILE* in) {
  std::string text;
  char buffer[8192];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, in)) > 0) text.append(buffer, n);
  return text;
}

} // namespace warden

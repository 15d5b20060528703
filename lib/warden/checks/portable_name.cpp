// portable-name: names Windows cannot hold (reserved device names, <>:"|?*\,
// control characters, a trailing dot or space).
#include "warden/checks/registry.hpp"
#include "warden/checks/file_util.hpp"

#include <fmt/format.h>

#include <array>
#include <string_view>
#include <unordered_set>

namespace warden {

constexpr char k_id[] = "portable-name";

namespace {

bool is_reserved_device(std::string_view component) {
  // Windows ignores an extension: "con.txt" is the console too.
  const std::string_view base = component.substr(0, component.find('.'));
  std::string upper;
  for (const char c : base) upper.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c);
  // Trailing spaces are dropped by Windows before the lookup ("CON .txt").
  while (!upper.empty() && upper.back() == ' ') upper.pop_back();
  static constexpr std::array<std::string_view, 4> k_names{"CON", "PRN", "AUX", "NUL"};
  for (const std::string_view name : k_names) {
    if (upper == name) return true;
  }
  return upper.size() == 4 && (upper.starts_with("COM") || upper.starts_with("LPT")) && upper[3] >= '1' &&
         upper[3] <= '9';
}

// What is wrong with `component` on Windows, or empty.
std::string problem(std::string_view component) {
  if (is_reserved_device(component))
    return fmt::format("'{}' is a reserved device name on Windows", component);
  for (const char c : component) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return "contains a control character, which Windows does not allow";
    if (std::string_view("<>:\"|?*\\").find(c) != std::string_view::npos)
      return fmt::format("contains '{}', which Windows does not allow", c);
  }
  if (!component.empty() && component.back() == '.') return "ends with a dot, which Windows drops";
  if (!component.empty() && component.back() == ' ') return "ends with a space, which Windows drops";
  return {};
}

} // namespace

namespace {

void check_portable_name(const Policy& policy, const FileCheckInput& input, Findings& out) {
  if (policy.files.portable_name == Severity::off) return;
  // A bad directory is reported once, by its own path, not once per file in it.
  std::unordered_set<std::string_view> reported;
  for (const FileEntry& entry : reported_entries(input)) {
    const std::string_view path = entry.path;
    std::size_t begin = 0;
    while (begin <= path.size()) {
      std::size_t end = path.find('/', begin);
      if (end == std::string_view::npos) end = path.size();
      const std::string_view component = path.substr(begin, end - begin);
      std::string why = problem(component);
      if (!why.empty()) {
        const std::string_view prefix = path.substr(0, end);
        if (reported.insert(prefix).second)
          add_finding(out, policy.files.portable_name, k_id, {std::string(prefix)}, std::move(why));
        break;
      }
      begin = end + 1;
    }
  }
}

} // namespace

checks::CheckSpec checks::portable_name_check() {
  return {.ids = {{k_id, "A name Windows cannot hold: reserved names, <>:\"|?*\\, control characters, trailing dot or space"}},
          .keys = {config::files_key<&FilesPolicy::portable_name>("files.portable-name", config::KeyType::severity, "error",
            "Windows-reserved names, <>:\"|?*\\ and control chars, trailing dot/space")},
          .severity_key = "files.portable-name",
          .enabled = is_on<&Policy::files, &FilesPolicy::portable_name>, .run = &check_portable_name};
}

} // namespace warden

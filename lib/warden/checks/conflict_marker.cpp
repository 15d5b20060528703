// conflict-marker: merge conflict markers left in staged text, as
// pre-commit-hooks' check-merge-conflict finds them.
#include "warden/checks/registry.hpp"
#include "warden/checks/file_util.hpp"

#include <fmt/format.h>

#include <array>

namespace warden {

constexpr char k_id[] = "conflict-marker";

namespace {

// The marker `line` (without its newline) starts with, or empty.
std::string_view marker(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  static constexpr std::array<std::string_view, 3> k_prefixed{"<<<<<<<", ">>>>>>>", "|||||||"};
  for (const std::string_view m : k_prefixed) {
    // git writes "<<<<<<< ours" ; a bare marker line counts as well.
    if (line.starts_with(m) && (line.size() == m.size() || line[m.size()] == ' ')) return m;
  }
  if (line == "=======" || line.starts_with("======= ")) return "=======";
  return {};
}

} // namespace

namespace {

void check_conflict_marker(const Policy& policy, const FileCheckInput& input, Findings& out) {
  const Severity severity = policy.files.conflict_marker;
  if (severity == Severity::off) return;
  for (const FileEntry& entry : input.entries) {
    if (!is_reported(input, entry)) continue;
    const std::optional<std::string> text = read_text_blob(policy, input, entry);
    if (!text) continue;
    const std::string_view view = *text;
    std::size_t first_line = 0;
    std::string_view first_marker;
    std::size_t count = 0;
    std::size_t line_no = 0;
    // A lone "=======" is also a Markdown/reStructuredText heading underline
    // ("License\n======="): it counts only in a file that also holds a
    // "<<<<<<<", ">>>>>>>" or "|||||||" marker, so documentation never blocks.
    std::size_t first_separator_line = 0;
    std::size_t separators = 0;
    for (std::size_t pos = 0; pos < view.size();) {
      ++line_no;
      std::size_t end = view.find('\n', pos);
      if (end == std::string_view::npos) end = view.size();
      const std::string_view line = view.substr(pos, end - pos);
      pos = end + 1;
      if (line.empty() || (line[0] != '<' && line[0] != '>' && line[0] != '=' && line[0] != '|')) continue;
      const std::string_view m = marker(line);
      if (m.empty()) continue;
      if (m == "=======") {
        if (separators++ == 0) first_separator_line = line_no;
        continue;
      }
      if (count++ == 0) {
        first_line = line_no;
        first_marker = m;
      }
    }
    if (count == 0) continue;
    if (separators > 0 && first_separator_line < first_line) {
      first_line = first_separator_line;
      first_marker = "=======";
    }
    count += separators;
    std::string message = fmt::format("conflict marker '{}' at line {}", first_marker, first_line);
    if (count > 1) message += fmt::format(" ({} markers in all)", count);
    add_finding(out, severity, k_id, {entry.path}, std::move(message), first_line);
  }
}

} // namespace

checks::CheckSpec checks::conflict_marker_check() {
  return {.ids = {{k_id, "Merge conflict markers left in a text file"}},
          .keys = {config::files_key<&FilesPolicy::conflict_marker>("files.conflict-marker", config::KeyType::severity,
            "error", "merge conflict markers left in text")},
          .severity_key = "files.conflict-marker",
          .enabled = is_on<&Policy::files, &FilesPolicy::conflict_marker>, .reads = Reads::paths | Reads::blobs,
          .run = &check_conflict_marker};
}

} // namespace warden

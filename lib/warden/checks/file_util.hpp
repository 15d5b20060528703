#pragma once
// Small helpers the file checks share.
#include "warden/checks/file_input.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace warden {

inline constexpr std::uint32_t k_mode_symlink = 0120000;
inline constexpr std::uint32_t k_mode_gitlink = 0160000;
inline constexpr std::uint32_t k_mode_tree = 040000;
// Content checks never read more than this, whatever max-file-size says.
inline constexpr std::uint64_t k_max_scanned_blob = 8ull << 20;
// git's own binary heuristic: a NUL byte in the first 8000 bytes.
inline constexpr std::size_t k_binary_probe = 8000;

// True for an unopened subtree of a partial listing (FileCheckInput::partial).
inline bool is_subtree(const FileEntry& entry) { return (entry.mode & 0170000) == k_mode_tree; }

// True when `input` asks for findings about `entry`. Never an unopened
// subtree: it stands for paths of the base left as they were, and is no
// file to judge (docs/tree-diff.md).
inline bool is_reported(const FileCheckInput& input, const FileEntry& entry) {
  return (input.report_all || entry.changed) && !is_subtree(entry);
}

// The entries of `input` it asks findings about, as a range: the loop of
// every file check, `for (const FileEntry& entry : reported_entries(input))`.
// Written out rather than std::views::filter: clang 14 (the fuzz and
// sanitizer builds) cannot compile libstdc++ 12's <ranges> views.
class ReportedEntries {
public:
  class Iterator {
  public:
    Iterator(const FileCheckInput& input, std::size_t index) : m_input(&input), m_index(index) { skip(); }
    const FileEntry& operator*() const { return m_input->entries[m_index]; }
    Iterator& operator++() {
      ++m_index;
      skip();
      return *this;
    }
    bool operator!=(const Iterator& other) const { return m_index != other.m_index; }

  private:
    void skip() {
      while (m_index < m_input->entries.size() && !is_reported(*m_input, m_input->entries[m_index])) ++m_index;
    }
    const FileCheckInput* m_input;
    std::size_t m_index;
  };

  explicit ReportedEntries(const FileCheckInput& input) : m_input(input) {}
  Iterator begin() const { return Iterator(m_input, 0); }
  Iterator end() const { return Iterator(m_input, m_input.entries.size()); }

private:
  const FileCheckInput& m_input;
};

inline ReportedEntries reported_entries(const FileCheckInput& input) { return ReportedEntries(input); }

// The last component of `path`.
inline std::string_view last_component(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// True for a regular file blob (not a symlink, a submodule or a subtree).
inline bool is_regular_blob(const FileEntry& entry) {
  const std::uint32_t type = entry.mode & 0170000;
  return type != k_mode_symlink && type != k_mode_gitlink && type != k_mode_tree;
}

// "12.0 MiB", "512 B": `bytes` in the largest binary unit it reaches; one
// decimal unless `exact_when_whole` and the value is a whole number of units.
std::string human_size(std::uint64_t bytes, bool exact_when_whole = false);

// The text of `entry`'s blob for a content check: nullopt for symlinks,
// submodules, blobs over max-file-size (when set) or 8 MiB, unreadable
// blobs, and binary blobs.
std::optional<std::string> read_text_blob(const Policy& policy, const FileCheckInput& input,
                                          const FileEntry& entry);

// 1-based line number of byte `offset` in `text`.
std::size_t line_number_at(std::string_view text, std::size_t offset);

} // namespace warden

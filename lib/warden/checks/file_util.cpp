#include "warden/checks/file_util.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace warden {

std::string human_size(std::uint64_t bytes, bool exact_when_whole) {
  static constexpr std::array<const char*, 5> k_units{"B", "KiB", "MiB", "GiB", "TiB"};
  std::size_t unit = 0;
  std::uint64_t divisor = 1;
  while (unit + 1 < k_units.size() && bytes >= divisor * 1024) {
    divisor *= 1024;
    ++unit;
  }
  if (unit == 0) return fmt::format("{} B", bytes);
  if (exact_when_whole && bytes % divisor == 0) return fmt::format("{} {}", bytes / divisor, k_units[unit]);
  return fmt::format("{:.1f} {}", static_cast<double>(bytes) / static_cast<double>(divisor), k_units[unit]);
}

std::optional<std::string> read_text_blob(const Policy& policy, const FileCheckInput& input,
                                          const FileEntry& entry) {
  if (input.blobs == nullptr || !is_regular_blob(entry)) return std::nullopt;
  std::uint64_t limit = k_max_scanned_blob;
  if (policy.files.max_file_size != 0) limit = std::min(limit, policy.files.max_file_size);
  const std::optional<std::uint64_t> size = input.blobs->size(entry.oid);
  if (!size || *size > limit) return std::nullopt;
  std::optional<std::string> text = input.blobs->contents(entry.oid, limit);
  if (!text) return std::nullopt;
  const std::string_view probe = std::string_view(*text).substr(0, k_binary_probe);
  if (probe.find('\0') != std::string_view::npos) return std::nullopt;
  return text;
}

std::size_t line_number_at(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

} // namespace warden

#pragma once
// File helpers. Everything warden writes goes through write_file_atomic so a
// crash leaves either the old or the new file, never half of one.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace warden::fs {

namespace stdfs = std::filesystem;

// Return the contents of `path`, or nullopt when it cannot be read.
std::optional<std::string> read_file(const stdfs::path& path);

// Write `contents` to `path` through a temporary file in the same directory,
// fsync, then rename over. `mode` is applied before the rename. Creates
// missing parent directories. Throws Error on failure.
void write_file_atomic(const stdfs::path& path, std::string_view contents, unsigned mode = 0644);

// Create or replace the symlink `link` -> `target` atomically (symlink at a
// temporary name, then rename). Throws Error on failure.
void symlink_atomic(const stdfs::path& target, const stdfs::path& link);

// Rename `from` to `to` (same filesystem), throwing Error with both names.
void rename(const stdfs::path& from, const stdfs::path& to);

// Absolute, lexically normal form of `path` relative to `base`.
stdfs::path absolute_from(const stdfs::path& base, const stdfs::path& path);

} // namespace warden::fs

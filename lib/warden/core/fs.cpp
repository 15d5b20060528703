#include "warden/core/fs.hpp"

#include "warden/core/error.hpp"

#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace warden::fs {

namespace {

std::string errno_text(int error) { return std::strerror(error); }

// A name beside `path` that no concurrent writer picks: pid plus random bits.
stdfs::path temporary_name(const stdfs::path& path) {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  return path.parent_path() /
         fmt::format(".{}.tmp.{}.{:x}", path.filename().string(), ::getpid(), random() & 0xffffffffu);
}

void create_parents(const stdfs::path& path) {
  const auto parent = path.parent_path();
  if (parent.empty()) return;
  std::error_code ec;
  stdfs::create_directories(parent, ec);
  if (ec) throw Error(fmt::format("cannot create directory {}: {}", parent.string(), ec.message()));
}

// Flush the directory entry so the rename survives a crash. Best effort:
// some file systems refuse fsync on directories.
void sync_directory(const stdfs::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

} // namespace

std::optional<std::string> read_file(const stdfs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string contents;
  struct stat st {};
  if (::fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      ::close(fd);
      return std::nullopt;
    }
    if (S_ISREG(st.st_mode) && st.st_size > 0) contents.reserve(static_cast<std::size_t>(st.st_size));
  }
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    contents.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return contents;
}

void write_file_atomic(const stdfs::path& path, std::string_view contents, unsigned mode) {
  create_parents(path);
  const auto temporary = temporary_name(path);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw Error(fmt::format("cannot write {}: {}", path.string(), errno_text(errno)));
  }
  auto fail = [&](const char* what) {
    const int error = errno;
    ::close(fd);
    ::unlink(temporary.c_str());
    throw Error(fmt::format("cannot write {}: {}: {}", path.string(), what, errno_text(error)));
  };
  std::size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write");
    }
    written += static_cast<std::size_t>(n);
  }
  // fchmod rather than the open mode: the umask must not change what the caller asked for.
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) fail("chmod");
  if (::fsync(fd) != 0) fail("fsync");
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    throw Error(fmt::format("cannot write {}: close: {}", path.string(), errno_text(error)));
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    throw Error(fmt::format("cannot rename {} to {}: {}", temporary.string(), path.string(), errno_text(error)));
  }
  sync_directory(path.parent_path());
}

void symlink_atomic(const stdfs::path& target, const stdfs::path& link) {
  create_parents(link);
  const auto temporary = temporary_name(link);
  if (::symlink(target.c_str(), temporary.c_str()) != 0) {
    throw Error(fmt::format("cannot create symlink {} -> {}: {}", link.string(), target.string(),
                            errno_text(errno)));
  }
  if (::rename(temporary.c_str(), link.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    throw Error(fmt::format("cannot create symlink {} -> {}: {}", link.string(), target.string(),
                            errno_text(error)));
  }
}

void rename(const stdfs::path& from, const stdfs::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    throw Error(fmt::format("cannot rename {} to {}: {}", from.string(), to.string(), errno_text(errno)));
  }
}

stdfs::path absolute_from(const stdfs::path& base, const stdfs::path& path) {
  stdfs::path root = base;
  if (root.is_relative()) {
    std::error_code ec;
    const auto cwd = stdfs::current_path(ec);
    root = ec ? root : cwd / root;
  }
  auto result = path.is_absolute() ? path.lexically_normal() : (root / path).lexically_normal();
  // "a/b/" normalises to "a/b/"; callers compare paths, so drop the empty last part.
  auto text = result.string();
  if (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

} // namespace warden::fs

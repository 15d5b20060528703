#include "warden/install/hooks_transaction.hpp"

#include "warden/core/error.hpp"

#include <fmt/core.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace warden::install {

namespace stdfs = std::filesystem;

namespace {

std::string copy_name(const std::string& hooks_dir, long pid) {
  const stdfs::path dir(hooks_dir);
  return (dir.parent_path() / fmt::format(".{}.warden-{}", dir.filename().string(), pid)).string();
}

void keep_times(const std::string& to, const struct stat& from) {
  const struct timespec times[2] = {from.st_atim, from.st_mtim};
  ::utimensat(AT_FDCWD, to.c_str(), times, AT_SYMLINK_NOFOLLOW);
}

// Copy `from` into the new directory `to`: entries, modes, times, link targets.
void copy_tree(const std::string& from, const std::string& to, int depth = 0) {
  if (depth > 16) throw Error(fmt::format("{}: directories nested too deep to copy", from));
  struct stat dir_stat {};
  if (::lstat(from.c_str(), &dir_stat) != 0) throw Error(fmt::format("cannot read {}: {}", from, std::strerror(errno)));
  if (::mkdir(to.c_str(), 0700) != 0) throw Error(fmt::format("cannot create {}: {}", to, std::strerror(errno)));
  DIR* dir = ::opendir(from.c_str());
  if (!dir) throw Error(fmt::format("cannot read {}: {}", from, std::strerror(errno)));
  struct Closer { DIR* d; ~Closer() { ::closedir(d); } } closer{dir};
  while (dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    const std::string source = from + "/" + name;
    const std::string target = to + "/" + name;
    struct stat st {};
    if (::lstat(source.c_str(), &st) != 0) throw Error(fmt::format("cannot read {}: {}", source, std::strerror(errno)));
    if (S_ISLNK(st.st_mode)) {
      std::error_code ec;
      const auto link_target = stdfs::read_symlink(source, ec);
      if (ec || ::symlink(link_target.c_str(), target.c_str()) != 0)
        throw Error(fmt::format("cannot copy the link {}: {}", source, ec ? ec.message() : std::strerror(errno)));
    } else if (S_ISDIR(st.st_mode)) {
      copy_tree(source, target, depth + 1);
    } else if (S_ISREG(st.st_mode)) {
      std::error_code ec;
      stdfs::copy_file(source, target, ec);
      if (ec) throw Error(fmt::format("cannot copy {}: {}", source, ec.message()));
      ::chmod(target.c_str(), st.st_mode & 07777);
    } else {
      throw Error(fmt::format("{}: not a file, link or directory; change the hooks directory by hand", source));
    }
    keep_times(target, st);
  }
  ::chmod(to.c_str(), dir_stat.st_mode & 07777);
  keep_times(to, dir_stat);
}

void remove_quietly(const std::string& path) {
  std::error_code ec;
  stdfs::remove_all(path, ec);
}

// Copies left by runs that were killed: their process is gone.
void remove_stale_copies(const std::string& hooks_dir) {
  const stdfs::path dir(hooks_dir);
  const std::string prefix = "." + dir.filename().string() + ".warden-";
  std::error_code ec;
  for (const auto& entry : stdfs::directory_iterator(dir.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH)) continue;
    remove_quietly(entry.path().string());
  }
}

} // namespace

bool HooksTransaction::supported(const std::string& hooks_dir) {
  struct stat st {};
  if (::lstat(hooks_dir.c_str(), &st) != 0) return errno == ENOENT;
  return S_ISDIR(st.st_mode);
}

HooksTransaction::HooksTransaction(std::string hooks_dir)
  : m_hooks_dir(std::move(hooks_dir)), m_copy(copy_name(m_hooks_dir, static_cast<long>(::getpid()))) {
  remove_stale_copies(m_hooks_dir);
  remove_quietly(m_copy);
  struct stat st {};
  m_existed = ::lstat(m_hooks_dir.c_str(), &st) == 0;
  try {
    if (m_existed) {
      copy_tree(m_hooks_dir, m_copy);
    } else {
      std::error_code ec;
      stdfs::create_directories(stdfs::path(m_hooks_dir).parent_path(), ec);
      if (::mkdir(m_copy.c_str(), 0755) != 0)
        throw Error(fmt::format("cannot create {}: {}", m_copy, std::strerror(errno)));
    }
  } catch (...) {
    remove_quietly(m_copy);
    throw;
  }
}

HooksTransaction::~HooksTransaction() {
  if (!m_done) remove_quietly(m_copy);
}

std::string HooksTransaction::staged(const std::string& path) const {
  if (path.rfind(m_hooks_dir, 0) == 0) return m_copy + path.substr(m_hooks_dir.size());
  return path;
}

void HooksTransaction::commit() {
  if (!m_existed) {
    if (::rename(m_copy.c_str(), m_hooks_dir.c_str()) != 0)
      throw Error(fmt::format("cannot create {}: {}", m_hooks_dir, std::strerror(errno)));
    m_done = true;
    return;
  }
  if (::renameat2(AT_FDCWD, m_copy.c_str(), AT_FDCWD, m_hooks_dir.c_str(), RENAME_EXCHANGE) != 0) {
    // A file system without RENAME_EXCHANGE: two renames, with a moment in
    // which the hooks directory is missing (never a half-changed one).
    const std::string old = m_copy + ".old";
    if (::rename(m_hooks_dir.c_str(), old.c_str()) != 0)
      throw Error(fmt::format("cannot replace {}: {}", m_hooks_dir, std::strerror(errno)));
    if (::rename(m_copy.c_str(), m_hooks_dir.c_str()) != 0) {
      const int saved = errno;
      ::rename(old.c_str(), m_hooks_dir.c_str());
      throw Error(fmt::format("cannot replace {}: {}", m_hooks_dir, std::strerror(saved)));
    }
    remove_quietly(old);
    m_done = true;
    return;
  }
  m_done = true;
  remove_quietly(m_copy); // now the old directory
}

} // namespace warden::install

#include "warden/core/paths.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace warden {

namespace {

namespace stdfs = std::filesystem;

const char* env_value(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? value : nullptr;
}

// True when `dir` is ".../libexec/warden": the running binary is a hook.
bool is_libexec_dir(const stdfs::path& dir) {
  return dir.filename() == "warden" && dir.parent_path().filename() == "libexec";
}

// The install prefix: the parent of bin/ or of libexec/warden/.
stdfs::path prefix_dir() {
  const stdfs::path dir = executable_dir();
  if (is_libexec_dir(dir)) return dir.parent_path().parent_path();
  return dir.parent_path();
}

} // namespace

std::string executable_dir() {
  // /proc/self/exe resolves the symlinks in .git/hooks to the installed binary.
  std::error_code ec;
  const auto exe = stdfs::read_symlink("/proc/self/exe", ec);
  if (ec) return stdfs::current_path(ec).string();
  return exe.parent_path().string();
}

std::string hook_binary_path(const std::string& hook) {
  if (const char* dir = env_value("WARDEN_LIBEXEC_DIR")) return (stdfs::path(dir) / hook).string();
  const stdfs::path dir = executable_dir();
  if (is_libexec_dir(dir)) return (dir / hook).string();
  return (dir.parent_path() / "libexec" / "warden" / hook).string();
}

std::string warden_binary_path() {
  if (const char* bin = env_value("WARDEN_BIN")) return bin;
  return (prefix_dir() / "bin" / "warden").string();
}

} // namespace warden

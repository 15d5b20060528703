// The chained foreign hook: install-hooks keeps a hook it found as
// `<hook>.local`, and the hook runner calls it after warden's checks pass,
// as git would have called it (same arguments, same stdin, same directory,
// same environment).
#include "warden/core/process.hpp"
#include "warden/hook/hooks.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <unistd.h>

namespace warden {

namespace {

// The first `size` bytes of `path` (fewer when it is shorter or unreadable).
std::string read_head(const std::string& path, std::size_t size) {
  std::string head(size, '\0');
  std::ifstream in(path, std::ios::binary);
  in.read(head.data(), static_cast<std::streamsize>(size));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

} // namespace

int run_local_hook(const std::string& hooks_dir, const HookContext& context,
                   const std::optional<std::string>& stdin_data) {
  namespace stdfs = std::filesystem;
  const std::string path = (stdfs::path(hooks_dir) / (context.name + ".local")).string();
  std::error_code ec;
  const auto status = stdfs::status(path, ec);
  if (ec || !stdfs::exists(status)) return 0;
  // git ignores a hook without the executable bit; so do we, but say so:
  // a chained hook that silently never runs is the worst outcome.
  if (!stdfs::is_regular_file(status) || ::access(path.c_str(), X_OK) != 0) {
    std::fflush(stdout);
    fmt::print(stderr, "warden {}: warning: {} is not executable, so it was not run (chmod +x {})\n",
               context.name, path, path);
    return 0;
  }

  // git runs a hook that the kernel refuses as "exec format error" (a script
  // without `#!`) through /bin/sh; a chained hook behaves the same.
  std::vector<std::string> argv{path};
  const std::string head = read_head(path, 4);
  if (head.compare(0, 2, "#!") != 0 && head != "\x7f" "ELF") argv.insert(argv.begin(), "/bin/sh");
  argv.insert(argv.end(), context.args.begin(), context.args.end());
  ProcessOptions options;
  options.stdin_data = stdin_data;
  options.capture_stdout = false;
  options.capture_stderr = false;
  std::fflush(stdout);
  std::fflush(stderr);
  const ProcessResult result = run_process(argv, options);
  if (result.exit_code == 127 && !result.err.empty()) {
    std::string reason = result.err;
    while (!reason.empty() && reason.back() == '\n') reason.pop_back();
    fmt::print(stderr, "warden {}: cannot run {}: {}\n", context.name, path, reason);
  }
  return result.exit_code;
}

} // namespace warden

#include "warden/hook/hand_over.hpp"

#include "warden/core/error.hpp"
#include "warden/core/paths.hpp"

#include <fmt/core.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

namespace warden {

int hand_over_to_warden(const HookContext& context, std::string_view reason) {
  if (const char* debug = std::getenv("WARDEN_DEBUG_HANDOVER"); debug && std::string_view(debug) == "1")
    fmt::print(stderr, "warden {}: handing over to `warden hook {}`: {}\n", context.name, context.name, reason);
  const std::string warden = warden_binary_path();
  std::vector<std::string> args{"warden", "hook", context.name};
  args.insert(args.end(), context.args.begin(), context.args.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  ::execv(warden.c_str(), argv.data());
  fmt::print(stderr, "warden {}: cannot run {}: {} (reinstall warden)\n", context.name, warden, std::strerror(errno));
  return k_exit_usage;
}

int hand_over_to_warden(const HookContext& context, std::string_view reason, const std::string& input) {
  const int fd = ::memfd_create("warden-hook-input", MFD_CLOEXEC);
  bool ok = fd >= 0;
  for (std::size_t done = 0; ok && done < input.size();) {
    const ssize_t n = ::write(fd, input.data() + done, input.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  ok = ok && ::lseek(fd, 0, SEEK_SET) == 0 && ::dup2(fd, STDIN_FILENO) == STDIN_FILENO;
  if (!ok) {
    fmt::print(stderr, "warden {}: cannot pass the hook's input on: {}\n", context.name, std::strerror(errno));
    return k_exit_usage;
  }
  ::close(fd);
  return hand_over_to_warden(context, reason);
}

} // namespace warden

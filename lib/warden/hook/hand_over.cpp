#include "warden/hook/hand_over.hpp"

#include "warden/core/error.hpp"
#include "warden/core/paths.hpp"

#include <fmt/core.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
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

} // namespace warden

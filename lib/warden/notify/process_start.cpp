// Whether the git process a push record names is still the same process:
// its start time in /proc/PID/stat. Kept apart from push_confirm.cpp so the
// pre-push binary, which records the push, links no libgit2.
#include "warden/notify/push_confirm.hpp"

#include "warden/core/fs.hpp"

#include <fmt/core.h>

#include <chrono>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace warden::notify {

namespace {

// Fields of /proc/PID/stat after the command name: [0] is the state, [19] the start time.
std::vector<std::string> stat_fields(long pid) {
  const auto text = fs::read_file(fmt::format("/proc/{}/stat", pid));
  if (!text) return {};
  const auto close = text->rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream in(text->substr(close + 1));
  std::vector<std::string> fields;
  for (std::string field; in >> field;) fields.push_back(field);
  return fields;
}

} // namespace

std::string process_start_time(long pid) {
  const auto fields = stat_fields(pid);
  return fields.size() > 19 ? fields[19] : "";
}

void wait_for_exit(long pid, const std::string& start_time, int max_wait_seconds) {
  if (pid <= 0) return;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(max_wait_seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    const auto fields = stat_fields(pid);
    if (fields.size() <= 19 || fields[0] == "Z" || fields[0] == "X") return;
    if (!start_time.empty() && fields[19] != start_time) return; // the pid now names another process
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

} // namespace warden::notify

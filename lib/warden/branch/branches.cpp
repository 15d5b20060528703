#include "warden/branch/branches.hpp"

#include "warden/core/process.hpp"
#include "warden/git/config_edit.hpp"

#include <algorithm>

namespace warden::branch {

namespace {

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

} // namespace

std::vector<std::string> remotes_to_fetch(const git::Repository& repo, const std::string& policy_remote) {
  const auto remotes = git::configured_remotes(repo);
  std::vector<std::string> to_fetch;
  auto add_remote = [&](const std::string& name) {
    if (remotes.count(name) && std::find(to_fetch.begin(), to_fetch.end(), name) == to_fetch.end()) {
      to_fetch.push_back(name);
    }
  };
  add_remote(policy_remote);
  for (const auto& b : git::local_branches(repo)) {
    if (b.has_remote_upstream()) add_remote(*b.upstream_remote);
  }
  return to_fetch;
}

std::string command_text(const std::vector<std::string>& args) {
  std::string line = "git";
  for (const auto& arg : args) line += " " + shell_quote(arg);
  return line;
}

std::string first_line(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    auto line = trim(text.substr(start, end - start));
    auto first = line.find_first_not_of(' ');
    if (first != std::string::npos) lines.push_back(line.substr(first));
    start = end + 1;
  }
  for (const auto& line : lines) {
    if (line.rfind("! [", 0) == 0) return line;
  }
  for (const auto& line : lines) {
    if (line.rfind("fatal:", 0) == 0 || line.rfind("error:", 0) == 0) return line;
  }
  return lines.empty() ? std::string() : lines.front();
}

std::string commit_count(std::size_t count) { return std::to_string(count) + (count == 1 ? " commit" : " commits"); }

} // namespace warden::branch

#include "warden/install/hook_links.hpp"

#include "warden/core/error.hpp"
#include "warden/core/paths.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <unistd.h>

namespace warden::install {

namespace {

namespace stdfs = std::filesystem;

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// True when `a` and `b` name the same file. Lexical equality first: a
// dangling link to this install's path still counts as ours.
bool same_file(const stdfs::path& a, const stdfs::path& b) {
  if (a.lexically_normal() == b.lexically_normal()) return true;
  std::error_code ec;
  const bool equal = stdfs::equivalent(a, b, ec);
  return !ec && equal;
}

} // namespace

const std::vector<std::string>& known_hook_names() {
  static const std::vector<std::string> hooks{
    "applypatch-msg", "pre-applypatch", "post-applypatch", "pre-commit", "pre-merge-commit",
    "prepare-commit-msg", "commit-msg", "post-commit", "pre-rebase", "post-checkout",
    "post-merge", "pre-push", "pre-receive", "update", "proc-receive", "post-receive",
    "post-update", "reference-transaction", "push-to-checkout", "pre-auto-gc", "post-rewrite",
    "sendemail-validate", "fsmonitor-watchman", "p4-changelist", "p4-prepare-changelist",
    "p4-post-changelist", "p4-pre-submit", "post-index-change"};
  return hooks;
}

bool is_known_hook(std::string_view name) {
  const auto& hooks = known_hook_names();
  return std::find(hooks.begin(), hooks.end(), name) != hooks.end();
}

bool is_warden_target(std::string_view target, std::string_view hook) {
  const stdfs::path path = stdfs::path(std::string(target)).lexically_normal();
  if (path.filename() != hook) return false;
  const auto dir = path.parent_path();
  return dir.filename() == "warden" && dir.parent_path().filename() == "libexec";
}

BinaryState binary_state(const std::string& path) {
  std::error_code ec;
  const auto status = stdfs::status(path, ec);
  if (ec || !stdfs::exists(status)) return BinaryState::missing;
  if (!stdfs::is_regular_file(status) || ::access(path.c_str(), X_OK) != 0) return BinaryState::not_executable;
  return BinaryState::ok;
}

HookLink inspect_hook(const std::string& hooks_dir, const std::string& hook) {
  HookLink link;
  link.hook = hook;
  link.path = (stdfs::path(hooks_dir) / hook).string();
  link.binary = hook_binary_path(hook);
  link.binary_state = binary_state(link.binary);

  std::error_code ec;
  const auto local_status = stdfs::symlink_status(link.path + ".local", ec);
  link.has_local = !ec && stdfs::exists(local_status);

  const auto status = stdfs::symlink_status(link.path, ec);
  if (ec || !stdfs::exists(status)) {
    link.state = LinkState::missing;
    return link;
  }
  if (!stdfs::is_symlink(status)) {
    link.state = LinkState::foreign;
    return link;
  }
  link.target = stdfs::read_symlink(link.path, ec).string();
  // A relative link text is relative to the directory holding the link.
  const stdfs::path resolved = stdfs::path(link.target).is_absolute()
                                 ? stdfs::path(link.target)
                                 : stdfs::path(hooks_dir) / link.target;
  link.warden_target = is_warden_target(resolved.string(), hook);
  if (same_file(resolved, link.binary)) {
    link.state = LinkState::installed;
  } else if (!stdfs::exists(resolved, ec)) {
    link.state = LinkState::dangling;
  } else if (link.warden_target) {
    link.state = LinkState::other_warden;
  } else {
    link.state = LinkState::foreign;
  }
  return link;
}

std::vector<std::string> parse_hook_list(std::string_view list) {
  std::vector<std::string> hooks;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const auto item = trim(list.substr(0, comma));
    if (!item.empty() && std::find(hooks.begin(), hooks.end(), item) == hooks.end()) {
      hooks.emplace_back(item);
    }
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  validate_hook_names(hooks, "--hooks");
  return hooks;
}

void validate_hook_names(const std::vector<std::string>& hooks, const std::string& origin) {
  for (const auto& hook : hooks) {
    if (!is_known_hook(hook)) {
      throw Fatal(k_exit_usage, fmt::format("unknown hook '{}' in {} (git hooks are pre-commit, pre-push, "
                                            "post-merge, pre-receive, ...; see githooks(5))",
                                            hook, origin));
    }
  }
}

} // namespace warden::install

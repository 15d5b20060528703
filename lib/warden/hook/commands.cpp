#include "warden/hook/commands.hpp"

#include "warden/checks/registry.hpp"
#include "warden/core/process.hpp"
#include "warden/git/config_read.hpp"

#include <fmt/core.h>

#include <cstdio>

namespace warden {

namespace {

constexpr const char* k_trusted_key = "warden.trusted";

bool has_commands(const Policy& policy) {
  for (const auto& [hook, commands] : policy.commands)
    if (!commands.empty()) return true;
  return false;
}

std::string replace_all(std::string text, std::string_view from, const std::string& to) {
  std::size_t pos = 0;
  while ((pos = text.find(from, pos)) != std::string::npos) {
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
  return text;
}

} // namespace

bool commands_trusted(const git::RepoFacts& repo, const Policy& policy) {
  if (!has_commands(policy)) return true;
  const auto recorded = repo.config_string(k_trusted_key);
  return recorded && *recorded == commands_hash(policy);
}

void trust_commands(const git::RepoFacts& repo, const Policy& policy) {
  // Trust is a per-clone decision: it goes to the repository's own config
  // file, never to the global one that other clones share.
  repo.set_local_config(k_trusted_key, commands_hash(policy));
}

void run_policy_commands(const git::RepoFacts& repo, const Policy& policy, const std::string& hook,
                         const std::vector<std::string>& changed_paths, Findings& findings) {
  const auto it = policy.commands.find(hook);
  if (it == policy.commands.end() || it->second.empty()) return;
  if (!commands_trusted(repo, policy)) {
    const bool ever_trusted = repo.config_string(k_trusted_key).has_value();
    add_finding(findings, Severity::warn, checks::k_command_id, {policy.source},
                ever_trusted ? "commands not run: the policy's commands changed since they were trusted; "
                               "review them and run `warden trust`"
                             : "commands not run: the policy's commands are not trusted yet; "
                               "review them and run `warden trust`");
    return;
  }

  std::string cwd = repo.worktree_root();
  if (cwd.empty()) cwd = repo.git_dir();
  for (const CommandSpec& command : it->second) {
    std::vector<std::string> paths;
    for (const std::string& path : changed_paths)
      if (!command.glob || command.glob->matches(path)) paths.push_back(path);
    if (command.glob && paths.empty()) {
      fmt::print(stderr, "warden {}: skipped {}: no changed path matches '{}'\n", hook, command.name,
                 command.glob->pattern());
      continue;
    }
    std::string files;
    for (const std::string& path : paths) {
      if (!files.empty()) files += ' ';
      files += shell_quote(path);
    }
    const std::string line = replace_all(command.run, "{files}", files);
    fmt::print(stderr, "warden {}: running {}: {}\n", hook, command.name, command.run);
    std::fflush(stderr);

    ProcessOptions options;
    options.cwd = cwd;
    options.stdin_data = std::string(); // git's hook input is ours, not the command's
    options.capture_stdout = false;
    options.capture_stderr = false;
    const ProcessResult result = run_shell(line, options);
    if (result.ok()) continue;
    const std::string why = result.exit_code == 127
                                ? fmt::format("exit code 127 (command not found?)")
                                : result.exit_code > 128
                                      ? fmt::format("exit code {} (killed by signal {})", result.exit_code,
                                                    result.exit_code - 128)
                                      : fmt::format("exit code {}", result.exit_code);
    add_finding(findings, Severity::error, checks::k_command_id, {command.name},
                fmt::format("{} command '{}' failed with {}: {}; fix it and retry, or bypass with "
                            "WARDEN_SKIP=command",
                            hook, command.name, why, command.run));
  }
}

} // namespace warden

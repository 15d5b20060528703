#include "warden/hook/commands.hpp"

#include "warden/checks/registry.hpp"
#include "warden/config/scoped.hpp"
#include "warden/core/process.hpp"
#include "warden/git/config_read.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <map>

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
  // "ROOT+SCOPED" (trusted_value): the root part is this policy's.
  return recorded && recorded->substr(0, recorded->find('+')) == commands_hash(policy);
}

std::string trusted_value(const PolicyScopes& scopes) {
  const std::string scoped = scoped_commands_hash(scopes);
  return commands_hash(scopes.root()) + (scoped.empty() ? "" : "+" + scoped);
}

bool has_any_commands(const PolicyScopes& scopes) {
  return has_commands(scopes.root()) || !scoped_commands_hash(scopes).empty();
}

bool commands_trusted(const git::RepoFacts& repo, const PolicyScopes& scopes) {
  if (!has_any_commands(scopes)) return true;
  const auto recorded = repo.config_string(k_trusted_key);
  return recorded && *recorded == trusted_value(scopes);
}

void trust_commands(const git::RepoFacts& repo, const PolicyScopes& scopes) {
  repo.set_local_config(k_trusted_key, trusted_value(scopes));
}

void trust_commands(const git::RepoFacts& repo, const Policy& policy) {
  // Trust is a per-clone decision: it goes to the repository's own config
  // file, never to the global one that other clones share.
  repo.set_local_config(k_trusted_key, commands_hash(policy));
}

namespace {

void untrusted(const git::RepoFacts& repo, const std::string& source, Findings& findings) {
  const bool ever_trusted = repo.config_string(k_trusted_key).has_value();
  add_finding(findings, Severity::warn, checks::k_command_id, {source},
              ever_trusted ? "commands not run: the policy's commands changed since they were trusted; "
                             "review them and run `warden trust`"
                           : "commands not run: the policy's commands are not trusted yet; "
                             "review them and run `warden trust`");
}

// Run `commands` (trusted) in `dir` of the worktree ("" = its root) on
// `changed_paths`, relative to `dir`.
void run_command_list(const git::RepoFacts& repo, const std::vector<CommandSpec>& commands, const std::string& dir,
                      const std::string& hook, const std::vector<std::string>& changed_paths, Findings& findings) {
  std::string cwd = repo.worktree_root();
  if (cwd.empty()) cwd = repo.git_dir();
  if (!dir.empty()) cwd += "/" + dir;
  // A scoped command's failure names its policy file (docs/monorepo.md).
  const std::string from = dir.empty() ? std::string() : fmt::format(" ({}/.warden.yml)", dir);
  for (const CommandSpec& command : commands) {
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
                            "WARDEN_SKIP=command{}",
                            hook, command.name, why, command.run, from));
  }
}

} // namespace

void run_policy_commands(const git::RepoFacts& repo, const Policy& policy, const std::string& hook,
                         const std::vector<std::string>& changed_paths, Findings& findings) {
  const auto it = policy.commands.find(hook);
  if (it == policy.commands.end() || it->second.empty()) return;
  if (!commands_trusted(repo, policy)) return untrusted(repo, policy.source, findings);
  run_command_list(repo, it->second, "", hook, changed_paths, findings);
}

void run_policy_commands(const git::RepoFacts& repo, const PolicyScopes& scopes, const std::string& hook,
                         const std::vector<std::string>& changed_paths, Findings& findings) {
  if (scopes.empty()) return run_policy_commands(repo, scopes.root(), hook, changed_paths, findings);
  const std::string key = "commands." + hook;
  struct Group {
    const std::vector<CommandSpec>* commands = nullptr;
    std::string dir;
    std::vector<std::string> paths;
  };
  // By the file that set the commands in effect ("" = the root policy's).
  std::map<std::string, Group> groups;
  const auto root_commands = scopes.root().commands.find(hook);
  if (root_commands != scopes.root().commands.end() && !root_commands->second.empty())
    groups[""].commands = &root_commands->second;
  for (const std::string& path : changed_paths) {
    const Policy& policy = scopes.policy(scopes.scope_of(path));
    const auto source = policy.sources.find(key);
    if (source == policy.sources.end() || !scopes.is_scoped_file(source->second)) {
      if (groups.count("")) groups[""].paths.push_back(path);
      continue;
    }
    const auto commands = policy.commands.find(hook);
    if (commands == policy.commands.end() || commands->second.empty()) continue;
    Group& group = groups[source->second];
    group.commands = &commands->second;
    group.dir = source->second.substr(0, source->second.size() - k_policy_file_name.size() - 1);
    group.paths.push_back(path.substr(group.dir.size() + 1));
  }
  if (groups.empty()) return;
  if (!commands_trusted(repo, scopes)) return untrusted(repo, scopes.root().source, findings);
  for (const auto& [file, group] : groups) run_command_list(repo, *group.commands, group.dir, hook, group.paths, findings);
}

} // namespace warden

#pragma once
// Running other programs: the `git` executable for network operations and
// writes, the policy's commands, chained `.local` hooks.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden {

struct ProcessOptions {
  std::string cwd;                      // empty: inherit
  std::optional<std::string> stdin_data; // nullopt: inherit our stdin
  bool capture_stdout = true;           // false: inherit (stream to the user)
  bool capture_stderr = true;           // false: inherit
  bool clear_git_env = false;           // drop GIT_DIR, GIT_INDEX_FILE, ... (git rev-parse --local-env-vars)
  std::map<std::string, std::string> env; // added/overridden variables
};

struct ProcessResult {
  int exit_code = -1;  // 128+N when killed by signal N; 127 when it could not start
  std::string out;
  std::string err;
  bool ok() const { return exit_code == 0; }
};

// Run `argv` (argv[0] looked up in PATH) and wait for it.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// Run a shell command line with /bin/sh -c.
ProcessResult run_shell(const std::string& command, const ProcessOptions& options = {});

// Run `git args...` in `cwd`. Throws Error naming the command and git's
// stderr when it fails and `check` is true.
ProcessResult run_git(const std::vector<std::string>& args, const std::string& cwd,
                      bool check = true, ProcessOptions options = {});

// Start `argv` fully detached (double fork, setsid, stdio to /dev/null) and
// return at once: used to deliver notifications without making git wait.
void spawn_detached(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});

// Quote `word` for a POSIX shell command line: as it is when it holds only
// characters no shell treats specially, else in single quotes ('it'\''s' is
// the word it's). The one quoter: fix hints, dry runs and `{files}`.
std::string shell_quote(std::string_view word);

// The variables git sets for hooks that must not leak into a git call on
// another repository.
const std::vector<std::string>& git_local_env_vars();

} // namespace warden

#pragma once
// Run `warden ARGS...` in-process (cli::main) inside a fresh temporary
// directory, with stdout and stderr captured.
#include "capture_output.hpp"
#include "git_test_repo.hpp"

#include "warden/cli/commands.hpp"

#include <string>
#include <vector>

#include <unistd.h>

namespace warden::test {

struct CliResult {
  int status = -1;
  std::string out;
  std::string err;
};

// Change into `dir` for one scope; back to where we were afterwards.
class ScopedCwd {
public:
  explicit ScopedCwd(const stdfs::path& dir) : m_old(stdfs::current_path()) { stdfs::current_path(dir); }
  ScopedCwd(const ScopedCwd&) = delete;
  ScopedCwd& operator=(const ScopedCwd&) = delete;
  ~ScopedCwd() {
    std::error_code ec;
    stdfs::current_path(m_old, ec);
  }

private:
  stdfs::path m_old;
};

// Run cli::main with argv = {"warden", args...} in the current directory.
inline CliResult run_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "warden");
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  CliResult result;
  CapturedFd out(1);
  CapturedFd err(2);
  result.status = cli::main(static_cast<int>(args.size()), argv.data());
  result.err = err.text();
  result.out = out.text();
  return result;
}

} // namespace warden::test

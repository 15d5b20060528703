#pragma once
// The kinds of error, and the one place that turns them into exit codes
// (run_top_level below, called by every binary's entry point):
//  - Error: something the caller may handle or report (a failed git call, a
//    policy that does not load). Uncaught, it exits with its `exit_code`.
//  - UsageError, PolicyError: Errors that mean "usage or configuration":
//    exit 2, so a hook fails closed.
//  - Fatal: print the message and exit with `exit_code`; not meant to be
//    caught below the top.
// Anything else that escapes (a bug, an allocation failure) exits 2: never
// a crash, and never mistaken for "findings" (1) or success (0).
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace warden {

enum ExitCode : int { k_exit_ok = 0, k_exit_findings = 1, k_exit_usage = 2 };

// Exit code of an operation that was attempted and failed (a branch command
// whose push failed); the same number as "findings", as git uses 1.
inline constexpr int k_exit_failed = 1;

class Error : public std::runtime_error {
public:
  explicit Error(const std::string& message, int exit_code = k_exit_failed)
    : std::runtime_error(message), m_exit_code(exit_code) {}
  int exit_code() const { return m_exit_code; }

private:
  int m_exit_code;
};

// Bad arguments or a command used where it cannot work.
class UsageError : public Error {
public:
  explicit UsageError(const std::string& message) : Error(message, k_exit_usage) {}
};

// A policy that does not load. The message already names file:line:column.
// Callers that can go on without the policy (post-merge reporting the
// problem) catch it; uncaught it exits 2 (fail closed).
class PolicyError : public Error {
public:
  explicit PolicyError(const std::string& message) : Error(message, k_exit_usage) {}
};

class Fatal : public std::runtime_error {
public:
  Fatal(int exit_code, const std::string& message)
    : std::runtime_error(message), m_exit_code(exit_code) {}
  int exit_code() const { return m_exit_code; }

private:
  int m_exit_code;
};

// Run `body` and return its exit code; an exception that escapes it is
// printed as "`program`: message" on stderr (after flushing stdout, so a
// report and its error keep their order) and mapped to an exit code as
// described at the top of this file.
int run_top_level(std::string_view program, const std::function<int()>& body);

} // namespace warden

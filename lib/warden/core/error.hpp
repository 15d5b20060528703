#pragma once
// Two kinds of error, caught once at the top of every binary:
//  - Error: something the caller may handle or report (a failed git call).
//  - Fatal: print the message and exit with `exit_code` (2 = usage or
//    configuration, 1 = an operation failed).
#include <stdexcept>
#include <string>

namespace warden {

enum ExitCode : int { k_exit_ok = 0, k_exit_findings = 1, k_exit_usage = 2 };

class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class Fatal : public std::runtime_error {
public:
  Fatal(int exit_code, const std::string& message)
    : std::runtime_error(message), m_exit_code(exit_code) {}
  int exit_code() const { return m_exit_code; }

private:
  int m_exit_code;
};

// A policy that does not load: always exit 2 (fail closed). The message
// already names file:line:column.
class PolicyError : public Fatal {
public:
  explicit PolicyError(const std::string& message) : Fatal(k_exit_usage, message) {}
};

} // namespace warden

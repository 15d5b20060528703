#include "warden/core/error.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <exception>
#include <new>

namespace warden {

namespace {

int report(std::string_view program, const char* message, int exit_code) {
  std::fflush(stdout);
  fmt::print(stderr, "{}: {}\n", program, message);
  std::fflush(stderr);
  return exit_code;
}

} // namespace

int run_top_level(std::string_view program, const std::function<int()>& body) {
  try {
    return body();
  } catch (const Error& e) {
    return report(program, e.what(), e.exit_code());
  } catch (const Fatal& e) {
    return report(program, e.what(), e.exit_code());
  } catch (const std::bad_alloc&) {
    return report(program, "out of memory", k_exit_usage);
  } catch (const std::exception& e) {
    return report(program, e.what(), k_exit_usage);
  }
}

} // namespace warden

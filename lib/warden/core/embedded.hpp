#pragma once
// Files compiled into the binaries (default policy, init templates).
#include <cstddef>
#include <string_view>

namespace warden::embedded {

struct EmbeddedFile {
  std::string_view path;     // relative to the embedded folder
  std::string_view contents; // exact bytes
};

// The default policy, byte for byte as config/default.yml.
std::string_view default_policy();

} // namespace warden::embedded

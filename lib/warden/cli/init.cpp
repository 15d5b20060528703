// Placeholder until the subcommand lands; replaced by its implementation.
#include "warden/cli/registry.hpp"

namespace warden::cli {

void register_init(CLI::App&, Action&) {}

} // namespace warden::cli

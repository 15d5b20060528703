#include "warden/net/user_agent.hpp"

namespace warden::net {

std::string user_agent() { return std::string("warden/") + WARDEN_VERSION; }

} // namespace warden::net

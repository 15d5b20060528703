#pragma once
#include <string>

namespace warden::net {

// The User-Agent warden sends with every HTTP request ("warden/0.1.0").
std::string user_agent();

} // namespace warden::net

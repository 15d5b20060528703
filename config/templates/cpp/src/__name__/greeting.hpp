#pragma once
#include <string>

namespace {{module}} {

// Return the greeting for `who`.
std::string greeting(const std::string& who);

} // namespace {{module}}

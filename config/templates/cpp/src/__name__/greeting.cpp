#include "{{name}}/greeting.hpp"

namespace {{module}} {

std::string greeting(const std::string& who) { return "hello, " + who; }

} // namespace {{module}}

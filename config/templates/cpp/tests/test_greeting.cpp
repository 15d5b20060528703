#include "{{name}}/greeting.hpp"

#include <iostream>

int main() {
  if ({{module}}::greeting("world") != "hello, world") {
    std::cerr << "greeting: unexpected result\n";
    return 1;
  }
  return 0;
}

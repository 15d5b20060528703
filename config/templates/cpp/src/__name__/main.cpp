#include "{{name}}/greeting.hpp"

#include <iostream>

int main(int argc, char** argv) {
  std::cout << {{module}}::greeting(argc > 1 ? argv[1] : "world") << '\n';
  return 0;
}

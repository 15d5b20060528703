#include "warden/install/install_hooks.hpp"

int main(int argc, char** argv) { return warden::install_hooks_main(argc, argv); }

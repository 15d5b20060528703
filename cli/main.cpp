#include "warden/cli/commands.hpp"

int main(int argc, char** argv) { return warden::cli::main(argc, argv); }

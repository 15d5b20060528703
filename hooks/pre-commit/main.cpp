#include "warden/hook/pre_commit_binary.hpp"

int main(int argc, char** argv) { return warden::run_pre_commit_binary(argc, argv); }

#include "warden/hook/commit_msg.hpp"

int main(int argc, char** argv) { return warden::run_commit_msg_binary(argc, argv); }

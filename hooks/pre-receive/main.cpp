#include "warden/hook/native_hooks.hpp"

int main(int argc, char** argv) { return warden::run_native_hook(warden::Hook::pre_receive, argc, argv); }

#include "warden/hook/native_hooks.hpp"

int main(int argc, char** argv) { return warden::run_native_hook(warden::Hook::post_merge, argc, argv); }

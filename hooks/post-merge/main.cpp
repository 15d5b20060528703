#include "warden/hook/run_hook.hpp"

int main(int argc, char** argv) { return warden::run_hook(warden::Hook::post_merge, argc, argv); }

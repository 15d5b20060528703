#pragma once
// The pre-push, pre-receive and post-merge binaries: the hooks on the native
// reader (git/native/), which links no libgit2; what it cannot read is
// handed over to `warden hook NAME` before anything is printed or run
// (docs/native-reader.md).
#include "warden/hook/run_hook.hpp"

namespace warden {

// `hook` is Hook::pre_push, Hook::pre_receive or Hook::post_merge.
int run_native_hook(Hook hook, int argc, char** argv);

} // namespace warden

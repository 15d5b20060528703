#pragma once
// The shared hook runner: every hook binary's main calls run_hook.
namespace warden {

enum class Hook { pre_commit, commit_msg, pre_push, post_merge, pre_receive, reference_transaction };

// git's name of `hook` ("pre-push"); hook/hook_names.cpp, apart so that
// the hook binaries link only what they run.
const char* hook_name(Hook hook);

// Run `hook` with git's arguments; returns the process exit code. Catches
// every exception (exit 2 for configuration errors, never a crash), runs the
// chained `<hook>.local` when warden's checks pass.
int run_hook(Hook hook, int argc, char** argv);

} // namespace warden

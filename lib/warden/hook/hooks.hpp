#pragma once
// The hook implementations behind run_hook, one file each
// (hook/pre_commit.cpp, hook/pre_push.cpp, ...). Each returns the exit
// code; exceptions are caught by run_hook (core/error.hpp maps them).
#include "warden/hook/output.hpp"
#include "warden/hook/pipeline.hpp"

#include <string>
#include <optional>
#include <vector>

namespace warden::git { class RepoReader; }

namespace warden {

struct HookContext {
  std::string name;               // "pre-commit"
  std::vector<std::string> args;  // git's arguments (argv[1..])
  SkipList skip;                  // $WARDEN_SKIP
  Colour colour = Colour::automatic;
};

// How a hook finishes (hook/pipeline.hpp): its name, WARDEN_SKIP, colour.
// Inline: defined beside run_hook, it would link every hook (and libgit2)
// into the pre-commit binary.
inline FinishOptions finish_options(const HookContext& context) {
  FinishOptions options;
  options.entry = context.name;
  options.skip = context.skip;
  options.colour = context.colour;
  return options;
}

int run_pre_commit(const HookContext& context);
int run_commit_msg(const HookContext& context); // hook/commit_msg.cpp
// pre-push, post-merge and pre-receive through libgit2's reader
// (hook/hook_entries.cpp): `warden hook NAME`.
int run_pre_push(const HookContext& context);
int run_post_merge(const HookContext& context);
int run_pre_receive(const HookContext& context);

// The same hooks on any reader (git/reader.hpp): the hook binaries pass the
// native one, and hand over to `warden hook NAME` when it throws
// git::BeyondReader (hook/native_hooks.cpp; post-merge's fast path is
// there too). `stdin_text` is what git wrote to the hook's standard input.
int run_pre_push_on(const HookContext& context, const git::RepoReader& repo, const std::string& stdin_text);
int run_pre_receive_on(const HookContext& context, const git::RepoReader& repo, const std::string& stdin_text);

// Run the chained foreign hook `<hooks dir>/<name>.local` when it exists and
// is executable, passing `args` and `stdin_data` (nullopt: inherit stdin).
// Returns its exit status, or 0 when there is none.
int run_local_hook(const std::string& hooks_dir, const HookContext& context,
                   const std::optional<std::string>& stdin_data);

} // namespace warden

#pragma once
// The pre-commit binary's entry point. It links no libgit2: it reads the
// repository through git/native/ (git's documented formats) and runs the
// one pre-commit implementation (hook/pre_commit_run.hpp). For what that
// reader does not handle (a split or sparse index, SHA-256, a hasconfig:
// include, anything malformed) it hands over to `warden hook pre-commit` with the
// same arguments, environment and stdin. See docs/pre-commit.md.
namespace warden {

int run_pre_commit_binary(int argc, char** argv);

} // namespace warden

#pragma once
// The pre-commit binary's entry point. It links no libgit2: it reads the
// repository through git/native/ (git's documented formats) and, for anything
// that reader does not handle, hands over to `warden hook pre-commit`
// (the full path through libgit2) with the same arguments, environment and
// stdin. See bench/RESULTS.md for why.
namespace warden {

int run_pre_commit_binary(int argc, char** argv);

} // namespace warden

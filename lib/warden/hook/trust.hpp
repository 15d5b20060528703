#pragma once
// What `warden trust` and `install-hooks` approve (docs/decisions.md,
// "Trust"): the root policy's commands and those of every scoped policy the
// index tracks (docs/monorepo.md). Its own file, so that the hook binaries,
// which only compare hashes (hook/commands.hpp), never link the libgit2
// index reader it uses.
#include "warden/config/policy.hpp"
#include "warden/config/scoped.hpp"
#include "warden/git/repository.hpp"

#include <cstdio>

namespace warden {

// The scopes whose commands trust covers: the `.warden.yml` files the index
// tracks, read from the worktree; none in a bare repository.
PolicyScopes scopes_to_trust(const git::Repository& repo, const Policy& policy);

// Print every command trust covers, one per line (root first, then each
// scoped file's own), indented under a heading the caller prints.
void print_commands_to_trust(const Policy& policy, const PolicyScopes& scopes, std::FILE* out);

} // namespace warden

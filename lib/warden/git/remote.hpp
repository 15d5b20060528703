#pragma once
// Remotes as this repository knows them: configured URLs and the
// remote-tracking refs the last fetch or push left (no network), plus the
// one question that does ask the remote (remote_ref_id).
#include "warden/git/reader_refs.hpp" // remote_configured, remote_url, tracking_ref, tracking_tips
#include "warden/git/repository.hpp"

#include <optional>
#include <string>
#include <vector>

namespace warden::git {

// Return true when `commit` is reachable from (or is) one of `remote`'s
// remote-tracking refs.
bool reachable_from_tracking(const Repository& repo, const std::string& remote, const git_oid& commit);

// Ask `remote` what it holds for `ref` now (`git ls-remote`): its id in hex, ""
// when it has no such ref, nullopt when the remote could not be asked.
std::optional<std::string> remote_ref_id(const Repository& repo, const std::string& remote, const std::string& ref);

} // namespace warden::git

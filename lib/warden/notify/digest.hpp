#pragma once
// `warden digest`: the commits of a period by branch and author, grouped by
// conventional-commit type when subjects use it, with merges and tags.
#include "warden/config/policy.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace warden::git { class Repository; }

namespace warden::notify {

// Unix time for WHEN as `git log --since` understands it ("yesterday",
// "24 hours ago", "2026-01-01", ISO 8601); a bare date means its midnight.
// Throws Fatal(2) naming `flag` when git cannot make a date of it.
std::int64_t parse_when(const git::Repository& repo, const std::string& when, const std::string& flag);

struct DigestPeriod {
  std::int64_t since = 0;
  std::int64_t until = 0; // inclusive
};

struct Digest {
  std::string text;     // plain text for the terminal
  std::string markdown; // the same for Discord
  std::size_t commits = 0;
  nlohmann::json facts; // template data: title, text (markdown), counts, branches, merges, tags
};

// Collect the digest of local branches over `period`.
Digest build_digest(const git::Repository& repo, const Policy& policy, const DigestPeriod& period);

// The Conventional Commit type of `subject` ("feat(x)!: y" -> "feat", in
// lower case) when it is one of `types` (commits.types); empty otherwise.
std::string conventional_type(const std::string& subject,
                              const std::vector<std::string>& types = CommitsPolicy{}.types);

} // namespace warden::notify

#pragma once
// Git's object ids computed without libgit2, so that the pre-commit binary
// (which links none of it) and the `warden` command produce the same ids.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace warden::git {

// Return the SHA-1 digest of `data`.
std::array<std::uint8_t, 20> sha1(std::string_view data);

// Return the 40-hex-digit id git gives `data` as a blob ("blob <size>\0"
// followed by `data`), as `git hash-object` prints it.
std::string hash_blob_hex(std::string_view data);

} // namespace warden::git

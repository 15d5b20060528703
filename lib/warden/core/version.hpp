#pragma once
// The version and the commit a binary was built from (docs/package.md).
#include <string>

namespace warden {

// "0.1.0"
const char* version();
// `git describe --always --dirty` of the source tree at build time
// ("v0.1.0-3-g0123456789ab", "0123456789ab-dirty"), "unknown" when built
// from a tree without git.
const char* build_commit();
// What `--version` prints, without the newline:
// "warden 0.1.0 (commit 0123456789ab)".
std::string version_line(const std::string& program);

} // namespace warden

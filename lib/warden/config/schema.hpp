#pragma once
// The JSON Schema (2020-12) of the policy file, generated from the key table
// (config/keys.hpp) so that it names every key the loader knows and rejects
// every key it does not (docs/package.md). `warden policy schema` prints it
// and the build installs it as share/warden/warden.schema.json.
#include <string>

namespace warden::config {

// The schema as indented JSON, ending in a newline. Its root describes a
// root policy (.warden.yml at the worktree root); `#/$defs/scoped-policy`
// describes a subdirectory's .warden.yml (files: and commands: only).
std::string policy_schema();

} // namespace warden::config

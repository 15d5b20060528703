#pragma once
// What is at `<hooks dir>/<hook>` and how it relates to warden: shared by
// install-hooks (what to do) and `warden doctor` (what to report).
#include <string>
#include <string_view>
#include <vector>

namespace warden::install {

enum class LinkState {
  missing,       // nothing at the hook's path
  installed,     // a symlink to this install's binary for the hook
  other_warden,  // a symlink to another warden install's binary (an old prefix, a build tree)
  dangling,      // a symlink whose target does not exist
  foreign,       // a file, or a symlink to something that is not warden
};

enum class BinaryState { ok, missing, not_executable };

struct HookLink {
  std::string hook;       // "pre-commit"
  std::string path;       // <hooks dir>/<hook>
  std::string binary;     // this install's binary for the hook (hook_binary_path)
  LinkState state = LinkState::missing;
  std::string target;     // the symlink's text, when the hook is a symlink
  bool warden_target = false;  // the symlink points into some `libexec/warden/`
  bool has_local = false;      // <hook>.local exists (file or symlink)
  BinaryState binary_state = BinaryState::missing;
};

// Return every hook name git knows (githooks(5)); is_known_hook: whether `name` is one.
const std::vector<std::string>& known_hook_names();
bool is_known_hook(std::string_view name);

// Return true when the symlink text `target` names a warden hook binary for `hook`
// (any prefix: `.../libexec/warden/<hook>`).
bool is_warden_target(std::string_view target, std::string_view hook);

// Return the state of `path` as an executable file (symlinks followed).
BinaryState binary_state(const std::string& path);

// Inspect `<hooks_dir>/<hook>` against this install's binary for `hook`.
HookLink inspect_hook(const std::string& hooks_dir, const std::string& hook);

// Split a comma separated hook list ("pre-commit, pre-push"), trimming
// blanks and dropping duplicates. Throws Fatal(2) naming an unknown hook.
std::vector<std::string> parse_hook_list(std::string_view list);

// Check that every name in `hooks` is a git hook; throws Fatal(2) naming
// the first unknown one and `origin` ("--hooks", "the policy's hooks").
void validate_hook_names(const std::vector<std::string>& hooks, const std::string& origin);

} // namespace warden::install

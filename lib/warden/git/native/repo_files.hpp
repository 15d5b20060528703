#pragma once
// The few repository facts the pre-commit hot path needs, read from git's
// files directly (see object_store.hpp for why): where the repository is,
// what HEAD points at, and a handful of config values. Every function
// returns nullopt for what it does not handle, and the caller falls back to
// libgit2; nothing here guesses.
#include <git2/oid.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden::git::native {

struct RepoPaths {
  std::string git_dir;      // absolute, no trailing '/'
  std::string common_dir;   // absolute, no trailing '/'
  std::string worktree;     // absolute, no trailing '/'; empty when bare
};

// Where a repository's objects are: GIT_OBJECT_DIRECTORY, else
// <common dir>/objects, then GIT_ALTERNATE_OBJECT_DIRECTORIES (absolute;
// during a receive git points the first at the quarantine and names the
// repository's own objects in the second).
struct ObjectDirs {
  std::string primary;
  std::vector<std::string> alternates;
  bool quarantine = false;  // GIT_QUARANTINE_PATH is set
};
ObjectDirs object_dirs_from_environment(const RepoPaths& paths);

// How locate_any_repository found the git dir.
enum class Found { git_dir_variable, dot_git, bare_dir };
struct LocatedRepo {
  RepoPaths paths;  // worktree: GIT_WORK_TREE, the dir holding .git, or the cwd (GIT_DIR); may be
                    // cleared by the config (see repository.cpp)
  Found found = Found::dot_git;
  bool work_tree_variable = false; // GIT_WORK_TREE is set
};
// Locate any repository git runs a hook in, bare ones included: GIT_DIR
// (pre-receive runs with GIT_DIR=. in the bare repository), GIT_COMMON_DIR,
// GIT_WORK_TREE; else from the current directory upwards, at each level
// `.git` (a directory or a `gitdir:` file) and then the directory itself
// when it is a git directory (HEAD, objects/, refs/). nullopt when there is
// none.
std::optional<LocatedRepo> locate_any_repository();

// Locate the non-bare repository a hook runs in, from GIT_DIR /
// GIT_WORK_TREE / GIT_COMMON_DIR as git sets them, else from the current
// directory upwards (`.git` directory or `gitdir:` file).
std::optional<RepoPaths> locate_repository();

struct HeadState {
  std::optional<std::string> branch;  // short name; nullopt when detached
  std::optional<git_oid> commit;      // nullopt when unborn
};

// Read HEAD (per worktree) and resolve it through loose refs and packed-refs.
std::optional<HeadState> read_head(const RepoPaths& paths);

// git's config booleans: true/yes/on/1 (and a key without value), false/no/off/0/"";
// nullopt for anything else.
std::optional<bool> config_bool(const std::string& value);

// Values of the configuration git reads for this repository (system,
// global, local and worktree files, then GIT_CONFIG_COUNT and `git -c`'s
// GIT_CONFIG_PARAMETERS), later ones winning. `[include]` and
// `[includeIf "gitdir:"/"gitdir/i:"/"onbranch:"]` are followed where they
// stand, as git evaluates them (docs/native-reader.md, "Conditional
// includes"). nullopt when something is beyond this reader (an includeIf
// "hasconfig:", an include given on the command line, a SHA-256
// repository, a malformed value).
class ConfigValues {
public:
  // `why` (when given) receives the reason of a nullopt.
  static std::optional<ConfigValues> load(const RepoPaths& paths, std::string* why = nullptr);
  // The last value of `key` ("section.name" or "section.sub.name").
  std::optional<std::string> get(const std::string& key) const;
  // Every canonical key starting with `prefix` ("extensions.") and its value.
  std::vector<std::pair<std::string, std::string>> with_prefix(const std::string& prefix) const;

private:
  std::map<std::string, std::string> m_values; // canonical key -> last value
};

// Parse one config file's text into `out` (canonical keys: section and
// name lower-cased, subsection kept; includeIf keys are values like any
// other). `includes` receives the include.path values; nothing is
// followed. Returns false when the text is malformed.
bool parse_config_text(const std::string& text, std::map<std::string, std::string>& out,
                       std::vector<std::string>& includes);

// Parse GIT_CONFIG_PARAMETERS (`git -c`, `--config-env`) into `out`:
// space-separated shell-single-quoted words, 'key'='value' or the older
// 'key=value'; a key without a value is boolean true. Returns false when
// the text is malformed.
bool parse_config_parameters(std::string_view text, std::map<std::string, std::string>& out);

// git's wildmatch with WM_PATHNAME (and WM_CASEFOLD when `icase`), as the
// includeIf conditions match: '*', '?' and "[...]" stop at '/', "**" between
// slashes crosses them.
bool config_wildmatch(std::string_view pattern, std::string_view text, bool icase);

} // namespace warden::git::native

#pragma once
// `extends:` (docs/monorepo.md): base policies applied after the embedded
// default and before the root policy file. A local base is a path of the
// repository; a remote base is a file of another git repository, read from
// the cache `warden policy update` fills under the git common directory
// (never from the network here: the hooks read the cache only).
#include "warden/config/policy.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden {

// Where the loader reads bases from.
struct PolicyContext {
  // A repository-relative path (a local base); nullopt when it does not
  // exist. Unset: local bases are an error (no worktree to read them from).
  std::function<std::optional<std::string>(const std::string& path)> read_local;
  std::string cache_dir; // <git common dir>/warden/policies; "" = no cache
};

// parse_policy with `extends:` resolved through `context`.
Policy parse_policy(std::string_view text, const std::string& source_name, const PolicyContext& context);

// load_policy (config/policy.hpp) with `extends:` resolved through `context`.
Policy load_policy(const std::string& worktree_root, const std::optional<std::string>& config_policy_path,
                   const PolicyContext& context);

// The context of the repository whose git directory is `git_dir` (a
// linked worktree's own git directory is fine: the cache lives in the
// common directory), local bases read below `worktree_root` ("" = none).
PolicyContext policy_context(const std::string& worktree_root, const std::string& git_dir);

// <common dir of git_dir>/warden/policies.
std::string policy_cache_dir(const std::string& git_dir);

// A remote base as the cache holds it.
struct CachedBase {
  std::string text;
  std::string commit; // the commit `ref` resolved to when it was fetched
};

// The file name of `base` in the cache (a hash of repo, ref and path).
std::string cached_base_name(const BaseRef& base);

// `base` from the cache in `cache_dir`; nullopt when it is not there.
std::optional<CachedBase> read_cached_base(const std::string& cache_dir, const BaseRef& base);

// The remote bases the policy text `text` names in `extends:` (without
// loading anything). Throws PolicyError on a malformed list.
std::vector<BaseRef> remote_bases(std::string_view text, const std::string& source_name);

// warden policy update (config/extends_update.cpp, the one part of config/
// that runs a process): fetch every remote base of `bases` through the
// `git` executable into the cache of the repository at `git_dir`, record
// the commit each ref resolved to, and return one line per base for the
// user. A fetch that fails is an Error naming the base (exit 1); the
// cache keeps what it had. With `dry_run`, says what it would fetch.
std::vector<std::string> update_policy_cache(const std::string& git_dir, const std::vector<BaseRef>& bases,
                                             bool dry_run);

// The same for the root policy of a repository (`config_policy_path`:
// git config warden.policy, else .warden.yml in `worktree_root`): its remote
// bases fetched; nothing when it extends none. install-hooks calls this.
std::vector<std::string> update_repository_bases(const std::string& worktree_root,
                                                 const std::optional<std::string>& config_policy_path,
                                                 const std::string& git_dir, bool dry_run);

} // namespace warden

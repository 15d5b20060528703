#pragma once
// The policy (docs/file-checks.md, docs/push-checks.md): one member per key.
// The defaults are config/default.yml, the embedded default that
// default_policy() parses; the keys, their types and declared defaults are
// the key table (config/keys.hpp). The values beside the members below are
// what a Policy{} holds before any parse (unit tests build such policies);
// tests/unit/test_config_settings.cpp checks them against default.yml.
// Parsing lives in config/load.cpp and never runs anything.
#include "warden/core/glob.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace re2 { class RE2; }
namespace warden::git { class RepoFacts; }

namespace warden {

enum class Severity { off, warn, error };
enum class CaseFolding { simple, full };
enum class PruneOnMerge { report, remove, off }; // "delete" in YAML
enum class ServerMode { enforce, report };

std::string_view to_string(Severity severity);

// A compiled RE2 pattern with its source text. Copyable (shared), compiled once.
struct Pattern {
  std::string source;
  std::shared_ptr<const re2::RE2> regex;
  bool full_match(std::string_view text) const; // RE2::FullMatch
  bool partial_match(std::string_view text) const; // RE2::PartialMatch
};

struct NamingRule {
  Glob glob;            // which paths
  Pattern pattern;      // matched against the file name (last component); RE2 partial match, anchor with ^$
};

struct CommandSpec {
  std::string name;
  std::string run;      // shell command line; {files} is replaced by the quoted matching paths
  std::optional<Glob> glob; // when set: skipped when no path matches
  std::string dir;      // "" = the worktree root; a scoped policy's directory: runs there, glob and {files} relative to it
};

// One entry of `extends:` (docs/monorepo.md): a repository-relative path,
// or `path` in the tree of `ref` of the git repository `repo`.
struct BaseRef {
  std::string repo;     // empty: a path of this repository
  std::string ref;
  std::string path;
  std::string commit;   // remote: the commit `ref` resolved to in the cache, once loaded
  std::string label() const; // "base.yml", "URL@REF:PATH"
};

struct FilesPolicy {
  Severity case_collision = Severity::error; // also governs normalization-collision
  CaseFolding case_folding = CaseFolding::simple;
  Severity portable_name = Severity::error;
  std::uint64_t max_path_length = 260;       // bytes; 0 = off
  std::uint64_t max_file_size = 5ull << 20;  // bytes; 0 = off
  std::vector<std::string> canonical_names{"README.md", "LICENSE", "CHANGELOG.md", "CONTRIBUTING.md",
                                           "Makefile", "CMakeLists.txt", "Dockerfile"};
  std::vector<std::string> required{"README.md"};
  std::vector<Glob> forbidden;               // default: .DS_Store, *.orig, *.rej (set by default_policy())
  std::vector<NamingRule> naming;
  Severity conflict_marker = Severity::error;
  Severity secret = Severity::error;
  std::string secret_rules;                  // a gitleaks-format TOML file, repository-relative; "" = none
};

struct BranchesPolicy {
  Pattern pattern;                           // default set by default_policy()
  std::vector<Glob> protected_branches;      // "protected"
  std::vector<Glob> no_commit;               // "no-commit"
  Severity upstream_match = Severity::error;
  Severity remote_head = Severity::warn;
  std::string default_branch;                // "": the repository's own (config/default_branch.hpp)
  std::string remote = "origin";
  PruneOnMerge prune_on_merge = PruneOnMerge::report;
};

// The `commits:` section (docs/commit-messages.md).
struct CommitsPolicy {
  Severity message = Severity::warn;         // commit-message
  std::uint64_t subject_max_length = 72;     // characters of the first line; 0 = off
  bool conventional = false;                 // the subject must be type(scope)!: description
  std::vector<std::string> types{"feat", "fix", "docs", "style", "refactor", "perf", "test", "build", "ci",
                                 "chore", "revert"};
  Pattern pattern;                           // searched in the subject; unset = none
  std::vector<std::string> require_trailers; // "require-trailers": trailer tokens every message carries
  Pattern author_email;                      // "author-email" (commit-author); unset = none
  Severity fixup = Severity::error;          // fixup-commit
};

struct DiscordPolicy {
  std::vector<std::string> events{"push", "merge", "tag"}; // push merge tag ci digest
  std::string username = "warden";
  std::map<std::string, std::string> templates;             // event -> mustache template (overrides)
};

struct EmailPolicy {
  std::vector<std::string> events;
  std::vector<std::string> to;
  std::string from;
};

struct SlackPolicy {
  std::vector<std::string> events;
};

struct SummarizerPolicy {
  std::string url;      // OpenAI-compatible chat-completions endpoint
  std::string model;
  double timeout_seconds = 10;
};

struct NotifyPolicy {
  DiscordPolicy discord;
  std::optional<EmailPolicy> email;
  std::optional<SlackPolicy> slack;
  std::optional<SummarizerPolicy> summarizer;
};

// pre-receive only (docs/server.md).
struct ServerPolicy {
  ServerMode mode = ServerMode::enforce;
  std::vector<std::string> bypass; // pushers judged in report mode: exact names, `*` matches any run
};

struct Policy {
  int version = 1;
  std::vector<std::string> hooks{"pre-commit", "commit-msg", "pre-push", "post-merge"};
  FilesPolicy files;
  CommitsPolicy commits;
  BranchesPolicy branches;
  ServerPolicy server;
  // hook name (pre-commit, pre-push, post-merge) -> commands, in order
  std::map<std::string, std::vector<CommandSpec>> commands;
  NotifyPolicy notify;
  // `git:` section: repository-local git settings a clone should have (key -> value)
  std::map<std::string, std::string> git_settings;

  std::string source;      // where it came from: a path, or "<default>"
  std::string text;        // the raw text (hashed by trust)
  // extends: base policies (docs/monorepo.md), and for every key set by a
  // file, that file ("commands.<hook>" for a hook's commands); a key not
  // listed has the embedded default. Filled by the loader.
  std::vector<BaseRef> extends;
  std::map<std::string, std::string, std::less<>> sources;
};

// Parse `text` as a policy; `source_name` is used in error messages
// ("FILE:LINE:COLUMN: message"). Unset keys keep the embedded defaults.
// Throws PolicyError.
Policy parse_policy(std::string_view text, const std::string& source_name);

// The embedded default policy, parsed.
const Policy& default_policy();

// Find and load the policy for the worktree at `worktree_root` (empty for a
// bare repository: then only `config_policy_path` or the default apply):
// `config_policy_path` (git config warden.policy, relative to the worktree
// root) when set, else `.warden.yml` at the root, else the default.
// A configured path that does not exist is a PolicyError.
Policy load_policy(const std::string& worktree_root, const std::optional<std::string>& config_policy_path);

// The policy of the repository `repo` describes (its worktree root and its
// warden.policy config), through either git reader (git/config_read.hpp).
Policy load_policy(const git::RepoFacts& repo);

// The problems `warden policy check` reports beyond parsing: a webhook URL
// or other secret in the policy text. Each is "FILE:LINE:COLUMN: message".
std::vector<std::string> lint_policy_secrets(const Policy& policy);

// A stable hash of what trust covers: the `commands` section, canonicalised.
std::string commands_hash(const Policy& policy);

} // namespace warden

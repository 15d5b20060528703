#pragma once
// The facts behind each notification, read from the repository through
// the git layer (warden/git/), and their rendering into a Discord message: a mustache template
// (the policy's `notify.discord.templates.<event>` or the built-in one)
// renders the embed description; title, colour, fields and links are fixed.
#include "warden/config/policy.hpp"
#include "warden/git/history.hpp"
#include "warden/notify/discord.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace warden::notify {

class Outbox;

struct CommitInfo {
  std::string oid;
  std::string short_oid;
  std::string subject; // first line, shortened
  std::string author;
  std::int64_t time = 0; // committer time, Unix seconds
  std::size_t parents = 0;
};

struct CommitList {
  std::vector<CommitInfo> commits; // newest first, at most the limit asked for
  std::size_t total = 0;           // how many there are in all
};

enum class Merges { include, exclude };

// The facts of one commit as notifications show them (subject shortened).
CommitInfo describe(const git::CommitInfo& commit);
CommitInfo describe(const git::CommitData& commit);

// Commits reachable from `tip` and from none of `hide`, newest first; keeps
// the first `limit` and counts them all (merge commits left out with Merges::exclude).
CommitList list_commits(const git::RepoReader& repo, const git_oid& tip, const std::vector<git_oid>& hide,
                        std::size_t limit, Merges merges = Merges::include);

// Links into a repository's web pages, when its remote is on GitHub or GitLab.
class WebLinks {
public:
  WebLinks() = default;
  // From a remote URL: https://host/o/r(.git), git@host:o/r(.git), ssh://git@host/o/r(.git).
  // Credentials in the URL are dropped. Empty (no links) for other hosts.
  static WebLinks from_remote_url(const std::string& remote_url);
  bool empty() const { return m_base.empty(); }
  const std::string& base() const { return m_base; }
  std::string commit(const std::string& oid) const;
  std::string compare(const std::string& from, const std::string& to) const;
  std::string branch(const std::string& name) const;
  std::string tag(const std::string& name) const;

private:
  // `rest` under the forge's page for it: `gitlab_path` or `github_path`; empty without links.
  std::string page(const char* gitlab_path, const char* github_path, const std::string& rest) const;

  std::string m_base; // https://github.com/o/r
  bool m_gitlab = false;
};

// A short name for the repository: the remote URL's last component without
// ".git", else the worktree (or git dir) folder name.
std::string repository_name(const git::RepoFacts& repo, const std::string& remote_url);

// `commits` as template data: [{oid, short, subject, author, url, has_url}].
nlohmann::json commits_json(const std::vector<CommitInfo>& commits, const WebLinks& links);

// The built-in template of `event` (push, tag, merge, ci, digest, test).
std::string default_template(const std::string& event);

// Render `template_text` with `facts` (JSON objects, arrays, strings,
// numbers and booleans become mustache data; nothing is HTML-escaped).
// Throws Error with the template's problem when it does not parse.
std::string render_template(const std::string& template_text, const nlohmann::json& facts);

// The Discord message for `event`. `facts` carries "title", optionally
// "url", "author", "colour", "fields" ([{name, value, inline}]) and whatever
// the template uses. The policy's template for the event wins over the
// built-in one; a template that does not parse falls back to the built-in.
Message build_message(const std::string& event, const nlohmann::json& facts, const Policy& policy);

// True when the policy lists `event` in notify.discord.events.
bool event_enabled(const Policy& policy, const std::string& event);

// Render and write the event to `outbox`; returns nothing, throws Error on a write failure.
void queue_event(const Outbox& outbox, const std::string& event, const nlohmann::json& facts, const Policy& policy);

} // namespace warden::notify

#include "warden/notify/digest.hpp"

#include "warden/checks/commit_text.hpp"
#include "warden/config/default_branch.hpp"
#include "warden/core/error.hpp"
#include "warden/git/history.hpp"
#include "warden/git/branches.hpp"
#include "warden/git/tags.hpp"
#include "warden/git/remote.hpp"
#include "warden/notify/discord.hpp"
#include "warden/notify/events.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
#include <set>

namespace warden::notify {

namespace {

struct Entry {
  CommitInfo commit;
  std::string type;
};

using ByAuthor = std::map<std::string, std::vector<Entry>>;

// What a period holds, before it is rendered.
struct Activity {
  std::vector<std::pair<std::string, ByAuthor>> by_branch; // branches in display order
  std::vector<CommitInfo> merges;
  std::vector<std::pair<std::string, std::string>> tags; // name, short commit
  std::set<std::string> authors;
  bool conventional = false;
  std::size_t total = 0;
  std::vector<std::string> types; // commits.types: the types read as Conventional Commit types
};

std::string format_time(std::int64_t unix_time) {
  const std::time_t t = static_cast<std::time_t>(unix_time);
  std::tm utc{};
  ::gmtime_r(&t, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M", &utc);
  return buffer;
}

bool is_bare_date(const std::string& text) {
  if (text.size() != 10) return false;
  for (std::size_t i = 0; i < 10; ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? text[i] != '-' : (text[i] < '0' || text[i] > '9')) return false;
  }
  return true;
}

int type_rank(const std::string& type) {
  static const std::vector<std::string> order{"feat", "fix", "perf", "refactor", "docs", "test", "build", "ci", "chore", "style", "revert"};
  const auto it = std::find(order.begin(), order.end(), type);
  return it == order.end() ? static_cast<int>(order.size()) + (type.empty() ? 1 : 0) : static_cast<int>(it - order.begin());
}

// Local branch names, the default branch first, the rest by name.
std::vector<std::string> local_branches(const git::Repository& repo, const std::string& default_branch) {
  std::vector<std::string> names;
  git::for_each_branch(repo, git::BranchKind::local, [&](const git::BranchRef& branch) { names.push_back(branch.name); });
  std::sort(names.begin(), names.end(), [&](const std::string& a, const std::string& b) {
    if ((a == default_branch) != (b == default_branch)) return a == default_branch;
    return a < b;
  });
  return names;
}

// Credits each commit of the period to one branch: the first walk that
// reaches it wins, so the walk order decides (see collect_commits).
class BranchCredit {
public:
  BranchCredit(const git::Repository& repo, const DigestPeriod& period, Activity& activity)
    : m_repo(repo), m_period(period), m_activity(activity) {}

  void walk(const std::string& branch, git::WalkParents parents) {
    const auto tip = m_repo.resolve_commit("refs/heads/" + branch);
    if (!tip) return;
    git::RevisionWalk walk(m_repo, git::WalkOrder::newest_first, parents);
    walk.push(*tip);
    while (const auto oid = walk.next()) {
      const auto commit = git::find_commit(m_repo, *oid);
      if (!commit) continue;
      if (commit->time < m_period.since) break; // time-sorted: the rest is older
      if (commit->time > m_period.until || !m_seen.insert(git::oid_hex(*oid)).second) continue;
      credit(branch, describe(*commit));
    }
  }

  std::map<std::string, ByAuthor>& credited() { return m_credited; }

private:
  void credit(const std::string& branch, CommitInfo info) {
    if (info.parents > 1) {
      m_activity.merges.push_back(std::move(info));
      return;
    }
    Entry entry{info, conventional_type(info.subject, m_activity.types)};
    m_activity.conventional = m_activity.conventional || !entry.type.empty();
    m_activity.authors.insert(info.author);
    m_credited[branch][info.author].push_back(std::move(entry));
    ++m_activity.total;
  }

  const git::Repository& m_repo;
  const DigestPeriod& m_period;
  Activity& m_activity;
  std::set<std::string> m_seen;
  std::map<std::string, ByAuthor> m_credited;
};

// Commits are credited to the branch where the work happened: the default
// branch's first-parent line is its own, other branches get what they add
// beyond it, and the default branch keeps the rest (merged branches since
// deleted).
void collect_commits(const git::Repository& repo, const std::string& default_branch, const DigestPeriod& period,
                     Activity& activity) {
  BranchCredit credit(repo, period, activity);
  const auto branches = local_branches(repo, default_branch);
  const bool has_default = !branches.empty() && branches.front() == default_branch;
  if (has_default) credit.walk(default_branch, git::WalkParents::first);
  for (const auto& branch : branches) {
    if (branch != default_branch) credit.walk(branch, git::WalkParents::all);
  }
  if (has_default) credit.walk(default_branch, git::WalkParents::all);
  for (const auto& branch : branches) {
    auto found = credit.credited().find(branch);
    if (found != credit.credited().end()) activity.by_branch.emplace_back(branch, std::move(found->second));
  }
}

// Tags whose tagger (annotated) or commit time falls in the period.
std::vector<std::pair<std::string, std::string>> tags_in(const git::Repository& repo, const DigestPeriod& period) {
  std::vector<std::pair<std::string, std::string>> found;
  for (const auto& tag : git::tags(repo)) {
    if (tag.time >= period.since && tag.time <= period.until)
      found.emplace_back(tag.name, tag.commit ? git::oid_hex(*tag.commit).substr(0, 7) : "");
  }
  return found;
}

// The digest as it is being written: plain text, Markdown, template data.
struct Rendering {
  std::string text;
  std::string markdown;
  nlohmann::json branches = nlohmann::json::array();
};

// One author's commits on a branch, grouped by type when subjects use
// conventional commits; returns the author's template data.
nlohmann::json render_author(const std::string& author, std::vector<Entry>& entries, bool conventional,
                             const WebLinks& links, Rendering& out) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return type_rank(a.type) < type_rank(b.type); });
  out.text += fmt::format("  {} ({})\n", author, entries.size());
  out.markdown += fmt::format("__{}__ ({})\n", author, entries.size());
  std::string current_type = "\x01";
  for (const auto& entry : entries) {
    if (conventional && entry.type != current_type) {
      current_type = entry.type;
      const std::string label = entry.type.empty() ? "other" : entry.type;
      const auto count = std::count_if(entries.begin(), entries.end(),
                                       [&](const Entry& other) { return other.type == entry.type; });
      out.text += fmt::format("    {} ({})\n", label, count);
      out.markdown += fmt::format("*{}* ({})\n", label, count);
    }
    out.text += fmt::format("{}{} {}\n", conventional ? "      " : "    ", entry.commit.short_oid, entry.commit.subject);
    const auto link = links.commit(entry.commit.oid);
    out.markdown += link.empty() ? fmt::format("\xE2\x80\xA2 `{}` {}\n", entry.commit.short_oid, entry.commit.subject)
                                 : fmt::format("\xE2\x80\xA2 [`{}`]({}) {}\n", entry.commit.short_oid, link, entry.commit.subject);
  }
  std::vector<CommitInfo> commits;
  for (const auto& entry : entries) commits.push_back(entry.commit);
  return {{"name", author}, {"count", entries.size()}, {"commits", commits_json(commits, links)}};
}

void render_branches(Activity& activity, const WebLinks& links, Rendering& out) {
  for (auto& [branch, by_author] : activity.by_branch) {
    std::size_t branch_total = 0;
    for (const auto& [author, entries] : by_author) branch_total += entries.size();
    out.text += fmt::format("\n{} ({} commit{})\n", branch, branch_total, branch_total == 1 ? "" : "s");
    out.markdown += fmt::format("\n**{}** \xE2\x80\x94 {} commit{}\n", branch, branch_total, branch_total == 1 ? "" : "s");
    auto authors_json = nlohmann::json::array();
    for (auto& [author, entries] : by_author)
      authors_json.push_back(render_author(author, entries, activity.conventional, links, out));
    out.branches.push_back({{"name", branch}, {"count", branch_total}, {"authors", authors_json}});
  }
}

void render_merges_and_tags(const Activity& activity, Rendering& out) {
  if (!activity.merges.empty()) {
    out.text += "\nMerges\n";
    out.markdown += "\n**Merges**\n";
    for (const auto& merge : activity.merges) {
      out.text += fmt::format("  {} {} ({})\n", merge.short_oid, merge.subject, merge.author);
      out.markdown += fmt::format("\xE2\x80\xA2 `{}` {} \xE2\x80\x94 {}\n", merge.short_oid, merge.subject, merge.author);
    }
  }
  if (!activity.tags.empty()) {
    out.text += "\nTags\n";
    out.markdown += "\n**Tags**\n";
    for (const auto& [tag, commit] : activity.tags) {
      out.text += fmt::format("  {} at {}\n", tag, commit);
      out.markdown += fmt::format("\xE2\x80\xA2 {} at `{}`\n", tag, commit);
    }
  }
  if (activity.total == 0 && activity.merges.empty() && activity.tags.empty()) {
    out.text += "\nNo activity in this period.\n";
    out.markdown += "\nNo activity in this period.\n";
  }
}

std::string plural(std::size_t count, const char* many = "s") { return count == 1 ? "" : many; }

std::string counts_line(const Activity& activity) {
  const std::size_t total = activity.total;
  const std::size_t authors = activity.authors.size();
  const std::size_t branches = activity.by_branch.size();
  const std::size_t merges = activity.merges.size();
  const std::size_t tags = activity.tags.size();
  return fmt::format("{} commit{} by {} author{} on {} branch{}, {} merge{}, {} tag{}", total, plural(total), authors,
                     plural(authors), branches, plural(branches, "es"), merges, plural(merges), tags, plural(tags));
}

} // namespace

std::string conventional_type(const std::string& subject, const std::vector<std::string>& types) {
  // The parser of the commit-message check (checks/commit_text.hpp). Types
  // compare in lower case, as the Conventional Commits spec reads them.
  const auto parsed = commit_text::parse_conventional(subject);
  if (!parsed) return "";
  const auto lower = [](std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  const std::string type = lower(parsed->type);
  for (const std::string& known : types)
    if (lower(known) == type) return type;
  return "";
}

std::int64_t parse_when(const git::Repository& repo, const std::string& when, const std::string& flag) {
  std::string text = when;
  if (is_bare_date(text)) text += " 00:00:00";
  const auto value = git::approxidate(repo, text);
  if (!value) throw Fatal(k_exit_usage, fmt::format("{} {}: not a date git understands", flag, when));
  // git reads anything it cannot parse as "now": refuse that unless asked for.
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  if (*value >= now - 1 && when.find("now") == std::string::npos && when.find("today") == std::string::npos) {
    throw Fatal(k_exit_usage, fmt::format("{} {}: not a date git understands (try \"yesterday\", \"24 hours ago\", "
                                          "\"2026-01-01\")", flag, when));
  }
  return *value;
}

Digest build_digest(const git::Repository& repo, const Policy& policy, const DigestPeriod& period) {
  const std::string url = git::remote_url(repo, policy.branches.remote);
  const auto links = WebLinks::from_remote_url(url);
  const std::string name = repository_name(repo, url);

  Activity activity;
  activity.types = policy.commits.types;
  collect_commits(repo, config::effective_default_branch(repo, policy), period, activity);
  activity.tags = tags_in(repo, period);

  const std::string range = fmt::format("{} \xE2\x86\x92 {} UTC", format_time(period.since), format_time(period.until));
  const std::string counts = counts_line(activity);
  Rendering out;
  out.text = fmt::format("Digest of {}, {}\n{}\n", name, range, counts);
  out.markdown = fmt::format("{}\n", counts);
  render_branches(activity, links, out);
  render_merges_and_tags(activity, out);

  Digest digest;
  digest.text = out.text;
  digest.markdown = out.markdown;
  digest.commits = activity.total;
  auto tags_json = nlohmann::json::array();
  for (const auto& [tag, commit] : activity.tags) tags_json.push_back({{"name", tag}, {"commit", commit}});
  digest.facts = {{"repo", name},
                  {"title", fmt::format("[{}] digest {}", name, range)},
                  {"url", links.base()},
                  {"colour", colours::k_digest},
                  {"since", format_time(period.since)},
                  {"until", format_time(period.until)},
                  {"text", out.markdown},
                  {"summary", false},
                  {"commit_count", activity.total},
                  {"branches", out.branches},
                  {"merges", commits_json(activity.merges, links)},
                  {"tags", tags_json}};
  return digest;
}

} // namespace warden::notify

#include "warden/notify/digest.hpp"

#include "warden/core/error.hpp"
#include "warden/core/process.hpp"
#include "warden/git/repository.hpp"
#include "warden/notify/discord.hpp"
#include "warden/notify/events.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <set>

namespace warden::notify {

namespace {

struct Entry {
  CommitInfo commit;
  std::string type;
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

std::vector<std::string> local_branches(const git::Repository& repo, const std::string& default_branch) {
  std::vector<std::string> names;
  git_branch_iterator* raw = nullptr;
  if (git_branch_iterator_new(&raw, repo.get(), GIT_BRANCH_LOCAL) != 0) return names;
  git::BranchIteratorPtr it(raw);
  git_reference* ref = nullptr;
  git_branch_t type;
  while (git_branch_next(&ref, &type, it.get()) == 0) {
    git::ReferencePtr owned(ref);
    const char* name = nullptr;
    if (git_branch_name(&name, owned.get()) == 0 && name) names.emplace_back(name);
  }
  std::sort(names.begin(), names.end(), [&](const std::string& a, const std::string& b) {
    if ((a == default_branch) != (b == default_branch)) return a == default_branch;
    return a < b;
  });
  return names;
}

} // namespace

std::string conventional_type(const std::string& subject) {
  std::size_t i = 0;
  while (i < subject.size() && std::islower(static_cast<unsigned char>(subject[i]))) ++i;
  if (i == 0 || i > 12) return "";
  const std::string type = subject.substr(0, i);
  if (i < subject.size() && subject[i] == '(') {
    const auto close = subject.find(')', i);
    if (close == std::string::npos) return "";
    i = close + 1;
  }
  if (i < subject.size() && subject[i] == '!') ++i;
  if (i + 1 < subject.size() && subject[i] == ':' && subject[i + 1] == ' ') return type;
  return "";
}

std::int64_t parse_when(const git::Repository& repo, const std::string& when, const std::string& flag) {
  std::string text = when;
  if (is_bare_date(text)) text += " 00:00:00";
  const std::string cwd = repo.is_bare() ? repo.git_dir() : repo.worktree_root();
  const auto result = run_git({"rev-parse", "--since=" + text}, cwd, false);
  const std::string prefix = "--max-age=";
  if (!result.ok() || !result.out.starts_with(prefix)) {
    throw Fatal(k_exit_usage, fmt::format("{} {}: not a date git understands", flag, when));
  }
  std::int64_t value = 0;
  try {
    value = std::stoll(result.out.substr(prefix.size()));
  } catch (const std::exception&) {
    throw Fatal(k_exit_usage, fmt::format("{} {}: not a date git understands", flag, when));
  }
  // git reads anything it cannot parse as "now": refuse that unless asked for.
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  if (value >= now - 1 && when.find("now") == std::string::npos && when.find("today") == std::string::npos) {
    throw Fatal(k_exit_usage, fmt::format("{} {}: not a date git understands (try \"yesterday\", \"24 hours ago\", "
                                          "\"2026-01-01\")", flag, when));
  }
  return value;
}

Digest build_digest(const git::Repository& repo, const Policy& policy, const DigestPeriod& period) {
  const std::string url = remote_url(repo, policy.branches.remote);
  const auto links = WebLinks::from_remote_url(url);
  const std::string name = repository_name(repo, url);

  // branch -> author -> commits; a commit counts once, for the first branch that has it.
  std::vector<std::pair<std::string, std::map<std::string, std::vector<Entry>>>> by_branch;
  std::vector<CommitInfo> merges;
  std::set<std::string> seen;
  std::set<std::string> authors;
  bool conventional = false;
  std::size_t total = 0;
  // Commits are credited to the branch where the work happened: the default
  // branch's first-parent line is its own, other branches get what they add
  // beyond it, and the default branch keeps the rest (merged branches since
  // deleted).
  const std::string& default_branch = policy.branches.default_branch;
  std::map<std::string, std::map<std::string, std::vector<Entry>>> credited;
  auto walk_branch = [&](const std::string& branch, bool first_parent) {
    const auto tip = repo.resolve_commit("refs/heads/" + branch);
    if (!tip) return;
    git_revwalk* raw = nullptr;
    git::check(git_revwalk_new(&raw, repo.get()), "start a revision walk");
    git::RevwalkPtr walk(raw);
    git_revwalk_sorting(walk.get(), GIT_SORT_TIME);
    if (first_parent) git_revwalk_simplify_first_parent(walk.get());
    git_revwalk_push(walk.get(), &*tip);
    git_oid oid;
    while (git_revwalk_next(&oid, walk.get()) == 0) {
      git_commit* commit_raw = nullptr;
      if (git_commit_lookup(&commit_raw, repo.get(), &oid) != 0) continue;
      git::CommitPtr commit(commit_raw);
      const std::int64_t time = git_commit_time(commit.get());
      if (time < period.since) break; // time-sorted: the rest is older
      if (time > period.until || !seen.insert(git::oid_hex(oid)).second) continue;
      auto info = describe(oid, commit.get());
      if (info.parents > 1) {
        merges.push_back(info);
        continue;
      }
      Entry entry{info, conventional_type(info.subject)};
      conventional = conventional || !entry.type.empty();
      authors.insert(info.author);
      credited[branch][info.author].push_back(std::move(entry));
      ++total;
    }
  };
  const auto branches = local_branches(repo, default_branch);
  const bool has_default = !branches.empty() && branches.front() == default_branch;
  if (has_default) walk_branch(default_branch, true);
  for (const auto& branch : branches) {
    if (branch != default_branch) walk_branch(branch, false);
  }
  if (has_default) walk_branch(default_branch, false);
  for (const auto& branch : branches) {
    auto found = credited.find(branch);
    if (found != credited.end()) by_branch.emplace_back(branch, std::move(found->second));
  }

  // Tags whose tagger (annotated) or commit time falls in the period.
  std::vector<std::pair<std::string, std::string>> tags; // name, short commit
  git_strarray names{};
  if (git_tag_list(&names, repo.get()) == 0) {
    for (std::size_t i = 0; i < names.count; ++i) {
      const std::string tag = names.strings[i];
      git_object* raw = nullptr;
      if (git_revparse_single(&raw, repo.get(), ("refs/tags/" + tag).c_str()) != 0) continue;
      git::ObjectPtr object(raw);
      std::int64_t time = 0;
      if (git_object_type(object.get()) == GIT_OBJECT_TAG) {
        const git_signature* tagger = git_tag_tagger(reinterpret_cast<git_tag*>(object.get()));
        if (tagger) time = tagger->when.time;
      }
      const auto commit = repo.resolve_commit("refs/tags/" + tag);
      if (time == 0 && commit) {
        git_commit* commit_raw = nullptr;
        if (git_commit_lookup(&commit_raw, repo.get(), &*commit) == 0) {
          time = git_commit_time(commit_raw);
          git_commit_free(commit_raw);
        }
      }
      if (time >= period.since && time <= period.until) {
        tags.emplace_back(tag, commit ? git::oid_hex(*commit).substr(0, 7) : "");
      }
    }
    git_strarray_dispose(&names);
  }
  git_error_clear();

  const std::string range = fmt::format("{} \xE2\x86\x92 {} UTC", format_time(period.since), format_time(period.until));
  const std::string counts =
      fmt::format("{} commit{} by {} author{} on {} branch{}, {} merge{}, {} tag{}", total, total == 1 ? "" : "s",
                  authors.size(), authors.size() == 1 ? "" : "s", by_branch.size(), by_branch.size() == 1 ? "" : "es",
                  merges.size(), merges.size() == 1 ? "" : "s", tags.size(), tags.size() == 1 ? "" : "s");
  std::string text = fmt::format("Digest of {}, {}\n{}\n", name, range, counts);
  std::string markdown = fmt::format("{}\n", counts);
  auto branches_json = nlohmann::json::array();
  for (auto& [branch, by_author] : by_branch) {
    std::size_t branch_total = 0;
    for (const auto& [author, entries] : by_author) branch_total += entries.size();
    text += fmt::format("\n{} ({} commit{})\n", branch, branch_total, branch_total == 1 ? "" : "s");
    markdown += fmt::format("\n**{}** \xE2\x80\x94 {} commit{}\n", branch, branch_total, branch_total == 1 ? "" : "s");
    auto authors_json = nlohmann::json::array();
    for (auto& [author, entries] : by_author) {
      std::stable_sort(entries.begin(), entries.end(),
                       [](const Entry& a, const Entry& b) { return type_rank(a.type) < type_rank(b.type); });
      text += fmt::format("  {} ({})\n", author, entries.size());
      markdown += fmt::format("__{}__ ({})\n", author, entries.size());
      std::string current_type = "\x01";
      for (const auto& entry : entries) {
        if (conventional && entry.type != current_type) {
          current_type = entry.type;
          const std::string label = entry.type.empty() ? "other" : entry.type;
          std::size_t count = 0;
          for (const auto& other : entries) count += other.type == entry.type ? 1 : 0;
          text += fmt::format("    {} ({})\n", label, count);
          markdown += fmt::format("*{}* ({})\n", label, count);
        }
        text += fmt::format("{}{} {}\n", conventional ? "      " : "    ", entry.commit.short_oid, entry.commit.subject);
        const auto link = links.commit(entry.commit.oid);
        markdown += link.empty() ? fmt::format("\xE2\x80\xA2 `{}` {}\n", entry.commit.short_oid, entry.commit.subject)
                                 : fmt::format("\xE2\x80\xA2 [`{}`]({}) {}\n", entry.commit.short_oid, link, entry.commit.subject);
      }
      std::vector<CommitInfo> commits;
      for (const auto& entry : entries) commits.push_back(entry.commit);
      authors_json.push_back({{"name", author}, {"count", entries.size()}, {"commits", commits_json(commits, links)}});
    }
    branches_json.push_back({{"name", branch}, {"count", branch_total}, {"authors", authors_json}});
  }
  if (!merges.empty()) {
    text += "\nMerges\n";
    markdown += "\n**Merges**\n";
    for (const auto& merge : merges) {
      text += fmt::format("  {} {} ({})\n", merge.short_oid, merge.subject, merge.author);
      markdown += fmt::format("\xE2\x80\xA2 `{}` {} \xE2\x80\x94 {}\n", merge.short_oid, merge.subject, merge.author);
    }
  }
  if (!tags.empty()) {
    text += "\nTags\n";
    markdown += "\n**Tags**\n";
    for (const auto& [tag, commit] : tags) {
      text += fmt::format("  {} at {}\n", tag, commit);
      markdown += fmt::format("\xE2\x80\xA2 {} at `{}`\n", tag, commit);
    }
  }
  if (total == 0 && merges.empty() && tags.empty()) {
    text += "\nNo activity in this period.\n";
    markdown += "\nNo activity in this period.\n";
  }

  Digest digest;
  digest.text = text;
  digest.markdown = markdown;
  digest.commits = total;
  auto tags_json = nlohmann::json::array();
  for (const auto& [tag, commit] : tags) tags_json.push_back({{"name", tag}, {"commit", commit}});
  digest.facts = {{"repo", name},
                  {"title", fmt::format("[{}] digest {}", name, range)},
                  {"url", links.base()},
                  {"colour", colours::k_digest},
                  {"since", format_time(period.since)},
                  {"until", format_time(period.until)},
                  {"text", markdown},
                  {"summary", false},
                  {"commit_count", total},
                  {"branches", branches_json},
                  {"merges", commits_json(merges, links)},
                  {"tags", tags_json}};
  return digest;
}

} // namespace warden::notify

#include "warden/notify/push_confirm.hpp"

#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/core/process.hpp"
#include "warden/git/history.hpp"
#include "warden/git/refs.hpp"
#include "warden/git/tags.hpp"
#include "warden/git/remote.hpp"
#include "warden/notify/channels.hpp"
#include "warden/notify/events.hpp"
#include "warden/notify/outbox.hpp"
#include "warden/notify/text.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <sstream>
#include <thread>

namespace warden::notify {

namespace {

namespace stdfs = std::filesystem;

constexpr std::size_t k_listed_commits = 20;


bool landed(const git::Repository& repo, const std::string& remote, const nlohmann::json& update) {
  const std::string local_oid = update.value("local_oid", "");
  const std::string remote_ref = update.value("remote_ref", "");
  const bool deletion = git::is_zero_oid(local_oid);
  const std::string tracking = update.value("tracking", "");
  if (!tracking.empty()) {
    const std::string before = update.value("tracking_before", "");
    const auto now_id = git::ref_target(repo, tracking);
    const std::string now = now_id ? git::oid_hex(*now_id) : "";
    if (deletion) {
      if (now.empty() && !before.empty()) return true;
      if (!now.empty()) return false;
    } else if (now == local_oid) {
      if (before != local_oid) return true;
    } else if (!now.empty() || !before.empty()) {
      return false; // the tracking ref did not move: the remote refused
    }
  }
  const auto held = git::remote_ref_id(repo, remote, remote_ref);
  if (!held) return false;
  return deletion ? held->empty() : *held == local_oid;
}

std::vector<git_oid> oids_of(const nlohmann::json& list) {
  std::vector<git_oid> oids;
  for (const auto& item : list) {
    if (auto oid = git::parse_oid(item.get<std::string>())) oids.push_back(*oid);
  }
  return oids;
}

// One pushed branch as template data: name, created, deleted, forced, and
// the commits new to the remote (`hidden`: its tips before the push).
nlohmann::json branch_facts(const git::Repository& repo, const nlohmann::json& update,
                            const std::vector<git_oid>& hidden, const WebLinks& links) {
  const std::string local_oid = update.value("local_oid", "");
  const std::string remote_oid = update.value("remote_oid", "");
  const bool created = git::is_zero_oid(remote_oid);
  const bool deleted = git::is_zero_oid(local_oid);
  nlohmann::json item{{"name", update.value("remote_ref", "").substr(11)}, {"created", created}, {"deleted", deleted},
                      {"forced", false}, {"count", 0}, {"one", false}, {"commits", nlohmann::json::array()},
                      {"more", false}};
  const auto tip = git::parse_oid(local_oid);
  if (deleted || !tip) return item;
  auto hide = hidden;
  const auto old_oid = git::parse_oid(remote_oid);
  if (!created && old_oid) hide.push_back(*old_oid);
  const auto commits = list_commits(repo, *tip, hide, k_listed_commits);
  item["count"] = commits.total;
  item["one"] = commits.total == 1;
  item["commits"] = commits_json(commits.commits, links);
  if (commits.total > commits.commits.size()) item["more"] = commits.total - commits.commits.size();
  if (!created && old_oid && repo.has_object(*old_oid)) item["forced"] = !repo.is_ancestor(*old_oid, *tip);
  return item;
}

nlohmann::json push_facts(const git::Repository& repo, const nlohmann::json& record,
                          const std::vector<nlohmann::json>& updates) {
  const std::string url = record.value("url", "");
  const auto links = WebLinks::from_remote_url(url);
  const std::string name = repository_name(repo, url);
  const auto hidden = oids_of(record.value("hide", nlohmann::json::array()));
  auto branches = nlohmann::json::array();
  std::size_t total = 0;
  std::vector<std::string> names;
  std::string single_url; // the page of the (last) branch that still exists
  for (const auto& update : updates) {
    nlohmann::json item = branch_facts(repo, update, hidden, links);
    const std::string branch = item["name"].get<std::string>();
    total += item["count"].get<std::size_t>();
    if (!item["deleted"].get<bool>()) {
      single_url = item["created"].get<bool>()
                       ? links.branch(branch)
                       : links.compare(update.value("remote_oid", "").substr(0, 12),
                                       update.value("local_oid", "").substr(0, 12));
    }
    names.push_back(branch);
    branches.push_back(std::move(item));
  }
  nlohmann::json facts;
  facts["repo"] = name;
  facts["remote"] = record.value("named", false) ? record.value("remote", "") : name;
  facts["pusher"] = record.value("pusher", "");
  facts["author"] = record.value("pusher", "");
  facts["colour"] = colours::k_push;
  facts["branches"] = branches;
  facts["total"] = total;
  if (updates.size() == 1) {
    const auto& only = branches[0];
    if (only["deleted"].get<bool>()) {
      facts["title"] = fmt::format("[{}] deleted branch {}", name, names[0]);
    } else if (only["created"].get<bool>()) {
      facts["title"] = fmt::format("[{}] new branch {} ({} commit{})", name, names[0], total, total == 1 ? "" : "s");
    } else {
      facts["title"] = fmt::format("[{}] {} new commit{} to {}", name, total, total == 1 ? "" : "s", names[0]);
    }
    facts["url"] = single_url;
  } else {
    std::string joined;
    for (const auto& branch : names) joined += (joined.empty() ? "" : ", ") + branch;
    facts["title"] = fmt::format("[{}] pushed to {}", name, joined);
    facts["url"] = links.base();
  }
  return facts;
}

// Tags by the commit they lead to, `except` left out.
std::map<std::string, std::string> tags_by_commit(const git::Repository& repo, const std::string& except) {
  std::map<std::string, std::string> by_commit;
  for (const auto& tag : git::tags(repo)) {
    if (tag.name != except && tag.commit) by_commit.emplace(git::oid_hex(*tag.commit), tag.name);
  }
  return by_commit;
}

// The nearest tagged ancestor of `commit` (not `commit` itself) in `tags`.
std::optional<std::pair<git_oid, std::string>> previous_tag(const git::Repository& repo, const git_oid& commit,
                                                            const std::map<std::string, std::string>& tags) {
  git::RevisionWalk walk(repo, git::WalkOrder::topological);
  walk.push(commit);
  while (const auto next = walk.next()) {
    if (git::same_id(*next, commit)) continue;
    const auto found = tags.find(git::oid_hex(*next));
    if (found != tags.end()) return std::pair{*next, found->second};
  }
  return std::nullopt;
}

nlohmann::json tag_facts(const git::Repository& repo, const nlohmann::json& record, const nlohmann::json& update) {
  const std::string url = record.value("url", "");
  const auto links = WebLinks::from_remote_url(url);
  const std::string name = repository_name(repo, url);
  const std::string tag = update.value("remote_ref", "").substr(10);
  const std::string local_oid = update.value("local_oid", "");
  nlohmann::json facts;
  facts["repo"] = name;
  facts["tag"] = tag;
  facts["title"] = fmt::format("[{}] tag {}", name, tag);
  facts["url"] = links.tag(tag);
  facts["colour"] = colours::k_tag;
  facts["author"] = record.value("pusher", "");
  facts["message"] = "";
  facts["previous"] = "";
  facts["count"] = 0;
  facts["one"] = false;
  facts["commits"] = nlohmann::json::array();
  facts["more"] = false;

  const auto oid = git::parse_oid(local_oid);
  if (!oid) return facts;
  if (const auto message = git::tag_message(repo, *oid)) facts["message"] = fit_text(*message, 1500);
  const auto commit = repo.resolve_commit(local_oid);
  if (!commit) return facts;
  facts["commit"] = git::oid_hex(*commit).substr(0, 7);

  std::optional<git_oid> previous;
  if (const auto found = previous_tag(repo, *commit, tags_by_commit(repo, tag))) {
    previous = found->first;
    facts["previous"] = found->second;
  }
  std::vector<git_oid> hide;
  if (previous) hide.push_back(*previous);
  const auto commits = list_commits(repo, *commit, hide, 30);
  facts["count"] = commits.total;
  facts["one"] = commits.total == 1;
  facts["commits"] = commits_json(commits.commits, links);
  if (commits.total > commits.commits.size()) facts["more"] = commits.total - commits.commits.size();
  facts["fields"] = nlohmann::json::array(
      {{{"name", "Commit"}, {"value", "`" + git::oid_hex(*commit).substr(0, 7) + "`"}, {"inline", true}},
       {{"name", "Since"}, {"value", facts["previous"].get<std::string>().empty() ? "the first commit" : facts["previous"].get<std::string>()},
        {"inline", true}}});
  return facts;
}

} // namespace

ConfirmResult confirm_push(const std::string& record_path) {
  const auto text = fs::read_file(record_path);
  if (!text) throw Error(fmt::format("cannot read push record {}", record_path));
  const auto record = nlohmann::json::parse(*text, nullptr, false);
  if (record.is_discarded() || !record.is_object()) throw Error(fmt::format("{}: not a push record", record_path));
  ConfirmResult result;
  std::error_code ignored;
  auto repo = git::Repository::discover();
  const Policy policy = load_policy(repo);
  const std::string remote = record.value("remote", "");
  std::vector<nlohmann::json> branches;
  std::vector<nlohmann::json> tags;
  for (const auto& update : record.value("updates", nlohmann::json::array())) {
    if (!landed(repo, remote, update)) {
      ++result.dropped;
      continue;
    }
    ++result.confirmed;
    const std::string ref = update.value("remote_ref", "");
    if (ref.starts_with("refs/heads/")) branches.push_back(update);
    else if (ref.starts_with("refs/tags/") && !git::is_zero_oid(update.value("local_oid", ""))) tags.push_back(update);
  }
  if (!branches.empty() && !queue_for_channels(repo, "push", push_facts(repo, record, branches), policy, Scope::hooks).empty()) {
    ++result.queued;
  }
  for (const auto& update : tags) {
    if (!queue_for_channels(repo, "tag", tag_facts(repo, record, update), policy, Scope::hooks).empty()) ++result.queued;
  }
  stdfs::remove(record_path, ignored);
  return result;
}

} // namespace warden::notify

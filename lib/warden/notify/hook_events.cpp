#include "warden/notify/hook_events.hpp"

#include "warden/core/fs.hpp"
#include "warden/core/paths.hpp"
#include "warden/core/process.hpp"
#include "warden/git/reader_refs.hpp"
#include "warden/notify/hook_events_merge.hpp"
#include "warden/notify/channels.hpp"
#include "warden/notify/events.hpp"
#include "warden/notify/outbox.hpp"
#include "warden/notify/push_confirm.hpp"
#include "warden/notify/webhook.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <unistd.h>

namespace warden::notify {

namespace {

// The detached process must find the repository whatever its working
// directory and whatever relative GIT_DIR the hook inherited.
std::map<std::string, std::string> repository_env(const git::RepoFacts& repo) {
  return {{"GIT_DIR", fs::absolute_from(".", repo.git_dir()).string()}};
}

} // namespace

bool spawn_warden(const git::RepoFacts& repo, std::vector<std::string> args) {
  const std::string binary = warden_binary_path();
  if (::access(binary.c_str(), X_OK) != 0) {
    std::fprintf(stderr, "warden: warning: %s is missing; notification left in the outbox (run `warden notify flush`)\n",
                 binary.c_str());
    return false;
  }
  args.insert(args.begin(), binary);
  spawn_detached(args, repository_env(repo));
  return true;
}

namespace {

// Where the merged commits came from, as the reflog of HEAD tells it
// ("merge feature/x: Fast-forward", "pull origin main: Merge made by ...").
std::string merge_source(const git::RepoReader& repo, const std::string& branch) {
  const std::string message = git::last_head_reflog_message(repo);
  const auto colon = message.find(": ");
  const std::string head = colon == std::string::npos ? message : message.substr(0, colon);
  if (head.starts_with("merge ")) return head.substr(6);
  if (head.starts_with("pull")) {
    std::string rest = head.size() > 4 ? head.substr(5) : "";
    // "pull --rebase origin main" style options are not part of the source.
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start < rest.size()) {
      const auto end = rest.find(' ', start);
      const auto word = rest.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (!word.empty() && word.front() != '-') words.push_back(word);
      if (end == std::string::npos) break;
      start = end + 1;
    }
    if (words.size() >= 2) return words[0] + "/" + words[1];
    if (words.size() == 1) return words[0];
    auto remote = repo.config_string("branch." + branch + ".remote");
    auto merge = repo.config_string("branch." + branch + ".merge");
    if (remote && merge) {
      std::string name = *merge;
      if (name.starts_with("refs/heads/")) name = name.substr(11);
      return *remote + "/" + name;
    }
    return "upstream";
  }
  return "";
}

// What the merge changed: from commit `from` to commit `to`.
ChangedFiles changed_files(const git::RepoReader& repo, const git_oid& from, const git_oid& to) {
  return first_changed_files(git::commit_changes(repo, from, to));
}

// A merge or fast-forward of `branch`: what HEAD has and ORIG_HEAD had not;
// nullopt when HEAD did not move.
std::optional<Merged> head_merged(const git::RepoReader& repo, const git_oid& head, const std::string& branch) {
  const auto orig = git::ref_commit(repo, "ORIG_HEAD");
  if (!orig || git::equal_ids(*orig, head)) return std::nullopt;
  Merged merged;
  merged.commits = list_commits(repo, head, {*orig}, k_listed_commits, Merges::exclude);
  merged.source = merge_source(repo, branch);
  merged.files = changed_files(repo, *orig, head);
  const auto tip = repo.commit(head);
  merged.fast_forward = tip && tip->parents.size() <= 1;
  return merged;
}

} // namespace

ChangedFiles first_changed_files(const std::optional<std::vector<git::ChangedPath>>& changes) {
  ChangedFiles result;
  if (!changes) return result;
  result.total = changes->size();
  for (std::size_t i = 0; i < result.total && i < 15; ++i) result.paths.push_back((*changes)[i].path);
  return result;
}

void queue_merge(const git::RepoReader& repo, const Policy& policy, const std::string& branch, bool squash,
                 const std::optional<Merged>& merged) {
  if (!merged) return;
  const CommitList& commits = merged->commits;
  const ChangedFiles& files = merged->files;
  const std::string source = merged->source.empty() ? "another branch" : merged->source;
  const bool fast_forward = merged->fast_forward;

  const std::string url = git::remote_url(repo, policy.branches.remote);
  const auto links = WebLinks::from_remote_url(url);
  const std::string name = repository_name(repo, url);

  std::map<std::string, int> author_counts;
  std::vector<std::string> authors;
  for (const auto& commit : commits.commits) {
    if (author_counts[commit.author]++ == 0) authors.push_back(commit.author);
  }
  std::string authors_text;
  for (const auto& author : authors) {
    authors_text += (authors_text.empty() ? "" : ", ") + fmt::format("{} ({})", author, author_counts[author]);
  }
  std::string files_text;
  for (const auto& path : files.paths) files_text += "`" + path + "`\n";
  if (files.total > files.paths.size()) files_text += fmt::format("\xE2\x80\xA6" "and {} more", files.total - files.paths.size());

  nlohmann::json facts;
  facts["repo"] = name;
  facts["title"] = fmt::format("[{}] merged {} into {}", name, source, branch);
  facts["url"] = links.branch(branch);
  facts["colour"] = colours::k_merge;
  facts["branch"] = branch;
  facts["source"] = source;
  facts["squash"] = squash;
  facts["fast_forward"] = fast_forward;
  facts["count"] = commits.total;
  facts["one"] = commits.total == 1;
  facts["commits"] = commits_json(commits.commits, links);
  facts["more"] = commits.total > commits.commits.size() ? nlohmann::json(commits.total - commits.commits.size())
                                                          : nlohmann::json(false);
  facts["authors"] = authors;
  facts["files_count"] = files.total;
  facts["files"] = files.paths;
  facts["fields"] = nlohmann::json::array();
  if (!authors_text.empty()) facts["fields"].push_back({{"name", "Authors"}, {"value", authors_text}, {"inline", false}});
  facts["fields"].push_back({{"name", fmt::format("Files changed ({})", files.total)},
                             {"value", files_text.empty() ? "none" : files_text}, {"inline", false}});
  queue_for_channels(repo, "merge", facts, policy, Scope::hooks);
}

void on_pre_push(const git::RepoReader& repo, const std::string& remote_name, const std::string& remote_url_arg,
                 const std::vector<PushUpdate>& updates) {
  try {
    if (!any_channel_secret(repo)) return;
    const bool named = remote_name != remote_url_arg && git::remote_configured(repo, remote_name);
    nlohmann::json record;
    record["remote"] = remote_name;
    record["url"] = remote_url_arg;
    record["named"] = named;
    record["pusher"] = repo.config_string("user.name").value_or("");
    const long git_pid = static_cast<long>(::getppid());
    record["git_pid"] = git_pid;
    record["git_start"] = process_start_time(git_pid);
    auto& list = record["updates"] = nlohmann::json::array();
    for (const auto& update : updates) {
      if (!update.is_branch() && !update.is_tag()) continue;
      nlohmann::json item{{"local_ref", update.local_ref}, {"local_oid", update.local_oid},
                          {"remote_ref", update.remote_ref}, {"remote_oid", update.remote_oid}};
      if (named && update.is_branch()) {
        const std::string tracking = "refs/remotes/" + remote_name + "/" + update.remote_ref.substr(11);
        const auto before = repo.ref_id(tracking);
        item["tracking"] = tracking;
        item["tracking_before"] = before ? git::hex_id(*before) : "";
      }
      list.push_back(std::move(item));
    }
    if (list.empty()) return;
    auto& hide = record["hide"] = nlohmann::json::array();
    if (named) {
      for (const auto& oid : git::tracking_tips(repo, remote_name)) hide.push_back(git::hex_id(oid));
    }
    const auto stamp = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
    const auto path = Outbox::of(repo).dir() / "pushes" / fmt::format("{:020d}-{}.json", stamp, ::getpid());
    fs::write_file_atomic(path, record.dump(2) + "\n");
    spawn_warden(repo, {"notify", "confirm-push", path.string(), "--wait-pid", std::to_string(git_pid)});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "warden: warning: push notification not recorded: %s\n", e.what());
  }
}

bool merge_wanted(const git::RepoReader& repo, const Policy& policy) {
  for (const auto& channel : configured_channels(repo, policy))
    if (channel_wants(policy, channel, "merge")) return true;
  return false;
}

void on_post_merge(const git::RepoReader& repo) {
  try {
    if (!any_channel_secret(repo)) return;
    const Policy policy = load_policy(repo);
    if (!merge_wanted(repo, policy)) return;
    const auto head = repo.ref_id("HEAD");
    if (!head) return;
    const std::string branch = repo.head_branch().value_or("HEAD");
    queue_merge(repo, policy, branch, false, head_merged(repo, *head, branch));
    spawn_warden(repo, {"notify", "flush", "--quiet"});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "warden: warning: merge notification not queued: %s\n", e.what());
  }
}

} // namespace warden::notify

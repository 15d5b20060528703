#include "warden/notify/hook_events.hpp"

#include "warden/core/fs.hpp"
#include "warden/core/paths.hpp"
#include "warden/core/process.hpp"
#include "warden/git/repository.hpp"
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
#include <filesystem>
#include <map>
#include <unistd.h>

namespace warden::notify {

namespace {

namespace stdfs = std::filesystem;

constexpr std::size_t k_listed_commits = 20;

// The detached process must find the repository whatever its working
// directory and whatever relative GIT_DIR the hook inherited.
std::map<std::string, std::string> repository_env(const git::Repository& repo) {
  return {{"GIT_DIR", fs::absolute_from(".", repo.git_dir()).string()}};
}

bool spawn_warden(const git::Repository& repo, std::vector<std::string> args) {
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

std::vector<git_oid> tracking_tips(const git::Repository& repo, const std::string& remote) {
  std::vector<git_oid> tips;
  std::pair<git_repository*, std::vector<git_oid>*> context{repo.get(), &tips};
  const std::string glob = "refs/remotes/" + remote + "/*";
  git_reference_foreach_glob(
      repo.get(), glob.c_str(),
      [](const char* name, void* payload) -> int {
        auto& self = *static_cast<std::pair<git_repository*, std::vector<git_oid>*>*>(payload);
        git_oid oid;
        if (git_reference_name_to_id(&oid, self.first, name) == 0) self.second->push_back(oid);
        return 0;
      },
      &context);
  git_error_clear();
  return tips;
}

std::optional<std::string> ref_oid(const git::Repository& repo, const std::string& name) {
  git_oid oid;
  if (git_reference_name_to_id(&oid, repo.get(), name.c_str()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  return git::oid_hex(oid);
}

// Where the merged commits came from, as the reflog of HEAD tells it
// ("merge feature/x: Fast-forward", "pull origin main: Merge made by ...").
std::string merge_source(const git::Repository& repo, const std::string& branch) {
  std::string message;
  git_reflog* raw = nullptr;
  if (git_reflog_read(&raw, repo.get(), "HEAD") == 0) {
    if (git_reflog_entrycount(raw) > 0) {
      const git_reflog_entry* entry = git_reflog_entry_byindex(raw, 0);
      if (const char* text = git_reflog_entry_message(entry)) message = text;
    }
    git_reflog_free(raw);
  }
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

// The squashed commits, from SQUASH_MSG ("commit <oid>" lines).
std::vector<git_oid> squash_commits(const git::Repository& repo) {
  std::vector<git_oid> oids;
  const auto text = fs::read_file(stdfs::path(repo.git_dir()) / "SQUASH_MSG");
  if (!text) return oids;
  std::size_t pos = 0;
  while ((pos = text->find("\ncommit ", pos)) != std::string::npos) {
    pos += 8;
    if (auto oid = git::parse_oid(std::string_view(*text).substr(pos, GIT_OID_HEXSZ))) oids.push_back(*oid);
  }
  if (text->starts_with("commit ")) {
    if (auto oid = git::parse_oid(std::string_view(*text).substr(7, GIT_OID_HEXSZ))) oids.insert(oids.begin(), *oid);
  }
  return oids;
}

// The local or remote-tracking branch whose tip is `oid`, if any.
std::string branch_at(const git::Repository& repo, const git_oid& oid) {
  git_branch_iterator* raw = nullptr;
  if (git_branch_iterator_new(&raw, repo.get(), GIT_BRANCH_ALL) != 0) return "";
  git::BranchIteratorPtr it(raw);
  git_reference* ref = nullptr;
  git_branch_t type;
  while (git_branch_next(&ref, &type, it.get()) == 0) {
    git::ReferencePtr owned(ref);
    const git_oid* target = git_reference_target(owned.get());
    const char* name = nullptr;
    if (target && git_oid_equal(target, &oid) && git_branch_name(&name, owned.get()) == 0 && name) return name;
  }
  return "";
}

struct ChangedFiles {
  std::vector<std::string> paths;
  std::size_t total = 0;
};

ChangedFiles changed_files(const git::Repository& repo, const git_oid& from, const std::optional<git_oid>& to) {
  ChangedFiles result;
  auto tree_of = [&](const git_oid& commit) -> git::TreePtr {
    const auto tree_id = repo.commit_tree(commit);
    git_tree* tree = nullptr;
    if (!tree_id || git_tree_lookup(&tree, repo.get(), &*tree_id) != 0) return nullptr;
    return git::TreePtr(tree);
  };
  const auto old_tree = tree_of(from);
  git_diff* raw = nullptr;
  int code = 0;
  if (to) {
    const auto new_tree = tree_of(*to);
    code = git_diff_tree_to_tree(&raw, repo.get(), old_tree.get(), new_tree.get(), nullptr);
  } else {
    code = git_diff_tree_to_index(&raw, repo.get(), old_tree.get(), nullptr, nullptr);
  }
  if (code != 0) {
    git_error_clear();
    return result;
  }
  git::DiffPtr diff(raw);
  result.total = git_diff_num_deltas(diff.get());
  for (std::size_t i = 0; i < result.total && i < 15; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    result.paths.emplace_back(delta->new_file.path ? delta->new_file.path : delta->old_file.path);
  }
  return result;
}

void queue_merge(const git::Repository& repo, const Policy& policy, bool squash) {
  const auto head = repo.head_commit();
  if (!head) return;
  const std::string branch = repo.head_branch().value_or("HEAD");
  CommitList commits;
  ChangedFiles files;
  std::string source;
  bool fast_forward = false;
  if (squash) {
    const auto oids = squash_commits(repo);
    for (const auto& oid : oids) {
      auto one = list_commits(repo, oid, {}, 1);
      if (!one.commits.empty()) commits.commits.push_back(one.commits.front());
    }
    commits.total = commits.commits.size();
    if (commits.commits.size() > k_listed_commits) commits.commits.resize(k_listed_commits);
    if (!oids.empty()) source = branch_at(repo, oids.front());
    files = changed_files(repo, *head, std::nullopt);
  } else {
    const auto orig = repo.resolve_commit("ORIG_HEAD");
    if (!orig || git_oid_equal(&*orig, &*head)) return;
    commits = list_commits(repo, *head, {*orig}, k_listed_commits, Merges::exclude);
    source = merge_source(repo, branch);
    files = changed_files(repo, *orig, *head);
    const auto tip = list_commits(repo, *head, {}, 1);
    fast_forward = !tip.commits.empty() && tip.commits.front().parents <= 1;
  }
  if (source.empty()) source = "another branch";

  const std::string url = remote_url(repo, policy.branches.remote);
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

} // namespace

void on_pre_push(const git::Repository& repo, const std::string& remote_name, const std::string& remote_url_arg,
                 const std::vector<PushUpdate>& updates) {
  try {
    if (!any_channel_secret(repo)) return;
    const bool named = remote_name != remote_url_arg && repo.config_string("remote." + remote_name + ".url").has_value();
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
        item["tracking"] = tracking;
        item["tracking_before"] = ref_oid(repo, tracking).value_or("");
      }
      list.push_back(std::move(item));
    }
    if (list.empty()) return;
    auto& hide = record["hide"] = nlohmann::json::array();
    if (named) {
      for (const auto& oid : tracking_tips(repo, remote_name)) hide.push_back(git::oid_hex(oid));
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

void on_post_merge(const git::Repository& repo, bool squash) {
  try {
    if (!any_channel_secret(repo)) return;
    const Policy policy = repo.load_policy();
    bool wanted = false;
    for (const auto& channel : configured_channels(repo, policy)) wanted = wanted || channel_wants(policy, channel, "merge");
    if (!wanted) return;
    queue_merge(repo, policy, squash);
    spawn_warden(repo, {"notify", "flush", "--quiet"});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "warden: warning: merge notification not queued: %s\n", e.what());
  }
}

} // namespace warden::notify

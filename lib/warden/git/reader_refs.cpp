#include "warden/git/reader_refs.hpp"

#include "warden/core/error.hpp"
#include "warden/git/native/object_store.hpp"
#include "warden/git/tree_diff.hpp"

#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace warden::git {

std::string hex_id(const git_oid& id) { return native::oid_to_hex(id); }

std::string short_id(const git_oid& id) { return hex_id(id).substr(0, 7); }

bool equal_ids(const git_oid& a, const git_oid& b) { return std::memcmp(a.id, b.id, sizeof a.id) == 0; }

bool valid_branch_name(std::string_view name) {
  if (name.empty() || name == "HEAD" || name == "@" || name.front() == '-' || name.back() == '.') return false;
  std::size_t component = 0; // where the current component starts
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '/') {
      const std::string_view part = name.substr(component, i - component);
      if (part.empty() || part.front() == '.' || part.ends_with(".lock")) return false;
      component = i + 1;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (c < 040 || c == 0177 || std::strchr(" ~^:?*[\\", c)) return false;
    if (c == '.' && i + 1 < name.size() && name[i + 1] == '.') return false;
    if (c == '@' && i + 1 < name.size() && name[i + 1] == '{') return false;
  }
  return true;
}

std::string commit_summary(std::string_view message) {
  while (!message.empty() && message.front() == '\n') message.remove_prefix(1);
  std::string summary;
  while (!message.empty()) {
    const auto newline = message.find('\n');
    std::string_view line = message.substr(0, newline);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
    if (line.empty()) break; // the paragraph ends at a blank line
    if (!summary.empty()) summary += ' ';
    summary += line;
    if (newline == std::string_view::npos) break;
    message.remove_prefix(newline + 1);
  }
  return summary;
}

std::optional<git_oid> ref_commit(const RepoReader& repo, const std::string& name) {
  const auto id = repo.ref_id(name);
  if (!id) return std::nullopt;
  return repo.peel_to_commit(*id);
}

std::optional<git_oid> peel_hex(const RepoReader& repo, std::string_view hex) {
  const auto id = native::oid_from_hex(hex);
  if (!id) return std::nullopt;
  return repo.peel_to_commit(*id);
}

std::string tracking_ref(const std::string& remote, const std::string& branch) {
  return "refs/remotes/" + remote + "/" + branch;
}

std::vector<git_oid> tracking_tips(const RepoReader& repo, const std::string& remote) {
  std::vector<git_oid> tips;
  for (const NamedRef& ref : repo.refs("refs/remotes/" + remote + "/")) tips.push_back(ref.id);
  return tips;
}

std::string remote_url(const RepoFacts& repo, const std::string& remote) {
  if (remote.empty()) return "";
  if (auto url = repo.config_string("remote." + remote + ".url")) return *url;
  if (remote.find('/') != std::string::npos || remote.find(':') != std::string::npos) return remote;
  return "";
}

bool remote_configured(const RepoFacts& repo, const std::string& name) {
  return !name.empty() && repo.config_string("remote." + name + ".url").has_value();
}

std::optional<std::string> remote_head_branch(const RepoReader& repo, const std::string& remote) {
  const std::string prefix = "refs/remotes/" + remote + "/";
  const auto target = repo.symbolic_ref(prefix + "HEAD");
  if (!target || !target->starts_with(prefix)) return std::nullopt;
  return target->substr(prefix.size());
}

std::optional<std::vector<ChangedPath>> commit_changes(const ObjectReader& objects, const git_oid& from,
                                                       const git_oid& to) {
  const auto before = objects.commit(from);
  const auto after = objects.commit(to);
  if (!before || !after) return std::nullopt;
  TreeChange change;
  try {
    change = tree_change(objects, after->tree, before->tree, Listing::partial);
  } catch (const Error&) {
    return std::nullopt;
  }
  std::vector<ChangedPath> paths;
  for (const TreeEntry& entry : change.entries)
    if (entry.changed) paths.push_back({entry.path, false});
  for (std::string& path : change.removed) paths.push_back({std::move(path), true});
  std::sort(paths.begin(), paths.end(), [](const ChangedPath& a, const ChangedPath& b) { return a.path < b.path; });
  return paths;
}

std::string last_head_reflog_message(const RepoFacts& repo) {
  // Only the file's tail: a long-lived reflog runs to megabytes.
  const std::string path = repo.git_dir() + "/logs/HEAD";
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  std::string text;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    const off_t want = std::min<off_t>(st.st_size, 64 * 1024);
    text.resize(static_cast<std::size_t>(want));
    const ssize_t got = ::pread(fd, text.data(), text.size(), st.st_size - want);
    text.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
  }
  ::close(fd);
  if (text.empty()) return {};
  std::string_view log(text);
  if (log.back() == '\n') log.remove_suffix(1);
  const auto newline = log.rfind('\n');
  const std::string_view line = newline == std::string_view::npos ? log : log.substr(newline + 1);
  // "<old> <new> <name> <email> <time> <zone>\t<message>"
  const auto tab = line.find('\t');
  return tab == std::string_view::npos ? std::string() : std::string(line.substr(tab + 1));
}

} // namespace warden::git

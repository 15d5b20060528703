#include "warden/git/remote.hpp"

#include "warden/core/process.hpp"
#include "warden/git/refs.hpp"

#include <sstream>

namespace warden::git {

bool remote_configured(const Repository& repo, const std::string& name) {
  return !name.empty() && repo.config_string("remote." + name + ".url").has_value();
}

std::string remote_url(const Repository& repo, const std::string& remote) {
  if (remote.empty()) return "";
  if (auto url = repo.config_string("remote." + remote + ".url")) return *url;
  if (remote.find('/') != std::string::npos || remote.find(':') != std::string::npos) return remote;
  return "";
}

std::string tracking_ref(const std::string& remote, const std::string& branch) {
  return "refs/remotes/" + remote + "/" + branch;
}

std::vector<git_oid> tracking_tips(const Repository& repo, const std::string& remote) {
  std::vector<git_oid> tips;
  for (const auto& name : ref_names(repo, tracking_ref(remote, "*"))) {
    if (const auto oid = ref_target(repo, name)) tips.push_back(*oid);
  }
  return tips;
}

bool reachable_from_tracking(const Repository& repo, const std::string& remote, const git_oid& commit) {
  for (const auto& name : ref_names(repo, tracking_ref(remote, "*"))) {
    const auto tip = ref_commit(repo, name);
    if (tip && repo.is_ancestor(commit, *tip)) return true;
  }
  return false;
}

std::optional<std::string> remote_ref_id(const Repository& repo, const std::string& remote, const std::string& ref) {
  const auto result = run_git({"ls-remote", remote, ref}, repo.git_dir(), false);
  if (!result.ok()) return std::nullopt;
  std::istringstream in(result.out);
  for (std::string line; std::getline(in, line);) {
    const auto tab = line.find('\t');
    if (tab != std::string::npos && line.substr(tab + 1) == ref) return line.substr(0, tab);
  }
  return std::string();
}

} // namespace warden::git

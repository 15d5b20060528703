#include "warden/git/remote.hpp"

#include "warden/core/process.hpp"
#include "warden/git/refs.hpp"

#include <sstream>

namespace warden::git {

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

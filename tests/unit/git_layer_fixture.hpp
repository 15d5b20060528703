#pragma once
// Helpers for the git layer's tests (history, refs, objects, remotes, local
// config): commits made through git itself, ids read back as git prints them.
#include "git_test_repo.hpp"

#include "warden/git/repository.hpp"

#include <map>
#include <string>
#include <vector>

namespace warden::test {

// The id `revision` names, as git prints it.
inline std::string rev_parse(const TestRepo& repo, const std::string& revision) {
  std::string out = repo.git({"rev-parse", revision});
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// Write `path`, stage it and commit it with `message`; return the new commit id.
inline std::string commit_file(const TestRepo& repo, const std::string& path, const std::string& contents,
                               const std::string& message, std::map<std::string, std::string> env = {}) {
  repo.write(path, contents);
  repo.add({path});
  repo.git({"commit", "-q", "--no-verify", "-m", message}, std::move(env));
  return rev_parse(repo, "HEAD");
}

inline git_oid oid_of(const std::string& hex) {
  const auto oid = git::parse_oid(hex);
  REQUIRE(oid.has_value());
  return *oid;
}

inline std::vector<std::string> hex_ids(const std::vector<git_oid>& ids) {
  std::vector<std::string> out;
  for (const auto& id : ids) out.push_back(git::oid_hex(id));
  return out;
}

} // namespace warden::test

#include "warden/git/refs.hpp"

#include <algorithm>

namespace warden::git {

namespace {

using ReferenceIteratorPtr = Handle<git_reference_iterator, git_reference_iterator_free>;

// The reference `refname`, null when it does not exist. An expected miss
// clears libgit2's error so no later message repeats it.
ReferencePtr lookup(const Repository& repo, const std::string& refname) {
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo.get(), refname.c_str()) != 0) {
    git_error_clear();
    return nullptr;
  }
  return ReferencePtr(raw);
}

} // namespace

std::optional<git_oid> ref_commit(const Repository& repo, const std::string& refname) {
  const auto ref = lookup(repo, refname);
  if (!ref) return std::nullopt;
  git_object* raw_obj = nullptr;
  if (git_reference_peel(&raw_obj, ref.get(), GIT_OBJECT_COMMIT) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  ObjectPtr obj(raw_obj);
  return *git_object_id(obj.get());
}

std::optional<git_oid> ref_target(const Repository& repo, const std::string& ref) {
  git_oid oid;
  if (git_reference_name_to_id(&oid, repo.get(), ref.c_str()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  return oid;
}

std::vector<std::string> ref_names(const Repository& repo, const std::string& glob) {
  std::vector<std::string> names;
  git_reference_iterator* raw = nullptr;
  const int code = glob.empty() ? git_reference_iterator_new(&raw, repo.get())
                                : git_reference_iterator_glob_new(&raw, repo.get(), glob.c_str());
  if (glob.empty()) check(code, "list references");
  if (code < 0) {
    git_error_clear();
    return names;
  }
  ReferenceIteratorPtr iterator(raw);
  const char* name = nullptr;
  while (git_reference_next_name(&name, iterator.get()) == 0) names.emplace_back(name);
  git_error_clear();
  return names;
}

bool ref_exists(const Repository& repo, const std::string& refname) { return lookup(repo, refname) != nullptr; }

std::optional<std::string> symbolic_target(const Repository& repo, const std::string& refname) {
  const auto ref = lookup(repo, refname);
  if (!ref || git_reference_type(ref.get()) != GIT_REFERENCE_SYMBOLIC) return std::nullopt;
  const char* target = git_reference_symbolic_target(ref.get());
  if (!target) return std::nullopt;
  return std::string(target);
}

std::optional<std::string> remote_head_branch(const Repository& repo, const std::string& remote) {
  const auto target = symbolic_target(repo, "refs/remotes/" + remote + "/HEAD");
  const std::string prefix = "refs/remotes/" + remote + "/";
  if (!target || !target->starts_with(prefix)) return std::nullopt;
  return target->substr(prefix.size());
}

bool same_oid(const git_oid& a, const git_oid& b) { return git_oid_equal(&a, &b) != 0; }

std::string short_hex(const git_oid& oid) { return oid_hex(oid).substr(0, 7); }

std::size_t count_commits_outside(const Repository& repo, const git_oid& tip, const std::vector<git_oid>& bases,
                                  std::size_t limit) {
  git_revwalk* raw_walk = nullptr;
  check(git_revwalk_new(&raw_walk, repo.get()), "walk history");
  RevwalkPtr walk(raw_walk);
  check(git_revwalk_push(walk.get(), &tip), "walk history from " + oid_hex(tip));
  for (const auto& base : bases) {
    // A base that is not in the object database cannot hide anything.
    git_revwalk_hide(walk.get(), &base);
  }
  std::size_t count = 0;
  git_oid oid;
  while (count < limit && git_revwalk_next(&oid, walk.get()) == 0) ++count;
  return count;
}

bool reachable_from_any(const Repository& repo, const git_oid& tip, const std::vector<git_oid>& bases) {
  return std::any_of(bases.begin(), bases.end(), [&](const git_oid& base) { return repo.is_ancestor(tip, base); });
}

} // namespace warden::git

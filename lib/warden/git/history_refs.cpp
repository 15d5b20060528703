#include "warden/git/history_refs.hpp"

#include "warden/git/history.hpp"

namespace warden::git {

namespace {

using ReferenceIteratorPtr = Handle<git_reference_iterator, git_reference_iterator_free>;

} // namespace

std::optional<git_oid> ref_target(const Repository& repo, const std::string& ref) {
  git_oid oid;
  if (git_reference_name_to_id(&oid, repo.get(), ref.c_str()) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  return oid;
}

std::optional<git_oid> peeled_ref_commit(const Repository& repo, const std::string& ref) {
  const auto oid = ref_target(repo, ref);
  if (!oid) return std::nullopt;
  return peel_to_commit(repo, oid_hex(*oid));
}

std::optional<std::string> symbolic_target(const Repository& repo, const std::string& ref) {
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo.get(), ref.c_str()) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  ReferencePtr reference(raw);
  if (git_reference_type(reference.get()) != GIT_REFERENCE_SYMBOLIC) return std::nullopt;
  const char* target = git_reference_symbolic_target(reference.get());
  if (!target) return std::nullopt;
  return std::string(target);
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

std::vector<BranchTip> branch_tips(const Repository& repo, BranchScope scope) {
  std::vector<BranchTip> tips;
  git_branch_iterator* raw = nullptr;
  const git_branch_t kind = scope == BranchScope::local ? GIT_BRANCH_LOCAL : GIT_BRANCH_ALL;
  if (git_branch_iterator_new(&raw, repo.get(), kind) != 0) {
    git_error_clear();
    return tips;
  }
  BranchIteratorPtr iterator(raw);
  git_reference* ref = nullptr;
  git_branch_t type;
  while (git_branch_next(&ref, &type, iterator.get()) == 0) {
    ReferencePtr owned(ref);
    BranchTip tip;
    const char* name = nullptr;
    if (git_branch_name(&name, owned.get()) != 0 || !name) {
      git_error_clear();
      continue;
    }
    tip.name = name;
    tip.ref = git_reference_name(owned.get());
    if (const git_oid* target = git_reference_target(owned.get())) tip.target = *target;
    tips.push_back(std::move(tip));
  }
  git_error_clear();
  return tips;
}

std::string branch_at(const Repository& repo, const git_oid& commit, BranchScope scope) {
  for (const auto& tip : branch_tips(repo, scope)) {
    if (tip.target && git_oid_equal(&*tip.target, &commit)) return tip.name;
  }
  return "";
}

std::vector<TagInfo> tags(const Repository& repo) {
  std::vector<TagInfo> result;
  git_strarray names{};
  if (git_tag_list(&names, repo.get()) != 0) {
    git_error_clear();
    return result;
  }
  for (std::size_t i = 0; i < names.count; ++i) {
    TagInfo tag;
    tag.name = names.strings[i];
    const std::string ref = "refs/tags/" + tag.name;
    git_object* raw = nullptr;
    if (git_revparse_single(&raw, repo.get(), ref.c_str()) != 0) {
      git_error_clear();
      continue;
    }
    ObjectPtr object(raw);
    if (git_object_type(object.get()) == GIT_OBJECT_TAG) {
      const git_signature* tagger = git_tag_tagger(reinterpret_cast<git_tag*>(object.get()));
      if (tagger) tag.time = tagger->when.time;
    }
    tag.commit = repo.resolve_commit(ref);
    if (tag.time == 0 && tag.commit) {
      if (const auto commit = find_commit(repo, *tag.commit)) tag.time = commit->time;
    }
    result.push_back(std::move(tag));
  }
  git_strarray_dispose(&names);
  return result;
}

std::optional<std::string> tag_message(const Repository& repo, const git_oid& id) {
  git_object* raw = nullptr;
  if (git_object_lookup(&raw, repo.get(), &id, GIT_OBJECT_ANY) != 0) {
    git_error_clear();
    return std::nullopt;
  }
  ObjectPtr object(raw);
  if (git_object_type(object.get()) != GIT_OBJECT_TAG) return std::nullopt;
  const char* message = git_tag_message(reinterpret_cast<git_tag*>(object.get()));
  return std::string(message ? message : "");
}

} // namespace warden::git

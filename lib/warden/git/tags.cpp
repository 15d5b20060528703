#include "warden/git/tags.hpp"

#include "warden/git/history.hpp"

namespace warden::git {

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

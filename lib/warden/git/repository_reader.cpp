// git::Repository as the reader of git/reader.hpp, through libgit2.
#include "warden/git/repository.hpp"

#include <git2.h>

#include <algorithm>
#include <utility>

namespace warden::git {

Repository::Repository(RepositoryPtr repo) : m_repo(std::move(repo)) {}
Repository::~Repository() = default;
Repository::Repository(Repository&&) noexcept = default;
Repository& Repository::operator=(Repository&&) noexcept = default;

namespace {

void fill_signature(const git_signature* signature, std::string& name, std::string& email) {
  if (!signature) return;
  if (signature->name) name = signature->name;
  if (signature->email) email = signature->email;
}

} // namespace

std::optional<CommitData> Repository::commit(const git_oid& id) const {
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, get(), &id) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  CommitPtr commit(raw);
  CommitData data;
  data.id = *git_commit_id(commit.get());
  data.tree = *git_commit_tree_id(commit.get());
  const unsigned count = git_commit_parentcount(commit.get());
  data.parents.reserve(count);
  for (unsigned i = 0; i < count; ++i) data.parents.push_back(*git_commit_parent_id(commit.get(), i));
  const git_signature* author = git_commit_author(commit.get());
  const git_signature* committer = git_commit_committer(commit.get());
  fill_signature(author, data.author_name, data.author_email);
  fill_signature(committer, data.committer_name, data.committer_email);
  if (author) data.author_time = static_cast<std::int64_t>(author->when.time);
  data.commit_time = static_cast<std::int64_t>(git_commit_time(commit.get()));
  // The message as stored: libgit2's raw message is everything after the
  // header's blank line.
  if (const char* message = git_commit_message_raw(commit.get())) data.message = message;
  return data;
}

std::optional<std::vector<TreeItem>> Repository::tree(const git_oid& id) const {
  git_tree* raw = nullptr;
  if (git_tree_lookup(&raw, get(), &id) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  TreePtr tree(raw);
  const std::size_t count = git_tree_entrycount(tree.get());
  std::vector<TreeItem> items;
  items.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i);
    TreeItem item;
    item.name = git_tree_entry_name(entry);
    item.mode = static_cast<std::uint32_t>(git_tree_entry_filemode_raw(entry));
    item.oid = *git_tree_entry_id(entry);
    items.push_back(std::move(item));
  }
  return items;
}

std::optional<git_oid> Repository::peel_to_commit(const git_oid& id) const {
  git_object* raw = nullptr;
  if (git_object_lookup(&raw, get(), &id, GIT_OBJECT_ANY) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  ObjectPtr object(raw);
  const git_object_t type = git_object_type(object.get());
  if (type != GIT_OBJECT_COMMIT && type != GIT_OBJECT_TAG) return std::nullopt;
  git_object* peeled_raw = nullptr;
  if (git_object_peel(&peeled_raw, object.get(), GIT_OBJECT_COMMIT) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  ObjectPtr peeled(peeled_raw);
  return *git_object_id(peeled.get());
}

BlobReader& Repository::blobs() const {
  if (!m_blobs) m_blobs = std::make_unique<OdbBlobSource>(*this);
  return *m_blobs;
}

std::optional<git_oid> Repository::ref_id(const std::string& name) const {
  // A full ref name or a pseudo-ref of the git dir (HEAD, ORIG_HEAD,
  // MERGE_HEAD, FETCH_HEAD: its first id), symbolic refs followed.
  git_oid oid;
  if (git_reference_name_to_id(&oid, get(), name.c_str()) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  return oid;
}

std::optional<std::string> Repository::symbolic_ref(const std::string& name) const {
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, get(), name.c_str()) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  ReferencePtr ref(raw);
  if (git_reference_type(ref.get()) != GIT_REFERENCE_SYMBOLIC) return std::nullopt;
  const char* target = git_reference_symbolic_target(ref.get());
  if (!target) return std::nullopt;
  return std::string(target);
}

std::vector<NamedRef> Repository::refs(const std::string& prefix) const {
  std::vector<NamedRef> out;
  git_reference_iterator* raw_iterator = nullptr;
  if (git_reference_iterator_new(&raw_iterator, get()) < 0) {
    git_error_clear();
    return out;
  }
  Handle<git_reference_iterator, git_reference_iterator_free> iterator(raw_iterator);
  git_reference* raw = nullptr;
  int code = 0;
  while ((code = git_reference_next(&raw, iterator.get())) == 0) {
    ReferencePtr ref(raw);
    const char* name = git_reference_name(ref.get());
    if (!name || std::string_view(name).compare(0, prefix.size(), prefix) != 0) continue;
    NamedRef named;
    named.name = name;
    if (git_reference_type(ref.get()) == GIT_REFERENCE_SYMBOLIC) {
      git_reference* resolved_raw = nullptr;
      if (git_reference_resolve(&resolved_raw, ref.get()) < 0) { // dangling: left out, as git does
        git_error_clear();
        continue;
      }
      ReferencePtr resolved(resolved_raw);
      const git_oid* target = git_reference_target(resolved.get());
      if (!target) continue;
      named.id = *target;
    } else {
      const git_oid* target = git_reference_target(ref.get());
      if (!target) continue;
      named.id = *target;
    }
    out.push_back(std::move(named));
  }
  if (code != GIT_ITEROVER) git_error_clear();
  // `git for-each-ref` order: by full name, bytewise.
  std::sort(out.begin(), out.end(), [](const NamedRef& a, const NamedRef& b) { return a.name < b.name; });
  return out;
}

} // namespace warden::git

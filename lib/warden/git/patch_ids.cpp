#include "warden/git/patch_ids.hpp"

#include <cstring>
#include <string>
#include <string_view>

namespace warden::git {

namespace {

constexpr std::uint64_t k_fnv_offset = 14695981039346656037ULL;
constexpr std::uint64_t k_fnv_prime = 1099511628211ULL;

void mix(std::uint64_t& hash, std::string_view bytes) {
  for (const unsigned char c : bytes) {
    hash ^= c;
    hash *= k_fnv_prime;
  }
  hash ^= 0xff; // a separator no path byte sequence can imitate by itself
  hash *= k_fnv_prime;
}

void mix(std::uint64_t& hash, std::uint32_t value) {
  mix(hash, std::string_view(reinterpret_cast<const char*>(&value), sizeof value));
}

TreePtr tree_of(const Repository& repo, const git_oid& commit_id) {
  git_commit* raw_commit = nullptr;
  check(git_commit_lookup(&raw_commit, repo.get(), &commit_id), "read commit " + oid_hex(commit_id));
  CommitPtr commit(raw_commit);
  git_tree* raw_tree = nullptr;
  check(git_commit_tree(&raw_tree, commit.get()), "read the tree of " + oid_hex(commit_id));
  return TreePtr(raw_tree);
}

// The diff git's patch ids are made from: tree to tree, no rename detection,
// three lines of context.
DiffPtr diff_trees(const Repository& repo, git_tree* from, git_tree* to, const std::string& what) {
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  git_diff* raw = nullptr;
  check(git_diff_tree_to_tree(&raw, repo.get(), from, to, &options), "diff " + what);
  return DiffPtr(raw);
}

} // namespace

Change::Change(DiffPtr diff) : m_diff(std::move(diff)) {
  std::uint64_t hash = k_fnv_offset;
  const std::size_t count = git_diff_num_deltas(m_diff.get());
  for (std::size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(m_diff.get(), i);
    mix(hash, static_cast<std::uint32_t>(delta->status));
    mix(hash, delta->old_file.path ? delta->old_file.path : "");
    mix(hash, delta->new_file.path ? delta->new_file.path : "");
    mix(hash, static_cast<std::uint32_t>(delta->old_file.mode));
    mix(hash, static_cast<std::uint32_t>(delta->new_file.mode));
  }
  m_paths_key = hash;
  m_empty = count == 0;
}

git_oid Change::patch_id() {
  if (m_patch_id) return *m_patch_id;
  git_oid id;
  check(git_diff_patchid(&id, m_diff.get(), nullptr), "compute a patch id");
  // Generating the patch marked the binary files; git's patch text of one
  // says only "Binary files differ", so their blob ids decide instead.
  std::string binary;
  const std::size_t count = git_diff_num_deltas(m_diff.get());
  for (std::size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(m_diff.get(), i);
    if (!(delta->flags & GIT_DIFF_FLAG_BINARY)) continue;
    binary += delta->new_file.path ? delta->new_file.path : "";
    binary.push_back('\0');
    binary += oid_hex(delta->old_file.id) + oid_hex(delta->new_file.id);
  }
  if (!binary.empty()) {
    binary = oid_hex(id) + binary;
    check(git_odb_hash(&id, binary.data(), binary.size(), GIT_OBJECT_BLOB), "hash a patch id");
  }
  m_patch_id = id;
  return id;
}

std::optional<Change> commit_change(const Repository& repo, const git_oid& commit_id) {
  git_commit* raw_commit = nullptr;
  check(git_commit_lookup(&raw_commit, repo.get(), &commit_id), "read commit " + oid_hex(commit_id));
  CommitPtr commit(raw_commit);
  const unsigned parents = git_commit_parentcount(commit.get());
  if (parents > 1) return std::nullopt;
  git_tree* raw_tree = nullptr;
  check(git_commit_tree(&raw_tree, commit.get()), "read the tree of " + oid_hex(commit_id));
  TreePtr tree(raw_tree);
  TreePtr parent_tree;
  if (parents == 1) parent_tree = tree_of(repo, *git_commit_parent_id(commit.get(), 0));
  return Change(diff_trees(repo, parent_tree.get(), tree.get(), "commit " + oid_hex(commit_id)));
}

Change tree_change(const Repository& repo, const git_oid& from, const git_oid& to) {
  const TreePtr from_tree = tree_of(repo, from);
  const TreePtr to_tree = tree_of(repo, to);
  return Change(diff_trees(repo, from_tree.get(), to_tree.get(), oid_hex(from) + ".." + oid_hex(to)));
}

} // namespace warden::git

#include "warden/git/patch_ids.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>

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

// Comparing many changes reads the same trees again and again: let
// libgit2's object cache keep trees of any usual size (by default it drops
// objects over 4 KiB, e.g. a directory of 200 entries), process-wide.
void cache_trees() {
  static const bool done = [] {
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, static_cast<std::size_t>(1) << 20);
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_COMMIT, static_cast<std::size_t>(64) << 10);
    return true;
  }();
  (void)done;
}

TreePtr lookup_tree(const Repository& repo, const git_oid& id) {
  git_tree* raw = nullptr;
  check(git_tree_lookup(&raw, repo.get(), &id), "read tree " + oid_hex(id));
  return TreePtr(raw);
}

bool is_tree(git_filemode_t mode) { return mode == GIT_FILEMODE_TREE; }

// The paths that differ between two trees, found by comparing entries and
// descending only into subtrees whose ids differ (libgit2's tree diff reads
// every entry of both trees). A path that is a file on one side and a
// directory on the other counts as the file deleted (or added) and every
// file below the directory added (or deleted).
class TreeComparer {
public:
  explicit TreeComparer(const Repository& repo) : m_repo(repo) {}

  void compare(const git_oid* from, const git_oid* to, const std::string& prefix) {
    TreePtr a = from ? lookup_tree(m_repo, *from) : nullptr;
    TreePtr b = to ? lookup_tree(m_repo, *to) : nullptr;
    std::unordered_map<std::string_view, const git_tree_entry*> old_entries;
    const std::size_t na = a ? git_tree_entrycount(a.get()) : 0, nb = b ? git_tree_entrycount(b.get()) : 0;
    old_entries.reserve(na);
    for (std::size_t i = 0; i < na; ++i) {
      const git_tree_entry* e = git_tree_entry_byindex(a.get(), i);
      old_entries.emplace(git_tree_entry_name(e), e);
    }
    for (std::size_t i = 0; i < nb; ++i) {
      const git_tree_entry* e = git_tree_entry_byindex(b.get(), i);
      const std::string_view name = git_tree_entry_name(e);
      const auto found = old_entries.find(name);
      const git_tree_entry* old = found == old_entries.end() ? nullptr : found->second;
      if (old) old_entries.erase(found);
      entry_pair(old, e, prefix + std::string(name));
    }
    for (const auto& [name, old] : old_entries) entry_pair(old, nullptr, prefix + std::string(name));
  }

  std::vector<std::string>& paths() { return m_paths; }
  std::vector<std::uint32_t>& modes() { return m_modes; }

private:
  void entry_pair(const git_tree_entry* old, const git_tree_entry* now, const std::string& path) {
    const git_filemode_t old_mode = old ? git_tree_entry_filemode(old) : GIT_FILEMODE_UNREADABLE;
    const git_filemode_t new_mode = now ? git_tree_entry_filemode(now) : GIT_FILEMODE_UNREADABLE;
    if (old && now && old_mode == new_mode && git_oid_equal(git_tree_entry_id(old), git_tree_entry_id(now))) return;
    const bool old_dir = old && is_tree(old_mode), new_dir = now && is_tree(new_mode);
    if (old_dir || new_dir) {
      compare(old_dir ? git_tree_entry_id(old) : nullptr, new_dir ? git_tree_entry_id(now) : nullptr, path + "/");
      if (old && !old_dir) add(path, old_mode, GIT_FILEMODE_UNREADABLE);
      if (now && !new_dir) add(path, GIT_FILEMODE_UNREADABLE, new_mode);
      return;
    }
    add(path, old_mode, new_mode);
  }

  void add(const std::string& path, git_filemode_t old_mode, git_filemode_t new_mode) {
    m_paths.push_back(path);
    m_modes.push_back(static_cast<std::uint32_t>(old_mode) << 16 ^ static_cast<std::uint32_t>(new_mode));
  }

  const Repository& m_repo;
  std::vector<std::string> m_paths;
  std::vector<std::uint32_t> m_modes;
};

std::optional<git_oid> tree_id_of(const Repository& repo, const git_oid& commit_id, CommitPtr* keep = nullptr) {
  git_commit* raw = nullptr;
  check(git_commit_lookup(&raw, repo.get(), &commit_id), "read commit " + oid_hex(commit_id));
  CommitPtr commit(raw);
  const git_oid tree = *git_commit_tree_id(commit.get());
  if (keep) *keep = std::move(commit);
  return tree;
}

} // namespace

Change::Change(const Repository& repo, const std::optional<git_oid>& from_tree, const git_oid& to_tree)
  : m_repo(&repo), m_from_tree(from_tree), m_to_tree(to_tree) {
  TreeComparer comparer(repo);
  comparer.compare(from_tree ? &*from_tree : nullptr, &to_tree, "");
  // One order for the key, whatever the order the trees were read in.
  std::vector<std::size_t> order(comparer.paths().size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t x, std::size_t y) { return comparer.paths()[x] < comparer.paths()[y]; });
  std::uint64_t hash = k_fnv_offset;
  for (const std::size_t i : order) {
    mix(hash, comparer.paths()[i]);
    mix(hash, comparer.modes()[i]);
    m_paths.push_back(std::move(comparer.paths()[i]));
  }
  m_paths_key = hash;
}

git_oid Change::patch_id() {
  if (m_patch_id) return *m_patch_id;
  // The diff of the changed paths alone: libgit2 then skips the rest of the trees.
  TreePtr from = m_from_tree ? lookup_tree(*m_repo, *m_from_tree) : nullptr;
  TreePtr to = lookup_tree(*m_repo, m_to_tree);
  std::vector<char*> specs;
  specs.reserve(m_paths.size());
  for (auto& path : m_paths) specs.push_back(path.data());
  git_diff_options options; // the init function: clang rejects GIT_DIFF_OPTIONS_INIT's partial initializer
  check(git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION), "git_diff_options_init");
  options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
  options.pathspec.strings = specs.data();
  options.pathspec.count = specs.size();
  git_diff* raw = nullptr;
  check(git_diff_tree_to_tree(&raw, m_repo->get(), from.get(), to.get(), &options), "diff trees");
  DiffPtr diff(raw);
  git_oid id;
  check(git_diff_patchid(&id, diff.get(), nullptr), "compute a patch id");
  // Generating the patch marked the binary files; git's patch text of one
  // says only "Binary files differ", so their blob ids decide instead.
  std::string binary;
  const std::size_t count = git_diff_num_deltas(diff.get());
  for (std::size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
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
  cache_trees();
  CommitPtr commit;
  const auto tree = tree_id_of(repo, commit_id, &commit);
  const unsigned parents = git_commit_parentcount(commit.get());
  if (parents > 1) return std::nullopt;
  std::optional<git_oid> parent_tree;
  if (parents == 1) parent_tree = tree_id_of(repo, *git_commit_parent_id(commit.get(), 0));
  return Change(repo, parent_tree, *tree);
}

Change tree_change(const Repository& repo, const git_oid& from, const git_oid& to) {
  cache_trees();
  return Change(repo, tree_id_of(repo, from), *tree_id_of(repo, to));
}

} // namespace warden::git

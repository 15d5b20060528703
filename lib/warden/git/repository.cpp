#include "warden/git/repository.hpp"

#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/core/process.hpp"
#include "warden/git/staged_index.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>

namespace warden::git {

namespace {

namespace stdfs = std::filesystem;

const char* env_value(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? value : nullptr;
}

std::string strip_slash(const char* path) {
  if (!path) return {};
  std::string text(path);
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

ConfigPtr config_snapshot(git_repository* repo) {
  git_config* config = nullptr;
  check(git_repository_config_snapshot(&config, repo), "read git config");
  return ConfigPtr(config);
}

// Tree entry modes as the index stores them: the legacy group-writable
// blob mode reads as a plain blob, as git does.
std::uint32_t normal_mode(std::uint32_t mode) {
  return mode == 0100664u ? static_cast<std::uint32_t>(GIT_FILEMODE_BLOB) : mode;
}

} // namespace

void check(int code, const std::string& what) {
  if (code >= 0) return;
  const git_error* error = git_error_last();
  // Copied at once: libgit2 reuses the buffer.
  // A repository that cannot be read is a configuration problem to a hook:
  // exit 2, fail closed (core/error.hpp).
  throw Error(fmt::format("{}: {}", what, error && error->message ? error->message : "unknown libgit2 error"),
              k_exit_usage);
}

void ensure_libgit2() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // Objects are read as git reads them, without hashing each one again
    // (git checks hashes in fsck and on transfer, not on every read): ~10%
    // of `warden check --all` at 100k files (docs/decisions.md).
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  });
}

std::string oid_hex(const git_oid& oid) {
  char buffer[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buffer, sizeof buffer, &oid);
  return std::string(buffer, GIT_OID_HEXSZ);
}

std::optional<git_oid> parse_oid(std::string_view hex) {
  if (hex.size() != GIT_OID_HEXSZ) return std::nullopt;
  for (const char c : hex) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  git_oid oid;
  if (git_oid_fromstrn(&oid, hex.data(), hex.size()) != 0) return std::nullopt;
  return oid;
}

bool is_zero_oid(std::string_view hex) {
  return !hex.empty() && std::all_of(hex.begin(), hex.end(), [](char c) { return c == '0'; });
}

// ---------------------------------------------------------------------------
// Repository

Repository Repository::discover(const std::string& start) {
  ensure_libgit2();
  const std::string start_dir = fs::absolute_from(".", start.empty() ? "." : start).string();
  git_repository* raw = nullptr;
  int code = 0;
  // Not GIT_REPOSITORY_OPEN_FROM_ENV: libgit2 1.5 refuses it when
  // GIT_WORK_TREE or GIT_COMMON_DIR is set, and it would also adopt
  // GIT_INDEX_FILE as the repository's index; staged_input reads that itself.
  if (const char* git_dir = env_value("GIT_DIR")) {
    const std::string dir = fs::absolute_from(".", git_dir).string();
    code = git_repository_open_ext(&raw, dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
    if (code < 0) throw Fatal(k_exit_usage, fmt::format("not a git repository: {} (GIT_DIR)", dir));
  } else {
    code = git_repository_open_ext(&raw, start_dir.c_str(), 0, env_value("GIT_CEILING_DIRECTORIES"));
    if (code == GIT_ENOTFOUND) {
      throw Fatal(k_exit_usage, fmt::format("not a git repository (or any parent): {}", start_dir));
    }
    check(code, fmt::format("open repository {}", start_dir));
  }
  RepositoryPtr repo(raw);
  if (const char* work_tree = env_value("GIT_WORK_TREE")) {
    const std::string dir = fs::absolute_from(".", work_tree).string();
    check(git_repository_set_workdir(repo.get(), dir.c_str(), 0), fmt::format("use work tree {}", dir));
  }
  // During pre-receive the pushed objects sit in a quarantine directory
  // (GIT_OBJECT_DIRECTORY); the hook must see them.
  const char* object_dir = env_value("GIT_OBJECT_DIRECTORY");
  const char* alternates = env_value("GIT_ALTERNATE_OBJECT_DIRECTORIES");
  if (object_dir || alternates) {
    git_odb* raw_odb = nullptr;
    check(git_repository_odb(&raw_odb, repo.get()), "open object database");
    OdbPtr odb(raw_odb);
    auto add = [&](std::string_view path) {
      if (path.empty()) return;
      const std::string dir = fs::absolute_from(".", std::string(path)).string();
      std::error_code ec;
      if (stdfs::is_directory(dir, ec)) git_odb_add_disk_alternate(odb.get(), dir.c_str());
    };
    if (object_dir) add(object_dir);
    if (alternates) {
      std::string_view list(alternates);
      while (!list.empty()) {
        const auto colon = list.find(':');
        add(list.substr(0, colon));
        if (colon == std::string_view::npos) break;
        list.remove_prefix(colon + 1);
      }
    }
  }
  return Repository(std::move(repo));
}

Repository Repository::open(const std::string& path) {
  ensure_libgit2();
  const std::string dir = fs::absolute_from(".", path).string();
  git_repository* raw = nullptr;
  const int code = git_repository_open_ext(&raw, dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  if (code == GIT_ENOTFOUND) throw Fatal(k_exit_usage, fmt::format("not a git repository: {}", dir));
  check(code, fmt::format("open repository {}", dir));
  return Repository(RepositoryPtr(raw));
}

bool Repository::is_bare() const { return git_repository_is_bare(get()) == 1; }

std::string Repository::worktree_root() const {
  if (is_bare()) return {};
  return strip_slash(git_repository_workdir(get()));
}

std::string Repository::git_dir() const { return strip_slash(git_repository_path(get())); }

std::string Repository::common_dir() const { return strip_slash(git_repository_commondir(get())); }

std::string Repository::hooks_dir() const {
  if (auto configured = config_string("core.hooksPath"); configured && !configured->empty()) {
    std::string path = *configured;
    // A pathname setting: git expands a leading "~/".
    if (path.rfind("~/", 0) == 0) {
      if (const char* home = env_value("HOME")) path = std::string(home) + path.substr(1);
    }
    const std::string base = is_bare() ? git_dir() : worktree_root();
    return fs::absolute_from(base, path).string();
  }
  return common_dir() + "/hooks";
}

std::optional<std::string> Repository::config_string(const std::string& key) const {
  auto config = config_snapshot(get());
  const char* value = nullptr;
  // A snapshot's strings live as long as the snapshot.
  if (git_config_get_string(&value, config.get(), key.c_str()) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  return std::string(value ? value : "");
}

void Repository::set_local_config(const std::string& key, const std::string& value) const {
  git_config* raw = nullptr;
  check(git_repository_config(&raw, get()), "open the repository configuration");
  ConfigPtr config(raw);
  raw = nullptr;
  check(git_config_open_level(&raw, config.get(), GIT_CONFIG_LEVEL_LOCAL), "open the repository's local configuration");
  ConfigPtr local(raw);
  check(git_config_set_string(local.get(), key.c_str(), value.c_str()),
        fmt::format("record {} in the local configuration", key));
}

std::optional<bool> Repository::config_bool(const std::string& key) const {
  auto config = config_snapshot(get());
  int value = 0;
  const int code = git_config_get_bool(&value, config.get(), key.c_str());
  if (code == GIT_ENOTFOUND) {
    git_error_clear();
    return std::nullopt;
  }
  check(code, fmt::format("read git config {}", key));
  return value != 0;
}

std::vector<std::string> Repository::config_strings(const std::string& key) const {
  auto config = config_snapshot(get());
  std::vector<std::string> values;
  const int code = git_config_get_multivar_foreach(
    config.get(), key.c_str(), nullptr,
    [](const git_config_entry* entry, void* payload) {
      static_cast<std::vector<std::string>*>(payload)->emplace_back(entry->value ? entry->value : "");
      return 0;
    },
    &values);
  if (code == GIT_ENOTFOUND) {
    git_error_clear();
    return {};
  }
  check(code, fmt::format("read git config {}", key));
  return values;
}

std::optional<std::string> Repository::head_branch() const {
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, get(), "HEAD") < 0) {
    git_error_clear();
    return std::nullopt;
  }
  ReferencePtr head(raw);
  if (git_reference_type(head.get()) != GIT_REFERENCE_SYMBOLIC) return std::nullopt;
  // Symbolic: works for an unborn branch too.
  std::string_view target(git_reference_symbolic_target(head.get()));
  constexpr std::string_view k_heads = "refs/heads/";
  if (target.substr(0, k_heads.size()) != k_heads) return std::nullopt;
  return std::string(target.substr(k_heads.size()));
}

std::optional<git_oid> Repository::head_commit() const {
  git_oid oid;
  if (git_reference_name_to_id(&oid, get(), "HEAD") < 0) {
    git_error_clear();
    return std::nullopt;
  }
  return oid;
}

namespace {

// The id of `object` peeled to `type`; nullopt when it does not peel.
std::optional<git_oid> peeled_id(git_object* object, git_object_t type) {
  ObjectPtr owned(object);
  git_object* peeled_raw = nullptr;
  if (git_object_peel(&peeled_raw, owned.get(), type) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  ObjectPtr peeled(peeled_raw);
  return *git_object_id(peeled.get());
}

} // namespace

std::optional<git_oid> Repository::resolve_commit(const std::string& revision) const {
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, get(), revision.c_str()) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  return peeled_id(raw, GIT_OBJECT_COMMIT);
}

std::optional<git_oid> Repository::commit_tree(const git_oid& commit) const {
  git_object* raw = nullptr;
  if (git_object_lookup(&raw, get(), &commit, GIT_OBJECT_ANY) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  return peeled_id(raw, GIT_OBJECT_TREE); // a tag or a commit: peel to the tree either way
}

bool Repository::has_object(const git_oid& oid) const {
  git_odb* raw = nullptr;
  if (git_repository_odb(&raw, get()) < 0) {
    git_error_clear();
    return false;
  }
  OdbPtr odb(raw);
  return git_odb_exists(odb.get(), &oid) == 1;
}

bool Repository::is_ancestor(const git_oid& ancestor, const git_oid& descendant) const {
  if (git_oid_equal(&ancestor, &descendant)) return true;
  const int code = git_graph_descendant_of(get(), &descendant, &ancestor);
  if (code < 0) {
    git_error_clear();
    return false;
  }
  return code == 1;
}

// ---------------------------------------------------------------------------
// Blobs

OdbBlobSource::OdbBlobSource(const Repository& repo) {
  git_odb* raw = nullptr;
  check(git_repository_odb(&raw, repo.get()), "open object database");
  m_odb.reset(raw);
}

std::optional<std::uint64_t> OdbBlobSource::size(const git_oid& oid) {
  std::size_t length = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  // The header only: a large blob is never inflated to learn its size.
  if (git_odb_read_header(&length, &type, m_odb.get(), &oid) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  if (type != GIT_OBJECT_BLOB) return std::nullopt;
  return static_cast<std::uint64_t>(length);
}

std::optional<std::string> OdbBlobSource::contents(const git_oid& oid, std::uint64_t limit) {
  const auto length = size(oid);
  if (!length || *length > limit) return std::nullopt;
  git_odb_object* raw = nullptr;
  if (git_odb_read(&raw, m_odb.get(), &oid) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  OdbObjectPtr object(raw);
  const auto* data = static_cast<const char*>(git_odb_object_data(object.get()));
  return std::string(data, git_odb_object_size(object.get()));
}

// ---------------------------------------------------------------------------
// File-check inputs

namespace {

struct FlatItem {
  std::string path;
  std::uint32_t mode;
  git_oid oid;
};

TreePtr lookup_tree(const Repository& repo, const git_oid& oid) {
  git_tree* raw = nullptr;
  check(git_tree_lookup(&raw, repo.get(), &oid), fmt::format("read tree {}", oid_hex(oid)));
  return TreePtr(raw);
}

// Every blob, symlink and gitlink of `tree`, sorted bytewise by path.
std::vector<FlatItem> flatten_tree(const Repository& repo, const git_oid& tree_oid) {
  auto tree = lookup_tree(repo, tree_oid);
  std::vector<FlatItem> items;
  check(git_tree_walk(
          tree.get(), GIT_TREEWALK_PRE,
          [](const char* root, const git_tree_entry* entry, void* payload) -> int {
            if (git_tree_entry_type(entry) == GIT_OBJECT_TREE) return 0;
            auto& out = *static_cast<std::vector<FlatItem>*>(payload);
            const char* name = git_tree_entry_name(entry);
            std::string path;
            const std::size_t root_length = std::strlen(root);
            path.reserve(root_length + std::strlen(name));
            path.append(root, root_length).append(name);
            out.push_back({std::move(path), normal_mode(static_cast<std::uint32_t>(git_tree_entry_filemode(entry))),
                           *git_tree_entry_id(entry)});
            return 0;
          },
          &items),
        fmt::format("walk tree {}", oid_hex(tree_oid)));
  // Git's tree order already yields bytewise-sorted full paths; the check is cheap.
  if (!std::is_sorted(items.begin(), items.end(), [](const FlatItem& a, const FlatItem& b) { return a.path < b.path; })) {
    std::sort(items.begin(), items.end(), [](const FlatItem& a, const FlatItem& b) { return a.path < b.path; });
  }
  return items;
}

bool same_entry(const TreeEntry& entry, const FlatItem& base) {
  return entry.mode == base.mode && git_oid_equal(&entry.oid, &base.oid);
}

// Mark `entries` changed against `base` (both sorted) and collect the base
// paths that are gone. Entries already marked changed stay changed.
void compare_with_base(std::vector<TreeEntry>& entries, const std::vector<FlatItem>& base,
                       std::vector<std::string>& removed) {
  std::size_t i = 0, j = 0;
  while (i < entries.size() || j < base.size()) {
    if (j == base.size() || (i < entries.size() && entries[i].path < base[j].path)) {
      entries[i].changed = true;
      ++i;
    } else if (i == entries.size() || base[j].path < entries[i].path) {
      removed.push_back(base[j].path);
      ++j;
    } else {
      if (!same_entry(entries[i], base[j])) entries[i].changed = true;
      ++i;
      ++j;
    }
  }
}

std::optional<git_oid> head_tree(const Repository& repo) {
  const auto head = repo.head_commit();
  if (!head) return std::nullopt; // unborn: the initial commit
  auto tree = repo.commit_tree(*head);
  if (!tree) throw Error(fmt::format("read HEAD commit {}", oid_hex(*head)));
  return tree;
}

// `input`, the index's entries, marked changed against HEAD's tree: all of
// them before the first commit. Both index readers end here.
TreeChange against_head(const Repository& repo, TreeChange input) {
  const auto head = head_tree(repo);
  if (!head) {
    for (auto& entry : input.entries) entry.changed = true;
    return input;
  }
  compare_with_base(input.entries, flatten_tree(repo, *head), input.removed);
  return input;
}

} // namespace

std::string resolve_index_path(const Repository& repo, const std::string& index_path) {
  if (index_path.empty()) return repo.git_dir() + "/index";
  const std::string base = repo.is_bare() ? repo.git_dir() : repo.worktree_root();
  return fs::absolute_from(base, index_path).string();
}

TreeChange staged_input_libgit2(const Repository& repo, const std::string& index_path) {
  const std::string path = resolve_index_path(repo, index_path);
  git_index* raw = nullptr;
  // A standalone index object: the repository's cached index may be another
  // file (git commit -a / commit PATH hand us a temporary one).
  check(git_index_open(&raw, path.c_str()), fmt::format("read index {}", path));
  IndexPtr index(raw);

  TreeChange input;
  const std::size_t count = git_index_entrycount(index.get());
  input.entries.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    const git_index_entry* entry = git_index_get_byindex(index.get(), k);
    if (!entry) continue;
    // An intent-to-add entry (git add -N) is not part of the commit.
    if (entry->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD) continue;
    const int stage = GIT_INDEX_ENTRY_STAGE(entry);
    if (stage > 0) {
      // A conflict: the path once, as changed, whatever its stages.
      if (!input.entries.empty() && input.entries.back().path == entry->path) {
        if (stage == 2) {
          input.entries.back().mode = entry->mode;
          input.entries.back().oid = entry->id;
        }
        continue;
      }
      input.entries.push_back({entry->path, entry->mode, entry->id, true});
      continue;
    }
    input.entries.push_back({entry->path, entry->mode, entry->id, false});
  }
  const auto by_path = [](const TreeEntry& a, const TreeEntry& b) { return a.path < b.path; };
  if (!std::is_sorted(input.entries.begin(), input.entries.end(), by_path)) {
    std::stable_sort(input.entries.begin(), input.entries.end(), by_path);
  }
  return against_head(repo, std::move(input));
}

TreeChange staged_input_git(const Repository& repo, const std::string& index_path) {
  const std::string path = resolve_index_path(repo, index_path);
  ProcessOptions options;
  options.clear_git_env = true;
  options.env["GIT_DIR"] = repo.git_dir();
  options.env["GIT_INDEX_FILE"] = path;
  if (!repo.is_bare()) options.env["GIT_WORK_TREE"] = repo.worktree_root();
  const auto result = run_git({"ls-files", "--stage", "-z"}, repo.is_bare() ? repo.git_dir() : repo.worktree_root(),
                              true, options);
  // "<mode> SP <oid> SP <stage> TAB <path> NUL", sorted by path then stage.
  TreeChange input;
  std::string_view rest(result.out);
  while (!rest.empty()) {
    const auto nul = rest.find('\0');
    const std::string_view record = rest.substr(0, nul);
    rest.remove_prefix(nul == std::string_view::npos ? rest.size() : nul + 1);
    const auto tab = record.find('\t');
    if (tab == std::string_view::npos || tab < GIT_OID_HEXSZ + 4) throw Error(fmt::format("read index {}: unexpected git ls-files output", path));
    const std::string_view meta = record.substr(0, tab);
    const auto first_space = meta.find(' ');
    const auto oid = parse_oid(meta.substr(first_space + 1, GIT_OID_HEXSZ));
    if (first_space == std::string_view::npos || !oid) {
      throw Error(fmt::format("read index {}: unexpected git ls-files output", path));
    }
    const auto mode = static_cast<std::uint32_t>(std::strtoul(std::string(meta.substr(0, first_space)).c_str(), nullptr, 8));
    if (mode == 0 || tab + 1 == record.size()) throw Error(fmt::format("read index {}: invalid entry", path));
    const bool conflicted = meta.back() != '0';
    std::string entry_path(record.substr(tab + 1));
    if (!input.entries.empty() && input.entries.back().path == entry_path) {
      if (meta.back() == '2') {
        input.entries.back().mode = mode;
        input.entries.back().oid = *oid;
      }
      continue;
    }
    input.entries.push_back({std::move(entry_path), mode, *oid, conflicted});
  }
  return against_head(repo, std::move(input));
}

TreeChange staged_input(const Repository& repo, const std::string& index_path) {
  if (auto fast = staged_input_fast(repo, index_path)) return std::move(*fast);
  try {
    return staged_input_libgit2(repo, index_path);
  } catch (const Error& e) {
    // libgit2 1.5 refuses a split or sparse index ("unsupported mandatory
    // extension"); git reads every index it wrote. Anything else (a damaged
    // file) is reported as libgit2 found it: git ls-files does not verify.
    if (std::string_view(e.what()).find("unsupported mandatory extension") == std::string_view::npos) throw;
    return staged_input_git(repo, index_path);
  }
}

TreeChange tree_input(const Repository& repo, const git_oid& tree, const std::optional<git_oid>& base_tree) {
  TreeChange input;
  for (auto& item : flatten_tree(repo, tree)) {
    input.entries.push_back({std::move(item.path), item.mode, item.oid, false});
  }
  if (!base_tree) {
    for (auto& entry : input.entries) entry.changed = true;
    return input;
  }
  if (git_oid_equal(&tree, &*base_tree)) return input;
  compare_with_base(input.entries, flatten_tree(repo, *base_tree), input.removed);
  return input;
}

} // namespace warden::git

#include "warden/git/native/repository.hpp"

#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/git/native/commit_parse.hpp"

#include <cstdlib>

namespace warden::git::native {

namespace {

constexpr int k_max_tag_chain = 16;

[[noreturn]] void beyond(const std::string& what) { throw BeyondReader(what); }

// HEAD's name: "ref: refs/heads/main" (branch "main"), a symbolic ref to
// something else (no branch), or a detached id.
HeadState head_name(const RepoPaths& paths) {
  auto text = fs::read_file(paths.git_dir + "/HEAD");
  if (!text) beyond(paths.git_dir + "/HEAD: missing");
  std::string value = *text;
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r' || value.back() == ' ')) value.pop_back();
  HeadState state;
  if (value.rfind("ref:", 0) == 0) {
    std::string ref = value.substr(4);
    while (!ref.empty() && ref.front() == ' ') ref.erase(0, 1);
    if (ref == "refs/heads/.invalid") beyond("HEAD names refs/heads/.invalid (a reftable repository)");
    if (ref.rfind("refs/heads/", 0) == 0) state.branch = ref.substr(11);
    return state;
  }
  if (!oid_from_hex(value)) beyond(paths.git_dir + "/HEAD: not a ref");
  return state;
}

// The repository format (gitrepository-layout, "extensions"): what this
// reader does not read throws.
void check_format(const ConfigValues& config) {
  const auto version_text = config.get("core.repositoryformatversion").value_or("0");
  if (version_text != "0" && version_text != "1")
    beyond("core.repositoryformatversion=" + version_text + " (this reader reads 0 and 1)");
  if (auto storage = config.get("extensions.refStorage"); storage && *storage != "files")
    beyond("extensions.refStorage=" + *storage + " (this reader reads the files ref store)");
  if (version_text != "1") return; // version 0 ignores extensions
  for (const auto& [key, value] : config.with_prefix("extensions.")) {
    const std::string name = key.substr(11);
    if (name == "noop" || name == "preciousobjects" || name == "partialclone" || name == "worktreeconfig" ||
        name == "objectformat" || name == "refstorage")
      continue;
    beyond(key + " (an extension this reader does not know)");
  }
}

} // namespace

NativeRepository::NativeRepository(RepoPaths paths, ConfigValues config, HeadState head, bool bare,
                                   ObjectDirs objects, bool partial_clone)
  : m_paths(std::move(paths)), m_config(std::move(config)), m_head(std::move(head)), m_bare(bare),
    m_quarantine(objects.quarantine),
    m_refs(std::make_unique<RefStore>(m_paths.git_dir, m_paths.common_dir)),
    m_objects(std::make_unique<ObjectStore>(std::move(objects.primary), std::move(objects.alternates),
                                            partial_clone)),
    m_blobs(std::make_unique<StoreBlobSource>(*m_objects, true)) {}

NativeRepository::~NativeRepository() = default;

NativeRepository NativeRepository::open_any() {
  auto located = locate_any_repository();
  if (!located) beyond("no repository found from the current directory");
  RepoPaths paths = std::move(located->paths);
  std::string why;
  auto config = ConfigValues::load(paths, &why);
  if (!config) beyond(why);
  check_format(*config);
  // Bare or not, as git's setup decides: GIT_WORK_TREE, else core.worktree
  // (relative to the git dir), else core.bare, else how the git dir was
  // found (a `.git` or GIT_DIR: a worktree; the directory itself: bare).
  bool bare = false;
  if (!located->work_tree_variable) {
    const auto core_bare = config->get("core.bare");
    if (auto worktree = config->get("core.worktree"); worktree && !worktree->empty()) {
      paths.worktree = fs::absolute_from(paths.git_dir, *worktree).string();
    } else if (core_bare && config_bool(*core_bare).value_or(false)) {
      bare = true;
    } else if (located->found == Found::bare_dir) {
      bare = true;
    }
  }
  if (bare) paths.worktree.clear();
  HeadState head = head_name(paths);
  ObjectDirs objects = object_dirs_from_environment(paths);
  const bool partial_clone = config->get("extensions.partialClone").has_value() &&
                             config->get("core.repositoryformatversion").value_or("0") == "1";
  return NativeRepository(std::move(paths), std::move(*config), std::move(head), bare, std::move(objects),
                          partial_clone);
}

std::optional<NativeRepository> NativeRepository::open() {
  auto paths = locate_repository();
  if (!paths) return std::nullopt;
  auto config = ConfigValues::load(*paths);
  if (!config) return std::nullopt;
  auto head = read_head(*paths);
  if (!head) return std::nullopt;
  ObjectDirs objects;
  objects.primary = paths->common_dir + "/objects";
  NativeRepository repo(std::move(*paths), std::move(*config), std::move(*head), false, std::move(objects), false);
  repo.m_head_resolved = true;
  return repo;
}

const std::optional<git_oid>& NativeRepository::head_commit() const {
  if (!m_head_resolved) {
    m_head.commit = m_refs->id("HEAD");
    m_head_resolved = true;
  }
  return m_head.commit;
}

std::string NativeRepository::hooks_dir() const {
  // As Repository::hooks_dir: a pathname setting, "~/" expanded, relative
  // to where hooks run (the worktree root; the git dir when bare).
  if (auto configured = m_config.get("core.hooksPath"); configured && !configured->empty()) {
    std::string path = *configured;
    if (path.rfind("~/", 0) == 0) {
      if (const char* home = std::getenv("HOME"); home && *home) path = std::string(home) + path.substr(1);
    }
    return fs::absolute_from(m_bare ? m_paths.git_dir : m_paths.worktree, path).string();
  }
  return m_paths.common_dir + "/hooks";
}

void NativeRepository::set_local_config(const std::string& key, const std::string&) const {
  throw Error("cannot set " + key + " without libgit2 (run `warden trust`)");
}

std::optional<CommitData> NativeRepository::commit(const git_oid& id) const {
  auto object = m_objects->read_checked(id);
  if (!object || object->type != ObjectType::commit) return std::nullopt;
  auto parsed = parse_commit(object->data);
  if (!parsed) beyond("commit " + oid_to_hex(id) + ": a header this reader cannot parse");
  parsed->id = id;
  return parsed;
}

std::optional<std::vector<TreeItem>> NativeRepository::tree(const git_oid& id) const {
  auto object = m_objects->read_checked(id);
  if (!object || object->type != ObjectType::tree) return std::nullopt;
  auto items = parse_tree(object->data);
  if (!items) beyond("tree " + oid_to_hex(id) + ": malformed");
  return items;
}

std::optional<git_oid> NativeRepository::peel_to_commit(const git_oid& id) const {
  git_oid at = id;
  for (int step = 0; step < k_max_tag_chain; ++step) {
    auto header = m_objects->header_checked(at);
    if (!header) return std::nullopt;
    if (header->type == ObjectType::commit) return at;
    if (header->type != ObjectType::tag) return std::nullopt;
    auto tag = m_objects->read_checked(at);
    if (!tag) return std::nullopt;
    auto target = parse_tag_target(tag->data);
    if (!target) beyond("tag " + oid_to_hex(at) + ": malformed");
    at = target->object;
  }
  beyond("tag " + oid_to_hex(id) + ": a chain of more than 16 tags");
}

bool NativeRepository::has_object(const git_oid& id) const { return m_objects->header_checked(id).has_value(); }

} // namespace warden::git::native

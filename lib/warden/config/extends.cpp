// extends: where bases are read from (docs/monorepo.md). The loader
// (config/load.cpp) applies them; this file finds them: local paths in the
// worktree, remote ones in the cache `warden policy update` fills.
#include "warden/config/extends.hpp"

#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/git/hash.hpp"

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>

namespace warden {

namespace stdfs = std::filesystem;

std::string BaseRef::label() const {
  if (repo.empty()) return path;
  return fmt::format("{}@{}:{}", repo, ref, path);
}

namespace {

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

} // namespace

std::string policy_cache_dir(const std::string& git_dir) {
  if (git_dir.empty()) return {};
  stdfs::path dir = git_dir;
  // A ".git" file (a linked worktree, a submodule): "gitdir: PATH".
  if (std::error_code ec; stdfs::is_regular_file(dir, ec)) {
    if (auto text = fs::read_file(dir); text && text->rfind("gitdir: ", 0) == 0)
      dir = fs::absolute_from(dir.parent_path(), trim(text->substr(8)));
  }
  // A linked worktree's git directory names the common one in `commondir`
  // (gitrepository-layout(5)); the cache is shared by every worktree.
  if (auto common = fs::read_file(dir / "commondir")) dir = fs::absolute_from(dir, trim(*common));
  return (dir / "warden" / "policies").lexically_normal().string();
}

PolicyContext policy_context(const std::string& worktree_root, const std::string& git_dir) {
  PolicyContext context;
  context.cache_dir = policy_cache_dir(git_dir);
  if (!worktree_root.empty()) {
    context.read_local = [worktree_root](const std::string& path) -> std::optional<std::string> {
      if (path.empty() || path.front() == '/' || stdfs::path(path).lexically_normal().string().rfind("..", 0) == 0)
        return std::nullopt; // repository-relative paths only
      return fs::read_file(stdfs::path(worktree_root) / path);
    };
  }
  return context;
}

std::string cached_base_name(const BaseRef& base) {
  std::string key = base.repo;
  key += '\0';
  key += base.ref;
  key += '\0';
  key += base.path;
  return git::hash_blob_hex(key);
}

std::optional<CachedBase> read_cached_base(const std::string& cache_dir, const BaseRef& base) {
  const auto index = fs::read_file(stdfs::path(cache_dir) / "index");
  if (!index) return std::nullopt;
  const std::string name = cached_base_name(base);
  std::size_t start = 0;
  while (start < index->size()) {
    std::size_t end = index->find('\n', start);
    if (end == std::string::npos) end = index->size();
    const std::string_view line(index->data() + start, end - start);
    start = end + 1;
    // NAME TAB COMMIT TAB REPO TAB REF TAB PATH
    if (line.size() <= name.size() || line.substr(0, name.size()) != name || line[name.size()] != '\t') continue;
    const std::string_view rest = line.substr(name.size() + 1);
    auto text = fs::read_file(stdfs::path(cache_dir) / (name + ".yml"));
    if (!text) return std::nullopt;
    return CachedBase{std::move(*text), std::string(rest.substr(0, rest.find('\t')))};
  }
  return std::nullopt;
}

std::vector<BaseRef> remote_bases(std::string_view text, const std::string& source_name) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw PolicyError(fmt::format("{}:{}:{}: {}", source_name, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  std::vector<BaseRef> bases;
  if (!root.IsMap()) return bases;
  for (const auto& item : root) {
    if (!item.first.IsScalar() || item.first.Scalar() != "extends" || !item.second.IsSequence()) continue;
    for (const auto& entry : item.second) {
      if (!entry.IsMap()) continue;
      BaseRef base;
      for (const auto& field : entry) {
        if (!field.first.IsScalar() || !field.second.IsScalar()) continue;
        const std::string key = field.first.Scalar();
        if (key == "repo") base.repo = field.second.Scalar();
        else if (key == "ref") base.ref = field.second.Scalar();
        else if (key == "path") base.path = field.second.Scalar();
      }
      if (base.repo.empty() || base.ref.empty() || base.path.empty())
        throw PolicyError(fmt::format("{}:{}:{}: each 'extends' mapping needs 'repo', 'ref' and 'path'", source_name,
                                      entry.Mark().line + 1, entry.Mark().column + 1));
      bases.push_back(std::move(base));
    }
  }
  return bases;
}

} // namespace warden

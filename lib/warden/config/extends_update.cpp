// warden policy update (docs/monorepo.md): fetch the remote bases of
// `extends:` through the `git` executable into a bare cache repository
// under <git common dir>/warden/policies/, and write each base's file and
// the commit its ref resolved to beside it. The one part of config/ that
// runs a process; the loader only reads what this wrote.
#include "warden/config/extends.hpp"

#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/core/process.hpp"

#include <fmt/core.h>

#include <filesystem>
#include <map>

namespace warden {

namespace stdfs = std::filesystem;

namespace {

std::string first_line(const std::string& text) {
  const std::string line = text.substr(0, text.find('\n'));
  return line.empty() ? text : line;
}

// The index: NAME TAB COMMIT TAB REPO TAB REF TAB PATH, one line per base.
std::map<std::string, std::string> read_index(const stdfs::path& file) {
  std::map<std::string, std::string> lines;
  const auto text = fs::read_file(file);
  if (!text) return lines;
  std::size_t start = 0;
  while (start < text->size()) {
    std::size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    const std::string line = text->substr(start, end - start);
    start = end + 1;
    const std::size_t tab = line.find('\t');
    if (tab != std::string::npos) lines[line.substr(0, tab)] = line;
  }
  return lines;
}

} // namespace

std::vector<std::string> update_policy_cache(const std::string& git_dir, const std::vector<BaseRef>& bases,
                                             bool dry_run) {
  std::vector<std::string> report;
  const stdfs::path cache = policy_cache_dir(git_dir);
  if (bases.empty()) return report;
  if (dry_run) {
    for (const BaseRef& base : bases)
      report.push_back(fmt::format("would fetch {} into {}", base.label(), cache.string()));
    return report;
  }
  std::error_code ec;
  stdfs::create_directories(cache, ec);
  if (ec) throw Error(fmt::format("{}: cannot create the policy cache: {}", cache.string(), ec.message()));
  const std::string store = (cache / "repo.git").string();
  ProcessOptions options;
  options.clear_git_env = true; // a hook's GIT_DIR must not redirect the cache's git
  if (!stdfs::exists(stdfs::path(store) / "HEAD", ec))
    run_git({"init", "--bare", "--quiet", store}, cache.string(), true, options);

  auto index = read_index(cache / "index");
  for (const BaseRef& base : bases) {
    const ProcessResult fetched = run_git(
        {"--git-dir=" + store, "fetch", "--quiet", "--no-tags", "--depth", "1", "--", base.repo, base.ref},
        cache.string(), false, options);
    if (!fetched.ok())
      throw Error(fmt::format("extends: cannot fetch {} from {}: {}", base.ref, base.repo, first_line(fetched.err)));
    const ProcessResult commit =
        run_git({"--git-dir=" + store, "rev-parse", "--verify", "--quiet", "FETCH_HEAD^{commit}"}, cache.string(), false,
                options);
    if (!commit.ok()) throw Error(fmt::format("extends: {} of {} is not a commit", base.ref, base.repo));
    const std::string oid = first_line(commit.out);
    const ProcessResult blob =
        run_git({"--git-dir=" + store, "cat-file", "blob", oid + ":" + base.path}, cache.string(), false, options);
    if (!blob.ok())
      throw Error(fmt::format("extends: {} has no file {} at {} ({})", base.repo, base.path, base.ref, oid));
    const std::string name = cached_base_name(base);
    // Keep the commit reachable in the cache, so that `git gc` keeps it.
    run_git({"--git-dir=" + store, "update-ref", "refs/warden/" + name, oid}, cache.string(), false, options);
    fs::write_file_atomic(cache / (name + ".yml"), blob.out);
    index[name] = fmt::format("{}\t{}\t{}\t{}\t{}", name, oid, base.repo, base.ref, base.path);
    report.push_back(fmt::format("{}: {} at {}", base.label(), base.ref, oid));
  }
  std::string text;
  for (const auto& [name, line] : index) text += line + "\n";
  fs::write_file_atomic(cache / "index", text);
  return report;
}

std::vector<std::string> update_repository_bases(const std::string& worktree_root,
                                                 const std::optional<std::string>& config_policy_path,
                                                 const std::string& git_dir, bool dry_run) {
  std::string source = ".warden.yml";
  std::optional<std::string> text;
  if (config_policy_path && !config_policy_path->empty()) {
    source = fs::absolute_from(worktree_root.empty() ? stdfs::current_path() : stdfs::path(worktree_root),
                               *config_policy_path)
                 .string();
    text = fs::read_file(source);
  } else if (!worktree_root.empty()) {
    text = fs::read_file(stdfs::path(worktree_root) / source);
  }
  if (!text) return {};
  return update_policy_cache(git_dir, remote_bases(*text, source), dry_run);
}

} // namespace warden

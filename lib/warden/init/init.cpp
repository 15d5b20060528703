#include "warden/init/init.hpp"

#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/core/paths.hpp"
#include "warden/core/process.hpp"

#include <fmt/core.h>
#include <kainjow/mustache.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>

#include <unistd.h>

namespace warden::init {

namespace stdfs = std::filesystem;

std::optional<Template> parse_template(std::string_view name) {
  if (name == "generic") return Template::generic;
  if (name == "cpp") return Template::cpp;
  if (name == "python") return Template::python;
  return std::nullopt;
}

std::optional<Ci> parse_ci(std::string_view name) {
  if (name == "github") return Ci::github;
  if (name == "gitlab") return Ci::gitlab;
  if (name == "none") return Ci::none;
  return std::nullopt;
}

std::string_view to_string(Template value) {
  switch (value) {
  case Template::generic: return "generic";
  case Template::cpp: return "cpp";
  case Template::python: return "python";
  }
  return "generic";
}

std::string_view to_string(Ci value) {
  switch (value) {
  case Ci::github: return "github";
  case Ci::gitlab: return "gitlab";
  case Ci::none: return "none";
  }
  return "none";
}

std::optional<std::string> name_problem(std::string_view name) {
  if (name.empty()) return "the name is empty";
  if (name.size() > 100) return "the name is longer than 100 characters";
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return "use only lowercase letters, digits, '-' and '_'";
  }
  if (name.front() == '-' || name.front() == '_') return "start with a lowercase letter or a digit";
  return std::nullopt;
}

namespace {

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
    text.replace(pos, from.size(), to);
  return text;
}

// "dot-github/workflows/ci.yml" -> ".github/workflows/ci.yml", with the
// name placeholders filled in.
std::string output_path(std::string_view template_path, const std::string& name, const std::string& module) {
  std::string out;
  std::size_t start = 0;
  while (start <= template_path.size()) {
    std::size_t end = template_path.find('/', start);
    if (end == std::string_view::npos) end = template_path.size();
    std::string component(template_path.substr(start, end - start));
    if (component.rfind("dot-", 0) == 0) component = "." + component.substr(4);
    component = replace_all(replace_all(component, "__name__", name), "__module__", module);
    if (!out.empty()) out += '/';
    out += component;
    start = end + 1;
  }
  return out;
}

// Mustache's "standalone" rule (a line holding only a section tag leaves no
// line behind) is applied unevenly by kainjow, so sections on lines of their
// own are resolved here, line by line, before kainjow renders the rest
// (variables and inline sections). Such a line is `{{#flag}}`, `{{^flag}}`
// or `{{/flag}}` (or the same with the `<% %>` delimiters the CI templates
// switch to, since GitHub's expressions use `${{ }}`). A delimiter-change
// line keeps its tag but loses its newline.
std::string resolve_standalone_sections(std::string_view text, const std::map<std::string, bool>& flags) {
  std::string out;
  out.reserve(text.size());
  std::vector<bool> included{true};
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    const bool has_newline = end != std::string_view::npos;
    if (!has_newline) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    std::string_view trimmed = line;
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) trimmed.remove_prefix(1);
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t' || trimmed.back() == '\r'))
      trimmed.remove_suffix(1);

    std::optional<std::string_view> inner;
    for (const auto& [open, close] : {std::pair<std::string_view, std::string_view>{"{{", "}}"}, {"<%", "%>"}}) {
      if (trimmed.size() > open.size() + close.size() && trimmed.starts_with(open) && trimmed.ends_with(close) &&
          trimmed.find(close) == trimmed.size() - close.size())
        inner = trimmed.substr(open.size(), trimmed.size() - open.size() - close.size());
    }
    if (inner && !inner->empty() && std::string_view("#^/").find(inner->front()) != std::string_view::npos) {
      std::string key(inner->substr(1));
      while (!key.empty() && key.front() == ' ') key.erase(key.begin());
      while (!key.empty() && key.back() == ' ') key.pop_back();
      const auto flag = flags.find(key);
      if (flag != flags.end()) {
        if (inner->front() == '/') {
          if (included.size() > 1) included.pop_back();
        } else {
          const bool value = inner->front() == '#' ? flag->second : !flag->second;
          included.push_back(included.back() && value);
        }
        continue;
      }
    }
    if (!included.back()) continue;
    if (inner && !inner->empty() && inner->front() == '=') {
      out.append(trimmed);
      continue;
    }
    out.append(line);
    if (has_newline) out += '\n';
  }
  return out;
}

} // namespace

std::vector<ProjectFile> render_project(std::span<const embedded::EmbeddedFile> templates, Template kind, Ci ci,
                                        const std::string& name, Layout layout) {
  using kainjow::mustache::data;
  using kainjow::mustache::mustache;
  const std::string module = replace_all(name, "-", "_");
  const std::map<std::string, bool> flags{
    {"generic", kind == Template::generic}, {"cpp", kind == Template::cpp}, {"python", kind == Template::python},
    {"github", ci == Ci::github},           {"gitlab", ci == Ci::gitlab}};
  data context;
  context.set("name", name);
  context.set("module", module);
  for (const auto& [key, value] : flags) context.set(key, data(value));

  // Layers in order: a later one replaces a file of the same path.
  std::vector<std::string> layers{"common/"};
  if (layout == Layout::include) layers.push_back(std::string(to_string(kind)) + "/");
  if (ci != Ci::none) layers.push_back("ci/" + std::string(to_string(ci)) + "/");

  std::map<std::string, ProjectFile> files;
  for (const std::string& layer : layers) {
    for (const embedded::EmbeddedFile& file : templates) {
      if (file.path.substr(0, layer.size()) != layer) continue;
      mustache view{resolve_standalone_sections(file.contents, flags)};
      if (!view.is_valid())
        throw Error(fmt::format("template {}: {}", file.path, view.error_message()));
      std::string contents = view.render(context);
      if (!view.error_message().empty())
        throw Error(fmt::format("template {}: {}", file.path, view.error_message()));
      ProjectFile out;
      out.path = output_path(file.path.substr(layer.size()), name, module);
      out.contents = std::move(contents);
      out.mode = out.path.ends_with(".sh") ? 0755 : 0644;
      files[out.path] = std::move(out);
    }
  }
  std::vector<ProjectFile> result;
  result.reserve(files.size());
  for (auto& [path, file] : files) result.push_back(std::move(file));
  return result;
}

std::vector<ProjectFile> template_repository_files(const std::string& dir, const std::string& name) {
  using kainjow::mustache::data;
  using kainjow::mustache::mustache;
  const std::string module = replace_all(name, "-", "_");
  data context;
  context.set("name", name);
  context.set("module", module);
  std::vector<ProjectFile> files;
  const stdfs::path root(dir);
  for (auto it = stdfs::recursive_directory_iterator(root); it != stdfs::recursive_directory_iterator(); ++it) {
    if (it->path().filename() == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || it->is_symlink()) continue;
    ProjectFile file;
    file.path = it->path().lexically_relative(root).generic_string();
    auto contents = fs::read_file(it->path());
    if (!contents) throw Error(fmt::format("cannot read {} of the template repository", file.path));
    file.contents = std::move(*contents);
    const auto permissions = it->status().permissions();
    file.mode = (permissions & stdfs::perms::owner_exec) != stdfs::perms::none ? 0755 : 0644;
    if (file.path.ends_with(".mustache")) {
      file.path.resize(file.path.size() - std::string_view(".mustache").size());
      mustache view{file.contents};
      if (!view.is_valid()) throw Error(fmt::format("template {}.mustache: {}", file.path, view.error_message()));
      file.contents = view.render(context);
    }
    files.push_back(std::move(file));
  }
  return files;
}

namespace {

ProcessOptions git_options() {
  ProcessOptions options;
  options.clear_git_env = true;
  return options;
}

// Trim trailing newlines and indent every line, for quoting a tool's output.
std::string indented(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    out += "  ";
    out.append(text.substr(start, end - start));
    out += '\n';
    start = end + 1;
  }
  return out;
}

// A local remote path given relative to where the user stands must still
// work from inside the new repository.
std::string absolute_remote(const std::string& url) {
  if (url.find("://") != std::string::npos) return url;
  const auto colon = url.find(':');
  if (colon != std::string::npos && url.find('/') > colon) return url; // scp-like host:path
  std::error_code ec;
  if (stdfs::path(url).is_relative() && stdfs::exists(url, ec)) return stdfs::absolute(url, ec).lexically_normal().string();
  return url;
}

// Undo what a failed init created, unless disarmed at the end.
class Rollback {
public:
  Rollback() = default;
  Rollback(const Rollback&) = delete;
  Rollback& operator=(const Rollback&) = delete;
  ~Rollback() {
    if (!m_armed) return;
    std::error_code ec;
    for (auto it = m_paths.rbegin(); it != m_paths.rend(); ++it) stdfs::remove_all(*it, ec);
  }
  void add(const stdfs::path& path) { m_paths.push_back(path); }
  void disarm() { m_armed = false; }

private:
  std::vector<stdfs::path> m_paths;
  bool m_armed = true;
};

bool directory_is_empty(const stdfs::path& dir) {
  std::error_code ec;
  return stdfs::directory_iterator(dir, ec) == stdfs::directory_iterator();
}

} // namespace

int run_init(const InitOptions& options, std::span<const embedded::EmbeddedFile> templates, std::FILE* out) {
  if (options.dir.empty()) throw Fatal(k_exit_usage, "init needs a directory: warden init DIR");
  std::error_code ec;
  stdfs::path target = fs::absolute_from(stdfs::current_path(), options.dir);
  if (target.filename().empty()) target = target.parent_path();

  const std::string name = options.name ? *options.name : target.filename().string();
  if (auto problem = name_problem(name)) {
    if (options.name) throw Fatal(k_exit_usage, fmt::format("invalid project name '{}': {}", name, *problem));
    throw Fatal(k_exit_usage, fmt::format("invalid project name '{}' (the directory's name): {}; pass --name NAME",
                                          name, *problem));
  }

  const auto status = stdfs::symlink_status(target, ec);
  const bool exists = stdfs::exists(status);
  if (exists && !stdfs::is_directory(stdfs::status(target, ec)))
    throw Fatal(k_exit_usage, fmt::format("{} exists and is not a directory", target.string()));
  if (exists && !directory_is_empty(target) && options.force == Force::no)
    throw Fatal(k_exit_usage, fmt::format("{} is not empty: pass --force to add the missing files "
                                          "(existing files are never overwritten)",
                                          target.string()));

  std::vector<ProjectFile> files = render_project(templates, options.kind, options.ci, name,
                                                 options.from ? Layout::skip : Layout::include);
  if (options.from) {
    // A template repository: its files over the common ones and the CI.
    std::string pattern = (stdfs::temp_directory_path(ec) / "warden-init-from.XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw Fatal(1, "cannot create a temporary directory for --from");
    struct RemoveClone {
      std::string dir;
      ~RemoveClone() {
        std::error_code ignored;
        stdfs::remove_all(dir, ignored);
      }
    } clone{pattern};
    const ProcessResult cloned = run_git({"clone", "-q", "--depth", "1", absolute_remote(*options.from), clone.dir + "/t"},
                                         "", false, git_options());
    if (!cloned.ok())
      throw Fatal(1, fmt::format("cannot clone the template repository {}:\n{}", *options.from, indented(cloned.err)));
    std::map<std::string, ProjectFile> merged;
    for (ProjectFile& file : files) merged[file.path] = std::move(file);
    for (ProjectFile& file : template_repository_files(clone.dir + "/t", name)) merged[file.path] = std::move(file);
    files.clear();
    for (auto& [path, file] : merged) files.push_back(std::move(file));
  }
  const bool existing_repo = exists && stdfs::exists(target / ".git", ec);
  std::vector<const ProjectFile*> to_write;
  std::vector<std::string> kept;
  for (const ProjectFile& file : files) {
    if (exists && stdfs::exists(stdfs::symlink_status(target / file.path, ec)))
      kept.push_back(file.path);
    else
      to_write.push_back(&file);
  }
  const std::string install_hooks = (stdfs::path(warden_binary_path()).parent_path() / "install-hooks").string();
  const std::string remote = options.remote ? absolute_remote(*options.remote) : std::string();

  if (options.dry_run == DryRun::yes) {
    fmt::print(out, "warden init: dry run, nothing is changed\n");
    for (const ProjectFile* file : to_write) fmt::print(out, "would create {}\n", (target / file->path).string());
    for (const std::string& path : kept)
      fmt::print(out, "would keep {} (exists; never overwritten)\n", (target / path).string());
    if (!existing_repo) fmt::print(out, "would run: git init -b main\n");
    fmt::print(out, "would run: {} --repo {}\n", install_hooks, target.string());
    fmt::print(out, "would run: git commit (the first commit on main, hooks on)\n");
    if (options.remote)
      fmt::print(out, "would run: git remote add origin {} && git push -u origin main\n", remote);
    return k_exit_ok;
  }

  if (!stdfs::exists(install_hooks, ec))
    throw Fatal(1, fmt::format("install-hooks is missing at {}: reinstall warden", install_hooks));

  // A new directory is built beside its final place and renamed at the end,
  // so a failure leaves nothing behind; an existing one is filled in place
  // and what this run created is removed on failure.
  Rollback rollback;
  stdfs::path work = target;
  if (!exists) {
    stdfs::create_directories(target.parent_path(), ec);
    work = target.parent_path() / fmt::format(".{}.warden-init-{}", target.filename().string(), ::getpid());
    stdfs::remove_all(work, ec);
    if (!stdfs::create_directory(work, ec))
      throw Fatal(1, fmt::format("cannot create {}: {}", work.string(), ec ? ec.message() : "it exists"));
    rollback.add(work);
  } else {
    std::set<stdfs::path> created_roots;
    for (const ProjectFile* file : to_write) {
      // The topmost component that does not exist yet is what to remove.
      stdfs::path root = target;
      for (const auto& part : stdfs::path(file->path)) {
        root /= part;
        if (!stdfs::exists(stdfs::symlink_status(root, ec))) break;
      }
      created_roots.insert(root);
    }
    for (const auto& root : created_roots) rollback.add(root);
    if (!existing_repo) rollback.add(target / ".git");
  }

  for (const ProjectFile* file : to_write) {
    fs::write_file_atomic(work / file->path, file->contents, file->mode);
    fmt::print(out, "created {}\n", file->path);
  }
  for (const std::string& path : kept) fmt::print(out, "kept {} (exists; not overwritten)\n", path);
  std::fflush(out);

  const std::string dir = work.string();
  if (!existing_repo) {
    run_git({"init", "-q", "-b", "main"}, dir, true, git_options());
    fmt::print(out, "initialised a git repository on branch main\n");
  }

  ProcessOptions hook_options = git_options();
  const ProcessResult installed = run_process({install_hooks, "--repo", dir}, hook_options);
  if (!installed.ok())
    throw Fatal(1, fmt::format("install-hooks failed (exit {}):\n{}{}", installed.exit_code,
                               indented(installed.out), indented(installed.err)));
  // The repository is still at its temporary name: show where it will be.
  fmt::print(out, "installed the hooks:\n{}", indented(replace_all(installed.out, dir, target.string())));
  std::fflush(out);

  // The first commit: everything when the repository has no commit yet (the
  // user's own files included), else only the files created here.
  const bool unborn = !run_git({"rev-parse", "-q", "--verify", "HEAD"}, dir, false, git_options()).ok();
  if (unborn) {
    run_git({"add", "-A"}, dir, true, git_options());
  } else {
    std::vector<std::string> args{"add", "--"};
    for (const ProjectFile* file : to_write) args.push_back(file->path);
    if (!to_write.empty()) run_git(args, dir, true, git_options());
  }
  if (run_git({"diff", "--cached", "--quiet"}, dir, false, git_options()).ok() && !unborn) {
    fmt::print(out, "nothing new to commit\n");
  } else {
    const std::string message =
      options.from ? fmt::format("chore: start {} from the template repository {}", name, *options.from)
                   : fmt::format("chore: start {} from the warden {} template", name, to_string(options.kind));
    const ProcessResult commit = run_git({"commit", "-q", "-m", message}, dir, false, git_options());
    if (!commit.ok())
      throw Fatal(1, fmt::format("the first commit failed (exit {}); nothing was kept:\n{}{}", commit.exit_code,
                                 indented(commit.out), indented(commit.err)));
    std::string head = run_git({"rev-parse", "--short", "HEAD"}, dir, true, git_options()).out;
    while (!head.empty() && (head.back() == '\n' || head.back() == '\r')) head.pop_back();
    fmt::print(out, "committed on main ({}): {}\n", head, message);
  }
  if (options.remote) run_git({"remote", "add", "origin", remote}, dir, true, git_options());

  if (work != target) fs::rename(work, target);
  rollback.disarm();
  std::fflush(out);

  if (options.remote) {
    const std::string final_dir = target.string();
    // What `git clone` would set: origin/HEAD names the default branch.
    run_git({"symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main"}, final_dir, false,
            git_options());
    const ProcessResult push = run_git({"push", "-u", "origin", "main"}, final_dir, false, git_options());
    if (!push.ok()) {
      run_git({"symbolic-ref", "--delete", "refs/remotes/origin/HEAD"}, final_dir, false, git_options());
      throw Fatal(1, fmt::format("{} is ready, but pushing to {} failed (exit {}):\n{}push later with: git -C {} "
                                 "push -u origin main",
                                 final_dir, remote, push.exit_code, indented(push.err), final_dir));
    }
    fmt::print(out, "pushed main to origin ({}); upstream set to origin/main\n", remote);
  }
  fmt::print(out, "{} is ready in {} ({}, {} CI)\n", name, target.string(),
             options.from ? fmt::format("from {}", *options.from) : fmt::format("{} template", to_string(options.kind)),
             options.ci == Ci::none ? "no" : to_string(options.ci));
  return k_exit_ok;
}

} // namespace warden::init

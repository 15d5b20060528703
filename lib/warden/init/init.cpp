#include "warden/init/init.hpp"

#include "warden/checks/unicode.hpp"
#include "warden/config/policy.hpp"
#include "warden/core/error.hpp"
#include "warden/core/glob.hpp"
#include "warden/core/fs.hpp"
#include "warden/core/paths.hpp"
#include "warden/core/process.hpp"

#include <fmt/core.h>
#include <kainjow/mustache.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>

#include <iostream>

#include <unistd.h>

namespace warden::init {

namespace stdfs = std::filesystem;

namespace {

// The spelling of each value of an option's enum, for parsing and printing.
template <typename Enum>
using NameTable = std::array<std::pair<Enum, std::string_view>, 3>;

constexpr NameTable<Template> k_template_names{
  {{Template::generic, "generic"}, {Template::cpp, "cpp"}, {Template::python, "python"}}};
constexpr NameTable<Ci> k_ci_names{{{Ci::github, "github"}, {Ci::gitlab, "gitlab"}, {Ci::none, "none"}}};

template <typename Enum>
std::optional<Enum> parse_name(const NameTable<Enum>& table, std::string_view name) {
  for (const auto& [value, spelling] : table)
    if (spelling == name) return value;
  return std::nullopt;
}

// `fallback` for a value outside the table (a corrupt enum).
template <typename Enum>
std::string_view name_of(const NameTable<Enum>& table, Enum value, std::string_view fallback) {
  for (const auto& [entry, spelling] : table)
    if (entry == value) return spelling;
  return fallback;
}

} // namespace

std::optional<Template> parse_template(std::string_view name) { return parse_name(k_template_names, name); }

std::optional<Ci> parse_ci(std::string_view name) { return parse_name(k_ci_names, name); }

std::string_view to_string(Template value) { return name_of(k_template_names, value, "generic"); }

std::string_view to_string(Ci value) { return name_of(k_ci_names, value, "none"); }

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

const std::map<std::string, std::string>& default_repo_settings() {
  static const std::map<std::string, std::string> settings{{"fetch.prune", "true"},
                                                           {"init.defaultBranch", "main"},
                                                           {"pull.ff", "only"},
                                                           {"push.autoSetupRemote", "true"}};
  return settings;
}

bool valid_variable_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(name.front())) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return alpha(c) || (c >= '0' && c <= '9'); });
}

namespace {

[[noreturn]] void manifest_error(const std::string& source, const YAML::Mark& mark, const std::string& message) {
  if (mark.is_null()) throw Error(fmt::format("{}: {}", source, message));
  throw Error(fmt::format("{}:{}:{}: {}", source, mark.line + 1, mark.column + 1, message));
}

std::string manifest_scalar(const std::string& source, const YAML::Node& node, const std::string& what) {
  if (!node.IsScalar()) manifest_error(source, node.Mark(), fmt::format("'{}' must be a string", what));
  return node.Scalar();
}

std::vector<std::string> manifest_globs(const std::string& source, const YAML::Node& node, const std::string& what) {
  std::vector<std::string> globs;
  if (node.IsNull()) return globs;
  if (!node.IsSequence()) manifest_error(source, node.Mark(), fmt::format("'{}' must be a list of globs", what));
  for (const YAML::Node& item : node) {
    std::string pattern = manifest_scalar(source, item, what + "[]");
    try {
      Glob glob(pattern);
    } catch (const Error& e) {
      manifest_error(source, item.Mark(), fmt::format("'{}': {}", what, e.what()));
    }
    globs.push_back(std::move(pattern));
  }
  return globs;
}

} // namespace

TemplateManifest parse_template_manifest(std::string_view text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    manifest_error(source, e.mark, e.msg);
  }
  TemplateManifest manifest;
  if (root.IsNull()) return manifest;
  if (!root.IsMap()) manifest_error(source, root.Mark(), "the top level must be a mapping (variables:, render:, ...)");
  for (const auto& item : root) {
    const std::string key = manifest_scalar(source, item.first, "key");
    const YAML::Node& value = item.second;
    if (key == "name") {
      manifest.name = manifest_scalar(source, value, "name");
    } else if (key == "description") {
      manifest.description = manifest_scalar(source, value, "description");
    } else if (key == "render") {
      manifest.render = manifest_globs(source, value, "render");
    } else if (key == "verbatim") {
      manifest.verbatim = manifest_globs(source, value, "verbatim");
    } else if (key == "variables") {
      if (value.IsNull()) continue;
      if (!value.IsMap())
        manifest_error(source, value.Mark(), "'variables' must be a mapping: NAME: {description: ..., default: ...}");
      for (const auto& entry : value) {
        const std::string name = manifest_scalar(source, entry.first, "variables");
        if (!valid_variable_name(name))
          manifest_error(source, entry.first.Mark(),
                         fmt::format("variable '{}': use letters, digits and '_', starting with a letter", name));
        if (name == "name" || name == "module")
          manifest_error(source, entry.first.Mark(),
                         fmt::format("variable '{}' is built in (the project name): do not declare it", name));
        TemplateVariable variable;
        const YAML::Node& spec = entry.second;
        if (spec.IsScalar()) {
          variable.default_value = spec.Scalar(); // shorthand: NAME: default
        } else if (spec.IsMap()) {
          for (const auto& field : spec) {
            const std::string field_key = manifest_scalar(source, field.first, "variables." + name);
            if (field_key == "description") {
              variable.description = manifest_scalar(source, field.second, "variables." + name + ".description");
            } else if (field_key == "default") {
              if (!field.second.IsNull())
                variable.default_value = manifest_scalar(source, field.second, "variables." + name + ".default");
            } else {
              manifest_error(source, field.first.Mark(),
                             fmt::format("unknown key 'variables.{}.{}' (description, default)", name, field_key));
            }
          }
        } else if (!spec.IsNull()) {
          manifest_error(source, spec.Mark(), fmt::format("variable '{}' must be a mapping {{description, default}}", name));
        }
        for (const auto& [seen, ignored] : manifest.variables)
          if (seen == name) manifest_error(source, entry.first.Mark(), fmt::format("variable '{}' is declared twice", name));
        manifest.variables.emplace_back(name, std::move(variable));
      }
    } else {
      manifest_error(source, item.first.Mark(),
                     fmt::format("unknown key '{}' (name, description, variables, render, verbatim)", key));
    }
  }
  return manifest;
}

std::map<std::string, std::string> resolve_variables(const TemplateManifest& manifest,
                                                     const std::map<std::string, std::string>& given,
                                                     const std::string& name, AskVariable ask) {
  std::map<std::string, std::string> values;
  for (const auto& [key, value] : given) {
    if (key == "name" || key == "module")
      throw Fatal(k_exit_usage, fmt::format("--set {}=...: '{}' is the project name; use --name", key, key));
    if (!valid_variable_name(key))
      throw Fatal(k_exit_usage, fmt::format("--set {}=...: not a variable name (letters, digits, '_')", key));
  }
  for (const auto& [key, variable] : manifest.variables) {
    if (const auto it = given.find(key); it != given.end()) values[key] = it->second;
    else if (variable.default_value) values[key] = *variable.default_value;
    else if (ask) values[key] = ask(key, variable);
    else
      throw Fatal(k_exit_usage,
                  fmt::format("the template needs the variable '{}'{}: pass --set {}=VALUE", key,
                              variable.description.empty() ? "" : fmt::format(" ({})", variable.description), key));
  }
  for (const auto& [key, value] : given) values.emplace(key, value); // undeclared ones are usable too
  values["name"] = name;
  values["module"] = replace_all(name, "-", "_");
  return values;
}

namespace {

// Variable tags that name no template variable (`${{ github.sha }}` in a
// GitHub workflow, `{{ .Values.x }}` in a Helm chart) are kept as written
// rather than rendered empty: each is wrapped in a switch to other
// delimiters and back, so mustache copies it. A text that changes
// delimiters itself is left to mustache alone.
std::string protect_unknown_tags(const std::string& text, const std::set<std::string>& known) {
  if (text.find("{{") == std::string::npos || text.find("{{=") != std::string::npos) return text;
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  for (;;) {
    const std::size_t open = text.find("{{", pos);
    if (open == std::string::npos) break;
    const bool triple = text.compare(open, 3, "{{{") == 0;
    const std::size_t close = text.find(triple ? "}}}" : "}}", open + (triple ? 3 : 2));
    if (close == std::string::npos) break;
    const std::size_t end = close + (triple ? 3 : 2);
    std::string_view inner(text.data() + open + (triple ? 3 : 2), close - open - (triple ? 3 : 2));
    bool variable_tag = true;
    if (!triple && !inner.empty()) {
      if (inner.front() == '&') inner.remove_prefix(1);
      else if (std::string_view("#^/!>=").find(inner.front()) != std::string_view::npos) variable_tag = false;
    }
    while (!inner.empty() && (inner.front() == ' ' || inner.front() == '\t')) inner.remove_prefix(1);
    while (!inner.empty() && (inner.back() == ' ' || inner.back() == '\t')) inner.remove_suffix(1);
    out.append(text, pos, open - pos);
    if (variable_tag && !known.contains(std::string(inner))) {
      out += "{{=<% %>=}}";
      out.append(text, open, end - open);
      out += "<%={{ }}=%>";
    } else {
      out.append(text, open, end - open);
    }
    pos = end;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

std::string render_text(const std::string& raw, const kainjow::mustache::data& context,
                        const std::set<std::string>& known, const std::string& what) {
  const std::string text = protect_unknown_tags(raw, known);
  kainjow::mustache::mustache view{text};
  // Project files are not HTML: values go in as they are.
  view.set_custom_escape([](const std::string& value) { return value; });
  if (!view.is_valid()) throw Error(fmt::format("template {}: {}", what, view.error_message()));
  std::string out = view.render(context);
  if (!view.error_message().empty()) throw Error(fmt::format("template {}: {}", what, view.error_message()));
  return out;
}

// Why `path` (rendered) cannot be a path inside the project; nullopt when it can.
std::optional<std::string> path_problem(std::string_view path) {
  if (path.empty()) return "it is empty";
  if (path.front() == '/' || path.find('\\') != std::string_view::npos) return "it is absolute or holds '\\'";
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view part = path.substr(start, end - start);
    if (part.empty()) return "it has an empty component";
    if (part == "..") return "it leaves the project ('..')";
    if (part == ".") return "it has a '.' component";
    if (part == ".git") return "it writes into .git";
    start = end + 1;
  }
  return std::nullopt;
}

bool looks_binary(std::string_view contents) {
  return contents.substr(0, 8000).find('\0') != std::string_view::npos;
}

} // namespace

std::vector<ProjectFile> template_repository_files(const std::string& dir, const TemplateManifest& manifest,
                                                   const std::map<std::string, std::string>& variables) {
  kainjow::mustache::data context;
  std::set<std::string> known;
  for (const auto& [key, value] : variables) {
    context.set(key, value);
    known.insert(key);
  }
  std::vector<Glob> render_globs;
  std::vector<Glob> verbatim_globs;
  for (const auto& pattern : manifest.render) render_globs.emplace_back(pattern);
  for (const auto& pattern : manifest.verbatim) verbatim_globs.emplace_back(pattern);

  std::vector<ProjectFile> files;
  const stdfs::path root(dir);
  std::vector<stdfs::path> entries;
  for (auto it = stdfs::recursive_directory_iterator(root); it != stdfs::recursive_directory_iterator(); ++it) {
    if (it->path().filename() == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    entries.push_back(it->path());
  }
  std::sort(entries.begin(), entries.end());
  for (const stdfs::path& entry : entries) {
    const std::string source = entry.lexically_relative(root).generic_string();
    if (source == k_template_manifest) continue;
    std::error_code ec;
    const auto status = stdfs::symlink_status(entry, ec);
    if (stdfs::is_directory(status)) continue;
    ProjectFile file;
    const bool mustache_suffix = source.ends_with(".mustache");
    const std::string unsuffixed =
      mustache_suffix ? source.substr(0, source.size() - std::string_view(".mustache").size()) : source;
    file.path = render_text(unsuffixed, context, known, "path " + source);
    if (auto problem = path_problem(file.path))
      throw Error(fmt::format("template path '{}' renders to '{}': {}; refusing it", source, file.path, *problem));

    if (stdfs::is_symlink(status)) {
      const stdfs::path target = stdfs::read_symlink(entry, ec);
      const stdfs::path resolved = (stdfs::path(file.path).parent_path() / target).lexically_normal();
      const std::string resolved_text = resolved.generic_string();
      if (ec || target.is_absolute() || target.empty() || resolved_text == ".." || resolved_text.starts_with("../"))
        throw Error(fmt::format("template path '{}' is a symbolic link to '{}', which points out of the project; "
                                "refusing it",
                                source, target.string()));
      file.link_target = target.string();
      files.push_back(std::move(file));
      continue;
    }
    if (!stdfs::is_regular_file(status)) continue; // sockets, fifos: nothing to copy
    auto contents = fs::read_file(entry);
    if (!contents) throw Error(fmt::format("cannot read {} of the template repository", source));
    file.contents = std::move(*contents);
    const auto permissions = status.permissions();
    file.mode = (permissions & stdfs::perms::owner_exec) != stdfs::perms::none ? 0755 : 0644;
    bool render = false;
    if (mustache_suffix) render = true;
    else if (matches_any(verbatim_globs, source)) render = false;
    else if (!render_globs.empty()) render = matches_any(render_globs, source);
    else render = !looks_binary(file.contents);
    if (render) file.contents = render_text(file.contents, context, known, source);
    files.push_back(std::move(file));
  }
  check_case_collisions(files);
  return files;
}

void check_case_collisions(const std::vector<ProjectFile>& files) {
  std::map<std::string, std::string> seen; // folded path -> path
  for (const ProjectFile& file : files) {
    // The file and each of its folders: "A/b" and "a/c" collide on "a".
    std::string_view path = file.path;
    bool is_file = true;
    while (!path.empty()) {
      const std::string folded = fold_name(path, CaseFolding::full);
      const auto [it, inserted] = seen.emplace(folded, std::string(path));
      if (!inserted && it->second != path)
        throw Error(fmt::format("'{}' and '{}' differ only in case: they would collide on a case-insensitive file "
                                "system (macOS, Windows); refusing the template",
                                it->second, path));
      if (!inserted && !is_file) break; // this folder and its parents are known
      is_file = false;
      const std::size_t slash = path.rfind('/');
      if (slash == std::string_view::npos) break;
      path = path.substr(0, slash);
    }
  }
}

namespace {

// git commands on the new repository or the template clone: the variables
// git sets for a hook we may be running in must not redirect them.
ProcessOptions without_hook_env() {
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

// Prompt on the terminal for a variable without a default (the description
// says what it is for); asks again on an empty answer.
std::string ask_on_terminal(const std::string& key, const TemplateVariable& variable) {
  for (;;) {
    if (variable.description.empty()) fmt::print(stderr, "{}: ", key);
    else fmt::print(stderr, "{} ({}): ", key, variable.description);
    std::fflush(stderr);
    std::string answer;
    if (!std::getline(std::cin, answer))
      throw Fatal(k_exit_usage, fmt::format("no value for the variable '{}': pass --set {}=VALUE", key, key));
    while (!answer.empty() && (answer.back() == '\r' || answer.back() == ' ')) answer.pop_back();
    if (!answer.empty()) return answer;
  }
}

bool directory_is_empty(const stdfs::path& dir) {
  std::error_code ec;
  return stdfs::directory_iterator(dir, ec) == stdfs::directory_iterator();
}

// Where the project goes and what it is called.
struct Destination {
  stdfs::path target; // absolute, no trailing '/'
  std::string name;
  bool exists = false; // the directory is there already (--force filled it in)
};

// The absolute target directory and the project name, refused (usage) when
// the name is invalid or the directory is a file or not empty without --force.
Destination resolve_destination(const InitOptions& options) {
  if (options.dir.empty()) throw Fatal(k_exit_usage, "init needs a directory: warden init DIR");
  std::error_code ec;
  Destination dest;
  dest.target = fs::absolute_from(stdfs::current_path(), options.dir);
  if (dest.target.filename().empty()) dest.target = dest.target.parent_path();

  dest.name = options.name ? *options.name : dest.target.filename().string();
  if (auto problem = name_problem(dest.name)) {
    if (options.name) throw Fatal(k_exit_usage, fmt::format("invalid project name '{}': {}", dest.name, *problem));
    throw Fatal(k_exit_usage, fmt::format("invalid project name '{}' (the directory's name): {}; pass --name NAME",
                                          dest.name, *problem));
  }

  const auto status = stdfs::symlink_status(dest.target, ec);
  dest.exists = stdfs::exists(status);
  if (dest.exists && !stdfs::is_directory(stdfs::status(dest.target, ec)))
    throw Fatal(k_exit_usage, fmt::format("{} exists and is not a directory", dest.target.string()));
  if (dest.exists && !directory_is_empty(dest.target) && options.force == Force::no)
    throw Fatal(k_exit_usage, fmt::format("{} is not empty: pass --force to add the missing files "
                                          "(existing files are never overwritten)",
                                          dest.target.string()));
  return dest;
}

// A temporary directory removed with everything in it at the end of scope.
class TempDir {
public:
  explicit TempDir(std::string path) : m_path(std::move(path)) {}
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    stdfs::remove_all(m_path, ignored);
  }
  const std::string& path() const { return m_path; }

private:
  std::string m_path;
};

// Clone the template repository `options.from` into `clone_dir` and check
// out `options.ref` (default: the remote's HEAD).
void clone_template(const InitOptions& options, const std::string& clone_dir) {
  // Only the chosen revision's files are used: the clone is thrown away,
  // so none of the template's history reaches the new repository.
  const std::vector<std::string> clone_args =
    options.ref ? std::vector<std::string>{"clone", "-q", "--no-checkout", absolute_remote(*options.from), clone_dir}
                : std::vector<std::string>{"clone", "-q", "--depth", "1", absolute_remote(*options.from), clone_dir};
  const ProcessResult cloned = run_git(clone_args, "", false, without_hook_env());
  if (!cloned.ok())
    throw Fatal(1, fmt::format("cannot clone the template repository {}:\n{}", *options.from, indented(cloned.err)));
  if (!options.ref) return;
  const ProcessResult checked_out =
    run_git({"-c", "advice.detachedHead=false", "checkout", "-q", "--detach", *options.ref + "^{commit}", "--"},
            clone_dir, false, without_hook_env());
  if (!checked_out.ok())
    throw Fatal(1, fmt::format("the template repository {} has no revision '{}':\n{}", *options.from, *options.ref,
                               indented(checked_out.err)));
}

// The clone's warden-template.yml (an empty manifest when it has none).
TemplateManifest read_manifest(const InitOptions& options, const std::string& clone_dir) {
  TemplateManifest manifest;
  std::error_code ec;
  const stdfs::path manifest_path = stdfs::path(clone_dir) / k_template_manifest;
  if (!stdfs::is_regular_file(stdfs::symlink_status(manifest_path, ec))) return manifest;
  const auto text = fs::read_file(manifest_path);
  if (!text) throw Fatal(1, fmt::format("cannot read {} of the template repository", k_template_manifest));
  try {
    manifest = parse_template_manifest(*text, std::string(k_template_manifest));
  } catch (const Error& e) {
    throw Fatal(1, fmt::format("template repository {}: {}", *options.from, e.what()));
  }
  return manifest;
}

// The template's files over the common ones: a template file replaces a
// common one of the same path, or of a path differing only in case (both
// could not live on every file system).
std::vector<ProjectFile> overlay_template_files(const InitOptions& options, std::vector<ProjectFile> common,
                                                std::vector<ProjectFile> from_template) {
  std::set<std::string> template_folded;
  for (const ProjectFile& file : from_template) template_folded.insert(fold_name(file.path, CaseFolding::full));
  std::vector<ProjectFile> merged;
  for (ProjectFile& file : common)
    if (!template_folded.contains(fold_name(file.path, CaseFolding::full))) merged.push_back(std::move(file));
  for (ProjectFile& file : from_template) merged.push_back(std::move(file));
  std::sort(merged.begin(), merged.end(), [](const ProjectFile& a, const ProjectFile& b) { return a.path < b.path; });
  try {
    check_case_collisions(merged);
  } catch (const Error& e) {
    throw Fatal(1, fmt::format("template repository {}: {}", *options.from, e.what()));
  }
  return merged;
}

// The files of the template repository `options.from`, its variables
// resolved, laid over the common ones and the CI in `files`.
std::vector<ProjectFile> template_repository_project(const InitOptions& options, const std::string& name,
                                                     std::vector<ProjectFile> files, std::FILE* out) {
  std::error_code ec;
  std::string pattern = (stdfs::temp_directory_path(ec) / "warden-init-from.XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw Fatal(1, "cannot create a temporary directory for --from");
  const TempDir clone(pattern);
  const std::string clone_dir = clone.path() + "/t";
  clone_template(options, clone_dir);
  const TemplateManifest manifest = read_manifest(options, clone_dir);
  if (!manifest.description.empty() || !manifest.name.empty())
    fmt::print(out, "template: {}{}{}\n", manifest.name.empty() ? *options.from : manifest.name,
               manifest.description.empty() ? "" : " - ", manifest.description);
  // Ask only a person at a terminal; scripts and CI get defaults and --set.
  const AskVariable ask = ::isatty(STDIN_FILENO) ? &ask_on_terminal : nullptr;
  std::fflush(out);
  const std::map<std::string, std::string> variables = resolve_variables(manifest, options.variables, name, ask);
  std::vector<ProjectFile> from_template;
  try {
    from_template = template_repository_files(clone_dir, manifest, variables);
  } catch (const Error& e) {
    throw Fatal(1, fmt::format("template repository {}: {}", *options.from, e.what()));
  }
  return overlay_template_files(options, std::move(files), std::move(from_template));
}

// Every file of the new project: a built-in template, or the common files
// and the CI under a template repository's (--from).
std::vector<ProjectFile> project_files(const InitOptions& options, std::span<const embedded::EmbeddedFile> templates,
                                       const std::string& name, std::FILE* out) {
  std::vector<ProjectFile> files =
    render_project(templates, options.kind, options.ci, name, options.from ? Layout::skip : Layout::include);
  if (options.from) return template_repository_project(options, name, std::move(files), out);
  if (!options.variables.empty())
    throw Fatal(k_exit_usage, "--set needs --from: the built-in templates take no variables");
  if (options.ref) throw Fatal(k_exit_usage, "--ref needs --from");
  return files;
}

// The repository-local git settings: the team defaults, overridden and
// extended by the `git:` section of the project's .warden.yml (the
// template's, or the user's own one when --force keeps it).
std::map<std::string, std::string> repo_settings(const Destination& dest, const std::vector<ProjectFile>& files) {
  std::map<std::string, std::string> settings = default_repo_settings();
  std::error_code ec;
  std::optional<std::string> policy_text;
  if (dest.exists && stdfs::exists(stdfs::symlink_status(dest.target / ".warden.yml", ec)))
    policy_text = fs::read_file(dest.target / ".warden.yml");
  else
    for (const ProjectFile& file : files)
      if (file.path == ".warden.yml" && !file.link_target) policy_text = file.contents;
  if (!policy_text) return settings;
  try {
    for (const auto& [key, value] : parse_policy(*policy_text, ".warden.yml").git_settings) {
      // git's keys ignore the case of their section and name.
      // (clang 14 cannot capture a structured binding: fold the key first)
      const std::string folded_key = fold_name(key, CaseFolding::simple);
      std::erase_if(settings,
                    [&](const auto& entry) { return fold_name(entry.first, CaseFolding::simple) == folded_key; });
      settings[key] = value;
    }
  } catch (const PolicyError& e) {
    throw Fatal(1, fmt::format("the project's .warden.yml does not load: {}", e.what()));
  }
  return settings;
}

// The branch of the first commit: init.defaultBranch of the settings, else main.
std::string initial_branch(const std::map<std::string, std::string>& settings) {
  std::string branch = "main";
  if (const auto it = settings.find("init.defaultBranch"); it != settings.end() && !it->second.empty())
    branch = it->second;
  if (!run_git({"check-ref-format", "--branch", branch}, "", false, without_hook_env()).ok())
    throw Fatal(1, fmt::format(".warden.yml: git: init.defaultBranch '{}' is not a valid branch name", branch));
  return branch;
}

// Everything decided before the first change to the disk.
struct InitPlan {
  Destination dest;
  std::vector<ProjectFile> files;
  std::vector<const ProjectFile*> to_write; // into `files`
  std::vector<std::string> kept;            // paths that exist and stay as they are
  bool existing_repo = false;
  std::map<std::string, std::string> settings;
  std::string branch;
  std::string install_hooks; // the install-hooks binary beside warden
  std::string remote;        // empty without --remote
};

InitPlan plan_init(const InitOptions& options, std::span<const embedded::EmbeddedFile> templates, std::FILE* out) {
  InitPlan plan;
  plan.dest = resolve_destination(options);
  plan.files = project_files(options, templates, plan.dest.name, out);
  plan.settings = repo_settings(plan.dest, plan.files);
  plan.branch = initial_branch(plan.settings);
  std::error_code ec;
  const stdfs::path& target = plan.dest.target;
  plan.existing_repo = plan.dest.exists && stdfs::exists(target / ".git", ec);
  for (const ProjectFile& file : plan.files) {
    if (plan.dest.exists && stdfs::exists(stdfs::symlink_status(target / file.path, ec)))
      plan.kept.push_back(file.path);
    else
      plan.to_write.push_back(&file);
  }
  plan.install_hooks = (stdfs::path(warden_binary_path()).parent_path() / "install-hooks").string();
  plan.remote = options.remote ? absolute_remote(*options.remote) : std::string();
  return plan;
}

void print_dry_run(const InitOptions& options, const InitPlan& plan, std::FILE* out) {
  const stdfs::path& target = plan.dest.target;
  fmt::print(out, "warden init: dry run, nothing is changed\n");
  for (const ProjectFile* file : plan.to_write) fmt::print(out, "would create {}\n", (target / file->path).string());
  for (const std::string& path : plan.kept)
    fmt::print(out, "would keep {} (exists; never overwritten)\n", (target / path).string());
  if (!plan.existing_repo) fmt::print(out, "would run: git init -b {}\n", plan.branch);
  for (const auto& [key, value] : plan.settings) fmt::print(out, "would run: git config {} {}\n", key, value);
  fmt::print(out, "would run: {} --repo {}\n", plan.install_hooks, target.string());
  fmt::print(out, "would run: git commit (the first commit on {}, hooks on)\n", plan.branch);
  if (options.remote)
    fmt::print(out, "would run: git remote add origin {} && git push -u origin {}\n", plan.remote, plan.branch);
}

// The directory to build the project in. A new directory is built beside
// its final place and renamed at the end, so a failure leaves nothing
// behind; an existing one is filled in place and what this run creates is
// registered with `rollback`.
stdfs::path prepare_work_dir(const InitPlan& plan, Rollback& rollback) {
  std::error_code ec;
  const stdfs::path& target = plan.dest.target;
  if (!plan.dest.exists) {
    stdfs::create_directories(target.parent_path(), ec);
    stdfs::path work = target.parent_path() / fmt::format(".{}.warden-init-{}", target.filename().string(), ::getpid());
    stdfs::remove_all(work, ec);
    if (!stdfs::create_directory(work, ec))
      throw Fatal(1, fmt::format("cannot create {}: {}", work.string(), ec ? ec.message() : "it exists"));
    rollback.add(work);
    return work;
  }
  std::set<stdfs::path> created_roots;
  for (const ProjectFile* file : plan.to_write) {
    // The topmost component that does not exist yet is what to remove.
    stdfs::path root = target;
    for (const auto& part : stdfs::path(file->path)) {
      root /= part;
      if (!stdfs::exists(stdfs::symlink_status(root, ec))) break;
    }
    created_roots.insert(root);
  }
  for (const auto& root : created_roots) rollback.add(root);
  if (!plan.existing_repo) rollback.add(target / ".git");
  return target;
}

void write_files(const InitPlan& plan, const stdfs::path& work, std::FILE* out) {
  std::error_code ec;
  for (const ProjectFile* file : plan.to_write) {
    if (file->link_target) {
      stdfs::create_directories((work / file->path).parent_path(), ec);
      stdfs::create_symlink(*file->link_target, work / file->path, ec);
      if (ec) throw Fatal(1, fmt::format("cannot create the symbolic link {}: {}", file->path, ec.message()));
    } else {
      fs::write_file_atomic(work / file->path, file->contents, file->mode);
    }
    fmt::print(out, "created {}\n", file->path);
  }
  for (const std::string& path : plan.kept) fmt::print(out, "kept {} (exists; not overwritten)\n", path);
  std::fflush(out);
}

// `git init`, the settings, then the hooks: before the first commit, so the
// hooks and the commit already see them.
void set_up_repository(const InitPlan& plan, const std::string& dir, std::FILE* out) {
  if (!plan.existing_repo) {
    run_git({"init", "-q", "-b", plan.branch}, dir, true, without_hook_env());
    fmt::print(out, "initialised a git repository on branch {}\n", plan.branch);
  }
  for (const auto& [key, value] : plan.settings) {
    const ProcessResult set = run_git({"config", "--local", key, value}, dir, false, without_hook_env());
    if (!set.ok()) throw Fatal(1, fmt::format("git config {} {} failed:\n{}", key, value, indented(set.err)));
    fmt::print(out, "git config {} {}\n", key, value);
  }
  const ProcessResult installed = run_process({plan.install_hooks, "--repo", dir}, without_hook_env());
  if (!installed.ok())
    throw Fatal(1, fmt::format("install-hooks failed (exit {}):\n{}{}", installed.exit_code, indented(installed.out),
                               indented(installed.err)));
  // The repository is still at its temporary name: show where it will be.
  fmt::print(out, "installed the hooks:\n{}", indented(replace_all(installed.out, dir, plan.dest.target.string())));
  std::fflush(out);
}

// The first commit: everything when the repository has no commit yet (the
// user's own files included), else only the files created here.
void first_commit(const InitOptions& options, const InitPlan& plan, const std::string& dir, std::FILE* out) {
  const bool unborn = !run_git({"rev-parse", "-q", "--verify", "HEAD"}, dir, false, without_hook_env()).ok();
  if (unborn) {
    run_git({"add", "-A"}, dir, true, without_hook_env());
  } else {
    std::vector<std::string> args{"add", "--"};
    for (const ProjectFile* file : plan.to_write) args.push_back(file->path);
    if (!plan.to_write.empty()) run_git(args, dir, true, without_hook_env());
  }
  if (run_git({"diff", "--cached", "--quiet"}, dir, false, without_hook_env()).ok() && !unborn) {
    fmt::print(out, "nothing new to commit\n");
    return;
  }
  const std::string& name = plan.dest.name;
  const std::string message =
    options.from ? fmt::format("chore: start {} from the template repository {}", name, *options.from)
                 : fmt::format("chore: start {} from the warden {} template", name, to_string(options.kind));
  const ProcessResult commit = run_git({"commit", "-q", "-m", message}, dir, false, without_hook_env());
  if (!commit.ok())
    throw Fatal(1, fmt::format("the first commit failed (exit {}); nothing was kept:\n{}{}", commit.exit_code,
                               indented(commit.out), indented(commit.err)));
  std::string head = run_git({"rev-parse", "--short", "HEAD"}, dir, true, without_hook_env()).out;
  while (!head.empty() && (head.back() == '\n' || head.back() == '\r')) head.pop_back();
  fmt::print(out, "committed on {} ({}): {}\n", plan.branch, head, message);
}

// Push the first commit to origin (already added) with its upstream set.
void publish(const InitPlan& plan, std::FILE* out) {
  const std::string final_dir = plan.dest.target.string();
  // What `git clone` would set: origin/HEAD names the default branch.
  run_git({"symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/" + plan.branch}, final_dir, false,
          without_hook_env());
  const ProcessResult push = run_git({"push", "-u", "origin", plan.branch}, final_dir, false, without_hook_env());
  if (!push.ok()) {
    run_git({"symbolic-ref", "--delete", "refs/remotes/origin/HEAD"}, final_dir, false, without_hook_env());
    throw Fatal(1, fmt::format("{} is ready, but pushing to {} failed (exit {}):\n{}push later with: git -C {} "
                               "push -u origin {}",
                               final_dir, plan.remote, push.exit_code, indented(push.err), final_dir, plan.branch));
  }
  fmt::print(out, "pushed {} to origin ({}); upstream set to origin/{}\n", plan.branch, plan.remote, plan.branch);
}

} // namespace

int run_init(const InitOptions& options, std::span<const embedded::EmbeddedFile> templates, std::FILE* out) {
  const InitPlan plan = plan_init(options, templates, out);
  if (options.dry_run == DryRun::yes) {
    print_dry_run(options, plan, out);
    return k_exit_ok;
  }
  std::error_code ec;
  if (!stdfs::exists(plan.install_hooks, ec))
    throw Fatal(1, fmt::format("install-hooks is missing at {}: reinstall warden", plan.install_hooks));

  Rollback rollback;
  const stdfs::path work = prepare_work_dir(plan, rollback);
  write_files(plan, work, out);
  const std::string dir = work.string();
  set_up_repository(plan, dir, out);
  first_commit(options, plan, dir, out);
  if (options.remote) run_git({"remote", "add", "origin", plan.remote}, dir, true, without_hook_env());

  const stdfs::path& target = plan.dest.target;
  if (work != target) fs::rename(work, target);
  rollback.disarm();
  std::fflush(out);

  if (options.remote) publish(plan, out);
  fmt::print(out, "{} is ready in {} ({}, {} CI)\n", plan.dest.name, target.string(),
             options.from ? fmt::format("from {}", *options.from) : fmt::format("{} template", to_string(options.kind)),
             options.ci == Ci::none ? "no" : to_string(options.ci));
  return k_exit_ok;
}

} // namespace warden::init

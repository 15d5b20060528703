#include "warden/git/native/repo_files.hpp"

#include "warden/core/fs.hpp"
#include "warden/git/native/object_store.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

namespace warden::git::native {

namespace stdfs = std::filesystem;

namespace {

std::string trim_newline(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string absolute(const std::string& base, const std::string& path) {
  return fs::absolute_from(base, path).string();
}

std::string strip_slash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// "Section.Sub.Name" as git compares keys: section and name lower-cased,
// subsection kept; nullopt without a '.'.
std::optional<std::string> canonical_key(const std::string& key) {
  const std::size_t first = key.find('.'), last = key.rfind('.');
  if (first == std::string::npos || first == 0 || last + 1 == key.size()) return std::nullopt;
  return lower(key.substr(0, first)) + key.substr(first, last - first) + "." + lower(key.substr(last + 1));
}

bool is_dir(const std::string& path) {
  std::error_code ec;
  return stdfs::is_directory(path, ec);
}

// `.git` may be a directory or a file "gitdir: <path>" (linked worktrees,
// submodules).
std::optional<std::string> git_dir_at(const std::string& dir) {
  std::string dot_git = dir + "/.git";
  if (is_dir(dot_git)) return dot_git;
  auto text = fs::read_file(dot_git);
  if (!text) return std::nullopt;
  std::string line = trim_newline(*text);
  if (line.rfind("gitdir: ", 0) != 0) return std::nullopt;
  return absolute(dir, line.substr(8));
}

std::optional<git_oid> resolve_ref(const RepoPaths& paths, const std::string& name, int depth = 0) {
  if (depth > 5) return std::nullopt;
  if (auto text = fs::read_file(paths.common_dir + "/" + name)) {
    std::string value = trim_newline(*text);
    if (value.rfind("ref: ", 0) == 0) return resolve_ref(paths, value.substr(5), depth + 1);
    return oid_from_hex(value);
  }
  auto packed = fs::read_file(paths.common_dir + "/packed-refs");
  if (!packed) return std::nullopt;
  std::size_t pos = 0;
  while (pos < packed->size()) {
    std::size_t end = packed->find('\n', pos);
    if (end == std::string::npos) end = packed->size();
    std::string_view line(packed->data() + pos, end - pos);
    if (line.size() > 41 && line[0] != '#' && line[0] != '^' && line[40] == ' ' && line.substr(41) == name)
      return oid_from_hex(line.substr(0, 40));
    pos = end + 1;
  }
  return std::nullopt;
}

} // namespace

std::optional<RepoPaths> locate_repository() {
  if (std::getenv("GIT_OBJECT_DIRECTORY") || std::getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES")) return std::nullopt;
  std::error_code ec;
  std::string cwd = stdfs::current_path(ec).string();
  if (ec) return std::nullopt;
  RepoPaths paths;
  if (const char* git_dir = std::getenv("GIT_DIR")) {
    paths.git_dir = absolute(cwd, git_dir);
    const char* work_tree = std::getenv("GIT_WORK_TREE");
    paths.worktree = work_tree ? absolute(cwd, work_tree) : cwd;
  } else {
    std::string dir = cwd;
    while (true) {
      if (auto found = git_dir_at(dir)) {
        paths.git_dir = *found;
        paths.worktree = dir;
        break;
      }
      if (dir == "/" || dir.empty()) return std::nullopt;
      dir = stdfs::path(dir).parent_path().string();
    }
  }
  paths.git_dir = strip_slash(paths.git_dir);
  paths.worktree = strip_slash(paths.worktree);
  if (const char* common = std::getenv("GIT_COMMON_DIR")) {
    paths.common_dir = absolute(cwd, common);
  } else if (auto text = fs::read_file(paths.git_dir + "/commondir")) {
    paths.common_dir = absolute(paths.git_dir, trim_newline(*text));
  } else {
    paths.common_dir = paths.git_dir;
  }
  paths.common_dir = strip_slash(paths.common_dir);
  if (!is_dir(paths.common_dir + "/objects")) return std::nullopt;
  return paths;
}

namespace {

// git's is_git_directory: HEAD, objects/ and refs/ (through commondir
// when there is one).
bool is_git_directory(const std::string& dir) {
  std::error_code ec;
  if (!stdfs::is_regular_file(dir + "/HEAD", ec) && !stdfs::is_symlink(dir + "/HEAD", ec)) return false;
  std::string common = dir;
  if (auto text = fs::read_file(dir + "/commondir")) common = absolute(dir, trim_newline(*text));
  return is_dir(common + "/refs") && (is_dir(common + "/objects") || std::getenv("GIT_OBJECT_DIRECTORY"));
}

} // namespace

std::optional<LocatedRepo> locate_any_repository() {
  std::error_code ec;
  const std::string cwd = stdfs::current_path(ec).string();
  if (ec) return std::nullopt;
  LocatedRepo located;
  RepoPaths& paths = located.paths;
  const char* work_tree = std::getenv("GIT_WORK_TREE");
  located.work_tree_variable = work_tree && *work_tree;
  if (const char* git_dir = std::getenv("GIT_DIR"); git_dir && *git_dir) {
    paths.git_dir = absolute(cwd, git_dir);
    // GIT_DIR may name a `gitdir:` file, as `.git` may be one.
    if (!is_dir(paths.git_dir)) {
      auto text = fs::read_file(paths.git_dir);
      if (!text) return std::nullopt;
      const std::string line = trim_newline(*text);
      if (line.rfind("gitdir: ", 0) != 0) return std::nullopt;
      paths.git_dir = absolute(stdfs::path(paths.git_dir).parent_path().string(), line.substr(8));
    }
    located.found = Found::git_dir_variable;
    paths.worktree = cwd;
  } else {
    std::string dir = cwd;
    while (true) {
      if (auto found = git_dir_at(dir)) {
        paths.git_dir = *found;
        paths.worktree = dir;
        located.found = Found::dot_git;
        break;
      }
      if (is_git_directory(dir)) {
        paths.git_dir = dir;
        located.found = Found::bare_dir;
        break;
      }
      if (dir == "/" || dir.empty()) return std::nullopt;
      dir = stdfs::path(dir).parent_path().string();
    }
  }
  if (located.work_tree_variable) paths.worktree = absolute(cwd, work_tree);
  paths.git_dir = strip_slash(paths.git_dir);
  paths.worktree = strip_slash(paths.worktree);
  if (const char* common = std::getenv("GIT_COMMON_DIR"); common && *common) {
    paths.common_dir = absolute(cwd, common);
  } else if (auto text = fs::read_file(paths.git_dir + "/commondir")) {
    paths.common_dir = absolute(paths.git_dir, trim_newline(*text));
  } else {
    paths.common_dir = paths.git_dir;
  }
  paths.common_dir = strip_slash(paths.common_dir);
  return located;
}

ObjectDirs object_dirs_from_environment(const RepoPaths& paths) {
  ObjectDirs dirs;
  std::error_code ec;
  const std::string cwd = stdfs::current_path(ec).string();
  const char* primary = std::getenv("GIT_OBJECT_DIRECTORY");
  dirs.primary = primary && *primary ? strip_slash(absolute(cwd, primary)) : paths.common_dir + "/objects";
  if (const char* list = std::getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES"); list && *list) {
    for (auto& entry : parse_alternates(list, ':')) dirs.alternates.push_back(strip_slash(absolute(cwd, entry)));
  }
  const char* quarantine = std::getenv("GIT_QUARANTINE_PATH");
  dirs.quarantine = quarantine && *quarantine;
  return dirs;
}

std::optional<HeadState> read_head(const RepoPaths& paths) {
  auto text = fs::read_file(paths.git_dir + "/HEAD");
  if (!text) return std::nullopt;
  std::string value = trim_newline(*text);
  HeadState state;
  if (value.rfind("ref: ", 0) == 0) {
    std::string ref = value.substr(5);
    if (ref.rfind("refs/heads/", 0) == 0) state.branch = ref.substr(11);
    state.commit = resolve_ref(paths, ref); // nullopt: unborn
    return state;
  }
  state.commit = oid_from_hex(value);
  if (!state.commit) return std::nullopt;
  return state;
}

bool parse_config_text(const std::string& text, std::map<std::string, std::string>& out,
                       std::vector<std::string>& includes) {
  std::string section; // "core", or "remote.origin" (subsection case kept)
  std::size_t pos = 0;
  const std::size_t n = text.size();
  auto skip_space = [&] {
    while (pos < n && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\r')) ++pos;
  };
  while (pos < n) {
    skip_space();
    if (pos >= n) break;
    char c = text[pos];
    if (c == '\n') { ++pos; continue; }
    if (c == '#' || c == ';') {
      while (pos < n && text[pos] != '\n') ++pos;
      continue;
    }
    if (c == '[') {
      ++pos;
      std::string name;
      while (pos < n && (std::isalnum(static_cast<unsigned char>(text[pos])) || text[pos] == '-' || text[pos] == '.'))
        name += text[pos++];
      skip_space();
      std::string sub;
      bool has_sub = false;
      if (pos < n && text[pos] == '"') {
        has_sub = true;
        ++pos;
        while (pos < n && text[pos] != '"') {
          if (text[pos] == '\n') return false;
          if (text[pos] == '\\' && pos + 1 < n) ++pos;
          sub += text[pos++];
        }
        if (pos >= n) return false;
        ++pos;
      }
      if (pos >= n || text[pos] != ']') return false;
      ++pos;
      std::string lowered = lower(name);
      if (lowered == "includeif") return false; // conditions need git itself
      section = has_sub ? lowered + "." + sub : lowered;
      continue;
    }
    if (!std::isalpha(static_cast<unsigned char>(c)) || section.empty()) return false;
    std::string key;
    while (pos < n && (std::isalnum(static_cast<unsigned char>(text[pos])) || text[pos] == '-')) key += text[pos++];
    skip_space();
    std::string value = "true";
    if (pos < n && text[pos] == '=') {
      ++pos;
      skip_space();
      value.clear();
      bool quoted = false;
      std::size_t keep = 0; // length without trailing unquoted spaces
      while (pos < n) {
        char v = text[pos];
        if (v == '\n' && !quoted) break;
        if (v == '\n') return false;
        if (!quoted && (v == '#' || v == ';')) {
          while (pos < n && text[pos] != '\n') ++pos;
          break;
        }
        ++pos;
        if (v == '"') { quoted = !quoted; keep = value.size(); continue; }
        if (v == '\\') {
          if (pos >= n) return false;
          char e = text[pos++];
          if (e == '\n') continue; // continuation
          if (e == 'n') value += '\n';
          else if (e == 't') value += '\t';
          else if (e == 'b') { if (!value.empty()) value.pop_back(); }
          else if (e == '\\' || e == '"') value += e;
          else return false;
          keep = value.size();
          continue;
        }
        value += v;
        if (quoted || (v != ' ' && v != '\t' && v != '\r')) keep = value.size();
      }
      if (quoted) return false;
      value.resize(keep);
    }
    std::string full = section + "." + lower(key);
    if (section == "include" && lower(key) == "path") includes.push_back(value);
    out[full] = value;
  }
  return true;
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// One shell-single-quoted word at `pos` ('it'\''s' is it's; git also
// writes '\!'), as git's sq_dequote_step reads it; `pos` ends after it.
std::optional<std::string> sq_dequote_step(std::string_view text, std::size_t& pos) {
  if (pos >= text.size() || text[pos] != '\'') return std::nullopt;
  ++pos;
  std::string word;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (c != '\'') {
      word += c;
      continue;
    }
    // A closing quote, unless `\'` or `\!` and a new opening quote follow.
    if (pos + 2 < text.size() && text[pos] == '\\' && (text[pos + 1] == '\'' || text[pos + 1] == '!') &&
        text[pos + 2] == '\'') {
      word += text[pos + 1];
      pos += 3;
      continue;
    }
    return word;
  }
  return std::nullopt; // unterminated
}

bool add_parameter(const std::string& key, const std::optional<std::string>& value,
                   std::map<std::string, std::string>& out) {
  auto canonical = canonical_key(key);
  if (!canonical) return false;
  out[*canonical] = value ? *value : "true"; // a key without '=' is boolean true
  return true;
}

} // namespace

bool parse_config_parameters(std::string_view text, std::map<std::string, std::string>& out) {
  std::size_t pos = 0;
  while (pos < text.size() && is_space(text[pos])) ++pos;
  while (pos < text.size()) {
    auto word = sq_dequote_step(text, pos);
    if (!word) return false;
    if (pos >= text.size() || is_space(text[pos])) {
      // Old style: 'key=value' (or 'key', boolean true).
      const std::size_t equals = word->find('=');
      if (!add_parameter(word->substr(0, equals),
                         equals == std::string::npos ? std::nullopt : std::optional(word->substr(equals + 1)), out))
        return false;
    } else if (text[pos] == '=') {
      // New style: 'key'='value' ('key'= alone is boolean true).
      ++pos;
      std::optional<std::string> value;
      if (pos < text.size() && text[pos] == '\'') {
        value = sq_dequote_step(text, pos);
        if (!value || (pos < text.size() && !is_space(text[pos]))) return false;
      } else if (pos < text.size() && !is_space(text[pos])) {
        return false;
      }
      if (!add_parameter(*word, value, out)) return false;
    } else {
      return false;
    }
    while (pos < text.size() && is_space(text[pos])) ++pos;
  }
  return true;
}

namespace {

bool load_file(const std::string& path, std::map<std::string, std::string>& out, std::string* why,
               int depth = 0) {
  auto text = fs::read_file(path);
  if (!text) return true; // a missing file is simply not there
  std::vector<std::string> includes;
  if (!parse_config_text(*text, out, includes) || depth > 5) {
    if (why) *why = path + ": config beyond the native reader (includeIf, a malformed line or deep includes)";
    return false;
  }
  for (const auto& include : includes) {
    std::string target = include;
    if (target.rfind("~/", 0) == 0) {
      const char* home = std::getenv("HOME");
      if (!home) {
        if (why) *why = path + ": include.path '~/' without HOME";
        return false;
      }
      target = std::string(home) + target.substr(1);
    }
    if (target.empty()) {
      if (why) *why = path + ": an empty include.path";
      return false;
    }
    if (!load_file(absolute(stdfs::path(path).parent_path().string(), target), out, why, depth + 1)) return false;
  }
  return true;
}

} // namespace

std::optional<ConfigValues> ConfigValues::load(const RepoPaths& paths, std::string* why) {
  ConfigValues values;
  auto& out = values.m_values;
  const char* no_system = std::getenv("GIT_CONFIG_NOSYSTEM");
  if (!(no_system && *no_system && std::string(no_system) != "0" && std::string(no_system) != "false")) {
    const char* system = std::getenv("GIT_CONFIG_SYSTEM");
    if (!load_file(system ? system : "/etc/gitconfig", out, why)) return std::nullopt;
  }
  if (const char* global = std::getenv("GIT_CONFIG_GLOBAL")) {
    if (!load_file(global, out, why)) return std::nullopt;
  } else {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    const char* home = std::getenv("HOME");
    std::string xdg_path = xdg && *xdg ? std::string(xdg) + "/git/config" : home ? std::string(home) + "/.config/git/config" : "";
    if (!xdg_path.empty() && !load_file(xdg_path, out, why)) return std::nullopt;
    if (home && !load_file(std::string(home) + "/.gitconfig", out, why)) return std::nullopt;
  }
  if (!load_file(paths.common_dir + "/config", out, why)) return std::nullopt;
  auto worktree_config = out.find("extensions.worktreeconfig");
  if (worktree_config != out.end() && worktree_config->second != "false" && worktree_config->second != "0" &&
      !load_file(paths.git_dir + "/config.worktree", out, why))
    return std::nullopt;
  // The command line last, as git reads it: GIT_CONFIG_COUNT, then `git -c`
  // (GIT_CONFIG_PARAMETERS, which also carries --config-env).
  if (const char* count_text = std::getenv("GIT_CONFIG_COUNT")) {
    int count = std::atoi(count_text);
    for (int i = 0; i < count; ++i) {
      const char* key = std::getenv(("GIT_CONFIG_KEY_" + std::to_string(i)).c_str());
      const char* value = std::getenv(("GIT_CONFIG_VALUE_" + std::to_string(i)).c_str());
      auto canonical = key && value ? canonical_key(key) : std::nullopt;
      if (!canonical) {
        if (why) *why = "GIT_CONFIG_COUNT names a missing or malformed GIT_CONFIG_KEY_" + std::to_string(i);
        return std::nullopt;
      }
      out[*canonical] = value;
    }
  }
  if (const char* parameters = std::getenv("GIT_CONFIG_PARAMETERS")) {
    if (!parse_config_parameters(parameters, out)) {
      if (why) *why = "GIT_CONFIG_PARAMETERS beyond the native reader";
      return std::nullopt;
    }
  }
  auto format = out.find("extensions.objectformat");
  if (format != out.end() && lower(format->second) != "sha1") {
    if (why) *why = "extensions.objectFormat=" + format->second + " (this reader reads SHA-1 repositories)";
    return std::nullopt;
  }
  return values;
}

std::vector<std::pair<std::string, std::string>> ConfigValues::with_prefix(const std::string& prefix) const {
  std::vector<std::pair<std::string, std::string>> found;
  for (auto it = m_values.lower_bound(prefix); it != m_values.end() && it->first.rfind(prefix, 0) == 0; ++it)
    found.emplace_back(it->first, it->second);
  return found;
}

std::optional<bool> config_bool(const std::string& value) {
  const std::string v = lower(value);
  if (v == "true" || v == "yes" || v == "on" || v == "1") return true;
  if (v == "false" || v == "no" || v == "off" || v == "0" || v.empty()) return false;
  return std::nullopt;
}

std::optional<std::string> ConfigValues::get(const std::string& key) const {
  const auto canonical = canonical_key(key);
  if (!canonical) return std::nullopt;
  auto it = m_values.find(*canonical);
  if (it == m_values.end()) return std::nullopt;
  return it->second;
}

} // namespace warden::git::native

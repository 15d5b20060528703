#include "warden/git/native/repo_files.hpp"

#include "warden/core/fs.hpp"
#include "warden/git/native/object_store.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>
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

namespace {

// GIT_COMMON_DIR, else the git dir's `commondir` file (a linked worktree),
// else the git dir itself; no trailing '/'.
std::string common_dir_of(const std::string& cwd, const std::string& git_dir) {
  std::string common;
  if (const char* variable = std::getenv("GIT_COMMON_DIR"); variable && *variable) {
    common = absolute(cwd, variable);
  } else if (auto text = fs::read_file(git_dir + "/commondir")) {
    common = absolute(git_dir, trim_newline(*text));
  } else {
    common = git_dir;
  }
  return strip_slash(common);
}

} // namespace


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
  paths.common_dir = common_dir_of(cwd, paths.git_dir);
  return located;
}

std::optional<RepoPaths> locate_repository() {
  // The pre-commit and commit-msg binaries read <common dir>/objects
  // themselves: no quarantine, no bare repository.
  if (std::getenv("GIT_OBJECT_DIRECTORY") || std::getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES")) return std::nullopt;
  auto located = locate_any_repository();
  if (!located || located->found == Found::bare_dir) return std::nullopt;
  if (!is_dir(located->paths.common_dir + "/objects")) return std::nullopt;
  return std::move(located->paths);
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

namespace {

// One config file's entries in file order, as git's config parser reads
// them: `entry(key, value)` with the canonical key ("section.sub.name") and
// the value (nullopt for a key without '='). False when the text is
// malformed (nothing after the bad line is read) or `entry` returns false.
template <class Entry>
bool parse_config_entries(const std::string& text, Entry&& entry) {
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
      section = has_sub ? lowered + "." + sub : lowered;
      continue;
    }
    if (!std::isalpha(static_cast<unsigned char>(c)) || section.empty()) return false;
    std::string key;
    while (pos < n && (std::isalnum(static_cast<unsigned char>(text[pos])) || text[pos] == '-')) key += text[pos++];
    skip_space();
    std::optional<std::string> given;
    if (pos < n && text[pos] == '=') {
      ++pos;
      skip_space();
      std::string& value = given.emplace();
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
    if (!entry(section + "." + lower(key), given)) return false;
  }
  return true;
}

} // namespace

bool parse_config_text(const std::string& text, std::map<std::string, std::string>& out,
                       std::vector<std::string>& includes) {
  return parse_config_entries(text, [&](const std::string& key, const std::optional<std::string>& value) {
    if (key == "include.path") includes.push_back(value.value_or("true"));
    out[key] = value.value_or("true");
    return true;
  });
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

// git's wildmatch (wildmatch.c) with WM_PATHNAME: '*', '?' and classes
// never match '/', "**" between slashes (or at an end) matches across
// them, "/**/" also matches one '/'. The abort codes prune the backtracking
// as git's do.
enum : int { wm_match = 0, wm_nomatch = 1, wm_abort_all = -1, wm_abort_to_starstar = -2 };

bool wm_special(unsigned char c) { return c == '*' || c == '?' || c == '[' || c == '\\'; }

unsigned char wm_fold(unsigned char c, bool icase) {
  return icase && std::isupper(c) ? static_cast<unsigned char>(std::tolower(c)) : c;
}

// The class at p (just after "[:"), up to ":]"; nullopt when the name is unknown.
std::optional<bool> wm_char_class(std::string_view name, unsigned char t, bool icase) {
  if (name == "alnum") return std::isalnum(t) != 0;
  if (name == "alpha") return std::isalpha(t) != 0;
  if (name == "blank") return t == ' ' || t == '\t';
  if (name == "cntrl") return std::iscntrl(t) != 0;
  if (name == "digit") return std::isdigit(t) != 0;
  if (name == "graph") return std::isgraph(t) != 0;
  if (name == "lower") return std::islower(t) != 0;
  if (name == "print") return std::isprint(t) != 0;
  if (name == "punct") return std::ispunct(t) != 0;
  if (name == "space") return std::isspace(t) != 0;
  if (name == "upper") return std::isupper(t) != 0 || (icase && std::islower(t));
  if (name == "xdigit") return std::isxdigit(t) != 0;
  return std::nullopt;
}

int dowild(const unsigned char* p, const unsigned char* text, bool icase) {
  const unsigned char* pattern = p;
  for (unsigned char p_ch; (p_ch = *p) != '\0'; ++text, ++p) {
    unsigned char t_ch = *text;
    if (t_ch == '\0' && p_ch != '*') return wm_abort_all;
    t_ch = wm_fold(t_ch, icase);
    p_ch = wm_fold(p_ch, icase);
    switch (p_ch) {
    case '\\':
      p_ch = *++p;
      if (t_ch != p_ch) return wm_nomatch;
      continue;
    default:
      if (t_ch != p_ch) return wm_nomatch;
      continue;
    case '?':
      if (t_ch == '/') return wm_nomatch;
      continue;
    case '*': {
      bool match_slash = false;
      if (*++p == '*') {
        const unsigned char* prev_p = p - 2;
        while (*++p == '*') {}
        if ((prev_p < pattern || *prev_p == '/') && (*p == '\0' || *p == '/' || (p[0] == '\\' && p[1] == '/'))) {
          if (p[0] == '/' && dowild(p + 1, text, icase) == wm_match) return wm_match;
          match_slash = true;
        }
      }
      if (*p == '\0') {
        if (!match_slash && std::strchr(reinterpret_cast<const char*>(text), '/')) return wm_nomatch;
        return wm_match;
      }
      if (!match_slash && *p == '/') {
        const char* slash = std::strchr(reinterpret_cast<const char*>(text), '/');
        if (!slash) return wm_nomatch;
        text = reinterpret_cast<const unsigned char*>(slash);
        break; // the slash is consumed by the loop
      }
      while (true) {
        if (t_ch == '\0') break;
        if (!wm_special(*p)) {
          const unsigned char want = wm_fold(*p, icase);
          while ((t_ch = *text) != '\0' && (match_slash || t_ch != '/')) {
            t_ch = wm_fold(t_ch, icase);
            if (t_ch == want) break;
            ++text;
          }
          if (t_ch != want) return wm_nomatch;
        }
        const int matched = dowild(p, text, icase);
        if (matched != wm_nomatch) {
          if (!match_slash || matched != wm_abort_to_starstar) return matched;
        } else if (!match_slash && t_ch == '/') {
          return wm_abort_to_starstar;
        }
        t_ch = *++text;
      }
      return wm_abort_all;
    }
    case '[': {
      p_ch = *++p;
      if (p_ch == '^') p_ch = '!';
      const bool negated = p_ch == '!';
      if (negated) p_ch = *++p;
      unsigned char prev_ch = 0;
      bool matched = false;
      do {
        if (!p_ch) return wm_abort_all;
        if (p_ch == '\\') {
          p_ch = *++p;
          if (!p_ch) return wm_abort_all;
          if (t_ch == p_ch) matched = true;
        } else if (p_ch == '-' && prev_ch && p[1] && p[1] != ']') {
          p_ch = *++p;
          if (p_ch == '\\') {
            p_ch = *++p;
            if (!p_ch) return wm_abort_all;
          }
          if (t_ch <= p_ch && t_ch >= prev_ch) {
            matched = true;
          } else if (icase && std::islower(t_ch)) {
            const auto upper = static_cast<unsigned char>(std::toupper(t_ch));
            if (upper <= p_ch && upper >= prev_ch) matched = true;
          }
          p_ch = 0; // prev_ch becomes 0
        } else if (p_ch == '[' && p[1] == ':') {
          const unsigned char* s = p += 2;
          while ((p_ch = *p) && p_ch != ']') ++p;
          if (!p_ch) return wm_abort_all;
          if (p - s - 1 < 0 || p[-1] != ':') {
            // no ":]": a plain '['
            p = s - 2;
            p_ch = '[';
            if (t_ch == p_ch) matched = true;
            continue;
          }
          auto in_class = wm_char_class(std::string_view(reinterpret_cast<const char*>(s), p - s - 1), t_ch, icase);
          if (!in_class) return wm_abort_all;
          if (*in_class) matched = true;
          p_ch = 0;
        } else if (t_ch == p_ch) {
          matched = true;
        }
      } while (prev_ch = p_ch, (p_ch = *++p) != ']');
      if (matched == negated || t_ch == '/') return wm_nomatch;
      continue;
    }
    }
  }
  return *text ? wm_nomatch : wm_match;
}

std::string real_path(const std::string& path) {
  std::error_code ec;
  auto real = stdfs::weakly_canonical(path, ec);
  return ec ? path : strip_slash(real.string());
}

// The git dir as git's include_by_gitdir sees it after the realpath:
// strbuf_add_absolute_path of the name git's setup holds. That name is
// relative (".git", or "." for a bare repository) when git found the git
// dir in the current directory, or when GIT_DIR is relative, and git makes
// it absolute with $PWD when $PWD names the current directory (through a
// symlink), else with the physical cwd; an absolute GIT_DIR is kept as
// given; a git dir found in a parent directory or through a `gitdir:` file
// is already its real path.
std::string git_dir_as_named(const RepoPaths& paths) {
  std::error_code ec;
  const std::string cwd = stdfs::current_path(ec).string();
  if (ec) return paths.git_dir;
  const char* env = std::getenv("GIT_DIR");
  bool relative = false;
  if (env && *env) {
    relative = env[0] != '/';
  } else {
    relative = (paths.git_dir == cwd + "/.git" && is_dir(paths.git_dir)) || paths.git_dir == cwd;
    if (!relative) return real_path(paths.git_dir);
  }
  const char* pwd = std::getenv("PWD");
  if (!relative || !pwd || pwd[0] != '/' || cwd == pwd) return paths.git_dir;
  struct stat cwd_stat {}, pwd_stat {};
  if (::stat(cwd.c_str(), &cwd_stat) != 0 || ::stat(pwd, &pwd_stat) != 0 || cwd_stat.st_dev != pwd_stat.st_dev ||
      cwd_stat.st_ino != pwd_stat.st_ino)
    return paths.git_dir;
  if (paths.git_dir == cwd) return strip_slash(pwd);
  if (paths.git_dir.rfind(cwd + "/", 0) == 0) return strip_slash(pwd) + paths.git_dir.substr(cwd.size());
  return paths.git_dir;
}

enum class Condition { no, yes, beyond };

// What the includes of one load need: the repository, and what the
// conditions read, read once and only when a condition asks.
struct IncludeScope {
  const RepoPaths& paths;
  std::string* why;
  std::optional<std::pair<std::string, std::string>> git_dir; // realpath, then as git names it
  std::optional<std::optional<std::string>> branch;            // HEAD's branch (nullopt: none)
};

Condition beyond_reader(IncludeScope& scope, const std::string& reason) {
  if (scope.why) *scope.why = reason;
  return Condition::beyond;
}

// git's interpolate_path for "~/" (HOME, its realpath for conditions);
// nullopt (with `why`) for what this reader does not expand ("~user/",
// "%(prefix)/", no HOME).
std::optional<std::string> expand_home(IncludeScope& scope, const std::string& file, const std::string& path,
                                       bool real_home) {
  if (path.rfind("%(prefix)/", 0) == 0) {
    beyond_reader(scope, file + ": a '%(prefix)/' path in an include");
    return std::nullopt;
  }
  if (path.empty() || path[0] != '~') return path;
  if (path.size() > 1 && path[1] != '/') {
    beyond_reader(scope, file + ": a '~user/' path in an include");
    return std::nullopt;
  }
  const char* home = std::getenv("HOME");
  if (!home || !*home) {
    beyond_reader(scope, file + ": a '~/' include path without HOME");
    return std::nullopt;
  }
  return (real_home ? real_path(home) : std::string(home)) + path.substr(1);
}

void add_trailing_starstar(std::string& pattern) {
  if (!pattern.empty() && pattern.back() == '/') pattern += "**";
}

// includeIf "gitdir:" / "gitdir/i:" as git's include_by_gitdir.
Condition by_gitdir(IncludeScope& scope, const std::string& file, const std::string& condition, bool icase) {
  auto expanded = expand_home(scope, file, condition, true);
  if (!expanded) return Condition::beyond;
  std::string pattern = *expanded;
  std::size_t prefix = 0;
  if (pattern.size() >= 2 && pattern[0] == '.' && pattern[1] == '/') {
    // Relative to the directory of the (real) config file; that part is
    // compared literally.
    const std::string real = real_path(absolute(".", file));
    const std::size_t slash = real.rfind('/');
    pattern = real.substr(0, slash) + pattern.substr(1);
    prefix = slash + 1;
  } else if (pattern.empty() || pattern[0] != '/') {
    pattern.insert(0, "**/");
  }
  add_trailing_starstar(pattern);
  if (!scope.git_dir) scope.git_dir.emplace(real_path(scope.paths.git_dir), git_dir_as_named(scope.paths));
  for (const std::string* text : {&scope.git_dir->first, &scope.git_dir->second}) {
    if (prefix > 0) {
      // git gives up here without trying the second name.
      if (text->size() < prefix) return Condition::no;
      const auto same = [icase](char a, char b) {
        return icase ? std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b))
                     : a == b;
      };
      if (!std::equal(pattern.begin(), pattern.begin() + static_cast<std::ptrdiff_t>(prefix), text->begin(), same))
        return Condition::no;
    }
    if (config_wildmatch(std::string_view(pattern).substr(prefix), std::string_view(*text).substr(prefix), icase))
      return Condition::yes;
  }
  return Condition::no;
}

// includeIf "onbranch:" as git's include_by_branch: HEAD must be a symbolic
// ref to refs/heads/ (an unborn branch counts; detached HEAD does not).
Condition by_branch(IncludeScope& scope, const std::string& condition) {
  if (!scope.branch) {
    std::optional<std::string> branch;
    if (auto text = fs::read_file(scope.paths.git_dir + "/HEAD")) {
      const std::string value = trim_newline(*text);
      if (value.rfind("ref:", 0) == 0) {
        std::string ref = value.substr(4);
        ref.erase(0, ref.find_first_not_of(" \t"));
        if (ref.rfind("refs/heads/", 0) == 0) {
          // A branch that is itself a symbolic ref resolves further in git.
          auto target = fs::read_file(scope.paths.common_dir + "/" + ref);
          if (target && target->rfind("ref:", 0) == 0)
            return beyond_reader(scope, ref + ": a symbolic branch (includeIf onbranch)");
          branch = ref.substr(11);
        }
      }
    }
    scope.branch = branch;
  }
  if (!*scope.branch) return Condition::no;
  std::string pattern = condition;
  add_trailing_starstar(pattern);
  return config_wildmatch(pattern, **scope.branch, false) ? Condition::yes : Condition::no;
}

// git's include_condition_is_true; unknown conditions are false.
Condition condition_is_true(IncludeScope& scope, const std::string& file, const std::string& condition) {
  if (condition.rfind("gitdir:", 0) == 0) return by_gitdir(scope, file, condition.substr(7), false);
  if (condition.rfind("gitdir/i:", 0) == 0) return by_gitdir(scope, file, condition.substr(9), true);
  if (condition.rfind("onbranch:", 0) == 0) return by_branch(scope, condition.substr(9));
  if (condition.rfind("hasconfig:remote.*.url:", 0) == 0)
    return beyond_reader(scope, file + ": includeIf \"" + condition + "\" (hasconfig needs git's whole config)");
  return Condition::no;
}

// An include of git's include.path and includeIf.*.path keys.
bool include_key(const std::string& key) {
  return key == "include.path" ||
         (key.rfind("includeif.", 0) == 0 && key.size() >= 15 && key.compare(key.size() - 5, 5, ".path") == 0);
}

// One config file and what it includes, each included file's values coming
// in where its include is (git's git_config_include). A missing file is
// simply not there.
bool load_file(const std::string& path, std::map<std::string, std::string>& out, IncludeScope& scope,
               int depth = 0) {
  auto text = fs::read_file(path);
  if (!text) return true;
  if (depth > 5) {
    if (scope.why) *scope.why = path + ": includes nested deeper than the native reader follows";
    return false;
  }
  bool failed = false; // an include beyond the reader (scope.why set)
  const bool parsed = parse_config_entries(*text, [&](const std::string& key, const std::optional<std::string>& value) {
    out[key] = value.value_or("true");
    if (!include_key(key)) return true;
    if (key != "include.path") {
      const Condition condition = condition_is_true(scope, path, key.substr(10, key.size() - 15));
      if (condition == Condition::beyond) {
        failed = true;
        return false;
      }
      if (condition == Condition::no) return true;
    }
    if (!value) {
      failed = true;
      if (scope.why) *scope.why = path + ": " + key + " without a value";
      return false;
    }
    auto target = expand_home(scope, path, *value, false);
    if (!target) {
      failed = true;
      return false;
    }
    if (target->empty()) {
      failed = true;
      if (scope.why) *scope.why = path + ": an empty " + key;
      return false;
    }
    if (!load_file(absolute(stdfs::path(path).parent_path().string(), *target), out, scope, depth + 1)) {
      failed = true;
      return false;
    }
    return true;
  });
  if (!parsed && !failed && scope.why) *scope.why = path + ": config beyond the native reader (a malformed line)";
  return parsed;
}

} // namespace

bool config_wildmatch(std::string_view pattern, std::string_view text, bool icase) {
  const std::string p(pattern), t(text);
  return dowild(reinterpret_cast<const unsigned char*>(p.c_str()), reinterpret_cast<const unsigned char*>(t.c_str()),
                icase) == wm_match;
}

std::optional<ConfigValues> ConfigValues::load(const RepoPaths& paths, std::string* why) {
  ConfigValues values;
  auto& out = values.m_values;
  IncludeScope scope{paths, why, std::nullopt, std::nullopt};
  const char* no_system = std::getenv("GIT_CONFIG_NOSYSTEM");
  if (!(no_system && *no_system && std::string(no_system) != "0" && std::string(no_system) != "false")) {
    const char* system = std::getenv("GIT_CONFIG_SYSTEM");
    if (!load_file(system ? system : "/etc/gitconfig", out, scope)) return std::nullopt;
  }
  if (const char* global = std::getenv("GIT_CONFIG_GLOBAL")) {
    if (!load_file(global, out, scope)) return std::nullopt;
  } else {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    const char* home = std::getenv("HOME");
    std::string xdg_path = xdg && *xdg ? std::string(xdg) + "/git/config" : home ? std::string(home) + "/.config/git/config" : "";
    if (!xdg_path.empty() && !load_file(xdg_path, out, scope)) return std::nullopt;
    if (home && !load_file(std::string(home) + "/.gitconfig", out, scope)) return std::nullopt;
  }
  if (!load_file(paths.common_dir + "/config", out, scope)) return std::nullopt;
  auto worktree_config = out.find("extensions.worktreeconfig");
  if (worktree_config != out.end() && worktree_config->second != "false" && worktree_config->second != "0" &&
      !load_file(paths.git_dir + "/config.worktree", out, scope))
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
      if (include_key(*canonical)) {
        if (why) *why = "GIT_CONFIG_KEY_" + std::to_string(i) + " is an include (not followed by the native reader)";
        return std::nullopt;
      }
      out[*canonical] = value;
    }
  }
  if (const char* parameters = std::getenv("GIT_CONFIG_PARAMETERS")) {
    std::map<std::string, std::string> given;
    if (!parse_config_parameters(parameters, given)) {
      if (why) *why = "GIT_CONFIG_PARAMETERS beyond the native reader";
      return std::nullopt;
    }
    for (auto& [key, value] : given) {
      if (include_key(key)) {
        if (why) *why = "git -c " + key + ": an include (not followed by the native reader)";
        return std::nullopt;
      }
      out[key] = std::move(value);
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

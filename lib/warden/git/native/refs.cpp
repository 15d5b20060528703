// The files ref store (gitrepository-layout, git's refs/files-backend.c and
// refs/packed-backend.c): a loose ref is "<hex>\n" or "ref: <name>\n";
// packed-refs is an optional "# pack-refs with: <traits>" header, then
// "<hex> <name>" lines, each optionally followed by "^<hex>" (the tag's
// peeled id). With the "sorted" trait the lines are sorted by name and are
// searched in place; without it they are parsed once and sorted.
#include "warden/git/native/refs.hpp"

#include "warden/git/native/mapped_file.hpp"
#include "warden/git/native/object_store.hpp"

#include <algorithm>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <map>
#include <sys/stat.h>
#include <unistd.h>

namespace warden::git::native {

namespace {

constexpr int k_max_symref_depth = 5; // git's SYMREF_MAXDEPTH

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
}

// HEAD, ORIG_HEAD, FETCH_HEAD, MERGE_HEAD...: upper case, digits, '_', '-'.
bool is_pseudo_ref(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  return true;
}

// A ref name as git's check_refname_format accepts one (so a name outside
// the ref directories, or a file git would ignore as a broken name, is not
// a ref): under refs/, no empty component, none starting with '.' or
// ending with ".lock", no "..", "@{", control characters, space or any of
// ~^:?*[\, and no final '.'.
bool is_safe_ref_name(std::string_view name) {
  if (!starts_with(name, "refs/") || name.back() == '/' || name.back() == '.') return false;
  if (name.find("..") != std::string_view::npos || name.find("@{") != std::string_view::npos) return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    if (end == start || name[start] == '.') return false;
    if (end - start >= 5 && name.compare(end - 5, 5, ".lock") == 0) return false;
    start = end + 1;
  }
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == ' ' || c == '~' || c == '^' || c == ':' || c == '?' || c == '*' ||
        c == '[' || c == '\\')
      return false;
  }
  return true;
}

// The contents of a regular file; nullopt when there is none (or it is a
// directory, as "refs/heads" is).
std::optional<std::string> read_regular(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  std::optional<std::string> text;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    text.emplace(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t done = 0;
    while (done < text->size()) {
      const ssize_t n = ::read(fd, text->data() + done, text->size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    text->resize(done);
  }
  ::close(fd);
  return text;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

[[noreturn]] void beyond(const std::string& what) { throw BeyondReader(what); }

} // namespace

bool is_per_worktree_ref(std::string_view name) {
  return starts_with(name, "refs/bisect/") || starts_with(name, "refs/worktree/") ||
         starts_with(name, "refs/rewritten/") || is_pseudo_ref(name);
}

struct RefStore::Packed {
  struct Record {
    std::string_view name;
    std::string_view hex;
  };
  std::unique_ptr<MappedFile> file;
  std::string path;
  std::string_view text;      // the records, after the header
  bool sorted = false;
  std::vector<Record> records; // parsed once: unsorted files, and every listing
  bool parsed = false;

  // The record whose line starts at `at` (never a '^' line).
  Record record_at(std::size_t at) const {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() < 42 || line[40] != ' ' || !oid_from_hex(line.substr(0, 40)))
      beyond(path + ": malformed line '" + std::string(line.substr(0, 80)) + "'");
    return Record{line.substr(41), line.substr(0, 40)};
  }

  std::size_t line_end(std::size_t at) const {
    const std::size_t end = text.find('\n', at);
    return end == std::string_view::npos ? text.size() : end + 1;
  }

  // After the record line at `at` and its "^" peeled line, if any.
  std::size_t next_record(std::size_t at) const {
    std::size_t next = line_end(at);
    if (next < text.size() && text[next] == '^') next = line_end(next);
    return next;
  }

  void parse_all() {
    if (parsed) return;
    parsed = true;
    for (std::size_t at = 0; at < text.size(); at = next_record(at)) {
      if (text[at] == '^') beyond(path + ": a peeled line without its ref");
      if (text[at] == '\n') continue; // a trailing empty line
      records.push_back(record_at(at));
    }
    if (!sorted)
      std::stable_sort(records.begin(), records.end(),
                       [](const Record& a, const Record& b) { return a.name < b.name; });
  }

  std::optional<std::string_view> find(std::string_view name) {
    if (!sorted) {
      parse_all();
      auto it = std::lower_bound(records.begin(), records.end(), name,
                                 [](const Record& r, std::string_view n) { return r.name < n; });
      // Unsorted files may name a ref twice; git keeps the last one.
      std::optional<std::string_view> found;
      for (; it != records.end() && it->name == name; ++it) found = it->hex;
      return found;
    }
    // Binary search on byte offsets, each probe moved back to the start of
    // its record line (refs/packed-backend.c's find_reference_location).
    std::size_t lo = 0, hi = text.size();
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      std::size_t at = mid;
      while (at > lo && text[at - 1] != '\n') --at;
      if (text[at] == '^') {
        if (at == lo) beyond(path + ": a peeled line without its ref");
        --at;
        while (at > lo && text[at - 1] != '\n') --at;
      }
      if (at < text.size() && text[at] == '\n') { // an empty line at the end
        hi = at;
        continue;
      }
      const Record record = record_at(at);
      const int cmp = name.compare(record.name);
      if (cmp == 0) return record.hex;
      if (cmp < 0) hi = at;
      else lo = next_record(at);
    }
    return std::nullopt;
  }
};

RefStore::RefStore(std::string git_dir, std::string common_dir)
  : m_git_dir(std::move(git_dir)), m_common_dir(std::move(common_dir)) {}
RefStore::~RefStore() = default;

bool RefStore::packed_loaded() const { return m_packed != nullptr; }

RefStore::Packed& RefStore::packed() const {
  if (m_packed) return *m_packed;
  auto packed = std::make_unique<Packed>();
  packed->path = m_common_dir + "/packed-refs";
  packed->file = std::make_unique<MappedFile>(packed->path);
  if (packed->file->data()) {
    std::string_view text(reinterpret_cast<const char*>(packed->file->data()), packed->file->size());
    if (starts_with(text, "# pack-refs with:")) {
      const std::size_t end = text.find('\n');
      if (end == std::string_view::npos) beyond(packed->path + ": header without records");
      std::string traits = " " + std::string(text.substr(17, end - 17)) + " ";
      for (auto& c : traits)
        if (c == '\t' || c == '\r') c = ' ';
      packed->sorted = traits.find(" sorted ") != std::string::npos;
      text.remove_prefix(end + 1);
    } else if (!text.empty() && text[0] == '#') {
      beyond(packed->path + ": unknown header");
    }
    packed->text = text;
  }
  m_packed = std::move(packed);
  return *m_packed;
}

std::string RefStore::loose_path(const std::string& name) const {
  return (is_per_worktree_ref(name) ? m_git_dir : m_common_dir) + "/" + name;
}

std::optional<RefStore::Value> RefStore::loose(const std::string& name) const {
  const std::string path = loose_path(name);
  auto text = read_regular(path);
  if (!text) return std::nullopt;
  Value value;
  std::string_view content(*text);
  if (starts_with(content, "ref:")) {
    content.remove_prefix(4);
    while (!content.empty() && is_space(content.front())) content.remove_prefix(1);
    while (!content.empty() && is_space(content.back())) content.remove_suffix(1);
    if (content.empty()) beyond(path + ": an empty symbolic ref");
    value.kind = Value::Kind::symbolic;
    value.target.assign(content);
    return value;
  }
  // "<hex>" then the end or whitespace (FETCH_HEAD: "<hex>\t<what>\t...").
  auto id = content.size() >= 40 ? oid_from_hex(content.substr(0, 40)) : std::nullopt;
  if (!id || (content.size() > 40 && !is_space(content[40]))) {
    if (content.empty() && is_pseudo_ref(name)) return std::nullopt; // git leaves an empty FETCH_HEAD
    beyond(path + ": not a ref");
  }
  value.kind = Value::Kind::direct;
  value.id = *id;
  return value;
}

RefStore::Value RefStore::value(const std::string& name) const {
  if (starts_with(name, "main-worktree/") || starts_with(name, "worktrees/"))
    beyond("ref '" + name + "' of another worktree");
  if (is_pseudo_ref(name)) return loose(name).value_or(Value{});
  if (!is_safe_ref_name(name)) return Value{};
  if (auto found = loose(name)) return *found;
  if (is_per_worktree_ref(name)) return Value{}; // never packed
  auto hex = packed().find(name);
  if (!hex) return Value{};
  Value value;
  value.kind = Value::Kind::direct;
  value.id = *oid_from_hex(*hex);
  return value;
}

std::optional<git_oid> RefStore::follow(Value value, int depth) const {
  while (value.kind == Value::Kind::symbolic) {
    if (depth++ >= k_max_symref_depth) return std::nullopt;
    value = this->value(value.target);
  }
  if (value.kind == Value::Kind::missing) return std::nullopt;
  return value.id;
}

std::optional<git_oid> RefStore::id(const std::string& name) const { return follow(value(name), 0); }

std::optional<std::string> RefStore::symbolic_target(const std::string& name) const {
  Value found = value(name);
  if (found.kind != Value::Kind::symbolic) return std::nullopt;
  return found.target;
}

namespace {

bool is_dir_entry(const std::string& path, const dirent* entry, bool& is_file) {
  unsigned char type = entry->d_type;
  if (type == DT_UNKNOWN || type == DT_LNK) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false;
    is_file = S_ISREG(st.st_mode);
    return S_ISDIR(st.st_mode);
  }
  is_file = type == DT_REG;
  return type == DT_DIR;
}

// Every loose ref name under `dir_name` ("refs/heads") of `base`.
void walk_loose(const std::string& base, const std::string& dir_name, std::vector<std::string>& names) {
  DIR* dir = ::opendir((base + "/" + dir_name).c_str());
  if (!dir) return;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string leaf = entry->d_name;
    if (leaf.empty() || leaf[0] == '.') continue;
    const std::string name = dir_name + "/" + leaf;
    bool is_file = false;
    if (is_dir_entry(base + "/" + name, entry, is_file)) walk_loose(base, name, names);
    else if (is_file && is_safe_ref_name(name)) names.push_back(name);
  }
  ::closedir(dir);
}

} // namespace

std::vector<NamedRef> RefStore::list(const std::string& prefix) const {
  // Start the walk at the deepest directory the prefix names.
  std::string start = "refs";
  if (starts_with(prefix, "refs/")) {
    const std::size_t slash = prefix.rfind('/');
    start = prefix.substr(0, slash);
  } else if (!starts_with("refs/", prefix)) {
    return {}; // only refs/ is listed
  }
  const bool linked = m_git_dir != m_common_dir;
  std::vector<std::string> names;
  walk_loose(m_common_dir, start, names);
  if (linked) {
    // The common dir's per-worktree refs belong to the main worktree.
    names.erase(std::remove_if(names.begin(), names.end(),
                               [](const std::string& n) { return is_per_worktree_ref(n); }),
                names.end());
    for (const char* own : {"refs/bisect", "refs/worktree", "refs/rewritten"}) {
      if (starts_with(own, start) || starts_with(start, own)) {
        std::vector<std::string> per_worktree;
        walk_loose(m_git_dir, starts_with(start, own) ? start : std::string(own), per_worktree);
        names.insert(names.end(), per_worktree.begin(), per_worktree.end());
      }
    }
  }
  // Packed ones first (a later duplicate winning), then the loose ones over them.
  std::map<std::string, Value> all;
  Packed& store = packed();
  store.parse_all();
  auto it = std::lower_bound(store.records.begin(), store.records.end(), std::string_view(prefix),
                             [](const Packed::Record& r, std::string_view p) { return r.name < p; });
  for (; it != store.records.end() && starts_with(it->name, prefix); ++it) {
    std::string name(it->name);
    if (linked && is_per_worktree_ref(name)) continue;
    Value value;
    value.kind = Value::Kind::direct;
    value.id = *oid_from_hex(it->hex);
    all[std::move(name)] = value;
  }
  for (const auto& name : names)
    if (starts_with(name, prefix))
      if (auto found = loose(name)) all[name] = std::move(*found);
  std::vector<NamedRef> refs;
  refs.reserve(all.size());
  for (auto& [name, value] : all)
    if (auto id = follow(value, 0)) refs.push_back(NamedRef{name, *id});
  return refs;
}

} // namespace warden::git::native

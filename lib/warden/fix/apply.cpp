#include "warden/fix/apply.hpp"

#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <set>

#include <sys/stat.h>
#include <unistd.h>

namespace warden::fix {

namespace {

namespace stdfs = std::filesystem;

constexpr char k_gitignore[] = ".gitignore";

std::string parent_dir(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string name_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::optional<struct stat> lstat_of(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return std::nullopt;
  return st;
}

// True when the directory of the absolute `path` lists exactly its name.
// On a case-insensitive file system lstat finds "readme.md" as
// "README.md"; the listing says how the file is spelt. (Inode numbers do
// not tell: a FUSE file system such as exfat-fuse gives each name its own.)
bool listed(const std::string& path) {
  const std::string name = name_of(path);
  std::error_code ec;
  for (stdfs::directory_iterator it(parent_dir(path), ec), end; !ec && it != end; it.increment(ec))
    if (it->path().filename().string() == name) return true;
  return false;
}

// True when the absolute paths `a` and `b` both exist and are two files,
// not one file reached by two spellings.
bool distinct_files(const std::string& a, const std::string& b) {
  const auto sa = lstat_of(a), sb = lstat_of(b);
  if (!sa || !sb) return false;
  if (sa->st_dev == sb->st_dev && sa->st_ino == sb->st_ino) return false;
  return listed(a) && listed(b);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // Unescaped trailing spaces do not count (gitignore).
    while (!line.empty() && line.back() == ' ' && (line.size() < 2 || line[line.size() - 2] != '\\')) line.pop_back();
    lines.push_back(std::move(line));
    begin = end + 1;
  }
  return lines;
}

std::string with_rules(std::string text, const std::vector<std::string>& rules) {
  const std::vector<std::string> present = lines_of(text);
  const std::set<std::string> have(present.begin(), present.end());
  for (const std::string& rule : rules) {
    if (have.count(rule)) continue;
    if (!text.empty() && text.back() != '\n') text += '\n';
    text += rule + "\n";
  }
  return text;
}

// The worktree steps done so far, undone in reverse when a later step or
// the index write fails.
class Journal {
public:
  explicit Journal(std::string root) : m_root(std::move(root)) {}

  std::string full(const std::string& path) const { return path.empty() ? m_root : m_root + "/" + path; }

  // A name beside `path` that nothing uses.
  std::string temporary_beside(const std::string& path) const {
    const std::string dir = parent_dir(path);
    for (unsigned n = 0;; ++n) {
      const std::string name = fmt::format(".warden-fix-{}-{}", ::getpid(), n);
      const std::string candidate = dir.empty() ? name : dir + "/" + name;
      if (!lstat_of(full(candidate))) return candidate;
    }
  }

  void rename(const std::string& from, const std::string& to) {
    fs::rename(full(from), full(to));
    m_steps.push_back({from, to, {}});
  }

  // `from` -> `to` through a temporary name: rename(2) of a name to itself
  // but for case does nothing on some case-insensitive file systems.
  void rename_via_temporary(const std::string& from, const std::string& to) {
    const std::string temporary = temporary_beside(to);
    rename(from, temporary);
    rename(temporary, to);
  }

  // Park `path` under a temporary name; deleted by commit().
  void park(const std::string& path) {
    const std::string temporary = temporary_beside(path);
    rename(path, temporary);
    m_parked.push_back(temporary);
  }

  void write(const std::string& path, const std::string& contents) {
    Step step{path, {}, fs::read_file(full(path))};
    fs::write_file_atomic(full(path), contents);
    step.written = true;
    m_steps.push_back(std::move(step));
  }

  // Every step undone, newest first; failures to undo are reported, not thrown.
  void undo() noexcept {
    for (auto it = m_steps.rbegin(); it != m_steps.rend(); ++it) {
      try {
        if (it->written) {
          if (it->old_contents) fs::write_file_atomic(full(it->from), *it->old_contents);
          else ::unlink(full(it->from).c_str());
        } else {
          fs::rename(full(it->to), full(it->from));
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "warden fix: could not undo a step: %s\n", e.what());
      }
    }
    m_steps.clear();
    m_parked.clear();
  }

  // The index is written: delete the parked files and the directories they
  // leave empty (as git rm does).
  void commit() {
    for (const std::string& parked : m_parked) {
      ::unlink(full(parked).c_str());
      for (std::string dir = parent_dir(parked); !dir.empty(); dir = parent_dir(dir))
        if (::rmdir(full(dir).c_str()) != 0) break;
    }
    m_steps.clear();
    m_parked.clear();
  }

private:
  struct Step {
    std::string from, to;
    std::optional<std::string> old_contents; // a write: the file before (nullopt: absent)
    bool written = false;
  };
  std::string m_root;
  std::vector<Step> m_steps;
  std::vector<std::string> m_parked;
};

} // namespace

std::vector<std::string> gitignore_rules(const git::Repository& repo, const git::IndexEditor& index) {
  std::vector<std::string> rules;
  if (const auto staged = index.blob_contents(k_gitignore)) rules = lines_of(*staged);
  if (const auto on_disk = fs::read_file(repo.worktree_root() + "/" + k_gitignore)) {
    const auto more = lines_of(*on_disk);
    rules.insert(rules.end(), more.begin(), more.end());
  }
  return rules;
}

RepairContext worktree_context(const git::Repository& repo, const git::IndexEditor& index,
                               const std::vector<FileEntry>& entries) {
  RepairContext context;
  context.entries = &entries;
  context.conflicted = index.conflicted_paths();
  const std::string root = repo.worktree_root();

  auto head_paths = std::make_shared<std::optional<std::set<std::string>>>();
  context.in_head = [&repo, head_paths](const std::string& path) {
    if (!*head_paths) {
      std::set<std::string> paths;
      if (const auto head = repo.head_commit())
        if (const auto tree = repo.commit_tree(*head))
          for (const FileEntry& entry : git::tree_input(repo, *tree, std::nullopt).entries) paths.insert(entry.path);
      *head_paths = std::move(paths);
    }
    return (*head_paths)->count(path) != 0;
  };

  context.worktree_problem = [&index](const std::string& path) -> std::optional<std::string> {
    const auto entry = index.entry(path);
    if (!entry) return fmt::format("{} is not in the index", path);
    if (entry->skip_worktree) return fmt::format("{} is outside the sparse checkout", path);
    switch (index.worktree_state(path)) {
    case git::WorktreeState::clean: return std::nullopt;
    case git::WorktreeState::modified:
      return fmt::format("{} has unstaged changes: stage or stash them, then run warden fix again", path);
    case git::WorktreeState::missing:
      return fmt::format("{} is deleted in the worktree but not in the index: stage or undo that first", path);
    }
    return std::nullopt;
  };

  context.rename_problem = [root](const std::string& from, const std::string& to) -> std::optional<std::string> {
    const std::string source = root + "/" + from, target = root + "/" + to;
    // On a case-insensitive file system the target name finds the source itself.
    if (lstat_of(target) && (!lstat_of(source) || distinct_files(source, target)))
      return fmt::format("{} already exists in the worktree (untracked): move it away first", to);
    return std::nullopt;
  };

  context.gitignore_problem = [&index, root]() -> std::optional<std::string> {
    const auto entry = index.entry(k_gitignore);
    const auto st = lstat_of(root + "/" + k_gitignore);
    if (entry && (entry->mode & 0170000) != 0100000) return std::string(".gitignore is not a regular file in the index");
    if (st && !S_ISREG(st->st_mode)) return std::string(".gitignore is not a regular file in the worktree");
    if (entry && !st) return std::string(".gitignore is deleted in the worktree but not in the index");
    return std::nullopt;
  };
  context.gitignore_rules = gitignore_rules(repo, index);
  return context;
}

void apply_repairs(const git::Repository& repo, git::IndexEditor& index, const Plan& plan) {
  Journal journal(repo.worktree_root());
  std::vector<std::string> rules;
  try {
    // The worktree first.
    for (const Repair& repair : plan.repairs) {
      switch (repair.kind) {
      case RepairKind::rename: journal.rename_via_temporary(repair.path, repair.target); break;
      case RepairKind::remove: {
        const std::string removed = journal.full(repair.path), kept = journal.full(repair.target);
        if (!lstat_of(removed)) break;
        if (distinct_files(removed, kept) || !lstat_of(kept)) {
          journal.park(repair.path);
        } else if (listed(removed) && !listed(kept)) {
          // A case-insensitive file system holds the twins as one file,
          // spelt as the one removed: nothing to delete, but it is
          // renamed to the spelling kept.
          journal.rename_via_temporary(repair.path, repair.target);
        }
        break;
      }
      case RepairKind::untrack:
        // Every rule, not only the new ones: a rule the worktree file has
        // may still be missing from the staged one (with_rules skips those
        // a file has).
        if (std::find(rules.begin(), rules.end(), repair.target) == rules.end()) rules.push_back(repair.target);
        break;
      }
    }
    std::optional<std::string> staged_gitignore;
    bool gitignore_matches = false;
    if (!rules.empty()) {
      const auto old_staged = index.blob_contents(k_gitignore);
      const std::string staged = with_rules(old_staged.value_or(""), rules);
      const auto old_disk = fs::read_file(journal.full(k_gitignore));
      const std::string on_disk = with_rules(old_disk.value_or(""), rules);
      if (!old_disk || on_disk != *old_disk) journal.write(k_gitignore, on_disk);
      gitignore_matches = on_disk == staged;
      if (!old_staged || staged != *old_staged) staged_gitignore = staged;
    }
    // Then the index, in memory, and one write.
    for (const Repair& repair : plan.repairs) {
      if (repair.kind == RepairKind::rename) index.rename(repair.path, repair.target);
      else index.remove(repair.path);
    }
    if (staged_gitignore) index.stage(k_gitignore, *staged_gitignore, gitignore_matches);
    index.write();
  } catch (...) {
    journal.undo();
    throw;
  }
  journal.commit();
}

} // namespace warden::fix

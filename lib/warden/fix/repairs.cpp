// The repair planner of `warden fix` (docs/fix.md). No libgit2 here: the
// pre-commit binary counts repairable findings with it for its hint.
#include "warden/fix/repairs.hpp"

#include "warden/checks/file_util.hpp"
#include "warden/checks/unicode.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <string_view>
#include <unordered_map>

namespace warden::fix {

namespace {

constexpr std::string_view k_canonical = "canonical-name";
constexpr std::string_view k_case = "case-collision";
constexpr std::string_view k_normalization = "normalization-collision";
constexpr std::string_view k_forbidden = "forbidden-path";

bool is_collision(std::string_view id) { return id == k_case || id == k_normalization; }

bool same_oid(const git_oid& a, const git_oid& b) { return std::memcmp(a.id, b.id, sizeof a.id) == 0; }

std::string parent_of(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash + 1));
}

// The index as the repairs planned so far leave it.
class Simulated {
public:
  explicit Simulated(const std::vector<FileEntry>& entries) {
    for (const FileEntry& entry : entries) m_entries.emplace(entry.path, &entry);
  }
  // The entry at `path` now (nullptr: none, or a directory).
  const FileEntry* at(const std::string& path) const {
    if (m_gone.count(path)) return nullptr;
    if (const auto moved = m_added.find(path); moved != m_added.end()) return moved->second;
    const auto found = m_entries.find(path);
    return found == m_entries.end() ? nullptr : found->second;
  }
  bool gone(const std::string& path) const { return m_gone.count(path) != 0; }
  void remove(const std::string& path) { m_gone.insert(path); }
  void rename(const std::string& from, const std::string& to) {
    const FileEntry* entry = at(from);
    m_gone.insert(from);
    m_gone.erase(to);
    m_added[to] = entry;
  }

private:
  std::unordered_map<std::string, const FileEntry*> m_entries;
  std::unordered_map<std::string, const FileEntry*> m_added;
  std::set<std::string> m_gone;
};

class Planner {
public:
  Planner(const Policy& policy, const RepairContext& context)
    : m_policy(policy), m_context(context), m_index(*context.entries),
      m_conflicted(context.conflicted.begin(), context.conflicted.end()),
      m_rules(context.gitignore_rules.begin(), context.gitignore_rules.end()) {}

  Plan run(const Findings& findings) {
    // Twins first: removing one may settle a canonical-name finding (the
    // twin spelled wrong is the one removed); then renames, then untracking.
    for (const Finding& f : findings)
      if (is_collision(f.check_id)) plan_collision(f);
    for (const Finding& f : findings)
      if (f.check_id == k_canonical) plan_canonical(f);
    for (const Finding& f : findings)
      if (f.check_id == k_forbidden) plan_forbidden(f);
    for (const Finding& f : findings)
      if (!is_repairable_id(f.check_id)) m_plan.unrepaired.push_back({f, {}});
    return std::move(m_plan);
  }

private:
  void leave(const Finding& finding, std::string reason) { m_plan.unrepaired.push_back({finding, std::move(reason)}); }

  // Why the index entry `path` cannot be renamed or removed; nullopt when it can.
  std::optional<std::string> entry_problem(const std::string& path, const FileEntry& entry) const {
    if (m_conflicted.count(path)) return fmt::format("{} has a merge conflict", path);
    if ((entry.mode & 0170000) == k_mode_gitlink) return fmt::format("{} is a submodule", path);
    if (m_context.worktree_problem)
      if (auto problem = m_context.worktree_problem(path)) return problem;
    return std::nullopt;
  }

  void plan_collision(const Finding& finding) {
    std::vector<const FileEntry*> twins;
    for (const std::string& path : finding.paths) {
      const FileEntry* entry = m_index.at(path);
      if (!entry) {
        if (m_index.gone(path)) continue; // an earlier repair removed it
        leave(finding, "directories collide: move their files into one spelling by hand (git mv)");
        return;
      }
      twins.push_back(entry);
    }
    if (twins.size() < 2) return; // settled by an earlier repair
    for (const FileEntry* twin : twins) {
      if (!same_oid(twin->oid, twins.front()->oid) || twin->mode != twins.front()->mode) {
        leave(finding, "the files' contents differ: keep one by hand (git rm, git mv)");
        return;
      }
    }
    const FileEntry* keep = choose_twin(twins);
    for (const FileEntry* twin : twins) {
      if (twin == keep) continue;
      if (auto problem = entry_problem(twin->path, *twin)) {
        leave(finding, *problem);
        return;
      }
    }
    for (const FileEntry* twin : twins) {
      if (twin == keep) continue;
      m_plan.repairs.push_back({RepairKind::remove, finding.check_id, twin->path, keep->path, false});
      m_index.remove(twin->path);
    }
  }

  // The canonical spelling, else the one HEAD has, else the NFC spelling;
  // among equals the first in bytewise order.
  const FileEntry* choose_twin(const std::vector<const FileEntry*>& twins) const {
    std::vector<const FileEntry*> candidates = twins;
    const auto narrow = [&](const auto& keep_if) {
      std::vector<const FileEntry*> kept;
      for (const FileEntry* entry : candidates)
        if (keep_if(*entry)) kept.push_back(entry);
      if (!kept.empty()) candidates = std::move(kept);
    };
    const auto& canonical = m_policy.files.canonical_names;
    narrow([&](const FileEntry& e) {
      return std::find(canonical.begin(), canonical.end(), last_component(e.path)) != canonical.end();
    });
    if (m_context.in_head) narrow([&](const FileEntry& e) { return m_context.in_head(e.path); });
    narrow([](const FileEntry& e) { return to_nfc(e.path) == e.path; });
    return *std::min_element(candidates.begin(), candidates.end(),
                             [](const FileEntry* a, const FileEntry* b) { return a->path < b->path; });
  }

  void plan_canonical(const Finding& finding) {
    const std::string& path = finding.paths.front();
    const FileEntry* entry = m_index.at(path);
    if (!entry) return; // removed as a twin
    const std::string_view name = last_component(path);
    const std::string folded = fold_name(name, CaseFolding::simple);
    std::string canonical;
    for (const std::string& candidate : m_policy.files.canonical_names)
      if (fold_name(candidate, CaseFolding::simple) == folded) {
        canonical = candidate;
        break;
      }
    if (canonical.empty() || canonical == name) return;
    const std::string target = parent_of(path) + canonical;
    if (m_index.at(target)) {
      leave(finding, fmt::format("{} is tracked too, with other content: keep one by hand", target));
      return;
    }
    if (auto problem = entry_problem(path, *entry)) {
      leave(finding, *problem);
      return;
    }
    if (m_context.rename_problem)
      if (auto problem = m_context.rename_problem(path, target)) {
        leave(finding, *problem);
        return;
      }
    m_plan.repairs.push_back({RepairKind::rename, finding.check_id, path, target, false});
    m_index.rename(path, target);
  }

  void plan_forbidden(const Finding& finding) {
    const std::string& path = finding.paths.front();
    const FileEntry* entry = m_index.at(path);
    if (!entry) return;
    if (auto problem = entry_problem(path, *entry)) {
      leave(finding, *problem);
      return;
    }
    if (m_context.gitignore_problem)
      if (auto problem = m_context.gitignore_problem()) {
        leave(finding, *problem);
        return;
      }
    const auto rule = rule_for(path);
    if (!rule) {
      leave(finding, "gitignore cannot name this path (a line break in it): remove it by hand");
      return;
    }
    const bool new_rule = m_rules.insert(*rule).second;
    m_plan.repairs.push_back({RepairKind::untrack, finding.check_id, path, *rule, new_rule});
    m_index.remove(path);
  }

  // The rule for a forbidden `path`: its outermost directory the glob
  // forbids whole ("/web/node_modules/"), else the path itself.
  std::optional<std::string> rule_for(const std::string& path) const {
    const auto& globs = m_policy.files.forbidden;
    const auto glob = std::find_if(globs.begin(), globs.end(), [&](const Glob& g) { return g.matches(path); });
    if (glob != globs.end()) {
      for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
        const std::string dir = path.substr(0, slash);
        if (glob->matches(dir + "/")) return ignore_rule(dir, true);
      }
    }
    return ignore_rule(path, false);
  }

  const Policy& m_policy;
  const RepairContext& m_context;
  Simulated m_index;
  std::set<std::string> m_conflicted;
  std::set<std::string> m_rules;
  Plan m_plan;
};

} // namespace

bool is_repairable_id(std::string_view check_id) {
  return check_id == k_canonical || is_collision(check_id) || check_id == k_forbidden;
}

Plan plan_repairs(const Policy& policy, const Findings& findings, const RepairContext& context) {
  return Planner(policy, context).run(findings);
}

std::size_t count_repairable(const Policy& policy, const Findings& findings, const std::vector<FileEntry>& entries) {
  // The hook calls this on every commit: nothing to build when no finding
  // is of a kind warden fix repairs (the usual, clean commit).
  if (std::none_of(findings.begin(), findings.end(), [](const Finding& f) { return is_repairable_id(f.check_id); }))
    return 0;
  RepairContext context;
  context.entries = &entries;
  const Plan plan = plan_repairs(policy, findings, context);
  return findings.size() - plan.unrepaired.size();
}

FileCheckInput simulate(const FileCheckInput& input, const Plan& plan,
                        const std::function<bool(const std::string&)>& in_head) {
  FileCheckInput out;
  out.removed = input.removed;
  out.report_all = input.report_all;
  out.worktree_root = input.worktree_root;
  std::unordered_map<std::string, std::string> renamed;
  std::set<std::string> dropped;
  bool gitignore = false;
  for (const Repair& repair : plan.repairs) {
    if (repair.kind == RepairKind::rename) renamed[repair.path] = repair.target;
    else dropped.insert(repair.path);
    if (repair.kind == RepairKind::untrack && repair.new_rule) gitignore = true;
  }
  std::set<std::string> now_gone; // the paths the repairs take out of the index
  for (const FileEntry& entry : input.entries) {
    if (dropped.count(entry.path)) continue;
    FileEntry copy = entry;
    if (const auto it = renamed.find(entry.path); it != renamed.end()) {
      copy.path = it->second;
      copy.changed = true;
    }
    if (copy.path == ".gitignore" && gitignore) {
      copy.changed = true;
      gitignore = false;
    }
    out.entries.push_back(std::move(copy));
  }
  if (gitignore) {
    FileEntry entry;
    entry.path = ".gitignore";
    entry.mode = 0100644;
    entry.changed = true;
    out.entries.push_back(std::move(entry));
  }
  std::sort(out.entries.begin(), out.entries.end(),
            [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
  for (const Repair& repair : plan.repairs) {
    if (in_head && !in_head(repair.path)) continue;
    const auto at = std::lower_bound(out.entries.begin(), out.entries.end(), repair.path,
                                     [](const FileEntry& e, const std::string& p) { return e.path < p; });
    if (at == out.entries.end() || at->path != repair.path) now_gone.insert(repair.path);
  }
  out.removed.insert(out.removed.end(), now_gone.begin(), now_gone.end());
  return out;
}

Findings findings_left(const Findings& after, const Plan& plan) {
  Findings left;
  for (const Finding& finding : after) {
    Finding copy = finding;
    for (const Unrepaired& item : plan.unrepaired) {
      if (item.reason.empty() || item.finding.check_id != finding.check_id || item.finding.paths != finding.paths)
        continue;
      copy.message += " (left alone: " + item.reason + ")";
      break;
    }
    left.push_back(std::move(copy));
  }
  sort_findings(left);
  return left;
}

std::optional<std::string> ignore_rule(std::string_view path, bool directory) {
  std::string rule = "/";
  for (const char c : path) {
    if (c == '\n' || c == '\r') return std::nullopt;
    if (c == '\\' || c == '*' || c == '?' || c == '[') rule += '\\';
    rule += c;
  }
  // Trailing spaces are dropped by git unless escaped.
  std::size_t spaces = 0;
  while (spaces < rule.size() && rule[rule.size() - 1 - spaces] == ' ') ++spaces;
  if (spaces > 0) {
    rule.erase(rule.size() - spaces);
    for (std::size_t i = 0; i < spaces; ++i) rule += "\\ ";
  }
  if (directory) rule += '/';
  return rule;
}

} // namespace warden::fix

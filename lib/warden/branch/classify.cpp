#include "warden/branch/classify.hpp"

#include "warden/branch/branches.hpp"
#include "warden/git/history.hpp"
#include "warden/git/patch_ids.hpp"
#include "warden/git/refs.hpp"

#include <fmt/core.h>

#include <cstring>
#include <unordered_map>

namespace warden::branch {

namespace {

struct OidLess {
  bool operator()(const git_oid& a, const git_oid& b) const {
    return std::memcmp(a.id, b.id, sizeof a.id) < 0;
  }
};

template <typename T>
using OidMap = std::map<git_oid, T, OidLess>;

struct OidHash {
  std::size_t operator()(const git_oid& id) const {
    std::size_t h;
    std::memcpy(&h, id.id, sizeof h);
    return h;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const { return std::memcmp(a.id, b.id, sizeof a.id) == 0; }
};
template <typename T>
using OidHashMap = std::unordered_map<git_oid, T, OidHash, OidEqual>;

// A branch against the default branch's history.
struct BranchSide {
  std::optional<git_oid> base;  // the merge base; nullopt when unrelated
  std::vector<git_oid> own;     // its commits the default branch does not reach
  bool reachable = false;       // the tip is on the default branch
};

// A bucket of default commits that touch the same paths, by patch id once compared.
struct Bucket {
  std::vector<git_oid> commits;
  bool hashed = false;
  std::unordered_multimap<git_oid, git_oid, OidHash, OidEqual> by_patch; // patch id -> commit
};

} // namespace

std::string_view class_name(MergeClass kind) {
  switch (kind) {
  case MergeClass::merged: return "merged";
  case MergeClass::rebase_merged: return "rebase-merged";
  case MergeClass::squash_merged: return "squash-merged";
  case MergeClass::partly_merged: return "partly merged";
  case MergeClass::unmerged: return "unmerged";
  }
  return "unmerged";
}

bool work_is_merged(MergeClass kind) {
  return kind == MergeClass::merged || kind == MergeClass::rebase_merged || kind == MergeClass::squash_merged;
}

MergeClass decide_class(const MergeFacts& facts) {
  if (facts.reachable) return MergeClass::merged;
  if (facts.commits == 0 && facts.whole_change_empty) return MergeClass::merged;
  if (facts.commits > 0 && facts.on_default == facts.commits) {
    return facts.commits == 1 && facts.reworded ? MergeClass::squash_merged : MergeClass::rebase_merged;
  }
  if (facts.squash_found && !facts.whole_change_empty) return MergeClass::squash_merged;
  if (facts.on_default > 0) return MergeClass::partly_merged;
  return MergeClass::unmerged;
}

std::string describe(const Classification& c, const std::string& default_branch) {
  switch (c.kind) {
  case MergeClass::merged: return "merged into " + default_branch;
  case MergeClass::rebase_merged:
    if (c.landed) return fmt::format("rebase-merged into {} as {} (the same patch)", default_branch, git::short_hex(*c.landed));
    return fmt::format("rebase-merged into {} ({}, the same patches)", default_branch, commit_count(c.commits));
  case MergeClass::squash_merged:
    return fmt::format("squash-merged into {} as {}", default_branch, c.landed ? git::short_hex(*c.landed) : "?");
  case MergeClass::partly_merged:
    return fmt::format("partly merged: {} of {} on {}, {} not", c.on_default, commit_count(c.commits),
                       default_branch, c.commits - c.on_default);
  case MergeClass::unmerged:
    return fmt::format("unmerged: {} not on {}", commit_count(c.commits), default_branch);
  }
  return {};
}

struct Classifier::State {
  const git::Repository& repo;
  std::vector<git_oid> tips;
  bool history_loaded = false;
  OidHashMap<std::size_t> history;         // every default commit -> its place, newest first (topological)
  OidMap<BranchSide> sides;                 // branch tip -> how it stands against the default branch
  bool indexed = false;
  std::optional<git_oid> index_base;        // the index covers the default branch after this commit
  std::vector<git_oid> covered;             // the merge bases the index was built for
  std::unordered_map<std::uint64_t, Bucket> by_paths; // paths key -> default commits

  State(const git::Repository& r, std::vector<git_oid> t) : repo(r), tips(std::move(t)) {}

  // One walk over the default branch's history: what it reaches, and an
  // order in which no commit comes after one of its ancestors.
  void load_history() {
    if (history_loaded) return;
    history_loaded = true;
    if (tips.empty()) return;
    git::RevisionWalk walk(repo, git::WalkOrder::topological);
    for (const auto& tip : tips) walk.push(tip);
    while (const auto commit = walk.next()) history.emplace(*commit, history.size());
  }

  std::optional<std::size_t> place(const git_oid& commit) const {
    const auto found = history.find(commit);
    if (found == history.end()) return std::nullopt;
    return found->second;
  }

  // Walk back from `tip` to the default branch: its own commits, and as the
  // merge base the newest default commit where it meets it.
  const BranchSide& side_of(const git_oid& tip) {
    auto found = sides.find(tip);
    if (found != sides.end()) return found->second;
    load_history();
    BranchSide side;
    if (auto at = place(tip)) {
      side.reachable = true;
      side.base = tip;
    } else {
      std::optional<std::size_t> best;
      OidHashMap<bool> seen;
      std::vector<git_oid> stack{tip};
      seen.emplace(tip, true);
      while (!stack.empty()) {
        const git_oid commit = stack.back();
        stack.pop_back();
        if (const auto at = place(commit)) {
          if (!best || *at < *best) {
            best = at;
            side.base = commit;
          }
          continue;
        }
        side.own.push_back(commit);
        for (const auto& parent : git::commit_parents(repo, commit)) {
          if (seen.emplace(parent, true).second) stack.push_back(parent);
        }
      }
    }
    return sides.emplace(tip, std::move(side)).first->second;
  }

  // True when the index holds every default commit after `base`.
  bool covers(const git_oid& base) const {
    if (!indexed || !index_base) return indexed;
    for (const auto& done : covered) {
      if (git::same_oid(done, base)) return true;
    }
    return repo.is_ancestor(*index_base, base);
  }

  // True when default commit `commit` comes after `base`: is not an ancestor
  // of it. In the history's topological order a commit listed before `base`
  // cannot be its ancestor; only the others are asked.
  bool after(const git_oid& commit, const git_oid& base) const {
    const auto c = place(commit), b = place(base);
    if (c && b && *c < *b) return true;
    return !repo.is_ancestor(commit, base);
  }

  // (Re)build the index of the default branch's commits after a common
  // ancestor of `wanted` (and of what the index covered before).
  void build(std::vector<git_oid> wanted) {
    if (indexed && index_base) wanted.push_back(*index_base);
    const bool everything = indexed && !index_base;
    by_paths.clear();
    covered = wanted;
    index_base = everything ? std::nullopt : git::merge_base_of_all(repo, wanted);
    git::RevisionWalk walk(repo, git::WalkOrder::newest_first);
    for (const auto& tip : tips) walk.push(tip);
    if (index_base) walk.hide(*index_base);
    while (const auto commit = walk.next()) {
      auto change = git::commit_change(repo, *commit);
      if (!change || change->empty()) continue;
      by_paths[change->paths_key()].commits.push_back(*commit);
    }
    indexed = true;
  }

  void prepare(const std::vector<git_oid>& branch_tips) {
    if (tips.empty()) return;
    std::vector<git_oid> uncovered;
    for (const auto& tip : branch_tips) {
      const auto& side = side_of(tip);
      if (!side.reachable && side.base && !covers(*side.base)) uncovered.push_back(*side.base);
    }
    if (!uncovered.empty()) build(std::move(uncovered));
  }

  // Return the default branch's commit after `base` whose patch is `change`'s; nullopt when none.
  std::optional<git_oid> find_patch(git::Change& change, const git_oid& base) {
    const auto found = by_paths.find(change.paths_key());
    if (found == by_paths.end()) return std::nullopt;
    Bucket& bucket = found->second;
    if (!bucket.hashed) {
      for (const auto& commit : bucket.commits) {
        if (auto theirs = git::commit_change(repo, commit)) bucket.by_patch.emplace(theirs->patch_id(), commit);
      }
      bucket.hashed = true;
    }
    const auto [first, last] = bucket.by_patch.equal_range(change.patch_id());
    for (auto it = first; it != last; ++it) {
      if (after(it->second, base)) return it->second;
    }
    return std::nullopt;
  }
};

Classifier::Classifier(const git::Repository& repo, std::vector<git_oid> default_tips)
  : m_state(std::make_unique<State>(repo, std::move(default_tips))) {}

Classifier::~Classifier() = default;

void Classifier::prepare(const std::vector<git_oid>& tips) { m_state->prepare(tips); }

Classification Classifier::classify(const git_oid& tip) {
  State& s = *m_state;
  Classification result;
  MergeFacts facts;
  s.prepare({tip});
  const BranchSide& side = s.side_of(tip);
  const auto& base = side.base;
  result.merge_base = base;
  facts.reachable = side.reachable;
  if (facts.reachable) {
    result.kind = decide_class(facts);
    return result;
  }
  if (!base) { // no history in common: nothing of it can be on the default branch
    result.commits = side.own.size();
    facts.commits = result.commits;
    result.kind = decide_class(facts);
    return result;
  }
  std::optional<git_oid> own; // the one own commit, when there is one
  for (const auto& commit : side.own) {
    auto change = git::commit_change(s.repo, commit);
    if (!change || change->empty()) continue; // a merge, or no change: no work of its own
    ++facts.commits;
    own = commit;
    if (auto landed = s.find_patch(*change, *base)) {
      ++facts.on_default;
      result.landed = landed;
    }
  }
  if (facts.commits == 1 && facts.on_default == 1 && own && result.landed) {
    const auto mine = git::find_commit(s.repo, *own);
    const auto theirs = git::find_commit(s.repo, *result.landed);
    facts.reworded = mine && theirs && mine->summary != theirs->summary;
  }
  if (facts.commits == 0 || facts.on_default < facts.commits) {
    auto whole = git::tree_change(s.repo, *base, tip);
    facts.whole_change_empty = whole.empty();
    if (!whole.empty()) {
      auto squash = s.find_patch(whole, *base);
      facts.squash_found = squash.has_value();
      if (squash) result.landed = squash;
    }
  }
  result.commits = facts.commits;
  result.on_default = facts.on_default;
  result.kind = decide_class(facts);
  const bool one_commit = result.kind == MergeClass::rebase_merged && result.commits == 1;
  if (result.kind != MergeClass::squash_merged && !one_commit) result.landed.reset();
  return result;
}

} // namespace warden::branch

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
  if (facts.commits > 0 && facts.on_default == facts.commits) return MergeClass::rebase_merged;
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
  std::optional<git_oid> primary;           // the tip merge bases are taken with
  OidMap<std::optional<git_oid>> bases;     // branch tip -> merge base with `primary`
  bool indexed = false;
  std::optional<git_oid> index_base;        // the index covers the default branch after this commit
  std::unordered_map<std::uint64_t, std::vector<git_oid>> by_paths; // paths key -> default commits
  OidMap<git_oid> patch_ids;                // default commit -> its patch id, computed when first compared

  State(const git::Repository& r, std::vector<git_oid> t) : repo(r), tips(std::move(t)) {
    // The newest tip: one every other tip is an ancestor of (the remote-
    // tracking tip after a fetch, the local one before a push), else the first.
    for (const auto& candidate : tips) {
      bool contains_all = true;
      for (const auto& other : tips) contains_all = contains_all && repo.is_ancestor(other, candidate);
      if (contains_all) {
        primary = candidate;
        break;
      }
    }
    if (!primary && !tips.empty()) primary = tips.front();
  }

  const std::optional<git_oid>& base_of(const git_oid& tip) {
    auto found = bases.find(tip);
    if (found != bases.end()) return found->second;
    std::optional<git_oid> base = primary ? git::merge_base(repo, *primary, tip) : std::nullopt;
    return bases.emplace(tip, base).first->second;
  }

  // True when the index holds every default commit after `base`.
  bool covers(const git_oid& base) const {
    return indexed && (!index_base || repo.is_ancestor(*index_base, base));
  }

  // (Re)build the index of the default branch's commits after a common
  // ancestor of `wanted` (and of what the index covered before).
  void build(std::vector<git_oid> wanted) {
    if (indexed && index_base) wanted.push_back(*index_base);
    const bool everything = indexed && !index_base;
    by_paths.clear();
    index_base = everything ? std::nullopt : git::merge_base_of_all(repo, wanted);
    git::RevisionWalk walk(repo, git::WalkOrder::newest_first);
    for (const auto& tip : tips) walk.push(tip);
    if (index_base) walk.hide(*index_base);
    while (const auto commit = walk.next()) {
      auto change = git::commit_change(repo, *commit);
      if (!change || change->empty()) continue;
      by_paths[change->paths_key()].push_back(*commit);
    }
    indexed = true;
  }

  void prepare(const std::vector<git_oid>& branch_tips) {
    if (tips.empty()) return;
    std::vector<git_oid> uncovered;
    for (const auto& tip : branch_tips) {
      const auto& base = base_of(tip);
      if (base && !covers(*base)) uncovered.push_back(*base);
    }
    if (!uncovered.empty()) build(std::move(uncovered));
  }

  git_oid default_patch_id(const git_oid& commit) {
    auto found = patch_ids.find(commit);
    if (found != patch_ids.end()) return found->second;
    auto change = git::commit_change(repo, commit);
    const git_oid id = change ? change->patch_id() : git_oid{};
    patch_ids.emplace(commit, id);
    return id;
  }

  // Return the default branch's commit after `base` whose patch is `change`'s; nullopt when none.
  std::optional<git_oid> find_patch(git::Change& change, const git_oid& base) {
    const auto found = by_paths.find(change.paths_key());
    if (found == by_paths.end()) return std::nullopt;
    const git_oid wanted = change.patch_id();
    for (const auto& commit : found->second) {
      const git_oid id = default_patch_id(commit);
      if (git::same_oid(id, wanted) && !repo.is_ancestor(commit, base)) return commit;
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
  facts.reachable = git::reachable_from_any(s.repo, tip, s.tips);
  if (facts.reachable) {
    result.kind = decide_class(facts);
    return result;
  }
  const auto base = s.base_of(tip);
  result.merge_base = base;
  if (!base) { // no history in common: nothing of it can be on the default branch
    result.commits = git::count_commits_outside(s.repo, tip, {});
    facts.commits = result.commits;
    result.kind = decide_class(facts);
    return result;
  }
  s.prepare({tip});
  for (const auto& commit : git::range_commits(s.repo, *base, tip)) {
    auto change = git::commit_change(s.repo, commit);
    if (!change || change->empty()) continue; // a merge, or no change: no work of its own
    ++facts.commits;
    if (auto landed = s.find_patch(*change, *base)) {
      ++facts.on_default;
      result.landed = landed;
    }
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

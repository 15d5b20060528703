#pragma once
// How a branch's work reached the default branch: by ancestry, as the same
// patches (rebase or cherry-pick merges), as one squashed commit, partly, or
// not at all (docs/branch.md, "How a branch's work was merged"). Used by
// `warden branch prune`, the post-merge hook and `warden doctor`, so they
// agree.
#include "warden/git/repository.hpp"

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden::branch {

enum class MergeClass {
  merged,        // the tip is reachable from the default branch
  rebase_merged, // every commit of the branch has its patch on the default branch
  squash_merged, // the branch's whole change is the patch of one commit on the default branch
  partly_merged, // some of its commits have their patch there, not all
  unmerged,      // none do
};

// Return the class as the output names it: "merged", "rebase-merged",
// "squash-merged", "partly merged", "unmerged".
std::string_view class_name(MergeClass kind);

// Return true for the classes whose work the default branch holds (merged,
// rebase-merged, squash-merged): deleting such a branch loses nothing.
bool work_is_merged(MergeClass kind);

struct Classification {
  MergeClass kind = MergeClass::unmerged;
  std::size_t commits = 0;    // the branch's own commits since the merge base (merge and empty commits left out)
  std::size_t on_default = 0; // how many of them have their patch on the default branch
  // The default branch's commit that holds the change: the squash commit
  // (squash_merged), or the one commit a one-commit branch became (rebase_merged).
  std::optional<git_oid> landed;
  std::optional<git_oid> merge_base; // with the default branch; nullopt when unrelated
};

// The facts a class is decided from.
struct MergeFacts {
  bool reachable = false;      // the tip is reachable from a tip of the default branch
  std::size_t commits = 0;     // own commits since the merge base
  std::size_t on_default = 0;  // of them, with their patch on the default branch
  bool whole_change_empty = false; // merge base and tip have the same tree
  bool squash_found = false;   // the whole change is the patch of one commit on the default branch
  bool reworded = false;       // one own commit, landed under another message (a squash, not a rebase)
};

// Return the class `facts` make, in this order: merged (by ancestry, or no
// own commit and no change of its own), rebase-merged (squash-merged when
// its one commit landed `reworded`: the same patch, a forge's squash
// message), squash-merged, partly merged, unmerged.
MergeClass decide_class(const MergeFacts& facts);

// Return how `c` reads in messages, e.g. "squash-merged into main as 1a2b3c4",
// "rebase-merged into main (3 commits, the same patches)",
// "partly merged: 2 of 5 commits on main".
std::string describe(const Classification& c, const std::string& default_branch);

// Classifies branch tips against one default branch. The default branch's
// patch ids are computed once per classifier, for its commits after the
// oldest merge base asked about, and only for commits that touch the same
// paths as a change being looked up.
class Classifier {
public:
  // Judge against `default_tips`: the tips of the default branch that count
  // (e.g. refs/heads/main and refs/remotes/origin/main); empty: every branch
  // is unmerged.
  Classifier(const git::Repository& repo, std::vector<git_oid> default_tips);
  ~Classifier();
  Classifier(const Classifier&) = delete;
  Classifier& operator=(const Classifier&) = delete;

  // Index the default branch once for all of `tips` (classify() would widen
  // the index as needed; preparing first avoids walking it more than once).
  void prepare(const std::vector<git_oid>& tips);

  // Return the class of the branch whose tip is `tip`. Throws Error when the
  // repository cannot be read.
  Classification classify(const git_oid& tip);

private:
  struct State;
  std::unique_ptr<State> m_state;
};

} // namespace warden::branch

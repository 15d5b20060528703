#pragma once
// Ancestry, merge bases and revision walks over any ObjectReader (git's
// files read directly, or libgit2), written once and computed as git
// computes them: docs/native-graph.md describes the algorithms and their
// limits. No libgit2 is linked by this code: the hook binaries use it.
#include "warden/git/reader.hpp"

#include <git2/oid.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace warden::git {

// True when `ancestor` is reachable from `descendant` (or equal). Missing
// commits: false.
bool is_ancestor(const ObjectReader& objects, const git_oid& ancestor, const git_oid& descendant);

// The best common ancestor as `git merge-base A B` prints it; nullopt when
// none (disconnected histories, a missing commit). When several are equally
// good (criss-cross merges), the one git prints: the newest by committer
// date, ties in the order git's paint finds them.
std::optional<git_oid> merge_base(const ObjectReader& objects, const git_oid& a, const git_oid& b);

enum class CommitOrder {
  newest_first, // by committer time, like git rev-list's default
  oldest_first  // parents before children, like rev-list --reverse --topo-order
};

namespace graph_detail {
struct WalkState;
}

// The commits reachable from the pushed tips and from none of the hidden
// ones, each once. push() and hide() come before the first next().
class CommitWalk {
public:
  CommitWalk(const ObjectReader& objects, CommitOrder order, bool first_parent_only = false);
  ~CommitWalk();
  CommitWalk(CommitWalk&&) noexcept;
  CommitWalk& operator=(CommitWalk&&) noexcept;
  CommitWalk(const CommitWalk&) = delete;
  CommitWalk& operator=(const CommitWalk&) = delete;

  // An annotated tag is followed to its commit. Throws warden::Error (exit
  // 2) naming `what` (default: the id) when `tip` leads to no commit here.
  void push(const git_oid& tip, const std::string& what = {});
  // A commit (or a tag of one) not here is ignored, as for a remote's tip
  // this repository never fetched.
  void hide(const git_oid& commit);
  // nullopt at the end.
  std::optional<CommitData> next();

  // How many commits this walk has read from the reader so far.
  std::size_t commits_read() const;

private:
  std::unique_ptr<graph_detail::WalkState> m_state;
};

} // namespace warden::git

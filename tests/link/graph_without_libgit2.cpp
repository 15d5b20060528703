// Built from lib/warden/git/graph.cpp alone, with no libgit2 linked: the
// graph algorithms must stay usable by the hook binaries, which link none
// (docs/native-graph.md). Exit 0 when the answers on a tiny in-memory
// history are right.
#include "warden/core/error.hpp"
#include "warden/git/graph.hpp"

#include <cstdio>
#include <cstring>
#include <map>

namespace {

using namespace warden::git;

git_oid id(unsigned char n) {
  git_oid oid{};
  oid.id[0] = n;
  return oid;
}

class NoBlobs final : public BlobReader {
public:
  std::optional<std::uint64_t> size(const git_oid&) override { return std::nullopt; }
  std::optional<std::string> contents(const git_oid&, std::uint64_t) override { return std::nullopt; }
};

// root(1) <- a(2) <- b(3);  root <- c(4);  m(5) = b + c
class Memory final : public ObjectReader {
public:
  Memory() {
    add(1, {}, 10);
    add(2, {1}, 20);
    add(3, {2}, 30);
    add(4, {1}, 25);
    add(5, {3, 4}, 40);
  }
  std::optional<CommitData> commit(const git_oid& oid) const override {
    const auto found = m_commits.find(oid.id[0]);
    if (found == m_commits.end() || !same(found->second.id, oid)) return std::nullopt;
    return found->second;
  }
  std::optional<std::vector<TreeItem>> tree(const git_oid&) const override { return std::nullopt; }
  std::optional<git_oid> peel_to_commit(const git_oid& oid) const override {
    if (commit(oid)) return oid;
    return std::nullopt;
  }
  bool has_object(const git_oid& oid) const override { return commit(oid).has_value(); }
  BlobReader& blobs() const override { return m_blobs; }

private:
  static bool same(const git_oid& a, const git_oid& b) { return std::memcmp(a.id, b.id, sizeof a.id) == 0; }
  void add(unsigned char n, std::vector<unsigned char> parents, std::int64_t time) {
    CommitData data;
    data.id = id(n);
    for (const auto p : parents) data.parents.push_back(id(p));
    data.commit_time = time;
    m_commits[n] = data;
  }
  std::map<unsigned char, CommitData> m_commits;
  mutable NoBlobs m_blobs;
};

} // namespace

int main() {
  const Memory objects;
  int failures = 0;
  const auto expect = [&](bool ok, const char* what) {
    if (!ok) {
      std::fprintf(stderr, "FAIL: %s\n", what);
      ++failures;
    }
  };
  expect(is_ancestor(objects, id(1), id(5)), "root is an ancestor of the merge");
  expect(!is_ancestor(objects, id(4), id(3)), "c is not an ancestor of b");
  const auto base = merge_base(objects, id(3), id(4));
  expect(base && base->id[0] == 1, "the merge base of b and c is root");

  CommitWalk walk(objects, CommitOrder::oldest_first);
  walk.push(id(5));
  walk.hide(id(2));
  std::vector<unsigned> order;
  while (const auto commit = walk.next()) order.push_back(commit->id.id[0]);
  // As git rev-list --topo-order --reverse m ^a prints them: b c m.
  expect(order == std::vector<unsigned>{3, 4, 5}, "the walk lists b, c, m");
  try {
    CommitWalk bad(objects, CommitOrder::newest_first);
    bad.push(id(9), "refs/heads/missing");
    expect(false, "pushing a missing commit throws");
  } catch (const warden::Error& error) {
    expect(std::strstr(error.what(), "refs/heads/missing") != nullptr, "the error names the ref");
  }
  return failures == 0 ? 0 : 1;
}

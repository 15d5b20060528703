#include "warden/git/graph.hpp"

#include "warden/core/error.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <unordered_map>
#include <utility>

// The algorithms follow git's (docs/native-graph.md): its revision walk's
// limit_list / still_interesting for walks with hidden commits,
// sort_in_topological_order for --topo-order, and
// paint_down_to_common / remove_redundant for ancestry and
// merge bases, without generation numbers (a commit-graph file changes
// git's speed, not its answers).

namespace warden::git {

namespace graph_detail {

namespace {

struct OidHash {
  std::size_t operator()(const git_oid& oid) const {
    std::size_t value = 0;
    std::memcpy(&value, oid.id, sizeof value);
    return value;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const {
    return std::memcmp(a.id, b.id, GIT_OID_RAWSZ) == 0;
  }
};

bool same_oid(const git_oid& a, const git_oid& b) { return OidEqual{}(a, b); }

std::string hex(const git_oid& oid) {
  static const char digits[] = "0123456789abcdef";
  std::string out(GIT_OID_RAWSZ * 2, '0');
  for (std::size_t i = 0; i < GIT_OID_RAWSZ; ++i) {
    out[2 * i] = digits[oid.id[i] >> 4];
    out[2 * i + 1] = digits[oid.id[i] & 0xf];
  }
  return out;
}

} // namespace

using Index = std::uint32_t;

// One commit of a walk, read at most once: git's `struct commit`.
struct Node {
  git_oid id{};
  bool read = false;    // commit() was asked
  bool missing = false; // ...and had nothing
  std::int64_t date = 0;
  std::vector<Index> parents; // known once read
  CommitData data;
  // Walk flags (git's object flags).
  std::uint32_t flags = 0;
};

// The commits of one computation, each read once.
class Graph {
public:
  explicit Graph(const ObjectReader& objects) : m_objects(&objects) {}

  Index node(const git_oid& id) {
    const auto found = m_index.find(id);
    if (found != m_index.end()) return found->second;
    const auto index = static_cast<Index>(m_nodes.size());
    m_nodes.emplace_back();
    m_nodes.back().id = id;
    m_index.emplace(id, index);
    return index;
  }
  Node& at(Index index) { return m_nodes[index]; }

  // Read the commit (once); false when it is missing.
  bool parse(Index index) {
    if (!m_nodes[index].read) {
      m_nodes[index].read = true;
      ++m_reads;
      auto data = m_objects->commit(m_nodes[index].id);
      if (!data) {
        m_nodes[index].missing = true;
        return false;
      }
      std::vector<Index> parents;
      parents.reserve(data->parents.size());
      for (const auto& parent : data->parents) parents.push_back(node(parent));
      Node& n = m_nodes[index]; // node() may have moved the vector
      n.parents = std::move(parents);
      n.date = data->commit_time;
      n.data = std::move(*data);
    }
    return !m_nodes[index].missing;
  }

  // The commit `id` leads to (through annotated tags), read; nullopt when none.
  std::optional<Index> parse_peeled(const git_oid& id) {
    const Index index = node(id);
    if (parse(index)) return index;
    const auto peeled = m_objects->peel_to_commit(id);
    if (!peeled || same_oid(*peeled, id)) return std::nullopt;
    const Index target = node(*peeled);
    if (!parse(target)) return std::nullopt;
    return target;
  }

  std::size_t size() const { return m_nodes.size(); }
  std::size_t reads() const { return m_reads; }

private:
  const ObjectReader* m_objects;
  std::vector<Node> m_nodes;
  std::unordered_map<git_oid, Index, OidHash, OidEqual> m_index;
  std::size_t m_reads = 0;
};

// git's date-ordered queue: newest committer date first, equal dates in
// insertion order (prio_queue's counter; commit_list_insert_by_date).
class DateQueue {
public:
  void put(Index index, std::int64_t date) {
    m_heap.push_back(Entry{date, m_counter++, index});
    std::push_heap(m_heap.begin(), m_heap.end(), later);
  }
  Index get() {
    std::pop_heap(m_heap.begin(), m_heap.end(), later);
    const Index index = m_heap.back().index;
    m_heap.pop_back();
    return index;
  }
  bool empty() const { return m_heap.empty(); }
  std::int64_t top_date() const { return m_heap.front().date; }

private:
  struct Entry {
    std::int64_t date;
    std::uint64_t counter;
    Index index;
  };
  // "a comes out after b": std::*_heap keep the greatest at the front.
  static bool later(const Entry& a, const Entry& b) {
    if (a.date != b.date) return a.date < b.date;
    return a.counter > b.counter;
  }
  std::vector<Entry> m_heap;
  std::uint64_t m_counter = 0;
};

// ---------------------------------------------------------------------------
// git's paint_down_to_common: paint down from `one` (PARENT1) and `twos` (PARENT2)
// until every queued commit is STALE (below a common ancestor already found).

constexpr std::uint32_t k_parent1 = 1u << 0;
constexpr std::uint32_t k_parent2 = 1u << 1;
constexpr std::uint32_t k_stale = 1u << 2;
constexpr std::uint32_t k_result = 1u << 3;

class Painter {
public:
  explicit Painter(Graph& graph) : m_graph(graph) {}

  // Clear every paint flag (between two paints over the same commits).
  void clear() {
    for (Index i = 0; i < m_graph.size(); ++i) m_graph.at(i).flags = 0;
  }

  // Every commit of `one` and `twos` must be parsed. Returns the commits
  // found painted by both sides, newest first (stale ones included, as git's).
  std::vector<Index> paint(Index one, const std::vector<Index>& twos) {
    m_occurrences.assign(m_graph.size(), 0);
    m_nonstale = 0;
    std::vector<Index> result;
    add_flags(one, k_parent1);
    if (twos.empty()) {
      result.push_back(one);
      return result;
    }
    put(one);
    for (const Index two : twos) {
      add_flags(two, k_parent2);
      put(two);
    }
    while (m_nonstale > 0) {
      const Index commit = get();
      std::uint32_t flags = m_graph.at(commit).flags & (k_parent1 | k_parent2 | k_stale);
      if (flags == (k_parent1 | k_parent2)) {
        if (!(m_graph.at(commit).flags & k_result)) {
          m_graph.at(commit).flags |= k_result;
          insert_by_date(result, commit);
        }
        flags |= k_stale; // below a common ancestor: not a best one
      }
      const std::vector<Index> parents = m_graph.at(commit).parents;
      for (const Index parent : parents) {
        if ((m_graph.at(parent).flags & flags) == flags) continue;
        if (!m_graph.parse(parent)) continue; // missing (a shallow boundary)
        add_flags(parent, flags);
        put(parent);
      }
    }
    m_queue = DateQueue();
    return result;
  }

  void insert_by_date(std::vector<Index>& list, Index commit) {
    const std::int64_t date = m_graph.at(commit).date;
    auto position = list.begin();
    while (position != list.end() && m_graph.at(*position).date >= date) ++position;
    list.insert(position, commit);
  }

private:
  void add_flags(Index commit, std::uint32_t flags) {
    Node& node = m_graph.at(commit);
    if ((flags & k_stale) && !(node.flags & k_stale) && commit < m_occurrences.size()) {
      m_nonstale -= m_occurrences[commit];
    }
    node.flags |= flags;
  }
  void put(Index commit) {
    if (commit >= m_occurrences.size()) m_occurrences.resize(m_graph.size(), 0);
    ++m_occurrences[commit];
    if (!(m_graph.at(commit).flags & k_stale)) ++m_nonstale;
    m_queue.put(commit, m_graph.at(commit).date);
  }
  Index get() {
    const Index commit = m_queue.get();
    --m_occurrences[commit];
    if (!(m_graph.at(commit).flags & k_stale)) --m_nonstale;
    return commit;
  }

  Graph& m_graph;
  DateQueue m_queue;
  std::vector<std::size_t> m_occurrences; // queue entries per commit
  std::size_t m_nonstale = 0;             // queue entries whose commit is not STALE
};

// git's remove_redundant (without generation numbers): drop the commits reachable from
// another of the array, keeping the order of the others.
std::vector<Index> remove_redundant(Graph& graph, Painter& painter, const std::vector<Index>& array) {
  std::vector<char> redundant(array.size(), 0);
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (redundant[i]) continue;
    std::vector<Index> work;
    std::vector<std::size_t> filled_index;
    for (std::size_t j = 0; j < array.size(); ++j) {
      if (i == j || redundant[j]) continue;
      filled_index.push_back(j);
      work.push_back(array[j]);
    }
    painter.clear();
    painter.paint(array[i], work);
    if (graph.at(array[i]).flags & k_parent2) redundant[i] = 1;
    for (std::size_t j = 0; j < work.size(); ++j) {
      if (graph.at(work[j]).flags & k_parent1) redundant[filled_index[j]] = 1;
    }
  }
  painter.clear();
  std::vector<Index> kept;
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (!redundant[i]) kept.push_back(array[i]);
  }
  return kept;
}

// ---------------------------------------------------------------------------
// git's revision walk.

constexpr std::uint32_t k_seen = 1u << 0;
constexpr std::uint32_t k_uninteresting = 1u << 1;
constexpr std::uint32_t k_queued = 1u << 2;
constexpr std::uint32_t k_emitted = 1u << 3;

// git's SLOP: uninteresting commits popped after the last interesting one
// before the walk trusts the dates and stops (clock skew).
constexpr int k_slop = 5;

struct WalkState {
  WalkState(const ObjectReader& objects, CommitOrder order_, bool first_parent_only_)
    : graph(objects), order(order_), first_parent_only(first_parent_only_) {}

  Graph graph;
  CommitOrder order;
  bool first_parent_only;
  bool started = false;
  bool any_hidden = false;
  bool streaming = false;      // newest_first with nothing hidden: git's unlimited walk
  std::vector<Index> starts;   // the tips in push/hide order
  DateQueue queue;
  std::size_t interesting_queued = 0;
  std::vector<Index> output;   // the limited walk's result, in output order
  std::size_t next_output = 0;

  void begin(const std::string& caller) {
    if (started) throw Error(fmt::format("revision walk: {} after the walk started", caller), k_exit_usage);
  }

  void add_start(Index index, std::uint32_t flags) {
    Node& node = graph.at(index);
    if (flags & k_uninteresting) set_uninteresting(index);
    if (node.flags & k_seen) return;
    node.flags |= k_seen;
    starts.push_back(index);
  }

  void set_uninteresting(Index index) {
    Node& node = graph.at(index);
    if (node.flags & k_uninteresting) return;
    node.flags |= k_uninteresting;
    if (node.flags & k_queued) --interesting_queued;
  }

  void enqueue(Index index) {
    Node& node = graph.at(index);
    node.flags |= k_queued;
    if (!(node.flags & k_uninteresting)) ++interesting_queued;
    queue.put(index, node.date);
  }
  Index dequeue() {
    const Index index = queue.get();
    Node& node = graph.at(index);
    node.flags &= ~k_queued;
    if (!(node.flags & k_uninteresting)) --interesting_queued;
    return index;
  }

  // git's mark_parents_uninteresting: through the commits already read.
  void mark_parents_uninteresting(Index index) {
    std::vector<Index> pending(graph.at(index).parents.rbegin(), graph.at(index).parents.rend());
    while (!pending.empty()) {
      const Index commit = pending.back();
      pending.pop_back();
      if (graph.at(commit).flags & k_uninteresting) continue;
      set_uninteresting(commit);
      const auto& parents = graph.at(commit).parents;
      pending.insert(pending.end(), parents.rbegin(), parents.rend());
    }
  }

  // git's process_parents.
  void process_parents(Index index) {
    const std::vector<Index> parents = graph.at(index).parents;
    if (graph.at(index).flags & k_uninteresting) {
      for (const Index parent : parents) {
        set_uninteresting(parent);
        if (!graph.parse(parent)) continue;
        if (!graph.at(parent).parents.empty()) mark_parents_uninteresting(parent);
        if (graph.at(parent).flags & k_seen) continue;
        graph.at(parent).flags |= k_seen;
        enqueue(parent);
      }
      return;
    }
    for (const Index parent : parents) {
      // A parent that is not here (a shallow clone's boundary) ends that line.
      if (graph.parse(parent) && !(graph.at(parent).flags & k_seen)) {
        graph.at(parent).flags |= k_seen;
        enqueue(parent);
      }
      if (first_parent_only) break;
    }
  }

  void start() {
    started = true;
    // prepare_revision_walk: the tips by date, stable for equal dates.
    std::stable_sort(starts.begin(), starts.end(),
                     [&](Index a, Index b) { return graph.at(a).date > graph.at(b).date; });
    for (const Index index : starts) enqueue(index);
    if (order == CommitOrder::newest_first && !any_hidden) {
      streaming = true;
      return;
    }
    limit();
    if (order == CommitOrder::oldest_first) topo_sort_reversed();
  }

  // git's limit_list and still_interesting.
  void limit() {
    int slop = k_slop;
    std::int64_t last_date = std::numeric_limits<std::int64_t>::max();
    while (!queue.empty()) {
      const Index index = dequeue();
      process_parents(index);
      if (graph.at(index).flags & k_uninteresting) {
        mark_parents_uninteresting(index);
        if (queue.empty()) break;
        if (last_date <= queue.top_date()) slop = k_slop;
        else if (interesting_queued == 0) slop -= 1;
        else slop = k_slop;
        if (slop) continue;
        break;
      }
      last_date = graph.at(index).date;
      output.push_back(index);
    }
    queue = DateQueue();
  }

  // git's sort_in_topological_order (REV_SORT_IN_GRAPH_ORDER), then
  // reversed as --reverse does. The commits marked uninteresting after
  // they were listed take part, as in git, and are dropped at output.
  void topo_sort_reversed() {
    std::unordered_map<Index, std::size_t> indegree;
    indegree.reserve(output.size() * 2);
    for (const Index index : output) indegree[index] = 1;
    for (const Index index : output) {
      for (const Index parent : graph.at(index).parents) {
        const auto found = indegree.find(parent);
        if (found != indegree.end() && found->second) ++found->second;
      }
    }
    std::vector<Index> stack;
    for (const Index index : output) {
      if (indegree[index] == 1) stack.push_back(index);
    }
    std::reverse(stack.begin(), stack.end()); // the first tip comes out first
    std::vector<Index> sorted;
    sorted.reserve(output.size());
    while (!stack.empty()) {
      const Index commit = stack.back();
      stack.pop_back();
      for (const Index parent : graph.at(commit).parents) {
        const auto found = indegree.find(parent);
        if (found == indegree.end() || !found->second) continue;
        if (--found->second == 1) stack.push_back(parent);
      }
      indegree[commit] = 0;
      sorted.push_back(commit);
    }
    std::reverse(sorted.begin(), sorted.end());
    output = std::move(sorted);
  }

  std::optional<CommitData> emit(Index index) {
    Node& node = graph.at(index);
    node.flags |= k_emitted;
    return std::move(node.data);
  }

  std::optional<CommitData> next() {
    if (!started) start();
    if (streaming) {
      if (queue.empty()) return std::nullopt;
      const Index index = dequeue();
      process_parents(index);
      return emit(index);
    }
    while (next_output < output.size()) {
      const Index index = output[next_output++];
      if (graph.at(index).flags & (k_uninteresting | k_emitted)) continue;
      return emit(index);
    }
    return std::nullopt;
  }
};

} // namespace graph_detail

using graph_detail::Graph;
using graph_detail::Index;
using graph_detail::Painter;

bool is_ancestor(const ObjectReader& objects, const git_oid& ancestor, const git_oid& descendant) {
  Graph graph(objects);
  const Index one = graph.node(ancestor);
  const Index two = graph.node(descendant);
  if (!graph.parse(one) || !graph.parse(two)) return false;
  if (one == two) return true;
  // git's repo_in_merge_bases: `ancestor` painted by `descendant`.
  Painter painter(graph);
  painter.paint(one, {two});
  return (graph.at(one).flags & graph_detail::k_parent2) != 0;
}

std::optional<git_oid> merge_base(const ObjectReader& objects, const git_oid& a, const git_oid& b) {
  Graph graph(objects);
  const Index one = graph.node(a);
  const Index two = graph.node(b);
  if (!graph.parse(one) || !graph.parse(two)) return std::nullopt;
  if (one == two) return a;
  // git's merge_bases_many and get_merge_bases_many_0.
  Painter painter(graph);
  const std::vector<Index> painted = painter.paint(one, {two});
  std::vector<Index> result;
  for (const Index commit : painted) {
    if (!(graph.at(commit).flags & graph_detail::k_stale)) painter.insert_by_date(result, commit);
  }
  if (result.empty()) return std::nullopt;
  if (result.size() > 1) {
    const std::vector<Index> kept = graph_detail::remove_redundant(graph, painter, result);
    result.clear();
    for (const Index commit : kept) painter.insert_by_date(result, commit);
  }
  return graph.at(result.front()).id;
}

// ---------------------------------------------------------------------------
// CommitWalk

CommitWalk::CommitWalk(const ObjectReader& objects, CommitOrder order, bool first_parent_only)
  : m_state(std::make_unique<graph_detail::WalkState>(objects, order, first_parent_only)) {}

CommitWalk::~CommitWalk() = default;
CommitWalk::CommitWalk(CommitWalk&&) noexcept = default;
CommitWalk& CommitWalk::operator=(CommitWalk&&) noexcept = default;

void CommitWalk::push(const git_oid& tip, const std::string& what) {
  m_state->begin("push");
  const auto index = m_state->graph.parse_peeled(tip);
  if (!index) {
    throw Error(fmt::format("{}: not a commit in this repository", what.empty() ? graph_detail::hex(tip) : what),
                k_exit_usage);
  }
  m_state->add_start(*index, 0);
}

void CommitWalk::hide(const git_oid& commit) {
  m_state->begin("hide");
  const auto index = m_state->graph.parse_peeled(commit);
  if (!index) return;
  m_state->any_hidden = true;
  m_state->add_start(*index, graph_detail::k_uninteresting);
  // git's handle_commit: a hidden tip's parents are hidden at once.
  m_state->mark_parents_uninteresting(*index);
}

std::optional<CommitData> CommitWalk::next() { return m_state->next(); }

std::size_t CommitWalk::commits_read() const { return m_state->graph.reads(); }

} // namespace warden::git

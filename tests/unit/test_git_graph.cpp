// Ancestry, merge bases and walks (git/graph.hpp) against the git
// executable, on histories built with `git fast-import` (any shape, any
// committer dates), read through the libgit2 reader.
#include "git_layer_fixture.hpp"

#include "warden/core/error.hpp"
#include "warden/git/graph.hpp"
#include "warden/git/repository.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

using namespace warden;
using namespace warden::test;

namespace {

struct Spec {
  std::string name;
  std::vector<std::string> parents;
  std::int64_t time = 0; // committer time, Unix seconds
};

// A repository holding exactly the commits of `specs` (empty trees), each
// named by its spec; refs/heads/<name> for the names in `branches`.
class Dag {
public:
  explicit Dag(const std::vector<Spec>& specs) {
    std::string stream;
    std::map<std::string, std::size_t> marks;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const Spec& spec = specs[i];
      marks[spec.name] = i + 1;
      const std::string message = spec.name + "\n";
      stream += "reset refs/heads/scratch\n\n";
      stream += "commit refs/heads/scratch\n";
      stream += "mark :" + std::to_string(i + 1) + "\n";
      stream += "author Author " + spec.name + " <a@example.com> " + std::to_string(spec.time - 7) + " +0000\n";
      stream += "committer Test <test@example.com> " + std::to_string(spec.time) + " +0000\n";
      stream += "data " + std::to_string(message.size()) + "\n" + message;
      for (std::size_t p = 0; p < spec.parents.size(); ++p) {
        const auto found = marks.find(spec.parents[p]);
        REQUIRE(found != marks.end());
        stream += (p == 0 ? "from :" : "merge :") + std::to_string(found->second) + "\n";
      }
      stream += "\n";
    }
    const std::string marks_file = (repo.tmp() / "marks").string();
    ProcessOptions options = isolated_git_options(repo.tmp());
    options.stdin_data = stream;
    const auto result = run_git({"fast-import", "--quiet", "--export-marks=" + marks_file}, repo.root().string(),
                                false, options);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    std::ifstream in(marks_file);
    std::string mark, hex;
    while (in >> mark >> hex) {
      const std::size_t number = std::stoul(mark.substr(1));
      ids[specs[number - 1].name] = hex;
      names[hex] = specs[number - 1].name;
    }
    REQUIRE(ids.size() == specs.size());
    repo.git({"update-ref", "-d", "refs/heads/scratch"});
  }

  git::Repository open() const { return git::Repository::open(repo.root().string()); }
  git_oid oid(const std::string& name) const { return oid_of(ids.at(name)); }

  // `git rev-list args...` as commit names.
  std::vector<std::string> rev_list(std::vector<std::string> args) const {
    args.insert(args.begin(), "rev-list");
    std::istringstream out(repo.git(args));
    std::vector<std::string> result;
    std::string line;
    while (std::getline(out, line)) result.push_back(names.at(line));
    return result;
  }
  std::set<std::string> merge_bases_all(const std::string& a, const std::string& b) const {
    auto result = run_git({"merge-base", "--all", ids.at(a), ids.at(b)}, repo.root().string(), false,
                          isolated_git_options(repo.tmp()));
    std::set<std::string> bases;
    if (result.exit_code != 0) return bases; // none
    std::istringstream out(result.out);
    std::string line;
    while (std::getline(out, line)) bases.insert(names.at(line));
    return bases;
  }
  std::string merge_base_one(const std::string& a, const std::string& b) const {
    auto result = run_git({"merge-base", ids.at(a), ids.at(b)}, repo.root().string(), false,
                          isolated_git_options(repo.tmp()));
    if (result.exit_code != 0) return {};
    std::string out = result.out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return names.at(out);
  }
  bool git_is_ancestor(const std::string& a, const std::string& b) const {
    const auto result = run_git({"merge-base", "--is-ancestor", ids.at(a), ids.at(b)}, repo.root().string(), false,
                                isolated_git_options(repo.tmp()));
    REQUIRE((result.exit_code == 0 || result.exit_code == 1));
    return result.exit_code == 0;
  }

  TestRepo repo;
  std::map<std::string, std::string> ids;   // name -> hex
  std::map<std::string, std::string> names; // hex -> name
};

struct WalkArgs {
  std::vector<std::string> push;
  std::vector<std::string> hide;
  git::CommitOrder order = git::CommitOrder::newest_first;
  bool first_parent = false;
};

std::vector<std::string> walk_names(const Dag& dag, const git::ObjectReader& reader, const WalkArgs& args) {
  git::CommitWalk walk(reader, args.order, args.first_parent);
  for (const auto& name : args.push) walk.push(dag.oid(name), name);
  for (const auto& name : args.hide) walk.hide(dag.oid(name));
  std::vector<std::string> out;
  while (const auto commit = walk.next()) out.push_back(dag.names.at(git::oid_hex(commit->id)));
  return out;
}

std::vector<std::string> git_walk(const Dag& dag, const WalkArgs& args) {
  std::vector<std::string> argv;
  if (args.order == git::CommitOrder::oldest_first) {
    argv.push_back("--topo-order");
    argv.push_back("--reverse");
  }
  if (args.first_parent) argv.push_back("--first-parent");
  for (const auto& name : args.push) argv.push_back(dag.ids.at(name));
  for (const auto& name : args.hide) argv.push_back("^" + dag.ids.at(name));
  return dag.rev_list(argv);
}

std::string describe(const WalkArgs& args) {
  std::string text = args.order == git::CommitOrder::oldest_first ? "oldest_first" : "newest_first";
  if (args.first_parent) text += " first-parent";
  for (const auto& name : args.push) text += " " + name;
  for (const auto& name : args.hide) text += " ^" + name;
  return text;
}

void check_walk(const Dag& dag, const git::ObjectReader& reader, const WalkArgs& args) {
  INFO(describe(args));
  CHECK(walk_names(dag, reader, args) == git_walk(dag, args));
}

// Counts the commits read, and how often each.
class CountingReader final : public git::ObjectReader {
public:
  explicit CountingReader(const git::ObjectReader& inner) : m_inner(inner) {}
  std::optional<git::CommitData> commit(const git_oid& id) const override {
    ++reads;
    const auto [it, fresh] = distinct.insert(git::oid_hex(id));
    (void)it;
    if (!fresh) ++repeated;
    return m_inner.commit(id);
  }
  std::optional<std::vector<git::TreeItem>> tree(const git_oid& id) const override { return m_inner.tree(id); }
  std::optional<git_oid> peel_to_commit(const git_oid& id) const override { return m_inner.peel_to_commit(id); }
  bool has_object(const git_oid& id) const override { return m_inner.has_object(id); }
  git::BlobReader& blobs() const override { return m_inner.blobs(); }

  mutable std::size_t reads = 0;
  mutable std::size_t repeated = 0;
  mutable std::set<std::string> distinct;

private:
  const git::ObjectReader& m_inner;
};

constexpr std::int64_t k_t0 = 1767225600; // 2026-01-01T00:00:00Z

// Criss-cross: two best merge bases (a1 and b1).
std::vector<Spec> criss_cross() {
  return {
    {"root", {}, k_t0},
    {"a1", {"root"}, k_t0 + 10},
    {"b1", {"root"}, k_t0 + 20},
    {"ma", {"a1", "b1"}, k_t0 + 30},
    {"mb", {"b1", "a1"}, k_t0 + 40},
    {"a2", {"ma"}, k_t0 + 50},
    {"b2", {"mb"}, k_t0 + 60},
    {"top", {"a2", "b2"}, k_t0 + 70},
  };
}

// A child older than its parent, in the middle of both sides; equal dates.
std::vector<Spec> skewed() {
  return {
    {"r", {}, k_t0 + 100},
    {"s1", {"r"}, k_t0 + 200},
    {"s2", {"s1"}, k_t0 + 50}, // older than its parent
    {"s3", {"s2"}, k_t0 + 60},
    {"s4", {"s3"}, k_t0 + 70},
    {"s5", {"s4"}, k_t0 + 80},
    {"s6", {"s5"}, k_t0 + 90},
    {"s7", {"s6"}, k_t0 + 95},
    {"s8", {"s7"}, k_t0 + 300},
    {"t1", {"r"}, k_t0 + 300},
    {"t2", {"t1"}, k_t0 + 300},
    {"t3", {"t2", "s3"}, k_t0 + 10}, // a merge dated before everything
    {"t4", {"t3"}, k_t0 + 400},
    {"u1", {"s1"}, k_t0 + 20},
    {"u2", {"u1"}, k_t0 + 500},
  };
}

// A hidden path through commits dated long before the commits it reaches:
// git's walk keeps going SLOP (5) hidden commits past the last listed one,
// enough for the short chain under h2, not for the long one under lh (git
// then lists x although h reaches it; the walk must do the same).
std::vector<Spec> beyond_slop() {
  return {
    {"x", {}, k_t0 + 50},       {"t", {"x"}, k_t0 + 60},    {"q2", {"x"}, k_t0 + 2},
    {"q1", {"q2"}, k_t0 + 1},   {"h", {"q1"}, k_t0 + 100},  {"g2", {}, k_t0 + 43},
    {"g1", {"g2"}, k_t0 + 44},  {"h2", {"g1"}, k_t0 + 45},  {"l6", {}, k_t0 + 35},
    {"l5", {"l6"}, k_t0 + 36},  {"l4", {"l5"}, k_t0 + 37},  {"l3", {"l4"}, k_t0 + 38},
    {"l2", {"l3"}, k_t0 + 39},  {"l1", {"l2"}, k_t0 + 40},  {"lh", {"l1"}, k_t0 + 46},
  };
}

// Two unrelated histories joined later.
std::vector<Spec> disconnected() {
  return {
    {"x1", {}, k_t0 + 1},  {"x2", {"x1"}, k_t0 + 3}, {"x3", {"x2"}, k_t0 + 5},
    {"y1", {}, k_t0 + 2},  {"y2", {"y1"}, k_t0 + 4}, {"y3", {"y2"}, k_t0 + 6},
    {"j", {"x3", "y2"}, k_t0 + 7}, {"k", {"j"}, k_t0 + 8},
  };
}

// A random history: merges, roots, octopus merges, many equal dates and skew.
std::vector<Spec> random_dag(unsigned seed, int count) {
  std::mt19937 rng(seed);
  std::vector<Spec> specs;
  for (int i = 0; i < count; ++i) {
    Spec spec;
    spec.name = "c" + std::to_string(i);
    const int roll = static_cast<int>(rng() % 100);
    if (i > 0 && roll >= 4) {
      const int window = std::min(i, 8);
      std::set<int> chosen;
      const int parents = roll < 70 ? 1 : (roll < 96 ? 2 : 3);
      for (int p = 0; p < parents; ++p) chosen.insert(i - 1 - static_cast<int>(rng() % window));
      // first parent: the first one drawn, the others in order
      for (const int p : chosen) spec.parents.push_back("c" + std::to_string(p));
      std::shuffle(spec.parents.begin(), spec.parents.end(), rng);
    }
    // Mostly increasing, with ties and some going back in time.
    spec.time = k_t0 + i / 3 * 10 - (rng() % 10 == 0 ? static_cast<int>(rng() % 40) : 0);
    specs.push_back(spec);
  }
  return specs;
}

std::vector<std::string> names_of(const std::vector<Spec>& specs) {
  std::vector<std::string> out;
  for (const auto& spec : specs) out.push_back(spec.name);
  return out;
}

void check_pairs(const Dag& dag, const git::ObjectReader& reader, const std::vector<std::string>& names,
                 std::size_t stride = 1) {
  for (std::size_t i = 0; i < names.size(); i += stride) {
    for (std::size_t j = 0; j < names.size(); j += stride) {
      const auto& a = names[i];
      const auto& b = names[j];
      INFO(a << " " << b);
      CHECK(git::is_ancestor(reader, dag.oid(a), dag.oid(b)) == dag.git_is_ancestor(a, b));
      const auto base = git::merge_base(reader, dag.oid(a), dag.oid(b));
      const auto all = dag.merge_bases_all(a, b);
      if (all.empty()) {
        CHECK_FALSE(base);
      } else {
        REQUIRE(base);
        const std::string name = dag.names.at(git::oid_hex(*base));
        CHECK(all.count(name) == 1);
        CHECK(name == dag.merge_base_one(a, b)); // the same one git prints
      }
    }
  }
}

} // namespace

TEST_CASE("graph: ancestry and merge bases on a criss-cross history", "[git][graph]") {
  const auto specs = criss_cross();
  Dag dag(specs);
  const auto repo = dag.open();
  check_pairs(dag, repo, names_of(specs));
  const auto both = dag.merge_bases_all("a2", "b2");
  CHECK(both == std::set<std::string>{"a1", "b1"});
}

TEST_CASE("graph: ancestry and merge bases with clock skew and disconnected histories", "[git][graph]") {
  for (const auto& specs : {skewed(), disconnected()}) {
    Dag dag(specs);
    const auto repo = dag.open();
    check_pairs(dag, repo, names_of(specs));
  }
}

TEST_CASE("graph: ancestry and merge bases on random histories", "[git][graph]") {
  for (const unsigned seed : {1u, 2u, 3u}) {
    const auto specs = random_dag(seed, 40);
    Dag dag(specs);
    const auto repo = dag.open();
    INFO("seed " << seed);
    check_pairs(dag, repo, names_of(specs), 4);
  }
}

TEST_CASE("graph: missing commits", "[git][graph]") {
  Dag dag(criss_cross());
  const auto repo = dag.open();
  const git_oid absent = oid_of("1234567890123456789012345678901234567890");
  CHECK_FALSE(git::is_ancestor(repo, absent, dag.oid("top")));
  CHECK_FALSE(git::is_ancestor(repo, dag.oid("root"), absent));
  CHECK_FALSE(git::is_ancestor(repo, absent, absent));
  CHECK_FALSE(git::merge_base(repo, absent, dag.oid("top")));
  CHECK(git::is_ancestor(repo, dag.oid("top"), dag.oid("top")));
  CHECK(git::oid_hex(*git::merge_base(repo, dag.oid("a1"), dag.oid("a1"))) == dag.ids.at("a1"));
}

TEST_CASE("graph: walks equal git rev-list", "[git][graph]") {
  std::vector<std::pair<std::vector<Spec>, std::vector<WalkArgs>>> cases;
  cases.push_back({criss_cross(), {
    {{"top"}, {}}, {{"top"}, {"ma"}}, {{"top"}, {"a1", "b1"}}, {{"a2", "b2"}, {"root"}}, {{"top"}, {"top"}},
    {{"b2", "a2"}, {}}, {{"top"}, {"mb"}},
  }});
  cases.push_back({skewed(), {
    {{"s8"}, {}}, {{"s8"}, {"s2"}}, {{"t4"}, {"s8"}}, {{"s8", "t4", "u2"}, {"t1"}}, {{"u2"}, {"s6"}},
    {{"t4"}, {"s1"}}, {{"s8"}, {"t4"}}, {{"t4", "u2"}, {"s8"}},
  }});
  cases.push_back({beyond_slop(), {
    {{"t"}, {"h", "h2"}}, {{"t"}, {"h", "lh"}}, {{"t"}, {"h"}}, {{"t", "lh"}, {"h"}}, {{"t"}, {"lh", "h"}},
  }});
  cases.push_back({disconnected(), {
    {{"k"}, {}}, {{"k"}, {"x2"}}, {{"k"}, {"y3"}}, {{"y3", "x3"}, {"x1"}}, {{"k", "y3"}, {"j"}},
  }});
  for (auto& [specs, walks] : cases) {
    Dag dag(specs);
    const auto repo = dag.open();
    for (WalkArgs args : walks) {
      for (const auto order : {git::CommitOrder::newest_first, git::CommitOrder::oldest_first}) {
        for (const bool first_parent : {false, true}) {
          args.order = order;
          args.first_parent = first_parent;
          check_walk(dag, repo, args);
        }
      }
    }
  }
}

TEST_CASE("graph: clock skew beyond git's slop gives git's answer", "[git][graph]") {
  Dag dag(beyond_slop());
  const auto repo = dag.open();
  const WalkArgs within{{"t"}, {"h", "h2"}};
  const WalkArgs beyond{{"t"}, {"h", "lh"}};
  CHECK(walk_names(dag, repo, within) == std::vector<std::string>{"t"});
  CHECK(walk_names(dag, repo, beyond) == std::vector<std::string>{"t", "x"});
  CHECK(git_walk(dag, beyond) == std::vector<std::string>{"t", "x"});
  CHECK(git::is_ancestor(repo, dag.oid("x"), dag.oid("h"))); // ancestry does not depend on dates
}

TEST_CASE("graph: walks on random histories equal git rev-list", "[git][graph]") {
  for (const unsigned seed : {11u, 12u, 13u, 14u}) {
    const auto specs = random_dag(seed, 80);
    Dag dag(specs);
    const auto repo = dag.open();
    std::mt19937 rng(seed * 7);
    const auto pick = [&] { return specs[rng() % specs.size()].name; };
    for (int round = 0; round < 12; ++round) {
      WalkArgs args;
      const int pushes = 1 + static_cast<int>(rng() % 3);
      for (int i = 0; i < pushes; ++i) args.push.push_back(specs[specs.size() - 1 - rng() % 20].name);
      const int hides = static_cast<int>(rng() % 3);
      for (int i = 0; i < hides; ++i) args.hide.push_back(pick());
      for (const auto order : {git::CommitOrder::newest_first, git::CommitOrder::oldest_first}) {
        for (const bool first_parent : {false, true}) {
          args.order = order;
          args.first_parent = first_parent;
          INFO("seed " << seed);
          check_walk(dag, repo, args);
        }
      }
    }
  }
}

TEST_CASE("graph: walk edge cases", "[git][graph]") {
  Dag dag(criss_cross());
  const auto repo = dag.open();

  SECTION("a hidden commit that is not here is ignored") {
    git::CommitWalk walk(repo, git::CommitOrder::oldest_first);
    walk.push(dag.oid("a2"));
    walk.hide(oid_of("1234567890123456789012345678901234567890"));
    walk.hide(dag.oid("a1"));
    std::vector<std::string> got;
    while (const auto commit = walk.next()) got.push_back(dag.names.at(git::oid_hex(commit->id)));
    CHECK(got == dag.rev_list({"--topo-order", "--reverse", dag.ids.at("a2"), "^" + dag.ids.at("a1")}));
  }
  SECTION("pushing what is not a commit names it, exit 2") {
    git::CommitWalk walk(repo, git::CommitOrder::newest_first);
    const git_oid tree = oid_of(rev_parse(dag.repo, dag.ids.at("top") + "^{tree}"));
    try {
      walk.push(tree, "refs/heads/feature");
      FAIL("no error");
    } catch (const Error& error) {
      CHECK(std::string(error.what()).find("refs/heads/feature") != std::string::npos);
      CHECK(error.exit_code() == 2);
    }
    try {
      walk.push(oid_of("1234567890123456789012345678901234567890"));
      FAIL("no error");
    } catch (const Error& error) {
      CHECK(std::string(error.what()).find("1234567890123456789012345678901234567890") != std::string::npos);
    }
  }
  SECTION("an annotated tag is followed to its commit") {
    dag.repo.git({"tag", "-a", "-m", "v1", "v1", dag.ids.at("a2")});
    git::CommitWalk walk(repo, git::CommitOrder::newest_first);
    walk.push(oid_of(rev_parse(dag.repo, "v1")));
    walk.hide(dag.oid("ma"));
    const auto first = walk.next();
    REQUIRE(first);
    CHECK(git::oid_hex(first->id) == dag.ids.at("a2"));
    CHECK(first->message == "a2\n");
    CHECK_FALSE(walk.next());
  }
  SECTION("the same tip twice is walked once; nothing pushed is an empty walk") {
    WalkArgs args{{"a2", "a2"}, {}};
    check_walk(dag, repo, args);
    git::CommitWalk empty(repo, git::CommitOrder::oldest_first);
    CHECK_FALSE(empty.next());
  }
}

TEST_CASE("graph: one new commit on a long history reads a handful of commits", "[git][graph]") {
  std::vector<Spec> specs;
  const int length = 2000;
  for (int i = 0; i < length; ++i) {
    specs.push_back({"c" + std::to_string(i), i ? std::vector<std::string>{"c" + std::to_string(i - 1)}
                                                 : std::vector<std::string>{},
                     k_t0 + i * 60});
  }
  specs.push_back({"new", {"c1999"}, k_t0 + length * 60});
  Dag dag(specs);
  const auto repo = dag.open();

  for (const auto order : {git::CommitOrder::newest_first, git::CommitOrder::oldest_first}) {
    CountingReader counting(repo);
    git::CommitWalk walk(counting, order);
    walk.push(dag.oid("new"));
    walk.hide(dag.oid("c1999"));
    const auto first = walk.next();
    REQUIRE(first);
    CHECK(git::oid_hex(first->id) == dag.ids.at("new"));
    CHECK_FALSE(walk.next());
    CHECK(counting.reads <= 10); // 7: the two tips, then SLOP commits under the hidden one
    CHECK(counting.repeated == 0);
    CHECK(walk.commits_read() == counting.reads);
  }
  {
    CountingReader counting(repo);
    CHECK(git::is_ancestor(counting, dag.oid("c1999"), dag.oid("new")));
    CHECK(counting.reads <= 4); // 3
    CHECK(counting.repeated == 0);
  }
  {
    CountingReader counting(repo);
    CHECK(git::oid_hex(*git::merge_base(counting, dag.oid("new"), dag.oid("c1999"))) == dag.ids.at("c1999"));
    CHECK(counting.reads <= 4); // 3
    CHECK(counting.repeated == 0);
  }
  {
    // Nothing hidden, newest first: read as far as asked.
    CountingReader counting(repo);
    git::CommitWalk walk(counting, git::CommitOrder::newest_first);
    walk.push(dag.oid("new"));
    REQUIRE(walk.next());
    REQUIRE(walk.next());
    CHECK(counting.reads <= 3);
  }
  {
    // A whole history is read once per commit, not more.
    CountingReader counting(repo);
    git::CommitWalk walk(counting, git::CommitOrder::oldest_first);
    walk.push(dag.oid("new"));
    std::size_t count = 0;
    while (walk.next()) ++count;
    CHECK(count == static_cast<std::size_t>(length + 1));
    CHECK(counting.reads == static_cast<std::size_t>(length + 1));
    CHECK(counting.repeated == 0);
  }
}

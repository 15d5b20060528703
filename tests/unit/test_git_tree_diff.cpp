// git::tree_change and git::find_path (git/tree_diff.cpp), and the file
// checks on partial listings: the same findings as on the full listing of
// the same change (docs/tree-diff.md).
#include "git_test_repo.hpp"

#include "warden/checks/file_input.hpp"
#include "warden/checks/file_util.hpp"
#include "warden/core/error.hpp"
#include "warden/git/hash.hpp"
#include "warden/git/repository.hpp"
#include "warden/git/tree_diff.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace warden;
using git::Listing;
using git::TreeItem;

std::string key(const git_oid& oid) { return std::string(reinterpret_cast<const char*>(oid.id), sizeof oid.id); }

std::string hex(const git_oid& oid) {
  std::string out;
  for (const unsigned char c : oid.id) out += "0123456789abcdef"[c >> 4], out += "0123456789abcdef"[c & 0xf];
  return out;
}

// The id git gives an object of `type` holding `data`.
git_oid object_id(std::string_view type, std::string_view data) {
  std::string raw(type);
  raw += ' ';
  raw += std::to_string(data.size());
  raw += '\0';
  raw += data;
  const auto digest = git::sha1(raw);
  git_oid oid{};
  std::memcpy(oid.id, digest.data(), sizeof oid.id);
  return oid;
}

bool is_tree(std::uint32_t mode) { return (mode & 0170000) == 040000; }

// Git's tree order, written here independently of tree_diff.cpp.
bool git_less(const TreeItem& a, const TreeItem& b) {
  const std::string x = a.name + (is_tree(a.mode) ? "/" : "");
  const std::string y = b.name + (is_tree(b.mode) ? "/" : "");
  return x < y;
}

class MemoryBlobs final : public git::BlobReader {
public:
  explicit MemoryBlobs(const std::map<std::string, std::pair<int, std::string>>& objects) : m_objects(objects) {}
  std::optional<std::uint64_t> size(const git_oid& oid) override {
    const auto it = m_objects.find(key(oid));
    if (it == m_objects.end() || it->second.first != 3) return std::nullopt;
    return it->second.second.size();
  }
  std::optional<std::string> contents(const git_oid& oid, std::uint64_t limit) override {
    const auto it = m_objects.find(key(oid));
    if (it == m_objects.end() || it->second.first != 3 || it->second.second.size() > limit) return std::nullopt;
    return it->second.second;
  }

private:
  const std::map<std::string, std::pair<int, std::string>>& m_objects;
};

// Trees and blobs in memory, under the ids git would give them.
class MemoryObjects final : public git::ObjectReader {
public:
  MemoryObjects() : m_blobs(m_raw) {}

  git_oid put_blob(const std::string& contents) {
    const git_oid oid = object_id("blob", contents);
    m_raw[key(oid)] = {3, contents};
    return oid;
  }
  // `items` in git's order unless `sort` is false (a tree no git writes).
  git_oid put_tree(std::vector<TreeItem> items, bool sort = true) {
    if (sort) std::sort(items.begin(), items.end(), git_less);
    std::string data;
    for (const TreeItem& item : items) {
      std::ostringstream mode;
      mode << std::oct << item.mode;
      data += mode.str() + ' ' + item.name + '\0';
      data.append(reinterpret_cast<const char*>(item.oid.id), sizeof item.oid.id);
    }
    const git_oid oid = object_id("tree", data);
    m_raw[key(oid)] = {2, data};
    m_trees[key(oid)] = std::move(items);
    return oid;
  }

  std::optional<git::CommitData> commit(const git_oid&) const override { return std::nullopt; }
  std::optional<std::vector<TreeItem>> tree(const git_oid& id) const override {
    ++tree_reads;
    const auto it = m_trees.find(key(id));
    if (it == m_trees.end()) return std::nullopt;
    return it->second;
  }
  std::optional<git_oid> peel_to_commit(const git_oid&) const override { return std::nullopt; }
  bool has_object(const git_oid& id) const override { return m_raw.count(key(id)) != 0; }
  git::BlobReader& blobs() const override { return m_blobs; }

  // Every object as {type (2 tree, 3 blob), data}, to write into a repository.
  const std::map<std::string, std::pair<int, std::string>>& raw() const { return m_raw; }

  mutable int tree_reads = 0;

private:
  std::map<std::string, std::pair<int, std::string>> m_raw;
  std::map<std::string, std::vector<TreeItem>> m_trees;
  mutable MemoryBlobs m_blobs;
};

struct File {
  std::uint32_t mode = 0100644;
  std::string contents; // a gitlink: any text, its "commit" id is derived from it
};
using Files = std::map<std::string, File>; // bytewise by path, as the checks sort

git_oid file_oid(const File& file) {
  return (file.mode & 0170000) == 0160000 ? object_id("commit", file.contents) : object_id("blob", file.contents);
}

// The tree of the paths [begin, end), all starting with a prefix of `prefix` bytes.
git_oid build_dir(MemoryObjects& objects, Files::const_iterator begin, Files::const_iterator end, std::size_t prefix) {
  std::vector<TreeItem> items;
  for (auto it = begin; it != end;) {
    const std::string& path = it->first;
    const std::size_t slash = path.find('/', prefix);
    if (slash == std::string::npos) {
      if ((it->second.mode & 0170000) != 0160000) objects.put_blob(it->second.contents);
      items.push_back({path.substr(prefix), it->second.mode, file_oid(it->second)});
      ++it;
      continue;
    }
    const std::string dir = path.substr(0, slash + 1);
    auto stop = it;
    while (stop != end && stop->first.compare(0, dir.size(), dir) == 0) ++stop;
    items.push_back({path.substr(prefix, slash - prefix), 040000, build_dir(objects, it, stop, dir.size())});
    it = stop;
  }
  return objects.put_tree(std::move(items));
}

git_oid build(MemoryObjects& objects, const Files& files) { return build_dir(objects, files.begin(), files.end(), 0); }

std::uint32_t normal(std::uint32_t mode) { return mode == 0100664 ? 0100644 : mode; }

// What the full listing must be, from the flat path maps.
git::TreeChange expected_change(const Files& tree, const Files* base) {
  git::TreeChange change;
  for (const auto& [path, file] : tree) {
    bool changed = true;
    if (base) {
      const auto it = base->find(path);
      changed = it == base->end() || normal(it->second.mode) != normal(file.mode) ||
                it->second.contents != file.contents;
    }
    change.entries.push_back({path, normal(file.mode), file_oid(file), changed});
  }
  if (base)
    for (const auto& [path, file] : *base)
      if (!tree.count(path)) change.removed.push_back(path);
  return change;
}

std::string describe(const git::TreeChange& change) {
  std::string out = change.partial ? "partial\n" : "full\n";
  for (const auto& e : change.entries)
    out += e.path + " " + std::to_string(e.mode) + " " + hex(e.oid) + (e.changed ? " changed\n" : "\n");
  for (const auto& path : change.removed) out += "- " + path + "\n";
  return out;
}

// ---- random changes ------------------------------------------------------

const std::vector<std::string> k_names{
  "a", "A", "b", "B", "src", "Src", "lib", "lib.rs", "lib-x", "docs", "Docs", "README.md", "readme.md", "x.txt",
  "X.txt", "e\xcc\x81", "\xc3\xa9", "KEEP", "keep", "GUIDE.md", "c", "main.c", "dir.d", "dir", "x.orig", "con", "z"};

class Generator {
public:
  explicit Generator(unsigned seed) : m_rng(seed) {}

  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_rng); }
  bool chance(int percent) { return static_cast<int>(pick(100)) < percent; }

  std::string contents() {
    switch (pick(12)) {
    case 0: return "<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> topic\n";
    case 1: return "key = \"-----BEGIN " "RSA PRIVATE KEY-----\\nMIIE\"\n";
    case 2: return std::string(300 + pick(50), 'L') + "\n"; // over max-file-size below
    case 3: return std::string("bin\0ary", 7);
    default: return "text " + std::to_string(pick(1000)) + "\n";
    }
  }

  std::string path() {
    const std::size_t depth = 1 + pick(4);
    std::string out;
    for (std::size_t i = 0; i < depth; ++i) {
      if (i) out += '/';
      out += k_names[pick(k_names.size())];
    }
    return out;
  }

  // Add `path` when no file is a directory of it and it is no directory.
  static bool add(Files& files, const std::string& path, File file) {
    for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1))
      if (files.count(path.substr(0, slash))) return false;
    const auto it = files.lower_bound(path + "/");
    if (it != files.end() && it->first.compare(0, path.size() + 1, path + "/") == 0) return false;
    files[path] = std::move(file);
    return true;
  }

  File file() {
    File f;
    f.contents = contents();
    const std::size_t kind = pick(40);
    if (kind == 0) f.mode = 0100755;
    else if (kind == 1) f.mode = 0120000;
    else if (kind == 2) f.mode = 0160000;
    else if (kind == 3) f.mode = 0100664;
    return f;
  }

  std::string scoped_policy() {
    switch (pick(13) % 5) {
    case 0: return "files:\n  required: [KEEP]\n";
    case 1: return "files:\n  max-file-size: 100\n";
    case 2: return "files:\n  case-collision: warn\n  forbidden: ['*.c']\n";
    case 3: return "files:\n  required: [keep, GUIDE.md]\n  conflict-marker: warn\n";
    default: return pick(3) == 0 ? "files:\n  max-file-sise: 1\n" // an unknown key: fails when its scope is judged
                                 : "files:\n  secret: warn\n  max-path-length: 12\n";
    }
  }

  Files base(std::size_t size) {
    Files files;
    add(files, "README.md", {0100644, "# readme\n"});
    add(files, "docs/GUIDE.md", {0100644, "guide\n"});
    add(files, "lib/a/KEEP", {0100644, "keep\n"});
    add(files, "lib/a/.warden.yml", {0100644, "files:\n  required: [KEEP]\n"});
    while (files.size() < size) {
      const std::string p = path();
      if (chance(5)) {
        const std::size_t slash = p.rfind('/');
        add(files, (slash == std::string::npos ? std::string() : p.substr(0, slash + 1)) + ".warden.yml",
            {0100644, scoped_policy()});
      } else {
        add(files, p, file());
      }
    }
    return files;
  }

  std::string any_path(const Files& files) {
    auto it = files.begin();
    std::advance(it, static_cast<std::ptrdiff_t>(pick(files.size())));
    return it->first;
  }

  void mutate(Files& files) {
    const std::size_t steps = 1 + pick(6);
    for (std::size_t step = 0; step < steps && !files.empty(); ++step) {
      const std::string victim = any_path(files);
      const std::size_t slash = victim.rfind('/');
      const std::string dir = slash == std::string::npos ? "" : victim.substr(0, slash);
      switch (pick(10)) {
      case 0: files[victim].contents = contents(); break;
      case 1: add(files, path(), file()); break;
      case 2: add(files, (dir.empty() ? "" : dir + "/") + k_names[pick(k_names.size())], file()); break;
      case 3: files.erase(victim); break;
      case 4: { // rename
        File moved = files[victim];
        files.erase(victim);
        if (!add(files, path(), moved)) files[victim] = moved;
        break;
      }
      case 5: { // file -> directory
        files.erase(victim);
        add(files, victim + "/" + k_names[pick(k_names.size())], file());
        break;
      }
      case 6: { // directory -> file, or a whole directory deleted
        if (dir.empty()) break;
        for (auto it = files.lower_bound(dir + "/"); it != files.end() && it->first.compare(0, dir.size() + 1, dir + "/") == 0;)
          it = files.erase(it);
        if (chance(50)) add(files, dir, file());
        break;
      }
      case 7: files[victim].mode = files[victim].mode == 0100644 ? (chance(50) ? 0100755 : 0100664) : 0100644; break;
      case 8: add(files, (dir.empty() ? "" : dir + "/") + ".warden.yml", {0100644, scoped_policy()}); break;
      default: { // a required file
        static const std::vector<std::string> k_required{"README.md", "docs/GUIDE.md", "lib/a/KEEP"};
        const std::string& path = k_required[pick(k_required.size())];
        if (files.count(path) && chance(70)) files.erase(path);
        else files[victim].contents = contents();
        break;
      }
      }
    }
  }

private:
  std::mt19937 m_rng;
};

std::string run_checks(const Policy& policy, git::TreeChange change, const MemoryObjects& objects) {
  FileCheckInput input = std::move(change);
  input.blobs = &objects.blobs();
  input.objects = &objects;
  try {
    std::string out;
    for (const Finding& f : run_file_checks(policy, input)) {
      out += std::string(to_string(f.severity)) + " " + f.check_id + " [";
      for (const auto& p : f.paths) out += p + ";";
      out += "] " + f.message + " line=" + (f.line ? std::to_string(*f.line) : "-") + " rule=" + f.rule + "\n";
    }
    return out;
  } catch (const Error& e) {
    return std::string("error: ") + e.what() + "\n";
  }
}

// The partial listing is the full one with every unopened subtree's paths
// replaced by that subtree, which the base holds with the same id.
void check_partial_shape(const git::TreeChange& full, const git::TreeChange& partial, const Files& base,
                         MemoryObjects& objects, const git_oid& base_tree) {
  CHECK(partial.removed == full.removed);
  if (partial.partial && partial.entries.empty()) { // the tree is the base's: the root is unopened
    CHECK(full.removed.empty());
    CHECK(std::none_of(full.entries.begin(), full.entries.end(), [](const auto& e) { return e.changed; }));
    return;
  }
  std::vector<std::string> unopened;
  for (std::size_t i = 0; i < partial.entries.size(); ++i) {
    const auto& e = partial.entries[i];
    if (i > 0) CHECK(partial.entries[i - 1].path < e.path);
    if (!is_tree(e.mode)) continue;
    CHECK_FALSE(e.changed);
    unopened.push_back(e.path);
    const auto in_base = git::find_path(objects, base_tree, e.path);
    REQUIRE(in_base);
    CHECK(key(in_base->oid) == key(e.oid));
    CHECK(base.lower_bound(e.path + "/") != base.end());
  }
  CHECK(partial.partial == !unopened.empty());
  const auto under_unopened = [&](const std::string& path) {
    return std::any_of(unopened.begin(), unopened.end(), [&](const std::string& dir) {
      return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
    });
  };
  std::vector<std::string> listed, kept;
  for (const auto& e : partial.entries)
    if (!is_tree(e.mode)) listed.push_back(e.path + (e.changed ? " *" : ""));
  for (const auto& e : full.entries) {
    if (under_unopened(e.path)) CHECK_FALSE(e.changed);
    else kept.push_back(e.path + (e.changed ? " *" : ""));
  }
  CHECK(listed == kept);
}

Policy property_policy(bool full_folding) {
  Policy policy;
  policy.files.required = {"README.md", "docs/GUIDE.md", "lib/a/KEEP", "src/Src/KEEP"};
  policy.files.max_file_size = 200;
  policy.files.forbidden = {Glob("*.orig")};
  policy.files.max_path_length = 24;
  if (full_folding) policy.files.case_folding = CaseFolding::full;
  return policy;
}

} // namespace

TEST_CASE("tree_change: full listing", "[git][tree-diff]") {
  MemoryObjects objects;
  const Files base{{"README.md", {0100644, "r\n"}},  {"lib/b.txt", {0100644, "1\n"}}, {"lib/b/c", {0100644, "2\n"}},
                   {"lib/b-x/y", {0100755, "3\n"}}, {"old", {0100664, "4\n"}},      {"t/x", {0100644, "5\n"}},
                   {"f", {0100644, "6\n"}}};
  const Files tree{{"README.md", {0100644, "r\n"}}, {"lib/b.txt", {0100644, "1\n"}},  {"lib/b/c", {0100644, "2\n"}},
                   {"lib/b-x/y", {0100644, "3\n"}}, {"old", {0100644, "4\n"}},       {"t", {0100644, "was a dir\n"}},
                   {"f/g", {0100644, "was a file\n"}}, {"new/n.c", {0120000, "target"}}};
  const git_oid b = build(objects, base), t = build(objects, tree);

  SECTION("against a base: changed, removed, type changes, modes normalised") {
    const auto change = git::tree_change(objects, t, b, Listing::full);
    CHECK(describe(change) == describe(expected_change(tree, &base)));
    CHECK_FALSE(change.partial);
    CHECK(change.removed == std::vector<std::string>{"f", "t/x"});
  }
  SECTION("no base: every path new") {
    CHECK(describe(git::tree_change(objects, t, std::nullopt, Listing::full)) == describe(expected_change(tree, nullptr)));
    CHECK(describe(git::tree_change(objects, t, std::nullopt, Listing::partial)) ==
          describe(expected_change(tree, nullptr)));
  }
  SECTION("the same tree: nothing changed; partial opens nothing") {
    CHECK(describe(git::tree_change(objects, b, b, Listing::full)) == describe(expected_change(base, &base)));
    const auto partial = git::tree_change(objects, b, b, Listing::partial);
    CHECK(partial.partial);
    CHECK(partial.entries.empty());
    CHECK(partial.removed.empty());
  }
}

TEST_CASE("tree_change: partial listing leaves equal subtrees unopened, in bytewise order", "[git][tree-diff]") {
  MemoryObjects objects;
  Files base{{"a/b/c.txt", {0100644, "1\n"}}, {"a/b.txt", {0100644, "2\n"}}, {"a/b-x/y", {0100644, "3\n"}},
             {"a/d/e", {0100644, "4\n"}},     {"z", {0100644, "5\n"}}};
  Files tree = base;
  tree["a/b.txt"].contents = "changed\n";
  const git_oid b = build(objects, base), t = build(objects, tree);
  objects.tree_reads = 0;
  const auto change = git::tree_change(objects, t, b, Listing::partial);
  CHECK(objects.tree_reads == 4); // both roots, both "a": never "a/b", "a/b-x", "a/d"
  CHECK(change.partial);
  std::vector<std::string> got;
  for (const auto& e : change.entries) got.push_back(e.path + (is_tree(e.mode) ? "/" : "") + (e.changed ? " *" : ""));
  // Git's order inside "a" is b-x/, b.txt, b/, d/; by path "a/b" comes first.
  CHECK(got == std::vector<std::string>{"a/b/", "a/b-x/", "a/b.txt *", "a/d/", "z"});
  const auto sub = git::find_path(objects, b, "a/b");
  REQUIRE(sub);
  CHECK(key(change.entries[0].oid) == key(sub->oid));

  SECTION("a change deep down opens only the trees on its way") {
    Files deep = base;
    deep["a/d/e"].contents = "deep\n";
    const git_oid d = build(objects, deep);
    objects.tree_reads = 0;
    const auto partial = git::tree_change(objects, d, b, Listing::partial);
    CHECK(objects.tree_reads == 6);
    CHECK(partial.entries.size() == 5); // a/b, a/b-x, a/b.txt, a/d/e, z
    const auto full = git::tree_change(objects, d, b, Listing::full);
    check_partial_shape(full, partial, base, objects, b);
  }
}

TEST_CASE("tree_change: a tree not in git's order is read as git would sort it", "[git][tree-diff]") {
  MemoryObjects objects;
  const git_oid one = objects.put_blob("1\n"), two = objects.put_blob("2\n");
  const git_oid sub = objects.put_tree({{"x", 0100644, one}});
  const git_oid unsorted = objects.put_tree({{"b", 0100644, one}, {"a", 040000, sub}, {"a.c", 0100644, two}}, false);
  const auto change = git::tree_change(objects, unsorted, std::nullopt, Listing::full);
  std::vector<std::string> paths;
  for (const auto& e : change.entries) paths.push_back(e.path);
  CHECK(paths == std::vector<std::string>{"a.c", "a/x", "b"});
}

TEST_CASE("tree_change: a tree that cannot be read is an error naming it", "[git][tree-diff]") {
  MemoryObjects objects;
  const git_oid blob = objects.put_blob("x\n");
  const git_oid missing = object_id("tree", "nothing");
  const git_oid root = objects.put_tree({{"d", 040000, missing}, {"f", 0100644, blob}});
  const git_oid base = objects.put_tree({{"f", 0100644, blob}});
  CHECK_THROWS_WITH(git::tree_change(objects, root, base, Listing::partial), Catch::Contains(hex(missing)));
  CHECK_THROWS_WITH(git::tree_change(objects, missing, std::nullopt, Listing::full), Catch::Contains(hex(missing)));
  CHECK_THROWS_AS(git::tree_change(objects, blob, base, Listing::full), Error); // a blob is no tree
  CHECK_THROWS_WITH(git::find_path(objects, root, "d/x"), Catch::Contains(hex(missing)));
}

TEST_CASE("find_path", "[git][tree-diff]") {
  MemoryObjects objects;
  const Files files{{"a/b/c.txt", {0100755, "c\n"}}, {"a/b.txt", {0100664, "b\n"}}, {"top", {0100644, "t\n"}}};
  const git_oid root = build(objects, files);
  const auto c = git::find_path(objects, root, "a/b/c.txt");
  REQUIRE(c);
  CHECK(c->path == "a/b/c.txt");
  CHECK(c->mode == 0100755);
  CHECK(key(c->oid) == key(object_id("blob", "c\n")));
  CHECK_FALSE(c->changed);
  const auto b = git::find_path(objects, root, "a/b.txt");
  REQUIRE(b);
  CHECK(b->mode == 0100644); // normalised
  const auto dir = git::find_path(objects, root, "a/b");
  REQUIRE(dir);
  CHECK(dir->mode == 040000);
  objects.tree_reads = 0;
  CHECK_FALSE(git::find_path(objects, root, "a/b/missing"));
  CHECK(objects.tree_reads == 3);
  CHECK_FALSE(git::find_path(objects, root, "top/x"));  // through a file
  CHECK_FALSE(git::find_path(objects, root, "A/b.txt")); // exact case
  CHECK_FALSE(git::find_path(objects, root, ""));
  CHECK_FALSE(git::find_path(objects, root, "a//b.txt"));
  CHECK_FALSE(git::find_path(objects, root, "a/"));
}

TEST_CASE("tree_change full: what git::tree_input gives, on random changes", "[git][tree-diff]") {
  git::ensure_libgit2();
  test::TestRepo repo;
  const git::Repository r = git::Repository::open(repo.root().string());
  git_odb* raw_odb = nullptr;
  git::check(git_repository_odb(&raw_odb, r.get()), "open odb");
  const git::OdbPtr odb(raw_odb);
  for (unsigned seed = 1; seed <= 12; ++seed) {
    INFO("seed " << seed);
    MemoryObjects objects;
    Generator gen(seed);
    const Files base = gen.base(150);
    Files tree = base;
    gen.mutate(tree);
    const git_oid b = build(objects, base), t = build(objects, tree);
    for (const auto& [id, object] : objects.raw()) {
      git_oid written{};
      git::check(git_odb_write(&written, odb.get(), object.second.data(), object.second.size(),
                               object.first == 2 ? GIT_OBJECT_TREE : GIT_OBJECT_BLOB),
                 "write object");
      REQUIRE(key(written) == id);
    }
    CHECK(describe(git::tree_change(objects, t, b, Listing::full)) == describe(git::tree_input(r, t, b)));
    CHECK(describe(git::tree_change(objects, t, std::nullopt, Listing::full)) ==
          describe(git::tree_input(r, t, std::nullopt)));
    CHECK(describe(git::tree_change(objects, t, b, Listing::full)) == describe(expected_change(tree, &base)));
  }
}

TEST_CASE("run_file_checks: a partial listing gives the findings of the full one", "[git][tree-diff][checks]") {
  int partial_cases = 0, cases_with_findings = 0, cases_with_collisions = 0, cases_with_required = 0,
      cases_with_scoped = 0, cases_with_errors = 0;
  for (unsigned seed = 1; seed <= 200; ++seed) {
    INFO("seed " << seed);
    MemoryObjects objects;
    Generator gen(seed);
    const Files base = gen.base(200 + gen.pick(200));
    Files tree = base;
    gen.mutate(tree);
    const git_oid b = build(objects, base), t = build(objects, tree);
    const auto full = git::tree_change(objects, t, b, Listing::full);
    const auto partial = git::tree_change(objects, t, b, Listing::partial);
    REQUIRE(describe(full) == describe(expected_change(tree, &base)));
    check_partial_shape(full, partial, base, objects, b);
    if (partial.partial) ++partial_cases;
    const Policy policy = property_policy(seed % 2 == 0);
    const std::string want = run_checks(policy, full, objects);
    CHECK(run_checks(policy, partial, objects) == want);
    if (!want.empty()) ++cases_with_findings;
    if (want.find("collision") != std::string::npos) ++cases_with_collisions;
    if (want.find("required-file") != std::string::npos) ++cases_with_required;
    if (want.find(".warden.yml)") != std::string::npos) ++cases_with_scoped;
    if (want.rfind("error: ", 0) == 0) ++cases_with_errors;
  }
  // The generator reaches what the property is about.
  CHECK(partial_cases > 160);
  CHECK(cases_with_findings > 100);
  CHECK(cases_with_collisions > 20);
  CHECK(cases_with_required > 10);
  CHECK(cases_with_scoped > 10);
  CHECK(cases_with_errors > 0); // a broken scoped policy, judged on both listings
}

TEST_CASE("file checks on a partial listing: an unopened subtree is no file", "[git][tree-diff][checks]") {
  MemoryObjects objects;
  const Files base{{"Docs/x.md", {0100644, "x\n"}}, {"lib/a/KEEP", {0100644, "k\n"}}, {"README.md", {0100644, "r\n"}},
                   {"n/\xc3\xa9/f", {0100644, "1\n"}}};
  Files tree = base;
  tree["docs"] = {0100644, "a file beside the directory Docs\n"};
  tree["n/e\xcc\x81"] = {0100644, "NFD beside an NFC directory\n"};
  const git_oid b = build(objects, base), t = build(objects, tree);
  Policy policy;
  policy.files.required = {"lib/a/KEEP"};

  SECTION("case and normalization collisions with an unopened directory") {
    const std::string out = run_checks(policy, git::tree_change(objects, t, b, Listing::partial), objects);
    CHECK(out.find("case-collision [Docs;docs;] a file and a directory") != std::string::npos);
    CHECK(out.find("normalization-collision") != std::string::npos);
    CHECK(out == run_checks(policy, git::tree_change(objects, t, b, Listing::full), objects));
  }
  SECTION("required-file looks a path up inside an unopened subtree") {
    FileCheckInput input = git::tree_change(objects, t, b, Listing::partial);
    REQUIRE(input.partial);
    input.blobs = &objects.blobs();
    input.objects = &objects;
    input.report_all = true; // every required path must be there: "lib" is unopened
    const Findings with = run_file_checks(policy, input);
    CHECK(std::none_of(with.begin(), with.end(), [](const Finding& f) { return f.check_id == "required-file"; }));
    input.objects = nullptr;
    const Findings without = run_file_checks(policy, input);
    CHECK(std::any_of(without.begin(), without.end(), [](const Finding& f) { return f.check_id == "required-file"; }));
  }
  SECTION("no check reports an unopened subtree, even when asked for everything") {
    FileCheckInput input = git::tree_change(objects, t, b, Listing::partial);
    input.blobs = &objects.blobs();
    input.objects = &objects;
    input.report_all = true;
    for (const Finding& f : run_file_checks(policy, input))
      for (const std::string& path : f.paths) CHECK(path != "lib");
    for (const FileEntry& entry : input.entries)
      if (is_subtree(entry)) CHECK_FALSE((is_reported(input, entry) || is_regular_blob(entry)));
  }
}

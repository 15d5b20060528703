// git::tree_change's speed, full against partial listing (docs/tree-diff.md),
// over git's files read directly (git/native/object_store.hpp). Built by
// hand, only when asked:
//   c++ -O2 -std=c++20 -Ilib -o build/tree_diff_bench bench/tree_diff_bench.cpp
//       lib/warden/git/tree_diff.cpp lib/warden/git/native/object_store.cpp
//       lib/warden/git/native/mapped_file.cpp -lfmt -lz
//   build/tree_diff_bench REPO TREE BASE_TREE
// REPO is a repository's git dir (or its worktree); TREE and BASE_TREE are
// 40-hex tree ids (`git rev-parse HEAD^{tree} HEAD~^{tree}`). Prints the
// median CPU time of each listing over 21 runs, and what it listed.
#include "warden/git/native/object_store.hpp"
#include "warden/git/tree_diff.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using namespace warden;

class NoBlobs final : public git::BlobReader {
public:
  std::optional<std::uint64_t> size(const git_oid&) override { return std::nullopt; }
  std::optional<std::string> contents(const git_oid&, std::uint64_t) override { return std::nullopt; }
};

// Trees read through the native object store; nothing else is asked here.
class StoreObjects final : public git::ObjectReader {
public:
  explicit StoreObjects(const std::string& objects_dir) : m_store(objects_dir) {}
  std::optional<git::CommitData> commit(const git_oid&) const override { return std::nullopt; }
  std::optional<std::vector<git::TreeItem>> tree(const git_oid& id) const override {
    auto object = m_store.read(id);
    if (!object || object->type != git::native::ObjectType::tree) return std::nullopt;
    return git::native::parse_tree(object->data);
  }
  std::optional<git_oid> peel_to_commit(const git_oid&) const override { return std::nullopt; }
  bool has_object(const git_oid& id) const override { return m_store.header(id).has_value(); }
  git::BlobReader& blobs() const override { return m_blobs; }

private:
  mutable git::native::ObjectStore m_store;
  mutable NoBlobs m_blobs;
};

double cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

void measure(const char* label, const StoreObjects& objects, const git_oid& tree, const git_oid& base,
             git::Listing listing) {
  std::vector<double> runs;
  git::TreeChange change;
  for (int i = 0; i < 21; ++i) {
    const double start = cpu_ms();
    change = git::tree_change(objects, tree, base, listing);
    runs.push_back(cpu_ms() - start);
  }
  std::sort(runs.begin(), runs.end());
  std::size_t changed = 0, unopened = 0;
  for (const auto& entry : change.entries) {
    if (entry.changed) ++changed;
    if ((entry.mode & 0170000) == 040000) ++unopened;
  }
  std::printf("%-8s %9.3f ms  %7zu entries (%zu changed, %zu unopened subtrees), %zu removed\n", label,
              runs[runs.size() / 2], change.entries.size(), changed, unopened, change.removed.size());
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: tree_diff_bench REPO TREE BASE_TREE\n");
    return 2;
  }
  std::filesystem::path dir = argv[1];
  if (std::filesystem::exists(dir / ".git")) dir /= ".git";
  const auto tree = git::native::oid_from_hex(argv[2]);
  const auto base = git::native::oid_from_hex(argv[3]);
  if (!tree || !base) {
    std::fprintf(stderr, "tree_diff_bench: TREE and BASE_TREE must be 40-hex ids\n");
    return 2;
  }
  const StoreObjects objects((dir / "objects").string());
  try {
    measure("full", objects, *tree, *base, git::Listing::full);
    measure("partial", objects, *tree, *base, git::Listing::partial);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tree_diff_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}

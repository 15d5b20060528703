// run_file_checks: every registered file check in one call (checks/run_file_checks.cpp).
#include "check_runner.hpp"

#include <algorithm>

using namespace warden::test;

TEST_CASE("run_file_checks", "[checks]") {
  Policy policy;
  policy.files.forbidden = {warden::Glob("*.orig")};
  InputBuilder b;
  b.add("README.md", Change::unchanged).add("a.txt").add("A.txt").add("x.orig").add("con", Change::changed, "ok");
  b.add("notes.md", Change::changed, "<<<<<<< HEAD\n");
  const auto out = run_file_checks(policy, b.input());
  std::vector<std::string> ids;
  for (const auto& f : out) ids.push_back(f.check_id);
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"case-collision", "conflict-marker", "forbidden-path", "portable-name"});
  InputBuilder clean;
  clean.add("README.md", Change::unchanged).add("src/main.cpp", Change::changed, "int main() {}\n");
  CHECK(run_file_checks(policy, clean.input()).empty());
}

TEST_CASE("run_file_checks per scope: a scoped .warden.yml of the tree judges its paths", "[checks][scoped]") {
  Policy policy;
  InputBuilder b;
  b.add("README.md", Change::unchanged);
  b.add("services/api/.warden.yml", Change::unchanged,
        "files:\n  max-file-size: 1KiB\n  forbidden: ['/gen/*.c']\n");
  b.add_sized("services/api/big.bin", 2048);
  b.add_sized("services/web/big.bin", 2048);
  b.add("services/api/gen/x.c").add("gen/x.c");
  b.add("services/api/a.txt").add("services/api/A.txt"); // case-collision: the root policy, across scopes
  const auto out = run_file_checks(policy, b.input());
  std::vector<std::string> got;
  for (const auto& f : out) got.push_back(f.check_id + " " + f.paths.front() + (f.message.find("(services/api/.warden.yml)") != std::string::npos ? " scoped" : ""));
  std::sort(got.begin(), got.end());
  CHECK(got == std::vector<std::string>{"case-collision services/api/A.txt", "forbidden-path services/api/gen/x.c scoped",
                                        "large-file services/api/big.bin scoped"});
}

TEST_CASE("run_file_checks per scope: required paths of a scope are relative to it", "[checks][scoped]") {
  Policy policy;
  policy.files.required = {};
  InputBuilder b;
  b.add("lib/.warden.yml", Change::unchanged, "files:\n  required: [BUILD]\n");
  b.removed("lib/BUILD").removed("BUILD");
  const auto out = run_file_checks(policy, b.input());
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "required-file");
  CHECK(out[0].paths == std::vector<std::string>{"lib/BUILD"});
  CHECK(out[0].message.find("(lib/.warden.yml)") != std::string::npos);
}

TEST_CASE("run_file_checks per scope: an inherited required path is judged by the scope that owns it",
          "[checks][scoped]") {
  Policy policy; // files.required: [README.md]
  InputBuilder b;
  b.add("README.md", Change::unchanged).add("lib/.warden.yml", Change::unchanged, "files:\n  max-path-length: 100\n");
  b.add("lib/x.txt", Change::unchanged).report_all();
  CHECK(run_file_checks(policy, b.input()).empty());
  InputBuilder gone;
  gone.add("lib/.warden.yml", Change::unchanged, "files:\n  max-path-length: 100\n").removed("README.md");
  const auto out = run_file_checks(policy, gone.input());
  REQUIRE(out.size() == 1);
  CHECK(out[0].check_id == "required-file");
  CHECK(out[0].message.find("lib/.warden.yml") == std::string::npos);
}

// ---------------------------------------------------------------------------
// The parallel driver (checks/run_file_checks.hpp): the same findings, in the
// same order, as the single-threaded run, on a generated tree.

#include "warden/checks/run_file_checks.hpp"
#include "warden/core/error.hpp"

#include <fmt/format.h>

#include <mutex>

namespace {

// One reader per worker over the builder's blobs, one call at a time (the
// in-memory store counts its calls).
class LockedBlobs final : public warden::BlobSource {
public:
  LockedBlobs(FakeBlobs& blobs, std::mutex& mutex) : m_blobs(blobs), m_mutex(mutex) {}
  std::optional<std::uint64_t> size(const git_oid& oid) override {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_blobs.size(oid);
  }
  std::optional<std::string> contents(const git_oid& oid, std::uint64_t limit) override {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_blobs.contents(oid, limit);
  }

private:
  FakeBlobs& m_blobs;
  std::mutex& m_mutex;
};

// A deterministic tree of `n` files: conflict markers, secrets (two rules in
// some files), large and binary blobs, symlinks, case collisions, forbidden
// names, and unchanged paths among them.
void generate(InputBuilder& b, int n) {
  const std::string key = "-----BEGIN " "RSA PRIVATE KEY-----\nMIIE\n-----END RSA " "PRIVATE KEY-----\n";
  const std::string aws = "key = AKIA" "IOSFODNN7EXAMPL3\n";
  for (int i = 0; i < n; ++i) {
    const std::string dir = fmt::format("{}/module{}/part{}", i % 3 == 0 ? "src" : "lib", (i / 7) % 11, (i / 3) % 5);
    const Change change = i % 5 == 0 ? Change::unchanged : Change::changed;
    std::string name = fmt::format("{}/file_{}.{}", dir, i, i % 4 == 0 ? "md" : "c");
    if (i % 29 == 0) b.add(fmt::format("{}/FILE_{}.{}", dir, i, i % 4 == 0 ? "md" : "c"), change);
    if (i % 31 == 0) name += ".orig";
    std::string text = fmt::format("line {}\n", i);
    if (i % 11 == 0) text += "<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> branch\n";
    if (i % 13 == 0) text += aws;
    if (i % 26 == 0) text += key + aws;
    if (i % 17 == 0) b.add_sized(name, 10000, change);
    else if (i % 19 == 0) b.add(name, change, std::string("bin\0ary <<<<<<< HEAD\n", 22));
    else if (i % 23 == 0) b.add(name, change, "<<<<<<< target\n", 0120000);
    else b.add(name, change, text);
  }
}

std::vector<std::string> described(const warden::Findings& findings) {
  std::vector<std::string> out;
  for (const warden::Finding& f : findings) {
    std::string line = fmt::format("{}|{}|{}|{}|{}", static_cast<int>(f.severity), f.check_id, f.message,
                                   f.line ? std::to_string(*f.line) : "-", f.rule);
    for (const std::string& path : f.paths) line += "|" + path;
    out.push_back(std::move(line));
  }
  return out;
}

} // namespace

TEST_CASE("run_file_checks on worker threads: the findings of the single-threaded run, in its order",
          "[checks][parallel]") {
  Policy policy;
  policy.files.forbidden = {warden::Glob("*.orig")};
  policy.files.max_file_size = 4096;
  const bool report_all = GENERATE(false, true);
  InputBuilder b;
  generate(b, 3000);
  if (report_all) b.report_all();
  const warden::FileCheckInput input = b.input();
  const auto single = described(run_file_checks(policy, input));
  // Every kind of finding the generator plants is there.
  for (const char* id : {"conflict-marker", "secret", "large-file", "case-collision", "forbidden-path"}) {
    INFO(id);
    CHECK(std::any_of(single.begin(), single.end(), [&](const std::string& f) { return f.find(id) != std::string::npos; }));
  }
  std::mutex mutex;
  warden::FileCheckRun run;
  run.threads = GENERATE(1u, 2u, 3u);
  run.chunk_entries = GENERATE(std::size_t{1}, std::size_t{7}, std::size_t{512});
  run.min_parallel_entries = 1;
  int readers = 0;
  run.blob_reader = [&]() -> std::unique_ptr<warden::BlobSource> {
    std::lock_guard<std::mutex> lock(mutex);
    ++readers;
    return std::make_unique<LockedBlobs>(b.blobs(), mutex);
  };
  INFO("threads " << run.threads << ", chunk " << run.chunk_entries << ", report_all " << report_all);
  CHECK(described(run_file_checks(policy, input, run)) == single);
  CHECK(readers >= 1);
  CHECK(readers <= static_cast<int>(run.threads));

  // Too few entries for threads: the content checks entry by entry through
  // one reader, on this thread.
  warden::FileCheckRun few = run;
  few.min_parallel_entries = 1u << 30;
  CHECK(described(run_file_checks(policy, input, few)) == single);

  // No reader per worker: the path checks on the workers, the content
  // checks together through input.blobs.
  warden::FileCheckRun no_reader = run;
  no_reader.blob_reader = nullptr;
  CHECK(described(run_file_checks(policy, input, no_reader)) == single);

  // Checks left out: the other findings unchanged.
  run.not_run = {"secret", "forbidden-path"};
  std::vector<std::string> expected;
  for (const std::string& f : single)
    if (f.find("|secret|") == std::string::npos && f.find("|forbidden-path|") == std::string::npos) expected.push_back(f);
  CHECK(described(run_file_checks(policy, input, run)) == expected);
}

TEST_CASE("run_file_checks on worker threads: scoped policies and a content check that fails", "[checks][parallel]") {
  Policy policy;
  InputBuilder b;
  b.add("services/api/.warden.yml", Change::unchanged, "files:\n  max-file-size: 1KiB\n  conflict-marker: warn\n");
  generate(b, 600);
  b.add_sized("services/api/big.bin", 2048).add("services/api/notes.md", Change::changed, "<<<<<<< HEAD\n");
  const warden::FileCheckInput input = b.input();
  std::mutex mutex;
  warden::FileCheckRun run;
  run.threads = 2;
  run.chunk_entries = 5;
  run.min_parallel_entries = 1;
  run.blob_reader = [&]() -> std::unique_ptr<warden::BlobSource> { return std::make_unique<LockedBlobs>(b.blobs(), mutex); };
  const auto single = described(run_file_checks(policy, input));
  CHECK(std::any_of(single.begin(), single.end(),
                    [](const std::string& f) { return f.find("(services/api/.warden.yml)") != std::string::npos; }));
  CHECK(described(run_file_checks(policy, input, run)) == single);

  // An unreadable files.secret-rules: the same error from either run.
  policy.files.secret_rules = "no-such-rules.toml";
  warden::FileCheckInput rooted = input;
  rooted.worktree_root = "/nonexistent-warden-test-root";
  std::string single_error, parallel_error;
  try {
    (void)run_file_checks(policy, rooted);
  } catch (const warden::PolicyError& e) {
    single_error = e.what();
  }
  try {
    (void)run_file_checks(policy, rooted, run);
  } catch (const warden::PolicyError& e) {
    parallel_error = e.what();
  }
  CHECK(!single_error.empty());
  CHECK(parallel_error == single_error);
}

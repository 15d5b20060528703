#pragma once
// An in-memory BlobSource and helpers to build FileCheckInput for the
// file-check tests, with no repository behind them.
#include "warden/checks/file_input.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <string>

namespace warden::test {

class FakeBlobs final : public BlobSource {
public:
  // Store `contents` under a new object id and return it.
  git_oid add(std::string contents) {
    git_oid oid{};
    const std::uint32_t id = ++m_next;
    std::memcpy(oid.id, &id, sizeof id);
    m_blobs[key(oid)] = std::move(contents);
    return oid;
  }
  // Pretend a blob of `size` bytes exists without storing it.
  git_oid add_sized(std::uint64_t size) {
    git_oid oid = add({});
    m_sizes[key(oid)] = size;
    return oid;
  }
  std::optional<std::uint64_t> size(const git_oid& oid) override {
    ++size_calls;
    if (auto it = m_sizes.find(key(oid)); it != m_sizes.end()) return it->second;
    auto it = m_blobs.find(key(oid));
    if (it == m_blobs.end()) return std::nullopt;
    return it->second.size();
  }
  std::optional<std::string> contents(const git_oid& oid, std::uint64_t limit) override {
    ++content_calls;
    if (m_sizes.count(key(oid))) return std::nullopt;
    auto it = m_blobs.find(key(oid));
    if (it == m_blobs.end() || it->second.size() > limit) return std::nullopt;
    return it->second;
  }
  int size_calls = 0;
  int content_calls = 0;

private:
  static std::string key(const git_oid& oid) { return std::string(reinterpret_cast<const char*>(oid.id), sizeof oid.id); }
  std::uint32_t m_next = 0;
  std::map<std::string, std::string> m_blobs;
  std::map<std::string, std::uint64_t> m_sizes;
};

enum class Change { unchanged, changed };

// Builds a FileCheckInput: add paths, then take `input()` (entries sorted).
class InputBuilder {
public:
  InputBuilder& add(std::string path, Change change = Change::changed, std::string contents = "x\n",
                    std::uint32_t mode = 0100644) {
    FileEntry entry;
    entry.path = std::move(path);
    entry.mode = mode;
    entry.oid = m_blobs.add(std::move(contents));
    entry.changed = change == Change::changed;
    m_input.entries.push_back(std::move(entry));
    return *this;
  }
  InputBuilder& add_sized(std::string path, std::uint64_t size, Change change = Change::changed,
                          std::uint32_t mode = 0100644) {
    FileEntry entry;
    entry.path = std::move(path);
    entry.mode = mode;
    entry.oid = m_blobs.add_sized(size);
    entry.changed = change == Change::changed;
    m_input.entries.push_back(std::move(entry));
    return *this;
  }
  InputBuilder& removed(std::string path) {
    m_input.removed.push_back(std::move(path));
    return *this;
  }
  InputBuilder& report_all() {
    m_input.report_all = true;
    return *this;
  }
  FileCheckInput input() {
    FileCheckInput input = m_input;
    std::sort(input.entries.begin(), input.entries.end(),
              [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
    input.blobs = &m_blobs;
    return input;
  }
  FakeBlobs& blobs() { return m_blobs; }

private:
  FakeBlobs m_blobs;
  FileCheckInput m_input;
};

} // namespace warden::test

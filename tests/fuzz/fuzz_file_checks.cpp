// The file checks (case folding, normalization, portable names, lengths,
// content scans) on arbitrary path bytes: paths come from whoever wrote the
// commit. Input: paths split on NUL. Each path's blob holds the path text
// itself, so the content checks see the same arbitrary bytes.
#include "fuzz_common.hpp"

#include "warden/checks/file_input.hpp"
#include "warden/config/policy.hpp"

#include <git2.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <string>

namespace {

// Blobs keyed by the first bytes of their oid (an index into `texts`).
class FuzzBlobs : public warden::BlobSource {
public:
  explicit FuzzBlobs(const std::vector<std::string>& texts) : m_texts(texts) {}
  std::optional<std::uint64_t> size(const git_oid& oid) override {
    const auto* text = find(oid);
    if (!text) return std::nullopt;
    return text->size();
  }
  std::optional<std::string> contents(const git_oid& oid, std::uint64_t limit) override {
    const auto* text = find(oid);
    if (!text || text->size() > limit) return std::nullopt;
    return *text;
  }

private:
  const std::string* find(const git_oid& oid) const {
    std::uint32_t index = 0;
    std::memcpy(&index, oid.id, sizeof index);
    return index < m_texts.size() ? &m_texts[index] : nullptr;
  }
  const std::vector<std::string>& m_texts;
};

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  git_libgit2_init();
  (void)warden::default_policy();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  // First byte: options (report all, full case folding, which entries changed).
  const std::uint8_t flags = data[0];
  const auto parts = warden::fuzz::split(warden::fuzz::as_text(data + 1, size - 1), '\0');

  std::vector<std::string> texts;
  warden::FileCheckInput input;
  input.report_all = (flags & 1) != 0;
  std::map<std::string, bool> seen;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string path(parts[i]);
    if (path.empty() || seen.count(path)) continue; // a tree never holds "" or a path twice
    seen[path] = true;
    warden::FileEntry entry;
    entry.path = path;
    static constexpr std::uint32_t k_modes[] = {0100644, 0100755, 0120000, 0160000};
    entry.mode = k_modes[(i + flags / 16) % 4];
    entry.changed = ((flags >> 2) & 1) || (i % 2 == 0);
    const auto index = static_cast<std::uint32_t>(texts.size());
    std::memcpy(entry.oid.id, &index, sizeof index);
    texts.push_back(path);
    input.entries.push_back(std::move(entry));
  }
  if (flags & 8) input.removed.push_back("README.md");
  std::sort(input.entries.begin(), input.entries.end(),
            [](const warden::FileEntry& a, const warden::FileEntry& b) { return a.path < b.path; });
  FuzzBlobs blobs(texts);
  input.blobs = &blobs;

  warden::Policy policy = warden::default_policy();
  if (flags & 2) policy.files.case_folding = warden::CaseFolding::full;
  warden::fuzz::expect_clean_rejection([&] {
    for (const auto& finding : warden::run_file_checks(policy, input)) {
      if (finding.check_id.empty() || finding.severity == warden::Severity::off) __builtin_trap();
    }
  });
  return 0;
}

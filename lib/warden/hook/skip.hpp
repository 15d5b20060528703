#pragma once
// WARDEN_SKIP: the checks a run leaves out, parsed once (docs/file-checks.md,
// "Bypass"). `WARDEN_SKIP=all` skips every check; `WARDEN_SKIP=id,id` the
// named ones. An id no check has is kept so the printer can say it was
// ignored: a typo must not look like a bypass that worked.
#include "warden/checks/finding.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace warden {

class SkipList {
public:
  SkipList() = default;
  // Parse a WARDEN_SKIP value (nullptr: nothing skipped). Ids are separated
  // by commas; spaces around an id are ignored.
  static SkipList parse(const char* text);
  // The current process's WARDEN_SKIP.
  static SkipList from_environment();

  bool all() const { return m_all; }
  bool empty() const { return !m_all && m_ids.empty(); }
  // True when findings of `check_id` are dropped.
  bool skips(std::string_view check_id) const;
  // The named ids that no check has, in the order given.
  std::vector<std::string> unknown_ids() const;
  // Drop the skipped findings from `findings`; return how many were dropped.
  std::size_t apply(Findings& findings) const;
  // Keep only the ids of `check_ids` that are not skipped.
  std::vector<std::string> remaining(const std::vector<std::string>& check_ids) const;

private:
  bool m_all = false;
  std::vector<std::string> m_ids; // in the order given, without duplicates
};

} // namespace warden

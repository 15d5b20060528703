#include "warden/hook/skip.hpp"

#include "warden/checks/registry.hpp"

#include <algorithm>
#include <cstdlib>

namespace warden {

namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

} // namespace

SkipList SkipList::parse(const char* text) {
  SkipList list;
  if (text == nullptr) return list;
  std::string_view rest(text);
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view id = trimmed(rest.substr(0, comma));
    if (id == "all") list.m_all = true;
    else if (!id.empty() && std::find(list.m_ids.begin(), list.m_ids.end(), id) == list.m_ids.end())
      list.m_ids.emplace_back(id);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return list;
}

SkipList SkipList::from_environment() { return parse(std::getenv("WARDEN_SKIP")); }

bool SkipList::skips(std::string_view check_id) const {
  return m_all || std::find(m_ids.begin(), m_ids.end(), check_id) != m_ids.end();
}

std::vector<std::string> SkipList::unknown_ids() const {
  std::vector<std::string> unknown;
  for (const std::string& id : m_ids)
    if (!checks::is_known_id(id)) unknown.push_back(id);
  return unknown;
}

std::size_t SkipList::apply(Findings& findings) const {
  const std::size_t before = findings.size();
  if (empty()) return 0;
  findings.erase(std::remove_if(findings.begin(), findings.end(),
                                [&](const Finding& f) { return skips(f.check_id); }),
                 findings.end());
  return before - findings.size();
}

std::vector<std::string> SkipList::remaining(const std::vector<std::string>& check_ids) const {
  std::vector<std::string> kept;
  for (const std::string& id : check_ids)
    if (!skips(id)) kept.push_back(id);
  return kept;
}

} // namespace warden

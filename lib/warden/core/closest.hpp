#pragma once
// "Did you mean ...?" for a misspelt name: a key of the policy, a check id.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden {

// Levenshtein distance, ASCII letters compared case-insensitively.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, when it is near enough to be a likely
// typo of it (at most max(3, half of word's length) edits); nullopt else.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

} // namespace warden

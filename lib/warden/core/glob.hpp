#pragma once
// gitignore-style globs for `files.forbidden`, `naming[].glob`, `branches.protected`,
// `branches.no-commit` and `commands.*.glob`.
//
// Rules (as gitignore and git's wildmatch):
//  - a pattern without '/' matches the last path component at any depth
//    (".DS_Store", "*.orig"), and, as in gitignore, everything under a
//    directory of that name ("node_modules" matches "web/node_modules/a.js");
//  - a pattern with '/' is anchored at the root ("docs/*.md", a leading '/' is dropped);
//  - '*' and '?' never cross '/', "**" does ("src/**/*.py" also matches "src/a.py");
//  - "[abc]", "[a-z]", "[!a]" classes; "{a,b}" alternatives (lefthook's glob);
//  - a trailing '/' matches a directory prefix.
#include <string>
#include <string_view>
#include <vector>

namespace warden {

class Glob {
public:
  Glob() = default;
  // Throws Error with a message naming the problem (unbalanced '[' or '{').
  explicit Glob(std::string pattern);

  const std::string& pattern() const { return m_pattern; }
  // True when the repository-relative `path` matches.
  bool matches(std::string_view path) const;

private:
  std::string m_pattern;
  std::vector<std::string> m_alternatives; // braces expanded
  bool m_basename_only = false;
  bool m_directory = false;
};

// True when `name` matches any of `globs`.
bool matches_any(const std::vector<Glob>& globs, std::string_view name);

} // namespace warden

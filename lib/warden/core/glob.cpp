#include "warden/core/glob.hpp"

#include "warden/core/error.hpp"

#include <algorithm>

namespace warden {

namespace {

// Index of the ']' closing the class that opens at `open` ('['), or npos.
// A ']' right after "[" or "[!" is a literal member, as in fnmatch.
std::size_t class_end(std::string_view pattern, std::size_t open) {
  std::size_t i = open + 1;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) ++i;
  if (i < pattern.size() && pattern[i] == ']') ++i;
  for (; i < pattern.size(); ++i) {
    if (pattern[i] == '\\' && i + 1 < pattern.size()) {
      ++i;
    } else if (pattern[i] == ']') {
      return i;
    }
  }
  return std::string_view::npos;
}

// Index of the '}' closing the group that opens at `open`, or npos.
std::size_t brace_end(std::string_view pattern, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      ++i;
    } else if (c == '[') {
      const std::size_t end = class_end(pattern, i);
      if (end != std::string_view::npos) i = end;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (--depth == 0) return i;
    }
  }
  return std::string_view::npos;
}

void validate(std::string_view pattern, const std::string& original) {
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (c == '[') {
      const std::size_t end = class_end(pattern, i);
      if (end == std::string_view::npos) throw Error("glob '" + original + "': unbalanced '['");
      i = end;
    } else if (c == '{') {
      if (brace_end(pattern, i) == std::string_view::npos)
        throw Error("glob '" + original + "': unbalanced '{'");
    }
  }
}

// Brace groups multiply ("{a,b}{c,d}" is four patterns): a policy glob must
// not be able to make every hook expand and match millions of them.
constexpr std::size_t k_max_alternatives = 1024;

// Expand the first top-level "{a,b}" group of `pattern`, recursively, into `out`.
void expand_braces(const std::string& pattern, std::vector<std::string>& out) {
  if (out.size() >= k_max_alternatives)
    throw Error("glob has more than " + std::to_string(k_max_alternatives) + " brace alternatives");
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == '[') {
      const std::size_t end = class_end(pattern, i);
      if (end != std::string::npos) i = end;
      continue;
    }
    if (c != '{') continue;
    const std::size_t end = brace_end(pattern, i);
    if (end == std::string::npos) break;
    const std::string head = pattern.substr(0, i);
    const std::string tail = pattern.substr(end + 1);
    // Split the group's body on its top-level commas.
    std::size_t start = i + 1;
    int depth = 0;
    for (std::size_t j = i + 1; j <= end; ++j) {
      const char d = pattern[j];
      if (d == '\\') {
        ++j;
      } else if (d == '[') {
        const std::size_t ce = class_end(pattern, j);
        if (ce != std::string::npos) j = ce;
      } else if (d == '{') {
        ++depth;
      } else if (d == '}' && depth > 0) {
        --depth;
      } else if ((d == ',' && depth == 0) || j == end) {
        expand_braces(head + pattern.substr(start, j - start) + tail, out);
        start = j + 1;
      }
    }
    return;
  }
  out.push_back(pattern);
}

// Match one character class starting at pattern[p] == '['; advances `p`
// past the class. True when `c` is a member.
bool match_class(std::string_view pattern, std::size_t& p, char c) {
  const std::size_t end = class_end(pattern, p);
  std::size_t i = p + 1;
  p = end + 1;
  bool negate = false;
  if (pattern[i] == '!' || pattern[i] == '^') {
    negate = true;
    ++i;
  }
  bool found = false;
  while (i < end) {
    char lo = pattern[i];
    if (lo == '\\' && i + 1 < end) lo = pattern[++i];
    ++i;
    char hi = lo;
    if (i + 1 < end && pattern[i] == '-') {
      std::size_t j = i + 1;
      hi = pattern[j];
      if (hi == '\\' && j + 1 < end) hi = pattern[++j];
      i = j + 1;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u >= static_cast<unsigned char>(lo) && u <= static_cast<unsigned char>(hi)) found = true;
  }
  return found != negate;
}

// wildmatch: '*' and '?' stay within a component, "**" crosses '/', and
// "**/" also matches no directory at all.
//
// Each star retries the rest of the pattern at every later offset, so several
// stars backtrack exponentially ("*a*a*a*a*b" on a long name). The matcher
// remembers which (pattern offset, text offset) states failed, and a star
// that failed from offset t also failed from every later offset it scanned
// (those scan a subset of the same suffixes), so each state is scanned once:
// the work stays within pattern length x text length. Patterns with at most
// one star cannot blow up and skip the memo.
class Matcher {
public:
  Matcher(std::string_view pattern, std::string_view text) : m_pattern(pattern), m_text(text) {
    if (std::count(pattern.begin(), pattern.end(), '*') >= 2)
      m_failed.assign((pattern.size() + 1) * (text.size() + 1), false);
  }

  bool matches() { return match(0, 0); }

private:
  std::size_t state(std::size_t p, std::size_t t) const { return p * (m_text.size() + 1) + t; }
  bool known_failed(std::size_t p, std::size_t t) const { return !m_failed.empty() && m_failed[state(p, t)]; }

  // Record that the star at `p` fails from every offset in [from, to].
  void mark_failed(std::size_t p, std::size_t from, std::size_t to) {
    if (m_failed.empty()) return;
    for (std::size_t i = from; i <= to && i <= m_text.size(); ++i) m_failed[state(p, i)] = true;
  }

  bool match(std::size_t p, std::size_t t) {
    if (m_failed.empty()) return match_here(p, t);
    if (m_failed[state(p, t)]) return false;
    if (match_here(p, t)) return true;
    m_failed[state(p, t)] = true;
    return false;
  }

  bool match_here(std::size_t p, std::size_t t) {
    const std::string_view pattern = m_pattern;
    const std::string_view text = m_text;
    while (p < pattern.size()) {
      const char c = pattern[p];
      if (c == '*') {
        const bool double_star = p + 1 < pattern.size() && pattern[p + 1] == '*';
        std::size_t q = p + 1;
        if (double_star) {
          while (q < pattern.size() && pattern[q] == '*') ++q;
          if (q < pattern.size() && pattern[q] == '/') {
            // "**/": zero or more whole directories.
            if (match(q + 1, t)) return true;
            for (std::size_t i = t; i < text.size(); ++i) {
              if (text[i] != '/') continue;
              if (known_failed(p, i + 1)) return false; // everything from there on was tried
              if (match(q + 1, i + 1)) return true;
            }
            return false;
          }
        }
        std::size_t i = t;
        for (; i <= text.size(); ++i) {
          if (i > t && known_failed(p, i)) break;
          if (match(q, i)) return true;
          if (!double_star && i < text.size() && text[i] == '/') break;
        }
        mark_failed(p, t + 1, i);
        return false;
      }
      if (t >= text.size()) return false;
      if (c == '?') {
        if (text[t] == '/') return false;
        ++p;
        ++t;
      } else if (c == '[') {
        if (text[t] == '/' || !match_class(pattern, p, text[t])) return false;
        ++t;
      } else {
        char literal = c;
        if (c == '\\' && p + 1 < pattern.size()) literal = pattern[++p];
        if (text[t] != literal) return false;
        ++p;
        ++t;
      }
    }
    return t == text.size();
  }

  std::string_view m_pattern;
  std::string_view m_text;
  std::vector<bool> m_failed; // empty: no memo
};

bool has_special(std::string_view text) { return text.find_first_of("*?[\\") != std::string_view::npos; }

bool match(std::string_view pattern, std::string_view text) {
  // The common shapes without the general matcher: a plain name
  // (".DS_Store") and a suffix ("*.orig"); hooks match every changed path.
  if (!has_special(pattern)) return pattern == text;
  if (pattern.size() > 1 && pattern[0] == '*' && !has_special(pattern.substr(1)))
    return text.size() >= pattern.size() - 1 && text.find('/') == std::string_view::npos &&
           text.substr(text.size() - (pattern.size() - 1)) == pattern.substr(1);
  return Matcher(pattern, text).matches();
}

} // namespace

Glob::Glob(std::string pattern) : m_pattern(std::move(pattern)) {
  std::string body = m_pattern;
  if (!body.empty() && body.back() == '/') {
    m_directory = true;
    while (!body.empty() && body.back() == '/') body.pop_back();
  }
  if (!body.empty() && body.front() == '/') {
    body.erase(0, body.find_first_not_of('/'));
  } else if (body.find('/') == std::string::npos) {
    m_basename_only = true;
  }
  if (body.empty()) throw Error("glob '" + m_pattern + "' is empty");
  validate(body, m_pattern);
  expand_braces(body, m_alternatives);
}

bool Glob::matches(std::string_view path) const {
  const auto any = [this](std::string_view text) {
    return std::any_of(m_alternatives.begin(), m_alternatives.end(),
                       [text](const std::string& alt) { return match(alt, text); });
  };
  if (!m_directory && !m_basename_only) return any(path);
  if (m_basename_only) {
    const std::size_t slash = path.rfind('/');
    if (!m_directory && any(slash == std::string_view::npos ? path : path.substr(slash + 1))) return true;
  }
  // Some directory of `path` (a prefix ending before a '/') must match: as in
  // gitignore, a name without '/' also takes everything under a directory of
  // that name ("node_modules").
  std::size_t begin = 0;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '/') continue;
    const std::string_view dir = m_basename_only ? path.substr(begin, i - begin) : path.substr(0, i);
    if (any(dir)) return true;
    begin = i + 1;
  }
  return false;
}

bool matches_any(const std::vector<Glob>& globs, std::string_view name) {
  return std::any_of(globs.begin(), globs.end(), [name](const Glob& g) { return g.matches(name); });
}

} // namespace warden

// The secret scanner (docs/secrets.md). Why this shape: trying 80 regular
// expressions on every line costs 80 passes over each blob, and even one RE2
// search per keyword occurrence costs about a microsecond; so one hand-rolled,
// case-insensitive scan finds every rule keyword (a table of the keywords'
// first two bytes makes most bytes one lookup), and only the rules whose
// keywords occur are run, on the lines that hold them: line by line when
// those lines are few, in one pass over their span when they are many.
#include "warden/checks/secret_scanner.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace warden {

namespace {

// The providers' documented example values (split so that this file is not
// one), and markers no real secret carries.
constexpr std::array<std::string_view, 3> k_placeholder_words{"example", "placeholder", "dummy"};
const std::array<std::string, 3>& documented_examples() {
  static const std::array<std::string, 3> examples{
      std::string("wJalrXUtnFEMI/K7MDENG/") + "bPxRfiCYEXAMPLEKEY", // AWS's example secret access key
      std::string("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/") +
          "K1SZFPTOtr/KBHBeksoGMGw==",                              // the Azurite storage emulator's key
      std::string("eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6") + "IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ", // jwt.io's sample
  };
  return examples;
}

// Runs of one character this long do not occur in random tokens (the odds
// are below 62^-7 per position) but are how placeholders are typed.
constexpr std::size_t k_placeholder_run = 8;

constexpr std::string_view k_allow_marker = "warden:allow";

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_alnum_ascii(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = lower_ascii(c);
  return out;
}

RE2::Options regex_options() {
  RE2::Options options;
  options.set_log_errors(false);
  return options;
}

// A rule's expression never matches across a line break, and ^ and $ are the
// line's: a pass over many lines then finds what a line-by-line run would.
RE2::Options rule_options() {
  RE2::Options options = regex_options();
  options.set_never_nl(true);
  return options;
}

std::string_view view(const re2::StringPiece& piece) { return {piece.data(), piece.size()}; }

struct CompiledAllowlist {
  std::vector<std::unique_ptr<RE2>> regexes;
  std::vector<std::unique_ptr<RE2>> paths;
  std::vector<std::string> stopwords; // lower case
  SecretAllowlist::Target target = SecretAllowlist::Target::secret;
  bool match_all = false;
};

std::unique_ptr<RE2> compile(const std::string& source, std::string_view rule_id, std::string_view what,
                             const RE2::Options& options = regex_options()) {
  // Go's regexp (gitleaks) and RE2 share a syntax but for lookarounds and
  // backreferences, which neither engine runs in linear time.
  for (const std::string_view lookaround : {"(?=", "(?!", "(?<=", "(?<!"}) {
    if (source.find(lookaround) != std::string::npos)
      throw std::invalid_argument("rule '" + std::string(rule_id) + "': " + std::string(what) + " uses a lookaround (" +
                                  std::string(lookaround) + "...), which RE2 does not support");
  }
  auto regex = std::make_unique<RE2>(source, options);
  if (!regex->ok())
    throw std::invalid_argument("rule '" + std::string(rule_id) + "': " + std::string(what) +
                                " does not compile: " + regex->error());
  return regex;
}

CompiledAllowlist compile_allowlist(const SecretAllowlist& allowlist, std::string_view rule_id) {
  CompiledAllowlist out;
  for (const std::string& regex : allowlist.regexes) out.regexes.push_back(compile(regex, rule_id, "an allowlist regex"));
  for (const std::string& path : allowlist.paths) out.paths.push_back(compile(path, rule_id, "an allowlist path"));
  for (const std::string& word : allowlist.stopwords) out.stopwords.push_back(to_lower(word));
  out.target = allowlist.target;
  out.match_all = allowlist.match_all;
  return out;
}

bool allows(const CompiledAllowlist& allowlist, std::string_view secret, std::string_view match, std::string_view line,
            std::string_view path) {
  int kinds = 0;
  bool any = false;
  bool all = true;
  const auto note = [&](bool matched) {
    ++kinds;
    any = any || matched;
    all = all && matched;
  };
  if (!allowlist.regexes.empty()) {
    const std::string_view target = allowlist.target == SecretAllowlist::Target::secret  ? secret
                                    : allowlist.target == SecretAllowlist::Target::match ? match
                                                                                         : line;
    const re2::StringPiece piece(target.data(), target.size());
    note(std::any_of(allowlist.regexes.begin(), allowlist.regexes.end(),
                     [&](const auto& regex) { return RE2::PartialMatch(piece, *regex); }));
  }
  if (!allowlist.paths.empty()) {
    const re2::StringPiece piece(path.data(), path.size());
    note(std::any_of(allowlist.paths.begin(), allowlist.paths.end(),
                     [&](const auto& regex) { return RE2::PartialMatch(piece, *regex); }));
  }
  if (!allowlist.stopwords.empty()) {
    const std::string lower = to_lower(secret);
    note(std::any_of(allowlist.stopwords.begin(), allowlist.stopwords.end(),
                     [&](const std::string& word) { return lower.find(word) != std::string::npos; }));
  }
  return kinds > 0 && (allowlist.match_all ? all : any);
}

// RE2 skips ahead to a literal prefix with memchr, a hundred times faster
// than stepping its automaton byte by byte, but not past a leading \b: so a
// leading \b (after flags like (?i)) is taken off the expression and checked
// on each match instead. Only where no top-level | would make it apply to
// one alternative alone.
bool strip_leading_boundary(std::string& source) {
  std::size_t at = 0;
  if (source.compare(0, 2, "(?") == 0) {
    const std::size_t close = source.find(')');
    if (close == std::string::npos || source.find(':', 2) < close) return false;
    at = close + 1;
  }
  if (source.compare(at, 2, "\\b") != 0) return false;
  int depth = 0;
  bool in_class = false;
  for (std::size_t i = at + 2; i < source.size(); ++i) {
    const char c = source[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      continue;
    }
    if (c == '[') {
      in_class = true;
      if (i + 1 < source.size() && source[i + 1] == ']') ++i;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth == 0) {
      return false;
    }
  }
  source.erase(at, 2);
  return true;
}

bool is_word_byte(char c) { return is_alnum_ascii(c) || c == '_'; }

struct CompiledRule {
  std::string id;
  std::string description;
  bool has_regex = false;     // false: a rule on the path alone
  bool whole_text = false;    // no keywords: tried on the whole text
  bool left_boundary = false; // a leading \b, checked in code (strip_leading_boundary)
  std::vector<std::string> keywords;
  double entropy = 0;
  int secret_group = 0;
  std::unique_ptr<RE2> path;
  std::unique_ptr<RE2> file_context;
  std::vector<CompiledAllowlist> allowlists;

  // The expression, compiled on first use: compiling all 80 built-in rules
  // costs a hook several milliseconds, and most blobs need two or three.
  // Rules from a file are compiled when they are added, to report errors.
  std::string source;
  std::unique_ptr<std::once_flag> once = std::make_unique<std::once_flag>();
  mutable std::unique_ptr<RE2> regex;
  mutable int groups = 0;

  const RE2& compiled() const {
    std::call_once(*once, [this] {
      regex = std::make_unique<RE2>(source, rule_options());
      groups = regex->NumberOfCapturingGroups();
    });
    return *regex;
  }
};

CompiledRule compile_rule(const SecretRule& rule, bool eager) {
  if (rule.id.empty()) throw std::invalid_argument("a rule needs an id");
  if (rule.regex.empty() && rule.path.empty())
    throw std::invalid_argument("rule '" + rule.id + "': needs a regex or a path");
  CompiledRule out;
  out.id = rule.id;
  out.description = rule.description;
  for (const std::string& keyword : rule.keywords)
    if (!keyword.empty()) out.keywords.push_back(to_lower(keyword));
  out.entropy = rule.entropy;
  out.secret_group = rule.secret_group;
  if (!rule.regex.empty()) {
    out.has_regex = true;
    out.whole_text = out.keywords.empty();
    std::string source = rule.regex;
    out.left_boundary = strip_leading_boundary(source);
    out.source = "(?m)" + source;
    if (eager) {
      if (!out.compiled().ok()) {
        (void)compile(rule.regex, rule.id, "the regex"); // the error quotes the rule's own text
        throw std::invalid_argument("rule '" + rule.id + "': the regex does not compile");
      }
      if (rule.secret_group < 0 || rule.secret_group > out.groups)
        throw std::invalid_argument("rule '" + rule.id + "': secretGroup " + std::to_string(rule.secret_group) +
                                    " but the regex has " + std::to_string(out.groups) + " groups");
    }
  }
  if (!rule.path.empty()) out.path = compile(rule.path, rule.id, "the path");
  if (!rule.file_context.empty()) out.file_context = compile(rule.file_context, rule.id, "the file context");
  for (const SecretAllowlist& allowlist : rule.allowlists) out.allowlists.push_back(compile_allowlist(allowlist, rule.id));
  return out;
}

struct RawHit {
  std::size_t offset; // of the secret in the text
  std::size_t rule;
  std::string preview;
};

// Every keyword of every rule, found in one case-insensitive pass.
struct KeywordIndex {
  std::vector<std::string> keywords;             // lower case
  std::vector<std::vector<std::size_t>> rules;   // keyword -> rules that name it
  std::array<std::uint64_t, 1024> pairs{};       // bit set: some keyword starts with these two bytes
  // First two bytes -> 1 + index in `buckets` (0: none): a flat table, as a
  // hash lookup per candidate position showed in profiles.
  std::vector<std::uint32_t> pair_slot = std::vector<std::uint32_t>(65536, 0);
  std::vector<std::vector<std::size_t>> buckets; // keywords by their first two bytes
  std::vector<std::vector<std::size_t>> by_byte = std::vector<std::vector<std::size_t>>(256); // 1-byte keywords

  static std::uint16_t pair(unsigned char a, unsigned char b) { return static_cast<std::uint16_t>(a << 8 | b); }
};

constexpr std::array<unsigned char, 256> k_lower = [] {
  std::array<unsigned char, 256> table{};
  for (std::size_t i = 0; i < 256; ++i)
    table[i] = static_cast<unsigned char>(i >= 'A' && i <= 'Z' ? i - 'A' + 'a' : i);
  return table;
}();

// Where the line holding byte `offset` starts (memrchr: std::string_view's
// rfind steps back one byte at a time).
std::size_t line_start_at(std::string_view text, std::size_t offset) {
  if (offset == 0) return 0;
  const void* found = memrchr(text.data(), '\n', offset);
  return found ? static_cast<std::size_t>(static_cast<const char*>(found) - text.data()) + 1 : 0;
}

struct Span {
  std::size_t start;
  std::size_t end;
};

} // namespace

struct SecretScanner::Impl {
  std::vector<CompiledRule> rules;
  std::vector<CompiledAllowlist> global;

  // The keyword index, built on the first scan after a change.
  mutable std::mutex index_mutex;
  mutable bool index_built = false;
  mutable KeywordIndex index;

  void build_index() const;
  void try_rule(std::size_t rule, std::string_view haystack, std::size_t haystack_offset, std::string_view text,
                std::string_view path, const std::vector<Span>* only_lines, std::vector<RawHit>& out) const;
  std::vector<SecretHit> scan(std::string_view text, std::string_view path) const;

private:
  // The steps of scan(), in order.
  std::vector<char> rules_for_path(std::string_view path, std::vector<SecretHit>& hits) const;
  std::vector<std::vector<Span>> candidate_lines(std::string_view text, const std::vector<char>& enabled) const;
  std::vector<RawHit> match_rules(std::string_view text, std::string_view path, const std::vector<char>& enabled,
                                  const std::vector<std::vector<Span>>& lines) const;
  static void place_hits(const std::vector<CompiledRule>& rules, std::string_view text, std::vector<RawHit> raw,
                         std::vector<SecretHit>& hits);
};

void SecretScanner::Impl::build_index() const {
  std::lock_guard<std::mutex> lock(index_mutex);
  if (index_built) return;
  index = KeywordIndex{};
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    for (const std::string& keyword : rules[r].keywords) {
      auto [it, inserted] = seen.try_emplace(keyword, index.keywords.size());
      if (inserted) {
        index.keywords.push_back(keyword);
        index.rules.emplace_back();
      }
      std::vector<std::size_t>& targets = index.rules[it->second];
      if (std::find(targets.begin(), targets.end(), r) == targets.end()) targets.push_back(r);
    }
  }
  for (std::size_t k = 0; k < index.keywords.size(); ++k) {
    const std::string& keyword = index.keywords[k];
    const auto first = static_cast<unsigned char>(keyword[0]);
    if (keyword.size() == 1) {
      index.by_byte[first].push_back(k);
      continue;
    }
    const std::uint16_t pair = KeywordIndex::pair(first, static_cast<unsigned char>(keyword[1]));
    index.pairs[pair >> 6] |= std::uint64_t{1} << (pair & 63);
    if (index.pair_slot[pair] == 0) {
      index.buckets.emplace_back();
      index.pair_slot[pair] = static_cast<std::uint32_t>(index.buckets.size());
    }
    index.buckets[index.pair_slot[pair] - 1u].push_back(k);
  }
  index_built = true;
}

void SecretScanner::Impl::try_rule(std::size_t index_of_rule, std::string_view haystack, std::size_t haystack_offset,
                                   std::string_view text, std::string_view path, const std::vector<Span>* only_lines,
                                   std::vector<RawHit>& out) const {
  const CompiledRule& rule = rules[index_of_rule];
  const RE2& regex = rule.compiled();
  if (!regex.ok()) return;
  const int count = rule.groups + 1;
  std::array<re2::StringPiece, 16> small;
  std::vector<re2::StringPiece> large;
  re2::StringPiece* groups = small.data();
  if (count > static_cast<int>(small.size())) {
    large.resize(static_cast<std::size_t>(count));
    groups = large.data();
  }
  const re2::StringPiece input(haystack.data(), haystack.size());
  std::size_t position = 0;
  while (position <= haystack.size() &&
         regex.Match(input, position, haystack.size(), RE2::UNANCHORED, groups, count)) {
    const re2::StringPiece whole = groups[0];
    const std::size_t match_start = static_cast<std::size_t>(whole.data() - haystack.data());
    position = match_start + std::max<std::size_t>(whole.size(), 1);
    if (rule.left_boundary && !whole.empty()) {
      const std::size_t at = haystack_offset + match_start;
      const bool before = at > 0 && is_word_byte(text[at - 1]);
      if (before == is_word_byte(whole[0])) {
        position = match_start + 1; // a later start may still be at a boundary
        continue;
      }
    }
    re2::StringPiece secret = whole;
    if (rule.secret_group > 0) {
      if (rule.secret_group >= count) return;
      secret = groups[rule.secret_group];
    } else {
      for (int g = 1; g < count; ++g) {
        if (groups[g].empty()) continue;
        secret = groups[g];
        break;
      }
    }
    if (secret.empty()) continue;
    const std::string_view secret_view = view(secret);
    const std::size_t offset = haystack_offset + static_cast<std::size_t>(secret.data() - haystack.data());
    const std::size_t line_start = line_start_at(text, offset);
    if (only_lines) {
      // A pass over a span: only the lines that hold a keyword count.
      const auto found = std::lower_bound(only_lines->begin(), only_lines->end(), line_start,
                                          [](const Span& span, std::size_t start) { return span.start < start; });
      if (found == only_lines->end() || found->start != line_start) continue;
    }
    if (rule.entropy > 0 && shannon_entropy(secret_view) <= rule.entropy) continue;
    if (is_placeholder_secret(secret_view, rule.keywords)) continue;
    if (!rule.allowlists.empty() || !global.empty()) {
      std::size_t line_end = text.find('\n', offset);
      if (line_end == std::string_view::npos) line_end = text.size();
      const std::string_view line = text.substr(line_start, line_end - line_start);
      const auto allowed = [&](const CompiledAllowlist& allowlist) {
        return allows(allowlist, secret_view, view(whole), line, path);
      };
      if (std::any_of(rule.allowlists.begin(), rule.allowlists.end(), allowed) ||
          std::any_of(global.begin(), global.end(), allowed))
        continue;
    }
    out.push_back(RawHit{offset, index_of_rule, redact_secret(secret_view)});
  }
}

std::vector<SecretHit> SecretScanner::Impl::scan(std::string_view text, std::string_view path) const {
  std::vector<SecretHit> hits;
  if (rules.empty()) return hits;
  build_index();
  // A path a global allowlist lets through on its path alone skips the file.
  for (const CompiledAllowlist& allowlist : global) {
    if (!allowlist.paths.empty() && allowlist.regexes.empty() && allowlist.stopwords.empty() &&
        allows(allowlist, {}, {}, {}, path))
      return hits;
  }
  const std::vector<char> enabled = rules_for_path(path, hits);
  const std::vector<std::vector<Span>> lines = candidate_lines(text, enabled);
  place_hits(rules, text, match_rules(text, path, enabled, lines), hits);
  return hits;
}

// Which rules apply to `path` (a rule's `path` pattern); a rule on the path
// alone is decided here, the file itself being the finding.
std::vector<char> SecretScanner::Impl::rules_for_path(std::string_view path, std::vector<SecretHit>& hits) const {
  const re2::StringPiece path_piece(path.data(), path.size());
  std::vector<char> enabled(rules.size(), 1);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const CompiledRule& rule = rules[i];
    if (rule.path && !RE2::PartialMatch(path_piece, *rule.path)) enabled[i] = 0;
    if (!enabled[i] || rule.has_regex) continue;
    enabled[i] = 0;
    const bool allowed = std::any_of(global.begin(), global.end(), [&](const CompiledAllowlist& allowlist) {
      return allows(allowlist, path, path, {}, path);
    });
    if (!allowed) hits.push_back(SecretHit{rule.id, 0, 0, {}});
  }
  return enabled;
}

// The lines each enabled rule is to be tried on, in text order: those
// holding one of its keywords, found in one case-insensitive pass.
std::vector<std::vector<Span>> SecretScanner::Impl::candidate_lines(std::string_view text,
                                                                    const std::vector<char>& enabled) const {
  std::vector<std::vector<Span>> lines(rules.size());
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  Span line{0, 0};
  bool have_line = false;
  const auto note = [&](std::size_t offset, std::size_t keyword) {
    if (!have_line || offset >= line.end) {
      line.start = line_start_at(text, offset);
      const std::size_t after = text.find('\n', offset);
      line.end = after == std::string_view::npos ? size : after;
      have_line = true;
    }
    for (const std::size_t rule : index.rules[keyword]) {
      if (!enabled[rule]) continue;
      std::vector<Span>& spans = lines[rule];
      if (spans.empty() || spans.back().start != line.start) spans.push_back(line);
    }
  };
  const auto matches_at = [&](std::size_t offset, const std::string& keyword) {
    if (keyword.size() > size - offset) return false;
    for (std::size_t k = 0; k < keyword.size(); ++k)
      if (k_lower[bytes[offset + k]] != static_cast<unsigned char>(keyword[k])) return false;
    return true;
  };
  const bool single_bytes = std::any_of(index.by_byte.begin(), index.by_byte.end(),
                                        [](const std::vector<std::size_t>& v) { return !v.empty(); });
  for (std::size_t i = 0; i < size; ++i) {
    if (single_bytes)
      for (const std::size_t keyword : index.by_byte[k_lower[bytes[i]]]) note(i, keyword);
    if (i + 1 == size) break;
    const std::uint16_t pair = KeywordIndex::pair(k_lower[bytes[i]], k_lower[bytes[i + 1]]);
    if (!(index.pairs[pair >> 6] >> (pair & 63) & 1)) continue;
    for (const std::size_t keyword : index.buckets[index.pair_slot[pair] - 1u])
      if (matches_at(i, index.keywords[keyword])) note(i, keyword);
  }
  return lines;
}

// Each enabled rule's pattern over its candidate lines (or the whole text).
std::vector<RawHit> SecretScanner::Impl::match_rules(std::string_view text, std::string_view path,
                                                     const std::vector<char>& enabled,
                                                     const std::vector<std::vector<Span>>& lines) const {
  std::vector<RawHit> raw;
  const re2::StringPiece input(text.data(), text.size());
  // A Match call on one line costs about 0.15 us, a pass over a span 0.3 to
  // 2 ns a byte (measured with bench/secret_scan.cpp): past one candidate
  // line in this many bytes of span, one pass is cheaper.
  constexpr std::size_t k_bytes_per_call = 256;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const CompiledRule& rule = rules[i];
    if (!enabled[i] || !rule.has_regex) continue;
    if (!rule.whole_text && lines[i].empty()) continue;
    if (rule.file_context && !RE2::PartialMatch(input, *rule.file_context)) continue;
    if (rule.whole_text) {
      try_rule(i, text, 0, text, path, nullptr, raw);
      continue;
    }
    const std::vector<Span>& spans = lines[i];
    const std::size_t span_bytes = spans.back().end - spans.front().start;
    if (spans.size() * k_bytes_per_call > span_bytes) {
      try_rule(i, text.substr(spans.front().start, span_bytes), spans.front().start, text, path, &spans, raw);
    } else {
      for (const Span& span : spans)
        try_rule(i, text.substr(span.start, span.end - span.start), span.start, text, path, nullptr, raw);
    }
  }
  return raw;
}

// Line and column of each hit in one sweep; a line marked warden:allow
// reports nothing.
void SecretScanner::Impl::place_hits(const std::vector<CompiledRule>& rules, std::string_view text,
                                     std::vector<RawHit> raw, std::vector<SecretHit>& hits) {
  std::stable_sort(raw.begin(), raw.end(), [](const RawHit& a, const RawHit& b) { return a.offset < b.offset; });
  std::size_t line_number = 1;
  std::size_t counted = 0;
  std::size_t line_start = 0;
  std::size_t allow_checked_for = std::string_view::npos;
  bool allowed_line = false;
  for (RawHit& hit : raw) {
    if (hit.offset > counted) {
      const std::string_view between = text.substr(counted, hit.offset - counted);
      const auto newlines = static_cast<std::size_t>(std::count(between.begin(), between.end(), '\n'));
      if (newlines > 0) {
        line_number += newlines;
        line_start = line_start_at(text, hit.offset);
      }
      counted = hit.offset;
    }
    if (allow_checked_for != line_start) {
      std::size_t line_end = text.find('\n', line_start);
      if (line_end == std::string_view::npos) line_end = text.size();
      allowed_line = text.substr(line_start, line_end - line_start).find(k_allow_marker) != std::string_view::npos;
      allow_checked_for = line_start;
    }
    if (allowed_line) continue;
    hits.push_back(SecretHit{rules[hit.rule].id, line_number, hit.offset - line_start + 1, std::move(hit.preview)});
  }
}

bool is_placeholder_secret(std::string_view secret, const std::vector<std::string>& keywords) {
  const std::string lower = to_lower(secret);
  for (const std::string_view word : k_placeholder_words)
    if (lower.find(word) != std::string::npos) return true;
  for (const std::string& example : documented_examples())
    if (secret.find(example) != std::string_view::npos) return true;
  // What follows the rule's prefix ("ghp_", "AKIA", ...).
  std::size_t prefix = 0;
  for (const std::string& keyword : keywords)
    if (keyword.size() > prefix && lower.compare(0, keyword.size(), keyword) == 0) prefix = keyword.size();
  const std::string_view rest = secret.substr(prefix);
  std::array<bool, 128> seen{};
  std::size_t distinct = 0;
  std::size_t alnum = 0;
  std::size_t run = 0;
  char previous = '\0';
  for (const char c : rest) {
    if (!is_alnum_ascii(c)) {
      run = 0;
      previous = '\0';
      continue;
    }
    ++alnum;
    if (!seen[static_cast<unsigned char>(c)]) {
      seen[static_cast<unsigned char>(c)] = true;
      ++distinct;
    }
    run = c == previous ? run + 1 : 1;
    previous = c;
    if (run >= k_placeholder_run) return true;
  }
  // "xxxx", but not the "2" of a PuTTY-User-Key-File-2 header.
  return distinct == 1 && alnum >= 4;
}

double shannon_entropy(std::string_view text) {
  if (text.empty()) return 0;
  std::array<std::size_t, 256> counts{};
  for (const char c : text) ++counts[static_cast<unsigned char>(c)];
  double entropy = 0;
  const double size = static_cast<double>(text.size());
  for (const std::size_t count : counts) {
    if (count == 0) continue;
    const double p = static_cast<double>(count) / size;
    entropy -= p * std::log2(p);
  }
  return entropy;
}

std::string redact_secret(std::string_view secret) {
  // Four characters of a short secret would be too much of it.
  const std::size_t shown = secret.size() >= 16 ? 4 : secret.size() / 4;
  std::string out;
  for (std::size_t i = 0; i < shown; ++i) {
    const char c = secret[i];
    if (c <= ' ' || c > '~') break;
    out += c;
  }
  return out + "\xE2\x80\xA6"; // …
}

SecretScanner::SecretScanner() : m_impl(std::make_unique<Impl>()) {}
SecretScanner::~SecretScanner() = default;
SecretScanner::SecretScanner(SecretScanner&&) noexcept = default;
SecretScanner& SecretScanner::operator=(SecretScanner&&) noexcept = default;

SecretScanner SecretScanner::with_builtin_rules() {
  // Validated by tests/unit/test_checks_secret_rules.cpp, so compiled lazily.
  SecretScanner scanner;
  for (const BuiltinSecretRule& builtin : builtin_secret_rules())
    scanner.m_impl->rules.push_back(compile_rule(builtin.rule, false));
  return scanner;
}

const SecretScanner& SecretScanner::builtin() {
  static const SecretScanner scanner = with_builtin_rules();
  return scanner;
}

void SecretScanner::add_rule(const SecretRule& rule) {
  CompiledRule compiled = compile_rule(rule, true);
  std::lock_guard<std::mutex> lock(m_impl->index_mutex);
  m_impl->index_built = false;
  // A rule with the id of one already there replaces it, as a gitleaks
  // config extending the default one does.
  for (CompiledRule& existing : m_impl->rules) {
    if (existing.id != compiled.id) continue;
    existing = std::move(compiled);
    return;
  }
  m_impl->rules.push_back(std::move(compiled));
}

void SecretScanner::add_global_allowlist(const SecretAllowlist& allowlist) {
  m_impl->global.push_back(compile_allowlist(allowlist, "(global allowlist)"));
}

std::vector<SecretHit> SecretScanner::scan(std::string_view text, std::string_view path) const {
  return m_impl->scan(text, path);
}

std::vector<std::pair<std::string, std::string>> SecretScanner::rules() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const CompiledRule& rule : m_impl->rules) out.emplace_back(rule.id, rule.description);
  return out;
}

std::size_t SecretScanner::size() const { return m_impl->rules.size(); }

} // namespace warden

// Commit message text: git's cleanup and trailer parsing, redone over
// strings so the commit-msg hook, the push hooks and `warden digest` read
// a message the way git does (docs/commit-messages.md).
#include "warden/checks/commit_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace warden::commit_text {

namespace {

// The characters git picks from for core.commentChar=auto, in its order.
constexpr std::string_view k_auto_candidates = "#;@!$%^&|:";

// git's isspace: space, \t, \n, \v, \f, \r.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

std::string_view rtrim(std::string_view text) {
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string_view trim(std::string_view text) {
  text = rtrim(text);
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  return text;
}

// The lines of `text`, each with its '\n' when it has one.
std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::size_t size = end == std::string_view::npos ? text.size() : end + 1;
    lines.push_back(text.substr(0, size));
    text.remove_prefix(size);
  }
  return lines;
}

bool is_blank(std::string_view line) { return rtrim(line).empty(); }

bool is_comment(std::string_view line, std::string_view comment) {
  return !comment.empty() && line.starts_with(comment);
}

bool lower_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// git's find_separator for the separator ':': the offset of the ':' after
// a token of letters, digits and '-' (whitespace allowed before the ':');
// npos when the line is no trailer.
std::size_t find_separator(std::string_view line) {
  bool whitespace_found = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == ':') return i;
    if (!whitespace_found && (std::isalnum(static_cast<unsigned char>(c)) || c == '-')) continue;
    if (i != 0 && (c == ' ' || c == '\t')) {
      whitespace_found = true;
      continue;
    }
    break;
  }
  return std::string_view::npos;
}

// The trailers git generates itself: a block with one of them needs only
// a quarter of trailer lines.
constexpr std::array<std::string_view, 2> k_git_generated{"Signed-off-by: ", "(cherry picked from commit "};

// git's ignore_non_trailer: where the message ends once the scissors part
// and the trailing run of comment lines, blank lines and an old
// "Conflicts:" block are left out.
std::size_t trailer_end(std::string_view text, std::string_view comment) {
  const std::size_t cutoff = scissors_offset(text, comment);
  std::size_t bol = 0;
  std::size_t boc = 0;
  bool in_conflicts = false;
  while (bol < cutoff) {
    auto eol = text.find('\n', bol);
    const std::size_t next = eol == std::string_view::npos ? text.size() : eol + 1;
    const std::string_view line = text.substr(bol, next - bol);
    if (is_comment(line, comment) || line.starts_with('\n')) {
      if (boc == 0) boc = bol;
    } else if (line.starts_with("Conflicts:\n")) {
      in_conflicts = true;
      if (boc == 0) boc = bol;
    } else if (in_conflicts && line.starts_with('\t')) {
      // a path of the conflicts block
    } else if (boc != 0) {
      boc = 0;
      in_conflicts = false;
    }
    bol = next;
  }
  return boc != 0 ? boc : cutoff;
}

// git's find_trailer_start: where the trailer block of text[0, len)
// starts; len when there is none.
std::size_t trailer_start(std::string_view text, std::size_t len, std::string_view comment) {
  const std::string_view body = text.substr(0, len);
  const std::vector<std::string_view> lines = lines_of(body);
  std::vector<std::size_t> offsets;
  std::size_t offset = 0;
  for (std::string_view line : lines) {
    offsets.push_back(offset);
    offset += line.size();
  }
  // The first paragraph is the title and never holds trailers.
  std::size_t title_end = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (is_comment(lines[i], comment)) continue;
    if (is_blank(lines[i])) {
      title_end = i;
      break;
    }
  }
  bool only_spaces = true;
  bool recognized_prefix = false;
  std::size_t trailer_lines = 0, non_trailer_lines = 0, possible_continuation_lines = 0;
  for (std::size_t i = lines.size(); i-- > 0 && i >= title_end;) {
    const std::string_view line = lines[i];
    if (is_comment(line, comment)) {
      non_trailer_lines += possible_continuation_lines;
      possible_continuation_lines = 0;
      continue;
    }
    if (is_blank(line)) {
      if (only_spaces) continue;
      non_trailer_lines += possible_continuation_lines;
      if (recognized_prefix && trailer_lines * 3 >= non_trailer_lines) return offsets[i] + line.size();
      if (trailer_lines > 0 && non_trailer_lines == 0) return offsets[i] + line.size();
      return len;
    }
    only_spaces = false;
    if (std::any_of(k_git_generated.begin(), k_git_generated.end(),
                    [&](std::string_view prefix) { return line.starts_with(prefix); })) {
      ++trailer_lines;
      possible_continuation_lines = 0;
      recognized_prefix = true;
      continue;
    }
    const std::size_t separator = find_separator(line);
    if (separator != std::string_view::npos && separator >= 1 && !is_space(line.front())) {
      ++trailer_lines;
      possible_continuation_lines = 0;
    } else if (is_space(line.front())) {
      ++possible_continuation_lines;
    } else {
      non_trailer_lines += 1 + possible_continuation_lines;
      possible_continuation_lines = 0;
    }
  }
  return len;
}

// The length of the valid UTF-8 sequence at text[i]; 0 when invalid.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size() || byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return length;
}

bool type_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

} // namespace

Cleanup cleanup_for(const std::optional<std::string>& commit_cleanup, bool editor_used,
                    const std::optional<std::string>& comment_setting) {
  Cleanup cleanup;
  if (comment_setting && !comment_setting->empty() && comment_setting->find('\n') == std::string::npos)
    cleanup.comment = lower_equal(*comment_setting, "auto") ? std::string() : *comment_setting;
  // git cuts at the scissors line whenever it wrote one (-v, or
  // commit.cleanup=scissors), and it writes one only for the editor.
  cleanup.cut_at_scissors = editor_used;
  const std::string mode = commit_cleanup ? *commit_cleanup : "default";
  if (mode == "verbatim") {
    cleanup.whitespace = false;
    cleanup.strip_comments = false;
  } else if (mode == "whitespace" || mode == "scissors") {
    cleanup.strip_comments = false;
  } else if (mode == "strip") {
    cleanup.strip_comments = true;
  } else { // "default", and values git would refuse
    cleanup.strip_comments = editor_used;
  }
  return cleanup;
}

std::string auto_comment_prefix(std::string_view text) {
  const std::vector<std::string_view> lines = lines_of(text);
  for (std::string_view line : lines) {
    const std::string_view bare = line.ends_with('\n') ? line.substr(0, line.size() - 1) : line;
    if (bare.size() == k_scissors.size() + 1 && bare.substr(1) == k_scissors &&
        k_auto_candidates.find(bare.front()) != std::string_view::npos)
      return std::string(1, bare.front());
  }
  for (std::size_t i = lines.size(); i-- > 0;) {
    const std::string_view line = rtrim(lines[i]);
    if (line.empty()) continue;
    if (k_auto_candidates.find(line.front()) != std::string_view::npos &&
        (line.size() == 1 || line[1] == ' ' || line[1] == '\t'))
      return std::string(1, line.front());
    break;
  }
  return "#";
}

std::size_t scissors_offset(std::string_view text, std::string_view comment) {
  if (comment.empty()) return text.size();
  const std::string pattern = std::string(comment) + std::string(k_scissors) + "\n";
  if (text.starts_with(pattern)) return 0;
  const auto found = text.find("\n" + pattern);
  return found == std::string_view::npos ? text.size() : found + 1;
}

std::string clean_message(std::string_view text, const Cleanup& cleanup) {
  const std::string comment = cleanup.comment.empty() ? auto_comment_prefix(text) : cleanup.comment;
  if (cleanup.cut_at_scissors) text = text.substr(0, scissors_offset(text, comment));
  if (!cleanup.whitespace) return std::string(text);
  // git's strbuf_stripspace.
  std::string out;
  std::size_t empties = 0;
  for (std::string_view line : lines_of(text)) {
    if (cleanup.strip_comments && line.starts_with(comment)) continue;
    const std::string_view kept = rtrim(line);
    if (kept.empty()) {
      ++empties;
      continue;
    }
    if (empties > 0 && !out.empty()) out += '\n';
    empties = 0;
    out += kept;
    out += '\n';
  }
  return out;
}

std::vector<Trailer> parse_trailers(std::string_view message, std::string_view comment) {
  const std::size_t end = trailer_end(message, comment);
  const std::size_t start = trailer_start(message, end, comment);
  std::vector<Trailer> trailers;
  bool last_is_trailer = false;
  for (std::string_view line : lines_of(message.substr(start, end - start))) {
    const std::string_view bare = line.ends_with('\n') ? line.substr(0, line.size() - 1) : line;
    if (last_is_trailer && !bare.empty() && is_space(bare.front())) {
      const std::string_view more = trim(bare);
      if (!more.empty()) trailers.back().value += (trailers.back().value.empty() ? "" : " ") + std::string(more);
      continue;
    }
    if (is_comment(bare, comment)) continue;
    const std::size_t separator = find_separator(bare);
    if (separator != std::string_view::npos && separator >= 1) {
      trailers.push_back({std::string(trim(bare.substr(0, separator))), std::string(trim(bare.substr(separator + 1)))});
      last_is_trailer = true;
    } else {
      trailers.push_back({std::string(), std::string(trim(bare))});
      last_is_trailer = false;
    }
  }
  return trailers;
}

bool has_trailer(const std::vector<Trailer>& trailers, std::string_view token) {
  token = trim(token);
  if (token.ends_with(':')) token = trim(token.substr(0, token.size() - 1));
  return std::any_of(trailers.begin(), trailers.end(), [&](const Trailer& trailer) {
    return !trailer.token.empty() && !trailer.value.empty() && lower_equal(trailer.token, token);
  });
}

std::string_view subject_of(std::string_view message) {
  const auto end = message.find('\n');
  return end == std::string_view::npos ? message : message.substr(0, end);
}

std::size_t characters(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    const std::size_t length = utf8_length(text, i);
    i += length == 0 ? 1 : length;
  }
  return count;
}

std::optional<Conventional> parse_conventional(std::string_view subject) {
  Conventional out;
  std::size_t i = 0;
  if (subject.empty() || !std::isalpha(static_cast<unsigned char>(subject[0]))) return std::nullopt;
  while (i < subject.size() && type_char(subject[i])) ++i;
  out.type = std::string(subject.substr(0, i));
  if (i < subject.size() && subject[i] == '(') {
    const auto close = subject.find_first_of("()\n", i + 1);
    if (close == std::string_view::npos || subject[close] != ')' || close == i + 1) return std::nullopt;
    out.scope = std::string(subject.substr(i + 1, close - i - 1));
    if (trim(out.scope).empty()) return std::nullopt;
    i = close + 1;
  }
  if (i < subject.size() && subject[i] == '!') {
    out.breaking = true;
    ++i;
  }
  if (i + 1 >= subject.size() || subject[i] != ':' || subject[i + 1] != ' ') return std::nullopt;
  out.description = std::string(trim(subject.substr(i + 2)));
  if (out.description.empty()) return std::nullopt;
  return out;
}

std::string_view fixup_prefix(std::string_view subject) {
  for (std::string_view prefix : {std::string_view("fixup!"), std::string_view("squash!"), std::string_view("amend!")})
    if (subject.starts_with(prefix) && (subject.size() == prefix.size() || subject[prefix.size()] == ' '))
      return prefix;
  return {};
}

std::string_view without_fixup_prefixes(std::string_view subject) {
  for (std::string_view prefix = fixup_prefix(subject); !prefix.empty(); prefix = fixup_prefix(subject)) {
    subject.remove_prefix(prefix.size());
    while (subject.starts_with(' ')) subject.remove_prefix(1);
  }
  return subject;
}

bool written_by_git(std::string_view subject) {
  return subject.starts_with("Merge ") || subject.starts_with("Revert \"") || subject.starts_with("Reapply \"") ||
         !fixup_prefix(subject).empty();
}

} // namespace warden::commit_text

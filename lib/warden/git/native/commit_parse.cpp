// git's commit format (Documentation/gitformat-commit / commit.c): headers
// one per line, "key value", a continuation line starting with a space;
// the first empty line ends them. The identity lines are read as git's
// split_ident_line reads them: the name before the first '<', the email up
// to the first '>' after it, then "<seconds> <zone>".
#include "warden/git/native/commit_parse.hpp"

#include "warden/git/native/object_store.hpp"

namespace warden::git::native {

namespace {

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  return text;
}

// "Name <email> 1700000000 +0100": false when there is no <email>. A
// missing or unreadable time is 0, as git shows it.
bool parse_ident(std::string_view value, std::string& name, std::string& email, std::int64_t& time) {
  const std::size_t open = value.find('<');
  if (open == std::string_view::npos) return false;
  const std::size_t close = value.find('>', open + 1);
  if (close == std::string_view::npos) return false;
  name.assign(trim_spaces(value.substr(0, open)));
  email.assign(value.substr(open + 1, close - open - 1));
  std::string_view rest = value.substr(close + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  std::int64_t seconds = 0;
  std::size_t digits = 0;
  for (; digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9' && digits < 18; ++digits)
    seconds = seconds * 10 + (rest[digits] - '0');
  time = digits > 0 ? seconds : 0;
  return true;
}

} // namespace

std::optional<CommitData> parse_commit(std::string_view data) {
  CommitData commit;
  bool have_tree = false, have_author = false, have_committer = false;
  std::size_t pos = 0;
  bool first = true;
  while (true) {
    if (pos >= data.size()) break; // headers without a message
    std::size_t end = data.find('\n', pos);
    if (end == std::string_view::npos) {
      // The last header without a newline and no message: git accepts it.
      end = data.size();
    }
    const std::string_view line = data.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty()) break;
    if (line[0] == ' ') {
      if (first) return std::nullopt;
      continue; // a continuation of gpgsig, mergetag or another header
    }
    const std::size_t space = line.find(' ');
    const std::string_view key = line.substr(0, space);
    const std::string_view value = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
    if (first) {
      if (key != "tree") return std::nullopt;
      auto tree = oid_from_hex(value);
      if (!tree) return std::nullopt;
      commit.tree = *tree;
      have_tree = true;
    } else if (key == "parent" && !have_author && !have_committer) {
      auto parent = oid_from_hex(value);
      if (!parent) return std::nullopt;
      commit.parents.push_back(*parent);
    } else if (key == "author" && !have_author) {
      if (!parse_ident(value, commit.author_name, commit.author_email, commit.author_time)) return std::nullopt;
      have_author = true;
    } else if (key == "committer" && !have_committer) {
      if (!parse_ident(value, commit.committer_name, commit.committer_email, commit.commit_time))
        return std::nullopt;
      have_committer = true;
    } else if (key == "tree" || key == "parent") {
      return std::nullopt; // a second tree, or parents after the identities
    }
    first = false;
    if (end == data.size()) {
      pos = data.size();
      break;
    }
  }
  if (!have_tree || !have_author || !have_committer) return std::nullopt;
  if (pos < data.size()) commit.message.assign(data.substr(pos));
  return commit;
}

std::optional<TagTarget> parse_tag_target(std::string_view data) {
  // "object <hex>\ntype <name>\n" first, as git writes and checks them.
  if (data.substr(0, 7) != "object " || data.size() < 48 || data[47] != '\n') return std::nullopt;
  auto object = oid_from_hex(data.substr(7, 40));
  if (!object) return std::nullopt;
  std::string_view rest = data.substr(48);
  if (rest.substr(0, 5) != "type ") return std::nullopt;
  const std::size_t end = rest.find('\n');
  if (end == std::string_view::npos) return std::nullopt;
  return TagTarget{*object, rest.substr(5, end - 5)};
}

} // namespace warden::git::native

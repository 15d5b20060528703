#pragma once
// Commit messages as git reads them (docs/commit-messages.md): the cleanup
// git applies before it stores a message, trailers as `git
// interpret-trailers` finds them, Conventional Commit subjects, and the
// subjects git writes itself. Pure functions over text: no repository.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden::commit_text {

// What git's cleanup does to a message file before storing it.
struct Cleanup {
  bool cut_at_scissors = true; // drop the scissors line and everything below it
  bool strip_comments = true;  // drop the lines that start with `comment`
  bool whitespace = true;      // trailing whitespace, leading, trailing and repeated blank lines (false: verbatim)
  std::string comment = "#";   // the comment prefix (core.commentChar); "" when it is "auto"
};

// The cleanup `git commit` applies: `commit_cleanup` is commit.cleanup
// (nullopt: "default"), `editor_used` whether git ran the editor (git sets
// GIT_EDITOR=: for the hooks when it does not), `comment_setting`
// core.commentChar (nullopt: '#'; "auto": guessed from the text, see
// auto_comment_prefix).
Cleanup cleanup_for(const std::optional<std::string>& commit_cleanup, bool editor_used,
                    const std::optional<std::string>& comment_setting);

// The comment prefix git chose for core.commentChar=auto, read back from
// the message file it wrote: the character of the scissors line, else the
// first character of the last non-blank line when that is one git picks
// from ("#;@!$%^&|:") and stands alone or before a space; else "#".
std::string auto_comment_prefix(std::string_view text);

// The scissors line git writes above the diff of `git commit -v`,
// without its comment prefix.
inline constexpr std::string_view k_scissors = " ------------------------ >8 ------------------------";

// The offset where the scissors line (with `comment` in front) starts in
// `text`; text.size() when there is none.
std::size_t scissors_offset(std::string_view text, std::string_view comment);

// `text` as git stores it after `cleanup`.
std::string clean_message(std::string_view text, const Cleanup& cleanup);

// One line of a message's trailer block. `token` is empty for a line of
// the block that is no `Token: value` trailer (git's "(cherry picked from
// commit ...)").
struct Trailer {
  std::string token;
  std::string value; // continuation lines joined with a space
};

// The trailers of `message`, as `git interpret-trailers --parse` finds
// them: the last paragraph (never the first), when all its lines are
// trailers, or when it has a git-generated one (Signed-off-by, "(cherry
// picked from commit") and at least a quarter of its lines are trailers.
// Lines starting with `comment` and a trailing comment block are ignored;
// a "---" line is not a divider (as for a stored commit's %(trailers)).
std::vector<Trailer> parse_trailers(std::string_view message, std::string_view comment = "#");

// True when `trailers` has `token` (case-insensitive, as git compares
// trailer tokens) with a non-empty value.
bool has_trailer(const std::vector<Trailer>& trailers, std::string_view token);

// The first line of `message`.
std::string_view subject_of(std::string_view message);

// The number of characters (UTF-8 code points; each invalid byte counts
// one) of `text`.
std::size_t characters(std::string_view text);

// A Conventional Commit subject: type(scope)!: description.
struct Conventional {
  std::string type;
  std::string scope;       // empty when there is none
  bool breaking = false;   // the '!'
  std::string description; // non-empty
};

// The parts of `subject` when it is a Conventional Commit (a type of
// letters, digits, '-' or '_' starting with a letter; an optional
// non-empty scope in parentheses; an optional '!'; ": "; a non-empty
// description); nullopt otherwise.
std::optional<Conventional> parse_conventional(std::string_view subject);

// "fixup!", "squash!" or "amend!" when `subject` starts with one of them
// (followed by a space or nothing), as `git commit --fixup/--squash` write
// them; empty otherwise.
std::string_view fixup_prefix(std::string_view subject);

// `subject` without its leading fixup!/squash!/amend! prefixes: the
// subject the commit takes after `git rebase --autosquash`.
std::string_view without_fixup_prefixes(std::string_view subject);

// True when git wrote `subject` itself: "Merge ...", "Revert \"...",
// "Reapply \"..." or a fixup!/squash!/amend! prefix.
bool written_by_git(std::string_view subject);

} // namespace warden::commit_text

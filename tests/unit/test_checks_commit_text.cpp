// Commit message text (checks/commit_text.cpp): git's cleanup, trailers as
// `git interpret-trailers` parses them, Conventional Commit subjects.
// The expected values were taken from git 2.39 (`git commit --cleanup`,
// `git interpret-trailers --parse`) on the same texts.
#include "warden/checks/commit_text.hpp"

#include <catch2/catch.hpp>

using namespace warden::commit_text;

namespace {

Cleanup strip(std::string comment = "#") {
  Cleanup cleanup;
  cleanup.comment = std::move(comment);
  return cleanup;
}

std::vector<std::string> tokens(std::string_view message) {
  std::vector<std::string> out;
  for (const Trailer& trailer : parse_trailers(message)) out.push_back(trailer.token + "=" + trailer.value);
  return out;
}

} // namespace

TEST_CASE("clean_message: git's strip cleanup", "[checks][commit-text]") {
  CHECK(clean_message("\n\n  \nSubject  \n\n\n\nBody\t\n\n# comment\n\n", strip()) == "Subject\n\nBody\n");
  CHECK(clean_message("Subject\n# Please enter the commit message\n#\n", strip()) == "Subject\n");
  CHECK(clean_message("# only comments\n#\n", strip()).empty());
  CHECK(clean_message("", strip()).empty());
  CHECK(clean_message("no newline at end", strip()) == "no newline at end\n");
  // A comment prefix of its own (core.commentChar=;), '#' lines are text.
  CHECK(clean_message("#123 fixed\n; comment\n", strip(";")) == "#123 fixed\n");
  // A comment must start the line.
  CHECK(clean_message("Subject\n  # not a comment\n", strip()) == "Subject\n  # not a comment\n");
}

TEST_CASE("clean_message: the scissors line and everything below it", "[checks][commit-text]") {
  const std::string text = "Subject\n\nBody\n# Please enter the commit message\n"
                           "# ------------------------ >8 ------------------------\n"
                           "# Do not modify or remove the line above.\ndiff --git a/x b/x\n+long line\n";
  CHECK(clean_message(text, strip()) == "Subject\n\nBody\n");
  CHECK(scissors_offset(text, "#") == text.find("# ---"));
  // At the very start: nothing is left.
  CHECK(clean_message("# ------------------------ >8 ------------------------\nx\n", strip()).empty());
  // With another comment character, the '#' scissors line is text.
  CHECK(scissors_offset(text, ";") == text.size());
  // No cut when git ran no editor (it writes no scissors line then).
  Cleanup no_editor = cleanup_for(std::nullopt, false, std::nullopt);
  CHECK_FALSE(no_editor.cut_at_scissors);
  CHECK_FALSE(no_editor.strip_comments);
  CHECK(clean_message("#123 fix it\n\n", no_editor) == "#123 fix it\n");
}

TEST_CASE("cleanup_for: commit.cleanup and core.commentChar", "[checks][commit-text]") {
  const Cleanup edited = cleanup_for(std::nullopt, true, std::nullopt);
  CHECK(edited.strip_comments);
  CHECK(edited.whitespace);
  CHECK(edited.cut_at_scissors);
  CHECK(edited.comment == "#");
  CHECK(cleanup_for(std::string("strip"), false, std::nullopt).strip_comments);
  CHECK_FALSE(cleanup_for(std::string("whitespace"), true, std::nullopt).strip_comments);
  CHECK_FALSE(cleanup_for(std::string("scissors"), true, std::nullopt).strip_comments);
  CHECK(cleanup_for(std::string("scissors"), true, std::nullopt).cut_at_scissors);
  const Cleanup verbatim = cleanup_for(std::string("verbatim"), true, std::nullopt);
  CHECK_FALSE(verbatim.whitespace);
  CHECK(clean_message("  Subject  \n\n\n# kept\n", verbatim) == "  Subject  \n\n\n# kept\n");
  CHECK(cleanup_for(std::nullopt, true, std::string(";")).comment == ";");
  CHECK(cleanup_for(std::nullopt, true, std::string("auto")).comment.empty());
  CHECK(cleanup_for(std::nullopt, true, std::string("")).comment == "#");
}

TEST_CASE("auto_comment_prefix: the character git chose", "[checks][commit-text]") {
  // git picks ';' when a line of the message starts with '#'.
  CHECK(auto_comment_prefix("#123 fixed\n\n; Please enter the commit message\n;\n") == ";");
  CHECK(auto_comment_prefix("x\n; ------------------------ >8 ------------------------\ndiff\n") == ";");
  CHECK(auto_comment_prefix("Subject only\n") == "#");
  CHECK(auto_comment_prefix("") == "#");
  Cleanup cleanup = strip("");
  CHECK(clean_message("#123 fixed\n\n; Please enter the commit message\n;\n", cleanup) == "#123 fixed\n");
}

TEST_CASE("parse_trailers: the last paragraph, as git interpret-trailers", "[checks][commit-text]") {
  CHECK(tokens("Subject\n\nBody\n\nSigned-off-by: A <a@x>\nReviewed-by: B\n") ==
        std::vector<std::string>{"Signed-off-by=A <a@x>", "Reviewed-by=B"});
  // The subject is never a trailer.
  CHECK(tokens("Signed-off-by: A <a@x>\n").empty());
  CHECK(tokens("Subject\nSigned-off-by: A <a@x>\n").empty());
  // A paragraph with a line that is no trailer is not a trailer block...
  CHECK(tokens("Subject\n\nSee: this\nand that\n").empty());
  // ... unless it has a git-generated trailer and a quarter of trailers.
  CHECK(tokens("Subject\n\nSome text\nSigned-off-by: A\n") == std::vector<std::string>{"=Some text", "Signed-off-by=A"});
  CHECK(tokens("Subject\n\n(cherry picked from commit 1234)\nSigned-off-by: A\n") ==
        std::vector<std::string>{"=(cherry picked from commit 1234)", "Signed-off-by=A"});
  // Only the last paragraph.
  CHECK(tokens("Subject\n\nFixes: #1\n\nBody text\n").empty());
  // Continuation lines fold into the trailer; whitespace before ':' is allowed.
  CHECK(tokens("Subject\n\nNote : one\n  two\n") == std::vector<std::string>{"Note=one two"});
  // Trailing comments and blank lines are ignored, and so is the scissors part.
  CHECK(tokens("Subject\n\nSigned-off-by: A\n\n# comment\n\n") == std::vector<std::string>{"Signed-off-by=A"});
  CHECK(tokens("Subject\n\nSigned-off-by: A\n# ------------------------ >8 ------------------------\nx: y\n") ==
        std::vector<std::string>{"Signed-off-by=A"});
  // A token is letters, digits and '-': git reads a URL's scheme as one.
  CHECK(tokens("Subject\n\nhttp://example.org: x\n") == std::vector<std::string>{"http=//example.org: x"});
  CHECK(tokens("Subject\n\nsee http://example.org\n").empty());
}

TEST_CASE("has_trailer: case-insensitive, with a value", "[checks][commit-text]") {
  const auto trailers = parse_trailers("Subject\n\nsigned-off-by: A <a@x>\nAcked-by:\n");
  CHECK(has_trailer(trailers, "Signed-off-by"));
  CHECK(has_trailer(trailers, "Signed-off-by:"));
  CHECK_FALSE(has_trailer(trailers, "Acked-by"));
  CHECK_FALSE(has_trailer(trailers, "Reviewed-by"));
}

TEST_CASE("subject_of and characters", "[checks][commit-text]") {
  CHECK(subject_of("one\ntwo\n") == "one");
  CHECK(subject_of("one") == "one");
  CHECK(subject_of("") == "");
  CHECK(characters("abc") == 3);
  CHECK(characters("\xc3\xa9t\xc3\xa9") == 3); // été
  CHECK(characters("\xe2\x9c\x93") == 1);
  CHECK(characters("\xff\xfe") == 2);            // invalid bytes count one each
  CHECK(characters("\xc3") == 1);
}

TEST_CASE("parse_conventional: type(scope)!: description", "[checks][commit-text]") {
  auto parsed = parse_conventional("feat(api)!: add x");
  REQUIRE(parsed);
  CHECK(parsed->type == "feat");
  CHECK(parsed->scope == "api");
  CHECK(parsed->breaking);
  CHECK(parsed->description == "add x");
  parsed = parse_conventional("fix: y");
  REQUIRE(parsed);
  CHECK(parsed->scope.empty());
  CHECK_FALSE(parsed->breaking);
  CHECK(parse_conventional("chore!: drop z"));
  CHECK(parse_conventional("build(deps-dev): bump"));
  CHECK_FALSE(parse_conventional("update stuff"));
  CHECK_FALSE(parse_conventional("feat:no space"));
  CHECK_FALSE(parse_conventional("feat: "));
  CHECK_FALSE(parse_conventional("feat():  x"));
  CHECK_FALSE(parse_conventional("feat(a(b)): x"));
  CHECK_FALSE(parse_conventional("feat(api: x"));
  CHECK_FALSE(parse_conventional(": x"));
  CHECK_FALSE(parse_conventional("1feat: x"));
  CHECK_FALSE(parse_conventional("Merge branch 'x'"));
}

TEST_CASE("fixup prefixes and the subjects git writes", "[checks][commit-text]") {
  CHECK(fixup_prefix("fixup! feat: x") == "fixup!");
  CHECK(fixup_prefix("squash! x") == "squash!");
  CHECK(fixup_prefix("amend! x") == "amend!");
  CHECK(fixup_prefix("fixup!") == "fixup!");
  CHECK(fixup_prefix("fixup!x").empty());
  CHECK(fixup_prefix("fix: x").empty());
  CHECK(without_fixup_prefixes("fixup! fixup! squash! feat: x") == "feat: x");
  CHECK(without_fixup_prefixes("feat: x") == "feat: x");
  CHECK(written_by_git("Merge branch 'feature/x'"));
  CHECK(written_by_git("Merge pull request #1 from a/b"));
  CHECK(written_by_git("Revert \"feat: x\""));
  CHECK(written_by_git("Reapply \"feat: x\""));
  CHECK(written_by_git("fixup! anything"));
  CHECK_FALSE(written_by_git("Merged the thing"));
  CHECK_FALSE(written_by_git("Revert the thing"));
}

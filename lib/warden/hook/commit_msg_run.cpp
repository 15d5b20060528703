// commit-msg: the message git is about to store, judged by the commits:
// section (docs/commit-messages.md). Reads no objects: the message file,
// the environment git exports (GIT_AUTHOR_EMAIL, GIT_EDITOR) and config.
#include "warden/hook/commit_msg.hpp"

#include "warden/checks/commit_rules.hpp"
#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"

#include <fmt/core.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace warden {

namespace {

namespace stdfs = std::filesystem;

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) return std::nullopt;
  return std::string(value);
}

// `path` as the user can type it at the top of the worktree: relative to
// `worktree` (.git/COMMIT_EDITMSG; ../repo/.git/worktrees/x/COMMIT_EDITMSG
// from a linked worktree), else absolute.
std::string shown_path(const stdfs::path& path, const std::string& worktree) {
  std::error_code ec;
  const stdfs::path file = stdfs::weakly_canonical(path, ec);
  if (ec || worktree.empty()) return path.string();
  const stdfs::path root = stdfs::weakly_canonical(worktree, ec);
  if (ec) return path.string();
  const stdfs::path relative = file.lexically_relative(root);
  return relative.empty() ? file.string() : relative.string();
}

// The hint after a refusal: where git keeps the message, and how to reuse it.
std::string kept_message_hint(const stdfs::path& file, const std::string& worktree) {
  const std::string shown = shown_path(file, worktree);
  const std::string quoted = shown.find_first_of(" \t'\"\\$`") == std::string::npos ? shown : "'" + shown + "'";
  if (file.filename() == "MERGE_MSG")
    return fmt::format("hint: the merge is not committed; its message is kept in {}: edit it and finish the merge "
                       "with git commit\n",
                       quoted);
  return fmt::format("hint: your message is kept in {}; edit and reuse it: git commit -e -F {}\n", quoted, quoted);
}

} // namespace

commit_text::Cleanup commit_msg_cleanup(const git::RepoFacts& repo) {
  const auto editor = environment("GIT_EDITOR");
  const bool editor_used = !(editor && *editor == ":");
  auto comment = repo.config_string("core.commentString");
  if (!comment) comment = repo.config_string("core.commentChar");
  return commit_text::cleanup_for(repo.config_string("commit.cleanup"), editor_used, comment);
}

namespace {

// The email git records for `role` ("author", "committer"): GIT_<ROLE>_EMAIL,
// else <role>.email, user.email, $EMAIL.
std::string identity_email(const git::RepoFacts& repo, const std::string& role) {
  std::string variable = "GIT_" + role + "_EMAIL";
  for (char& c : variable) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (auto email = environment(variable.c_str())) return *email;
  for (const std::string& key : {role + ".email", std::string("user.email")})
    if (auto email = repo.config_string(key); email && !email->empty()) return *email;
  if (auto email = environment("EMAIL")) return *email;
  return {};
}

} // namespace

std::string author_email(const git::RepoFacts& repo) { return identity_email(repo, "author"); }

std::string committer_email(const git::RepoFacts& repo) { return identity_email(repo, "committer"); }

int run_commit_msg_on(const HookContext& context, const git::RepoFacts& repo) {
  if (context.skip.all()) {
    fmt::print(stderr, "warden commit-msg: all checks skipped (WARDEN_SKIP=all)\n");
    return run_local_hook(repo.hooks_dir(), context, std::nullopt);
  }
  if (context.args.empty())
    throw UsageError("git passes the message file as the hook's argument: commit-msg FILE");
  const stdfs::path file = fs::absolute_from(stdfs::current_path(), context.args[0]);
  const Policy policy = load_policy(repo);

  Findings findings;
  if (commit_rules_enabled(policy)) {
    const auto text = fs::read_file(file);
    if (!text) throw Error(fmt::format("{}: cannot read the commit message", file.string()), k_exit_usage);
    const std::string message = commit_text::clean_message(*text, commit_msg_cleanup(repo));
    // An empty message: git aborts the commit itself, unless
    // --allow-empty-message asked for one.
    if (!message.empty()) check_commit_message(policy, "message", message, findings);
    // git exports the author it is about to record; the committer is who runs it.
    check_commit_author(policy, "message", author_email(repo), committer_email(repo), findings);
  }

  const int status = finish(findings, finish_options(context));
  if (status != 0) {
    const std::string hint = kept_message_hint(file, repo.worktree_root());
    std::fputs(hint.c_str(), stderr);
    std::fflush(stderr);
    return status;
  }
  return run_local_hook(repo.hooks_dir(), context, std::nullopt);
}

} // namespace warden

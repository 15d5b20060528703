#pragma once
// The commit-msg hook (docs/commit-messages.md). `warden hook commit-msg`
// (hook/commit_msg.cpp, libgit2) and the commit-msg binary
// (hook/commit_msg_binary.cpp, git's files read directly) differ only in how
// they read the repository; what the hook does is run_commit_msg_on.
#include "warden/checks/commit_text.hpp"
#include "warden/git/config_read.hpp"
#include "warden/hook/hooks.hpp"

#include <string>

namespace warden {

// The cleanup git applies to the message it hands the hook: commit.cleanup,
// core.commentChar (core.commentString when set), and whether the editor
// ran (git sets GIT_EDITOR=: for the hook when it did not).
commit_text::Cleanup commit_msg_cleanup(const git::RepoFacts& repo);

// The emails git records as author and committer: GIT_AUTHOR_EMAIL (git
// exports the author it is about to record) / GIT_COMMITTER_EMAIL, else
// author.email / committer.email, user.email, $EMAIL; empty when none is
// set (git would make one up, and there is nothing to judge).
std::string author_email(const git::RepoFacts& repo);
std::string committer_email(const git::RepoFacts& repo);

// Judge the message file `context.args[0]` of `repo`: commit-message on the
// message as git will store it, commit-author on the identities git
// exported; finish(), and on a refusal the hint that the message is kept and
// how to reuse it; then the chained `.local` hook. Returns the exit status.
int run_commit_msg_on(const HookContext& context, const git::RepoFacts& repo);

// The commit-msg binary's entry point: the native reader, handing over to
// `warden hook commit-msg` for what it does not read.
int run_commit_msg_binary(int argc, char** argv);

} // namespace warden

#include "git_test_repo.hpp"

#include "warden/core/process.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace warden;

TEST_CASE("run_process captures stdout, stderr and the exit code", "[core][process]") {
  auto result = run_shell("printf out; printf err >&2; exit 3");
  CHECK(result.exit_code == 3);
  CHECK(result.out == "out");
  CHECK(result.err == "err");
  CHECK_FALSE(result.ok());
}

TEST_CASE("run_process does not deadlock on large output on both streams", "[core][process]") {
  // 1 MiB on each stream: far more than a pipe buffer holds.
  auto result = run_shell("head -c 1048576 /dev/zero; head -c 1048576 /dev/zero >&2; "
                          "head -c 1048576 /dev/zero; head -c 1048576 /dev/zero >&2");
  CHECK(result.exit_code == 0);
  CHECK(result.out.size() == 2u * 1048576);
  CHECK(result.err.size() == 2u * 1048576);
}

TEST_CASE("run_process writes stdin_data fully", "[core][process]") {
  ProcessOptions options;
  std::string input(3u << 20, 'x'); // larger than the pipe buffer
  input += "end";
  options.stdin_data = input;
  auto result = run_process({"wc", "-c"}, options);
  CHECK(result.exit_code == 0);
  CHECK(std::stoul(result.out) == input.size());

  options.stdin_data = "a\nb\n";
  result = run_process({"cat"}, options);
  CHECK(result.out == "a\nb\n");
}

TEST_CASE("run_process survives a child that ignores its stdin", "[core][process]") {
  ProcessOptions options;
  options.stdin_data = std::string(4u << 20, 'y');
  auto result = run_shell("exit 0", options);
  CHECK(result.exit_code == 0);
}

TEST_CASE("run_process reports a program that cannot start with 127", "[core][process]") {
  auto result = run_process({"/nonexistent/program-warden"});
  CHECK(result.exit_code == 127);
  CHECK_FALSE(result.err.empty());
}

TEST_CASE("run_process reports death by signal as 128+N", "[core][process]") {
  auto result = run_shell("kill -TERM $$");
  CHECK(result.exit_code == 128 + 15);
}

TEST_CASE("run_process honours cwd and env", "[core][process]") {
  test::TempDir dir;
  ProcessOptions options;
  options.cwd = dir.str();
  options.env["WARDEN_TEST_VALUE"] = "hello world";
  auto result = run_shell("pwd; printf '%s' \"$WARDEN_TEST_VALUE\"", options);
  CHECK(result.out == dir.str() + "\nhello world");
}

TEST_CASE("run_process clear_git_env drops git's repository variables", "[core][process]") {
  test::ScopedEnv git_dir("GIT_DIR", "/somewhere/.git");
  test::ScopedEnv index("GIT_INDEX_FILE", "/somewhere/index");
  test::ScopedEnv kept("GIT_AUTHOR_NAME", "Kept");
  ProcessOptions options;
  options.clear_git_env = true;
  auto result = run_shell("printf '%s|%s|%s' \"${GIT_DIR-unset}\" \"${GIT_INDEX_FILE-unset}\" \"$GIT_AUTHOR_NAME\"", options);
  CHECK(result.out == "unset|unset|Kept");
  result = run_shell("printf '%s' \"${GIT_DIR-unset}\"");
  CHECK(result.out == "/somewhere/.git");
}

TEST_CASE("git_local_env_vars matches git rev-parse --local-env-vars", "[core][process]") {
  auto result = run_git({"rev-parse", "--local-env-vars"}, "", false);
  REQUIRE(result.ok());
  std::vector<std::string> expected;
  std::string_view text(result.out);
  while (!text.empty()) {
    const auto nl = text.find('\n');
    if (nl != 0) expected.emplace_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  for (const auto& name : expected) {
    INFO(name);
    CHECK(std::find(git_local_env_vars().begin(), git_local_env_vars().end(), name) != git_local_env_vars().end());
  }
}

TEST_CASE("run_git throws Error naming the command and git's message", "[core][process]") {
  test::TempDir dir;
  try {
    run_git({"rev-parse", "--verify", "nope"}, dir.str(), true, test::isolated_git_options(dir.path()));
    FAIL("no error");
  } catch (const Error& e) {
    const std::string message = e.what();
    CHECK(message.rfind("git rev-parse --verify nope: ", 0) == 0);
    CHECK(message.find("not a git repository") != std::string::npos);
    CHECK(message.find('\n') == std::string::npos);
  }
  auto result = run_git({"rev-parse", "--verify", "nope"}, dir.str(), false, test::isolated_git_options(dir.path()));
  CHECK(result.exit_code != 0);
}

TEST_CASE("spawn_detached returns at once and leaves no zombie", "[core][process]") {
  test::TempDir dir;
  const auto marker = dir.path() / "done";
  const auto start = std::chrono::steady_clock::now();
  spawn_detached({"/bin/sh", "-c", "sleep 0.3; printf \"$WARDEN_TEST_VALUE\" > \"$1\"", "sh", marker.string()},
                 {{"WARDEN_TEST_VALUE", "detached"}});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(elapsed < std::chrono::milliseconds(250));
  CHECK_FALSE(std::filesystem::exists(marker));
  // The intermediate child was reaped; the grandchild is not ours.
  CHECK(::waitpid(-1, nullptr, WNOHANG) == -1);
  for (int i = 0; i < 100 && !std::filesystem::exists(marker); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(fs::read_file(marker).value_or("") == "detached");
}

TEST_CASE("spawn_detached does not hold the caller's pipes open", "[core][process]") {
  // A hook's stderr is a pipe git reads to EOF: the detached child must not keep it.
  int fds[2];
  REQUIRE(::pipe(fds) == 0); // inheritable on purpose
  spawn_detached({"/bin/sleep", "3"});
  ::close(fds[1]);
  pollfd poll_fd{fds[0], POLLIN, 0};
  REQUIRE(::poll(&poll_fd, 1, 1000) == 1);
  char c;
  CHECK(::read(fds[0], &c, 1) == 0); // EOF: no other writer
  ::close(fds[0]);
}

TEST_CASE("shell_quote quotes a word only when a shell would split or expand it", "[core][process]") {
  CHECK(shell_quote("feature/x") == "feature/x");
  CHECK(shell_quote("a-b_c.d:e=f@g+h,i") == "a-b_c.d:e=f@g+h,i");
  CHECK(shell_quote("a b") == "'a b'");
  CHECK(shell_quote("it's") == "'it'\\''s'");
  CHECK(shell_quote("") == "''");
  CHECK(shell_quote("$HOME") == "'$HOME'");
  CHECK(shell_quote("*.txt") == "'*.txt'");
  // What the shell makes of the quoted word is the word itself.
  for (const std::string word : {"it's", "a b", "$(x) `y` \\z", "\"q\"", "!x;y&z|w"}) {
    const auto result = run_shell("printf %s " + shell_quote(word));
    CHECK(result.out == word);
  }
}

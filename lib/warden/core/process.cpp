#include "warden/core/process.hpp"

#include "warden/core/error.hpp"

#include <fmt/core.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <pthread.h>
#include <set>
#include <utility>

extern char** environ;

namespace warden {

namespace {

// An owned file descriptor, closed once.
class Fd {
public:
  Fd() = default;
  explicit Fd(int fd) : m_fd(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : m_fd(other.release()) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  ~Fd() { reset(); }
  int get() const { return m_fd; }
  int release() { return std::exchange(m_fd, -1); }
  void reset(int fd = -1) {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = fd;
  }
  explicit operator bool() const { return m_fd >= 0; }

private:
  int m_fd = -1;
};

struct Pipe {
  Fd read;
  Fd write;
};

Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(fmt::format("pipe: {}", std::strerror(errno)));
  return Pipe{Fd(fds[0]), Fd(fds[1])};
}

// argv/envp as the C arrays exec wants; the strings stay owned here.
struct CStrings {
  std::vector<std::string> storage;
  std::vector<char*> pointers;

  explicit CStrings(std::vector<std::string> strings) : storage(std::move(strings)) {
    pointers.reserve(storage.size() + 1);
    for (auto& s : storage) pointers.push_back(s.data());
    pointers.push_back(nullptr);
  }
  char** data() { return pointers.data(); }
};

// Our environment, minus git's repository-local variables when asked, with
// `overrides` applied.
std::vector<std::string> build_environment(bool clear_git, const std::map<std::string, std::string>& overrides) {
  std::set<std::string_view> dropped;
  if (clear_git) {
    for (const auto& name : git_local_env_vars()) dropped.insert(name);
  }
  std::vector<std::string> result;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view text(*entry);
    const auto eq = text.find('=');
    const auto name = text.substr(0, eq);
    if (dropped.count(name) || overrides.count(std::string(name))) continue;
    result.emplace_back(text);
  }
  for (const auto& [name, value] : overrides) result.push_back(name + "=" + value);
  return result;
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Block SIGPIPE on this thread while we feed a child's stdin, so a child that
// exits without reading gives us EPIPE instead of killing us; a pending
// SIGPIPE is discarded before the old mask comes back.
class SigpipeGuard {
public:
  SigpipeGuard() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, &m_old);
  }
  ~SigpipeGuard() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    const timespec zero{0, 0};
    while (sigtimedwait(&set, nullptr, &zero) > 0) {
    }
    pthread_sigmask(SIG_SETMASK, &m_old, nullptr);
  }
  const sigset_t& old_mask() const { return m_old; }

private:
  sigset_t m_old;
};

// Pump the child's pipes until all are closed: write `input` to `in`, read
// `out` and `err`. poll() keeps a chatty child from blocking on a full pipe
// while we wait on the other one.
void pump(Fd& in, std::string_view input, Fd& out, std::string& out_data, Fd& err, std::string& err_data) {
  std::size_t written = 0;
  if (in) {
    ::fcntl(in.get(), F_SETFL, ::fcntl(in.get(), F_GETFL) | O_NONBLOCK);
    if (input.empty()) in.reset();
  }
  char buffer[65536];
  while (in || out || err) {
    pollfd fds[3];
    int count = 0;
    int in_index = -1, out_index = -1, err_index = -1;
    if (in) { in_index = count; fds[count++] = {in.get(), POLLOUT, 0}; }
    if (out) { out_index = count; fds[count++] = {out.get(), POLLIN, 0}; }
    if (err) { err_index = count; fds[count++] = {err.get(), POLLIN, 0}; }
    if (::poll(fds, static_cast<nfds_t>(count), -1) < 0) {
      if (errno == EINTR) continue;
      throw Error(fmt::format("poll: {}", std::strerror(errno)));
    }
    if (in_index >= 0 && fds[in_index].revents) {
      const ssize_t n = ::write(in.get(), input.data() + written, input.size() - written);
      if (n > 0) {
        written += static_cast<std::size_t>(n);
        if (written == input.size()) in.reset();
      } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
        in.reset(); // EPIPE: the child stopped reading; its exit status tells the rest
      }
    }
    auto drain = [&](int index, Fd& fd, std::string& data) {
      if (index < 0 || !fds[index].revents) return;
      const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
      if (n > 0) {
        data.append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        fd.reset();
      }
    };
    drain(out_index, out, out_data);
    drain(err_index, err, err_data);
  }
}

// Put fd `from` at `to` in the child (dup2 clears close-on-exec).
void add_dup(posix_spawn_file_actions_t& actions, int from, int to) {
  posix_spawn_file_actions_adddup2(&actions, from, to);
}

} // namespace

const std::vector<std::string>& git_local_env_vars() {
  // `git rev-parse --local-env-vars` (git 2.39), hard-coded: asking git costs a process.
  static const std::vector<std::string> vars{
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
    "GIT_OBJECT_DIRECTORY", "GIT_DIR", "GIT_WORK_TREE", "GIT_IMPLICIT_WORK_TREE", "GIT_GRAFT_FILE",
    "GIT_INDEX_FILE", "GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE", "GIT_PREFIX",
    "GIT_SHALLOW_FILE", "GIT_COMMON_DIR", "GIT_INTERNAL_SUPER_PREFIX"};
  return vars;
}

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  ProcessResult result;
  if (argv.empty()) {
    result.exit_code = 127;
    result.err = "empty command";
    return result;
  }
  CStrings args(argv);
  CStrings envp(build_environment(options.clear_git_env, options.env));

  Pipe in, out, err;
  if (options.stdin_data) in = make_pipe();
  if (options.capture_stdout) out = make_pipe();
  if (options.capture_stderr) err = make_pipe();

  SigpipeGuard sigpipe;

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (in.read) add_dup(actions, in.read.get(), 0);
  if (out.write) add_dup(actions, out.write.get(), 1);
  if (err.write) add_dup(actions, err.write.get(), 2);
  if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());

  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // The child gets the signal mask we had before blocking SIGPIPE, and
  // default SIGPIPE handling whatever our own disposition is.
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attributes, &sigpipe.old_mask());
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  pid_t pid = -1;
  const int spawn_error = ::posix_spawnp(&pid, args.storage[0].c_str(), &actions, &attributes, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawn_error != 0) {
    result.exit_code = 127;
    result.err = fmt::format("{}: {}\n", argv[0], std::strerror(spawn_error));
    return result;
  }
  // Our copies of the child's ends must close, or we never see EOF.
  in.read.reset();
  out.write.reset();
  err.write.reset();

  pump(in.write, options.stdin_data ? std::string_view(*options.stdin_data) : std::string_view(), out.read,
       result.out, err.read, result.err);

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      result.exit_code = -1;
      return result;
    }
  }
  result.exit_code = decode_status(status);
  return result;
}

ProcessResult run_shell(const std::string& command, const ProcessOptions& options) {
  return run_process({"/bin/sh", "-c", command}, options);
}

ProcessResult run_git(const std::vector<std::string>& args, const std::string& cwd, bool check,
                      ProcessOptions options) {
  std::vector<std::string> argv;
  argv.reserve(args.size() + 1);
  argv.emplace_back("git");
  argv.insert(argv.end(), args.begin(), args.end());
  if (!cwd.empty()) options.cwd = cwd;
  auto result = run_process(argv, options);
  if (check && !result.ok()) {
    std::string joined;
    for (const auto& arg : args) {
      if (!joined.empty()) joined += ' ';
      joined += arg;
    }
    std::string_view err(result.err);
    // git puts the reason on the first non-empty line ("fatal: ...").
    while (!err.empty() && (err.front() == '\n' || err.front() == '\r')) err.remove_prefix(1);
    std::string first(err.substr(0, err.find('\n')));
    if (first.empty()) first = fmt::format("exit status {}", result.exit_code);
    throw Error(fmt::format("git {}: {}", joined, first));
  }
  return result;
}

void spawn_detached(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  if (argv.empty()) return;
  // Everything the children need is built before fork: after it, only
  // async-signal-safe calls.
  CStrings args(argv);
  CStrings envp(build_environment(false, env));
  const pid_t child = ::fork();
  if (child < 0) throw Error(fmt::format("fork: {}", std::strerror(errno)));
  if (child == 0) {
    ::setsid();
    const pid_t grandchild = ::fork();
    if (grandchild != 0) ::_exit(grandchild < 0 ? 1 : 0);
    const int null_fd = ::open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
      ::dup2(null_fd, 0);
      ::dup2(null_fd, 1);
      ::dup2(null_fd, 2);
    }
    // Whatever git handed our process (its pipes among them) must not stay
    // open in the grandchild, or git would wait for it.
    if (::close_range(3, ~0U, 0) != 0) {
      for (int fd = 3; fd < 1024; ++fd) ::close(fd);
    }
    sigset_t empty;
    sigemptyset(&empty);
    ::sigprocmask(SIG_SETMASK, &empty, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    ::execvpe(args.storage[0].c_str(), args.data(), envp.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
}

std::string shell_quote(std::string_view word) {
  const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '/' || c == '.' || c == '_' || c == '-' || c == ':' || c == '=' || c == '@' ||
           c == '+' || c == ',';
  });
  if (plain) return std::string(word);
  std::string quoted = "'";
  for (char c : word) {
    if (c == '\'') quoted += "'\\''";
    else quoted += c;
  }
  return quoted + "'";
}

} // namespace warden

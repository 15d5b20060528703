// pre-receive: server-side enforcement for a repository that receives
// pushes (docs/push-checks.md, docs/server.md). The push is judged by the
// policy as it stands before the push (the server's warden.policy file, else
// .warden.yml on the default branch's tip, else the embedded default), so a
// push cannot weaken the rules that judge it. The pushed objects are still
// in git's quarantine, where the reader finds them (docs/native-reader.md). Refusals
// go to stderr, which git relays to the pusher prefixed "remote:"; a
// non-zero exit rejects the whole push. `server.mode: report` and a pusher
// in `server.bypass` print the findings and accept the push; under GitLab
// (GL_ID set) a refusal starts with a `GL-HOOK-ERR:` line.
#include "warden/checks/branch_rules.hpp"
#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/git/graph.hpp"
#include "warden/git/push_update.hpp"
#include "warden/git/reader_refs.hpp"
#include "warden/git/tree_diff.hpp"
#include "warden/hook/hooks.hpp"
#include "warden/hook/push_checks.hpp"
#include "warden/hook/push_commits.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <set>
#include <string_view>

namespace warden {

namespace {

constexpr const char* k_policy_file = ".warden.yml";

// `.warden.yml` in the tree of `branch`'s tip; nullopt when the branch or the
// file does not exist.
std::optional<std::string> policy_blob(const git::RepoReader& repo, const std::string& branch) {
  const auto tip = git::ref_commit(repo, "refs/heads/" + branch);
  if (!tip) return std::nullopt;
  const auto commit = repo.commit(*tip);
  if (!commit) return std::nullopt;
  const auto blob = git::find_path(repo, commit->tree, k_policy_file);
  if (!blob || (blob->mode & 0170000) != 0100000) return std::nullopt;
  auto text = repo.blobs().contents(blob->oid, UINT64_MAX);
  if (!text)
    throw Error(fmt::format("read {} on {}: cannot read blob {}", k_policy_file, branch, git::hex_id(blob->oid)),
                k_exit_usage);
  return text;
}

Policy load_server_policy(const git::RepoReader& repo) {
  if (const auto configured = repo.config_string("warden.policy"); configured && !configured->empty()) {
    const auto path = fs::absolute_from(repo.git_dir(), *configured);
    const auto text = fs::read_file(path);
    if (!text)
      throw PolicyError(fmt::format("{}: cannot read the policy named by git config warden.policy", path.string()));
    return parse_policy(*text, path.string());
  }
  if (const auto head = repo.symbolic_ref("HEAD")) {
    if (const auto branch = branch_of_ref(*head)) {
      if (const auto text = policy_blob(repo, *branch))
        return parse_policy(*text, fmt::format("{}@{}", k_policy_file, *branch));
    }
  }
  return default_policy();
}

class PreReceive {
public:
  PreReceive(const git::RepoReader& repo, const Policy& policy) : m_repo(repo), m_policy(policy) {
    hide_existing_refs();
  }

  void check_update(const PushUpdate& update) {
    const std::string& ref = update.remote_ref;
    if (update.is_deletion()) {
      check_branch_deletion(m_policy, ref, {}, m_findings);
      return;
    }
    const auto tip = git::peel_hex(m_repo, update.local_oid);
    if (update.is_branch()) {
      check_branch_name(m_policy, ref, m_findings);
      if (tip && !update.is_creation())
        check_force_push(m_policy, ref, fast_forward(m_repo, update.remote_oid, *tip), {}, m_findings);
    }
    if (tip && (update.is_branch() || update.is_tag())) check_new_commits(ref, *tip);
  }

  Findings& findings() { return m_findings; }

private:
  // The commits that already exist on the server were judged when they
  // arrived: only what the push adds is checked.
  void hide_existing_refs() {
    for (const git::NamedRef& ref : m_repo.refs("refs/"))
      if (const auto commit = m_repo.peel_to_commit(ref.id)) m_existing.push_back(*commit);
  }

  void check_new_commits(const std::string& ref, const git_oid& tip) {
    git::CommitWalk walk(m_repo, git::CommitOrder::oldest_first);
    walk.push(tip, ref);
    for (const git_oid& existing : m_existing) walk.hide(existing);
    while (const auto commit = walk.next()) {
      if (!m_checked.insert(git::hex_id(commit->id)).second) continue; // pushed under another ref too
      check_commit(ref, *commit);
    }
  }

  // Each commit against its first parent: only the directories it changed
  // are opened (git/tree_diff.hpp).
  void check_commit(const std::string& ref, const git::CommitData& commit) {
    std::optional<git_oid> base_tree;
    if (!commit.parents.empty())
      if (const auto parent = m_repo.commit(commit.parents.front())) base_tree = parent->tree;
    const std::string label = fmt::format("{} (commit {})", ref, git::hex_id(commit.id).substr(0, 12));
    check_pushed_tree(m_repo, m_policy, commit.tree, base_tree, label, m_findings);
  }

  const git::RepoReader& m_repo;
  const Policy& m_policy;
  std::vector<git_oid> m_existing;
  std::set<std::string> m_checked;
  Findings m_findings;
};

// Every finding of the push: each ref update, and the file checks on every
// commit it adds. Further push-time rules are gathered here too.
Findings gather_findings(const git::RepoReader& repo, const Policy& policy, const std::vector<PushUpdate>& updates) {
  PreReceive receive(repo, policy);
  for (const PushUpdate& update : updates) receive.check_update(update);
  check_received_commits(repo, policy, updates, SkipList(), receive.findings()); // hook/push_commits.hpp
  return std::move(receive.findings());
}

const char* env_value(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? value : nullptr;
}

// Who pushes, as the forge in front of git says: GitLab, Gitea and
// Forgejo, GitHub Enterprise Server, else WARDEN_PUSHER (docs/server.md).
struct Pusher {
  std::string name;     // empty: unknown
  std::string variable; // the environment variable it came from
};

Pusher pusher_from_environment() {
  for (const char* variable : {"GL_USERNAME", "GITEA_PUSHER_NAME", "GITHUB_USER_LOGIN", "WARDEN_PUSHER"}) {
    if (const char* value = env_value(variable)) return {value, variable};
  }
  return {};
}

// True when `name` matches the server.bypass entry `pattern`: exactly, or
// with each `*` standing for any run of characters. Nothing else is special,
// so a bot name such as `renovate[bot]` is matched literally.
bool bypass_matches(std::string_view pattern, std::string_view name) {
  std::size_t p = 0, n = 0, star = std::string_view::npos, resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// How the findings are judged: enforce (refuse on an error finding), or
// report, with the line that says why the push was accepted anyway.
struct Verdict {
  bool report = false;
  std::string statement;
};

Verdict server_verdict(const Policy& policy, const Pusher& pusher) {
  if (!pusher.name.empty()) {
    for (const std::string& entry : policy.server.bypass) {
      if (!bypass_matches(entry, pusher.name)) continue;
      const std::string matched =
        entry == pusher.name ? std::string() : fmt::format(" (entry '{}')", escape_path(entry));
      return {true, fmt::format("warden pre-receive: the push was accepted in report mode: the pusher '{}' ({}) is in "
                                "server.bypass{}; for any other pusher these errors would refuse it",
                                escape_path(pusher.name), pusher.variable, matched)};
    }
  }
  if (policy.server.mode == ServerMode::report)
    return {true, "warden pre-receive: the push was accepted in report mode (server.mode: report); under "
                  "server.mode: enforce these errors would refuse it"};
  return {};
}

// The one line GitLab shows in its web interface for a refused push.
std::string gitlab_refusal(Findings findings, const SkipList& skip) {
  skip.apply(findings);
  sort_findings(findings); // errors first
  std::size_t errors = 0;
  for (const Finding& finding : findings) errors += finding.severity == Severity::error ? 1 : 0;
  if (errors == 0) return {};
  const Finding& first = findings.front();
  std::string paths;
  for (const auto& path : first.paths) paths += (paths.empty() ? "" : ", ") + escape_path(path);
  std::string more = errors > 1 ? fmt::format(" (and {} more error{})", errors - 1, errors == 2 ? "" : "s") : "";
  return fmt::format("GL-HOOK-ERR: warden refused this push: [{}] {}: {}{}\n", first.check_id,
                     paths.empty() ? std::string("-") : paths, escape_path(first.message), more);
}

bool under_gitlab() { return env_value("GL_ID") != nullptr; }

int judge_push(const HookContext& context, const std::string& stdin_text, const git::RepoReader& repo) {
  const std::vector<PushUpdate> updates = parse_pre_receive_input(stdin_text);
  if (context.skip.all()) return 0;
  const Policy policy = load_server_policy(repo);
  Findings findings = gather_findings(repo, policy, updates);
  const Verdict verdict = server_verdict(policy, pusher_from_environment());
  FinishOptions options = finish_options(context);
  if (verdict.report) {
    options.exit_zero = true;
    options.hint = verdict.statement;
  } else if (under_gitlab()) {
    const std::string line = gitlab_refusal(findings, context.skip);
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  return finish(findings, options);
}

} // namespace

int run_pre_receive_on(const HookContext& context, const git::RepoReader& repo, const std::string& stdin_text) {
  try {
    const int status = judge_push(context, stdin_text, repo);
    if (status != 0) return status;
    return run_local_hook(repo.hooks_dir(), context, stdin_text);
  } catch (const git::BeyondReader&) {
    throw; // handed over to `warden hook pre-receive`, which judges it
  } catch (const std::exception& e) {
    // A push that cannot be judged is refused (exit 2, core/error.hpp); GitLab shows why.
    if (under_gitlab()) {
      const std::string_view what(e.what());
      fmt::print(stderr, "GL-HOOK-ERR: warden could not judge this push: {}\n",
                 escape_path(what.substr(0, what.find('\n'))));
    }
    throw;
  }
}

} // namespace warden

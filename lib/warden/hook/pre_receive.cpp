// pre-receive: server-side enforcement for a repository that receives
// pushes (docs/push-checks.md). The push is judged by the policy as it stands
// before the push (the server's warden.policy file, else .warden.yml on the
// default branch's tip, else the embedded default), so a push cannot weaken
// the rules that judge it. Refusals go to stderr, which git relays to the
// pusher prefixed "remote:"; a non-zero exit rejects the whole push.
#include "warden/checks/branch_rules.hpp"
#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/git/push_update.hpp"
#include "warden/git/history.hpp"
#include "warden/git/refs.hpp"
#include "warden/git/local_config.hpp"
#include "warden/git/objects.hpp"
#include "warden/hook/hooks.hpp"
#include "warden/hook/push_checks.hpp"
#include "warden/hook/push_commits.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <set>

namespace warden {

namespace {

constexpr const char* k_policy_file = ".warden.yml";

// `.warden.yml` in the tree of `branch`'s tip; nullopt when the branch or the
// file does not exist.
std::optional<std::string> policy_blob(const git::Repository& repo, const std::string& branch) {
  const auto tip = git::ref_commit(repo, "refs/heads/" + branch);
  if (!tip) return std::nullopt;
  const auto blob = git::blob_in_commit(repo, *tip, k_policy_file);
  if (!blob) return std::nullopt;
  auto text = git::blob_contents(repo, *blob);
  if (!text) throw Error(fmt::format("read {} on {}: cannot read blob {}", k_policy_file, branch, git::oid_hex(*blob)),
                         k_exit_usage);
  return text;
}

Policy load_server_policy(const git::Repository& repo) {
  if (const auto configured = repo.config_string("warden.policy"); configured && !configured->empty()) {
    const auto path = git::path_from_gitdir(repo, *configured);
    const auto text = fs::read_file(path);
    if (!text)
      throw PolicyError(fmt::format("{}: cannot read the policy named by git config warden.policy", path.string()));
    return parse_policy(*text, path.string());
  }
  if (const auto head = git::symbolic_target(repo, "HEAD")) {
    if (const auto branch = branch_of_ref(*head)) {
      if (const auto text = policy_blob(repo, *branch))
        return parse_policy(*text, fmt::format("{}@{}", k_policy_file, *branch));
    }
  }
  return default_policy();
}

class PreReceive {
public:
  PreReceive(const git::Repository& repo, const Policy& policy) : m_repo(repo), m_policy(policy) {
    hide_existing_refs();
  }

  void check_update(const PushUpdate& update) {
    const std::string& ref = update.remote_ref;
    if (update.is_deletion()) {
      check_branch_deletion(m_policy, ref, {}, m_findings);
      return;
    }
    const auto tip = git::peel_to_commit(m_repo, update.local_oid);
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
    for (const auto& name : git::ref_names(m_repo)) {
      if (const auto commit = git::ref_commit(m_repo, name)) m_existing.push_back(*commit);
    }
  }

  void check_new_commits(const std::string& ref, const git_oid& tip) {
    git::RevisionWalk walk(m_repo, git::WalkOrder::oldest_first);
    walk.push(tip, ref);
    for (const git_oid& existing : m_existing) walk.hide(existing);
    while (const auto oid = walk.next()) {
      if (!m_checked.insert(git::oid_hex(*oid)).second) continue; // pushed under another ref too
      check_commit(ref, git::read_commit(m_repo, *oid));
    }
  }

  void check_commit(const std::string& ref, const git::CommitInfo& commit) {
    std::optional<git_oid> base_tree;
    if (commit.first_parent) base_tree = m_repo.commit_tree(*commit.first_parent);
    const std::string label = fmt::format("{} (commit {})", ref, git::oid_hex(commit.id).substr(0, 12));
    check_pushed_tree(m_repo, m_policy, commit.tree, base_tree, label, m_findings);
  }

  const git::Repository& m_repo;
  const Policy& m_policy;
  std::vector<git_oid> m_existing;
  std::set<std::string> m_checked;
  Findings m_findings;
};

} // namespace

int run_pre_receive(const HookContext& context) {
  const std::string stdin_text = read_push_input(stdin);
  const std::vector<PushUpdate> updates = parse_pre_receive_input(stdin_text);
  const auto repo = git::Repository::discover();
  if (!context.skip.all()) {
    const Policy policy = load_server_policy(repo);
    PreReceive receive(repo, policy);
    for (const PushUpdate& update : updates) receive.check_update(update);
    check_received_commits(repo, policy, updates, context.skip, receive.findings()); // hook/push_commits.hpp
    Findings& findings = receive.findings();
    const int status = finish(findings, finish_options(context));
    if (status != 0) return status;
  }
  return run_local_hook(repo.hooks_dir(), context, stdin_text);
}

} // namespace warden

// pre-receive: server-side enforcement for a repository that receives
// pushes (SPEC section 6). The push is judged by the policy as it stands
// before the push (the server's warden.policy file, else .warden.yml on the
// default branch's tip, else the embedded default), so a push cannot weaken
// the rules that judge it. Refusals go to stderr, which git relays to the
// pusher prefixed "remote:"; a non-zero exit rejects the whole push.
#include "warden/checks/branch_rules.hpp"
#include "warden/core/error.hpp"
#include "warden/core/fs.hpp"
#include "warden/git/push_update.hpp"
#include "warden/git/repository.hpp"
#include "warden/hook/hooks.hpp"
#include "warden/hook/push_checks.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <set>

namespace warden {

namespace {

constexpr const char* k_policy_file = ".warden.yml";

std::string read_all_stdin() {
  std::string text;
  char buffer[8192];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) text.append(buffer, n);
  return text;
}

// `.warden.yml` in the tree of `branch`'s tip; nullopt when the branch or the
// file does not exist.
std::optional<std::string> policy_blob(const git::Repository& repo, const std::string& branch) {
  const auto tip = ref_commit(repo, "refs/heads/" + branch);
  if (!tip) return std::nullopt;
  const auto tree_id = repo.commit_tree(*tip);
  if (!tree_id) return std::nullopt;
  git_tree* raw_tree = nullptr;
  if (git_tree_lookup(&raw_tree, repo.get(), &*tree_id) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  git::TreePtr tree(raw_tree);
  const git_tree_entry* entry = git_tree_entry_byname(tree.get(), k_policy_file);
  if (!entry || git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return std::nullopt;
  git_blob* raw_blob = nullptr;
  git::check(git_blob_lookup(&raw_blob, repo.get(), git_tree_entry_id(entry)),
             fmt::format("read {} on {}", k_policy_file, branch));
  git::BlobPtr blob(raw_blob);
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

Policy load_server_policy(const git::Repository& repo) {
  if (const auto configured = repo.config_string("warden.policy"); configured && !configured->empty()) {
    const auto path = fs::absolute_from(repo.git_dir(), *configured);
    const auto text = fs::read_file(path);
    if (!text)
      throw PolicyError(fmt::format("{}: cannot read the policy named by git config warden.policy", path.string()));
    return parse_policy(*text, path.string());
  }
  if (const auto head = symbolic_target(repo, "HEAD")) {
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
    const auto tip = peel_to_commit(m_repo, update.local_oid);
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
    git_reference_iterator* raw = nullptr;
    git::check(git_reference_iterator_new(&raw, m_repo.get()), "list references");
    std::unique_ptr<git_reference_iterator, decltype(&git_reference_iterator_free)> iterator(
        raw, &git_reference_iterator_free);
    const char* name = nullptr;
    while (git_reference_next_name(&name, iterator.get()) == 0) {
      if (const auto commit = ref_commit(m_repo, name)) m_existing.push_back(*commit);
    }
    git_error_clear();
  }

  void check_new_commits(const std::string& ref, const git_oid& tip) {
    git_revwalk* raw = nullptr;
    git::check(git_revwalk_new(&raw, m_repo.get()), "walk the pushed commits");
    git::RevwalkPtr walk(raw);
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
    git::check(git_revwalk_push(walk.get(), &tip), fmt::format("walk {}", ref));
    for (const git_oid& existing : m_existing) {
      if (git_revwalk_hide(walk.get(), &existing) < 0) git_error_clear();
    }
    git_oid oid;
    while (git_revwalk_next(&oid, walk.get()) == 0) {
      if (!m_checked.insert(git::oid_hex(oid)).second) continue; // pushed under another ref too
      check_commit(ref, oid);
    }
    git_error_clear();
  }

  void check_commit(const std::string& ref, const git_oid& oid) {
    git_commit* raw = nullptr;
    git::check(git_commit_lookup(&raw, m_repo.get(), &oid), fmt::format("read commit {}", git::oid_hex(oid)));
    git::CommitPtr commit(raw);
    std::optional<git_oid> base_tree;
    if (git_commit_parentcount(commit.get()) > 0) base_tree = m_repo.commit_tree(*git_commit_parent_id(commit.get(), 0));
    const std::string label = fmt::format("{} (commit {})", ref, git::oid_hex(oid).substr(0, 12));
    check_pushed_tree(m_repo, m_policy, *git_commit_tree_id(commit.get()), base_tree, label, m_findings);
  }

  const git::Repository& m_repo;
  const Policy& m_policy;
  std::vector<git_oid> m_existing;
  std::set<std::string> m_checked;
  Findings m_findings;
};

} // namespace

int run_pre_receive(const HookContext& context) {
  const std::string stdin_text = read_all_stdin();
  const std::vector<PushUpdate> updates = parse_pre_receive_input(stdin_text);
  const auto repo = git::Repository::discover();
  if (!context.skip.all()) {
    const Policy policy = load_server_policy(repo);
    PreReceive receive(repo, policy);
    for (const PushUpdate& update : updates) receive.check_update(update);
    Findings& findings = receive.findings();
    const int status = finish(findings, finish_options(context));
    if (status != 0) return status;
  }
  return run_local_hook(repo.hooks_dir(), context, stdin_text);
}

} // namespace warden

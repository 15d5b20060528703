#include "warden/hook/native_hooks.hpp"

#include "warden/config/policy.hpp"
#include "warden/core/error.hpp"
#include "warden/git/native/repository.hpp"
#include "warden/git/push_update.hpp"
#include "warden/git/reader_refs.hpp"
#include "warden/git/tree_diff.hpp"
#include "warden/hook/hand_over.hpp"
#include "warden/hook/hooks.hpp"
#include "warden/notify/hook_events.hpp"

#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace warden {

namespace {

// Why the native reader left a hook to `warden hook NAME` (printed with
// WARDEN_DEBUG_HANDOVER=1).
struct HandOver {
  std::string reason;
};

bool same_entry(const std::optional<git::TreeEntry>& a, const std::optional<git::TreeEntry>& b) {
  if (!a || !b) return !a && !b;
  return a->mode == b->mode && git::equal_ids(a->oid, b->oid);
}

// True when a local branch's upstream may be gone: its remote-tracking ref
// is missing, or it is mapped in a way this check does not follow (a
// remote's non-default fetch refspec). The libgit2 path then decides.
bool upstream_may_be_gone(const git::RepoReader& repo) {
  constexpr std::string_view heads = "refs/heads/";
  for (const git::NamedRef& ref : repo.refs(std::string(heads))) {
    const std::string branch = ref.name.substr(heads.size());
    const auto remote = repo.config_string("branch." + branch + ".remote");
    const auto merge = repo.config_string("branch." + branch + ".merge");
    if (!remote || !merge) continue;
    if (*remote == ".") {
      if (!repo.ref_id(*merge)) return true;
      continue;
    }
    if (!merge->starts_with(heads)) return true;
    const auto fetch = repo.config_string("remote." + *remote + ".fetch");
    if (!fetch || *fetch != "+refs/heads/*:refs/remotes/" + *remote + "/*") return true;
    if (!repo.ref_id(git::tracking_ref(*remote, merge->substr(heads.size())))) return true;
  }
  return false;
}

// post-merge when nothing but the merge notification is to be done: the
// policy file unchanged, no commands.post-merge, no branch whose upstream
// may be gone. Everything else (and a squash merge, whose result is in the
// index) is handed over.
std::variant<int, HandOver> post_merge(const HookContext& context, const git::RepoReader& repo) {
  if (!context.args.empty() && context.args[0] == "1") return HandOver{"a squash merge (its result is in the index)"};
  if (context.skip.all() || repo.is_bare()) return k_exit_ok;
  if (repo.config_string("warden.policy")) return HandOver{"git config warden.policy names the policy file"};
  const auto before = git::ref_commit(repo, "ORIG_HEAD");
  const auto head = git::ref_commit(repo, "HEAD");
  if (before && head) {
    const auto old_commit = repo.commit(*before);
    const auto new_commit = repo.commit(*head);
    if (!old_commit || !new_commit) return HandOver{"ORIG_HEAD or HEAD is not readable here"};
    if (!same_entry(git::find_path(repo, old_commit->tree, ".warden.yml"),
                    git::find_path(repo, new_commit->tree, ".warden.yml")))
      return HandOver{"the merge changed .warden.yml"};
  }
  std::optional<Policy> policy;
  try {
    policy = load_policy(repo);
  } catch (const git::BeyondReader&) {
    throw;
  } catch (const std::exception&) {
    return HandOver{"the policy does not load"};
  }
  if (policy->commands.count("post-merge")) return HandOver{"commands.post-merge"};
  if (policy->branches.prune_on_merge != PruneOnMerge::off && upstream_may_be_gone(repo))
    return HandOver{"a branch whose upstream may be gone"};
  notify::on_post_merge(repo);
  return k_exit_ok; // nothing found: finish() would print nothing
}

} // namespace

int run_native_hook(Hook hook, int argc, char** argv) {
  HookContext context;
  context.name = hook_name(hook);
  for (int i = 1; i < argc; ++i) context.args.emplace_back(argv[i]);
  context.skip = SkipList::from_environment();
  return run_top_level("warden " + context.name, [&] {
    const bool reads_input = hook != Hook::post_merge;
    const std::string input = reads_input ? read_push_input(stdin) : std::string();
    const auto hand_over = [&](std::string_view reason) {
      return reads_input ? hand_over_to_warden(context, reason, input) : hand_over_to_warden(context, reason);
    };
    try {
      // Throws BeyondReader for a repository or config it does not read.
      const auto repo = git::native::NativeRepository::open_any();
      if (hook == Hook::pre_push) return run_pre_push_on(context, repo, input);
      if (hook == Hook::pre_receive) return run_pre_receive_on(context, repo, input);
      auto result = post_merge(context, repo);
      if (auto* status = std::get_if<int>(&result)) return *status;
      return hand_over(std::get<HandOver>(result).reason);
    } catch (const git::BeyondReader& e) {
      return hand_over(e.what());
    }
  });
}

} // namespace warden

// warden check [--staged|--all|--range A..B] [--format text|json|sarif|junit]
// [--exit-zero]: the hooks' checks, run by hand or in CI, reported in the
// chosen format on stdout (docs/check-formats.md).
#include "warden/checks/branch_rules.hpp"
#include "warden/checks/file_input.hpp"
#include "warden/checks/registry.hpp"
#include "warden/checks/repo_checks.hpp"
#include "warden/checks/run_file_checks.hpp"
#include "warden/cli/registry.hpp"
#include "warden/core/error.hpp"
#include "warden/git/history.hpp"
#include "warden/git/branches.hpp"
#include "warden/git/refs.hpp"
#include "warden/config/extends.hpp"
#include "warden/config/policy.hpp"
#include "warden/git/native/object_store.hpp"
#include "warden/git/native/repository.hpp"
#include "warden/git/objects.hpp"
#include "warden/git/repository.hpp"
#include "warden/git/tree_diff.hpp"
#include "warden/hook/pipeline.hpp"
#include "warden/hook/push_commits.hpp"
#include "warden/report/report.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace warden::cli {

namespace {

struct CheckOptions {
  bool staged = false;
  bool all = false;
  std::string range;
  std::string format = "text";
  bool exit_zero = false;
};

struct CheckResult {
  Findings findings;
  std::vector<std::string> checks_run; // ids that ran, for the JUnit test cases
};

// The file-check ids `policy` enables, in catalogue order: every id of each
// registered file check whose `enabled` says so.
std::vector<std::string> file_check_ids(const Policy& policy) {
  std::vector<std::string> ids;
  for (const checks::CheckSpec* spec : checks::all()) {
    if (!spec->run || !spec->enabled(policy)) continue;
    for (const checks::CheckId& id : spec->ids) ids.emplace_back(id.id);
  }
  return ids;
}

// The checks WARDEN_SKIP names every id of: not run at all (their findings
// would be dropped by finish()).
std::vector<std::string> skipped_checks(const SkipList& skip) {
  std::vector<std::string> ids;
  for (const checks::CheckSpec* spec : checks::all()) {
    if (!spec->run) continue;
    if (std::all_of(spec->ids.begin(), spec->ids.end(), [&](const checks::CheckId& id) { return skip.skips(id.id); }))
      ids.emplace_back(spec->id());
  }
  return ids;
}

Findings run_on(const git::Repository& repo, const Policy& policy, FileCheckInput input, bool report_all) {
  FileCheckRun run;
  run.not_run = skipped_checks(SkipList::from_environment());
  git::OdbBlobSource blobs(repo);
  input.blobs = &blobs;
  input.report_all = report_all;
  input.worktree_root = repo.worktree_root();
  return run_file_checks(policy, input, run);
}

// libgit2's object database for what the native reader cannot read, one
// thread at a time.
class LockedOdb {
public:
  explicit LockedOdb(const git::Repository& repo) : m_odb(repo) {}
  std::optional<std::uint64_t> size(const git_oid& oid) {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_odb.size(oid);
  }
  std::optional<std::string> contents(const git_oid& oid, std::uint64_t limit) {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_odb.contents(oid, limit);
  }

private:
  std::mutex m_mutex;
  git::OdbBlobSource m_odb;
};

// Blobs through the native object reader (git/native/object_store.hpp), one
// per worker thread (an ObjectStore is not shared; the mapped packs are
// shared by the OS). The last small blob read is kept: the content checks
// ask for the size and the contents of one entry's blob in turn
// (checks/run_file_checks.hpp). Whatever the native reader cannot tell
// (a missing object, a format beyond it) is asked of libgit2.
class NativeBlobs final : public BlobSource {
public:
  NativeBlobs(const std::string& objects_dir, LockedOdb& fallback) : m_store(objects_dir), m_fallback(fallback) {}

  std::optional<std::uint64_t> size(const git_oid& oid) override {
    if (!load(oid)) return m_fallback.size(oid);
    if (m_type != git::native::ObjectType::blob) return std::nullopt;
    return m_size;
  }

  std::optional<std::string> contents(const git_oid& oid, std::uint64_t limit) override {
    if (!load(oid)) return m_fallback.contents(oid, limit);
    if (m_type != git::native::ObjectType::blob || m_size > limit) return std::nullopt;
    if (m_has_data) return m_data;
    auto object = m_store.read(oid, limit);
    if (!object) return m_fallback.contents(oid, limit);
    if (object->type != git::native::ObjectType::blob) return std::nullopt;
    return std::move(object->data);
  }

private:
  static constexpr std::uint64_t k_keep_below = 1u << 20;

  // `oid`'s type and size into the last-blob slot, with its data when
  // small; false when the native reader cannot tell.
  bool load(const git_oid& oid) {
    if (m_valid && std::memcmp(m_oid.id, oid.id, sizeof oid.id) == 0) return true;
    m_valid = false;
    m_has_data = false;
    if (auto object = m_store.read(oid, k_keep_below)) {
      m_type = object->type;
      m_size = object->data.size();
      m_data = std::move(object->data);
      m_has_data = true;
    } else if (auto header = m_store.header(oid); header && header->size > k_keep_below) {
      m_type = header->type;
      m_size = header->size;
    } else {
      return false; // missing, or small yet unreadable here: libgit2 decides
    }
    m_oid = oid;
    m_valid = true;
    return true;
  }

  git::native::ObjectStore m_store;
  LockedOdb& m_fallback;
  bool m_valid = false;
  bool m_has_data = false;
  git_oid m_oid{};
  git::native::ObjectType m_type = git::native::ObjectType::none;
  std::uint64_t m_size = 0;
  std::string m_data;
};

// The native reader applies unless the objects live elsewhere than the
// common directory (quarantine, alternates named by the environment).
bool native_blobs_apply() {
  return !std::getenv("GIT_OBJECT_DIRECTORY") && !std::getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES");
}

// --all: every blob of the tree read, the content checks on every core
// (docs/decisions.md, "check --all on both cores").
Findings run_on_all(const git::Repository& repo, const Policy& policy, FileCheckInput& input) {
  FileCheckRun run;
  run.not_run = skipped_checks(SkipList::from_environment());
  LockedOdb fallback(repo);
  // Relative to the current directory when that is shorter, as git opens
  // its objects: the kernel walks fewer path components per loose object.
  std::string objects_dir = repo.common_dir() + "/objects";
  std::error_code error;
  const std::string relative = std::filesystem::proximate(objects_dir, error).string();
  if (!error && !relative.empty() && relative.size() < objects_dir.size()) objects_dir = relative;
  std::optional<git::OdbBlobSource> odb;
  std::optional<NativeBlobs> native;
  if (native_blobs_apply()) {
    input.blobs = &native.emplace(objects_dir, fallback);
    run.threads = default_check_threads();
    run.blob_reader = [&]() -> std::unique_ptr<BlobSource> { return std::make_unique<NativeBlobs>(objects_dir, fallback); };
  } else {
    input.blobs = &odb.emplace(repo);
  }
  input.report_all = true;
  input.worktree_root = repo.worktree_root();
  Findings findings = run_file_checks(policy, input, run);
  input.blobs = nullptr;
  return findings;
}

// --staged: what `git commit` would check now.
CheckResult check_staged(const git::Repository& repo, const Policy& policy) {
  if (repo.is_bare())
    throw Fatal(k_exit_usage, "--staged needs a worktree (this repository is bare): use --all or --range A..B");
  CheckResult result;
  result.findings = run_on(repo, policy, staged_check_input(repo), false);
  check_protected_branch(policy, repo.head_branch(), result.findings);
  result.checks_run = file_check_ids(policy);
  result.checks_run.emplace_back("protected-branch");
  return result;
}

// HEAD's whole tree, listed through the native reader (no object cache: at
// 100,000 files libgit2's held ~40 MiB of parsed trees; docs/decisions.md),
// else through libgit2.
git::TreeChange head_listing(const git::Repository& repo, const git_oid& tree) {
  if (native_blobs_apply()) {
    try {
      const auto native = git::native::NativeRepository::open_any();
      return git::tree_change(native, tree, std::nullopt, git::Listing::full);
    } catch (const git::BeyondReader&) {
    } catch (const Error&) {
    }
  }
  return git::tree_input(repo, tree, std::nullopt);
}

// --all: every finding in HEAD's tree (the index when HEAD is unborn).
CheckResult check_all(const git::Repository& repo, const Policy& policy) {
  CheckResult result;
  const auto head = repo.head_commit();
  if (head) {
    const auto tree = repo.commit_tree(*head);
    if (!tree) throw Fatal(1, fmt::format("cannot read the tree of HEAD ({})", git::oid_hex(*head)));
    // Kept until the process exits: freeing one string per path of a large
    // tree is work done just before exit frees it all (docs/decisions.md,
    // "check --all on both cores").
    static FileCheckInput* kept_until_exit = nullptr;
    kept_until_exit = new FileCheckInput(head_listing(repo, *tree));
    result.findings = run_on_all(repo, policy, *kept_until_exit);
  } else if (!repo.is_bare()) {
    FileCheckInput input = staged_check_input(repo);
    result.findings = run_on_all(repo, policy, input);
  }
  result.checks_run = file_check_ids(policy);
  return result;
}

std::string finding_key(const Finding& finding) {
  std::string key = fmt::format("{}\x1f{}\x1f{}", static_cast<int>(finding.severity), finding.check_id,
                                finding.message);
  for (const std::string& path : finding.paths) key += "\x1f" + path;
  return key;
}

// The protected branch the revision `to` names ("main", "refs/heads/main",
// "origin/main", "refs/remotes/origin/main", HEAD on main); empty when it
// names none.
std::string range_branch(const git::Repository& repo, const Policy& policy, const std::string& to) {
  std::string name = to;
  if (name == "HEAD") {
    name = repo.head_branch().value_or(std::string());
  } else if (name.starts_with("refs/heads/")) {
    name = name.substr(11);
  } else if (name.starts_with("refs/remotes/")) {
    const auto slash = name.find('/', 13);
    name = slash == std::string::npos ? std::string() : name.substr(slash + 1);
  } else if (!git::ref_exists(repo, "refs/heads/" + name)) {
    const std::string remote = policy.branches.remote + "/";
    name = name.starts_with(remote) ? name.substr(remote.size()) : std::string();
  }
  return !name.empty() && is_protected_branch(policy, name) ? name : std::string();
}

// A..B as given to --range: both revisions resolved to commits; an empty
// side is HEAD. Usage errors (exit 2) name the range.
struct RevisionRange {
  std::string from, to;
  git_oid from_oid{}, to_oid{};
};

RevisionRange parse_range(const git::Repository& repo, const std::string& range) {
  const auto dots = range.find("..");
  if (dots == std::string::npos || range.find("...") != std::string::npos)
    throw Fatal(k_exit_usage, fmt::format("--range expects A..B (two revisions), got '{}'", range));
  RevisionRange parsed{range.substr(0, dots), range.substr(dots + 2)};
  if (parsed.from.empty()) parsed.from = "HEAD";
  if (parsed.to.empty()) parsed.to = "HEAD";
  const auto from_oid = repo.resolve_commit(parsed.from);
  if (!from_oid) throw Fatal(k_exit_usage, fmt::format("bad revision '{}' in range '{}'", parsed.from, range));
  const auto to_oid = repo.resolve_commit(parsed.to);
  if (!to_oid) throw Fatal(k_exit_usage, fmt::format("bad revision '{}' in range '{}'", parsed.to, range));
  parsed.from_oid = *from_oid;
  parsed.to_oid = *to_oid;
  return parsed;
}

// --range A..B: each commit reachable from B and not from A, judged as
// pre-push judges it (its tree against its first parent's, new paths only),
// plus the branch names of the local branches that point into the range.
CheckResult check_range(const git::Repository& repo, const Policy& policy, const RevisionRange& range) {
  const std::string& from = range.from;
  const std::string& to = range.to;
  const git_oid& from_oid = range.from_oid;
  const git_oid& to_oid = range.to_oid;

  CheckResult result;
  std::set<std::string> seen;
  std::set<std::string> commits;
  for (const git_oid& oid : git::range_commits(repo, from_oid, to_oid)) {
    const git::CommitInfo commit = git::read_commit(repo, oid);
    commits.insert(git::oid_hex(oid));
    std::optional<git_oid> base;
    if (commit.first_parent) base = repo.commit_tree(*commit.first_parent);
    // Only the directories the commit changed are opened (git/tree_diff.hpp).
    FileCheckInput input = git::tree_change(repo, commit.tree, base, git::Listing::partial);
    input.objects = &repo;
    Findings findings = run_on(repo, policy, std::move(input), false);
    const std::string short_id = git::oid_hex(oid).substr(0, 7);
    for (Finding& finding : findings) {
      // The same problem carried by later commits is reported once, at the
      // commit that introduced it.
      if (!seen.insert(finding_key(finding)).second) continue;
      finding.message += fmt::format(" (commit {})", short_id);
      result.findings.push_back(std::move(finding));
    }
  }

  // Branch names: every local branch whose tip is one of the range's commits.
  Findings branch_findings;
  git::for_each_branch(repo, git::BranchKind::local, [&](const git::BranchRef& branch) {
    if (branch.target && commits.count(git::oid_hex(*branch.target)))
      check_branch_name(policy, branch.ref_name, branch_findings);
  });
  for (Finding& finding : branch_findings)
    if (seen.insert(finding_key(finding)).second) result.findings.push_back(std::move(finding));

  // The commit rules on the range's commits; fixup-commit when B names a
  // protected branch (docs/commit-messages.md).
  NewCommits new_commits;
  const std::string branch = range_branch(repo, policy, to);
  new_commits.updates.push_back({branch.empty() ? to : "refs/heads/" + branch, to_oid, from_oid, from});
  new_commits.known.push_back(from_oid);
  check_new_commits(repo, policy, new_commits, SkipList::from_environment(), result.findings);

  result.checks_run = file_check_ids(policy);
  result.checks_run.emplace_back("branch-name");
  for (const char* id : {"commit-message", "commit-author", "fixup-commit"})
    if (const checks::CheckSpec* spec = checks::find(id); spec && spec->enabled(policy)) result.checks_run.emplace_back(id);
  return result;
}

// The policy --range A..B judges by: the `.warden.yml` in B's tree, as
// pre-receive judges by the policy a commit carries and scoped policies are
// read from B's tree (docs/check-formats.md); `git config warden.policy`
// still wins, and without a `.warden.yml` in B the policy in force here.
Policy range_policy(const git::Repository& repo, const RevisionRange& range) {
  if (const auto configured = repo.config_string("warden.policy"); configured && !configured->empty())
    return load_policy(repo);
  const std::string& to = range.to;
  const auto blob = git::blob_in_commit(repo, range.to_oid, ".warden.yml");
  if (!blob) return load_policy(repo);
  const auto text = git::blob_contents(repo, *blob);
  if (!text) throw PolicyError(fmt::format(".warden.yml in {}: cannot read blob {}", to, git::oid_hex(*blob)));
  return parse_policy(*text, fmt::format(".warden.yml@{}", to), policy_context(repo.worktree_root(), repo.git_dir()));
}

int run_check(const CheckOptions& options) {
  const auto format = report::parse_format(options.format);
  if (!format) throw Fatal(k_exit_usage, fmt::format("unknown format '{}' (text, json, sarif, junit)", options.format));
  if (int(options.staged) + int(options.all) + int(!options.range.empty()) > 1)
    throw Fatal(k_exit_usage, "choose one of --staged, --all and --range");

  // --all: the repository is kept until the process exits, as the tree is
  // (check_all): freeing libgit2's cache of every tree object read was ≈ 5%
  // of a 100,000-file run without content checks.
  static git::Repository* kept_until_exit = nullptr;
  std::optional<git::Repository> discovered;
  if (options.all) kept_until_exit = new git::Repository(git::Repository::discover());
  else discovered.emplace(git::Repository::discover());
  const git::Repository& repo = options.all ? *kept_until_exit : *discovered;
  std::optional<RevisionRange> range;
  if (!options.range.empty()) range = parse_range(repo, options.range);
  const Policy policy = range ? range_policy(repo, *range) : load_policy(repo);
  CheckResult result = options.all ? check_all(repo, policy)
                       : range     ? check_range(repo, policy, *range)
                                   : check_staged(repo, policy);

  // WARDEN_SKIP works as in the hooks; skipped checks count as not run.
  return finish(result.findings, {.entry = "check",
                                  .skip = SkipList::from_environment(),
                                  .colour = Colour::automatic,
                                  .format = *format,
                                  .out = stdout,
                                  .checks_run = std::move(result.checks_run),
                                  .when_clean = "warden check: no findings\n",
                                  .exit_zero = options.exit_zero});
}

// The help's list of check ids, each with its description (the registry).
std::string check_list() {
  std::size_t width = 0;
  for (const report::CheckInfo& check : report::check_catalog()) width = std::max(width, check.id.size());
  std::string text = "Checks (WARDEN_SKIP=id,... skips them):\n";
  for (const report::CheckInfo& check : report::check_catalog())
    text += fmt::format("  {:<{}}  {}\n", check.id, width, check.description);
  return text;
}

} // namespace

void register_check(CLI::App& app, Action& action) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* command = app.add_subcommand(
    "check", "Run the hooks' checks and report the findings on stdout (exit 1 on an error finding)");
  auto* staged = command->add_flag("--staged", options->staged,
                                   "Check what is staged, as pre-commit would (the default)");
  auto* all = command->add_flag("--all", options->all, "Report every finding in HEAD's tree, old ones included");
  auto* range = command->add_option("--range", options->range,
                                    "Check every commit in A..B (reachable from B, not from A), as pre-push would");
  range->option_text("A..B");
  staged->excludes(all)->excludes(range);
  all->excludes(range);
  command->add_option("--format", options->format, "Report format")
    ->check(CLI::IsMember({"text", "json", "sarif", "junit"}))
    ->option_text("text|json|sarif|junit");
  command->add_flag("--exit-zero", options->exit_zero, "Exit 0 even when there are error findings");
  command->footer(check_list());
  command->callback([options, &action] { action = [options] { return run_check(*options); }; });
}

} // namespace warden::cli

// Every files-section check, in one pass each, findings sorted once; per
// scope when the tree has scoped policies (docs/monorepo.md).
#include "warden/checks/run_file_checks.hpp"

#include "warden/checks/registry.hpp"
#include "warden/checks/file_util.hpp"
#include "warden/config/scoped.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <optional>
#include <thread>
#include <utility>

namespace warden {

namespace {

// The checks that compare paths with one another: they run once over the
// whole tree with the root policy, whatever the scopes say.
bool across_paths(const checks::CheckSpec& spec) {
  return spec.id() == "case-collision";
}

// The content checks: those that read blobs. Each judges every entry on its
// own (registry.hpp, Reads::blobs), so the entries can be split among workers.
bool is_content_check(const checks::CheckSpec& spec) { return checks::reads(spec.reads, checks::Reads::blobs); }

// What one worker found: per check (an index into the checks run), each
// finding with the index of the task that made it.
struct WorkerOutput {
  std::vector<std::vector<std::pair<std::size_t, Finding>>> per_check;
  std::exception_ptr error;
};

// `specs` (catalogue order) on `input` as tasks for `thread_count` workers,
// this thread one of them: first each path check over every entry, then
// either the content checks chunk by chunk over the reported entries
// `reported`, each worker reading through its own `run.blob_reader()`, or
// (`reported` empty) the content checks together over `input` through
// `input.blobs`, as one task. Each check's findings are appended to
// `findings` in catalogue order and entry order, as the single-threaded run
// makes them.
void run_tasks(const Policy& policy, const FileCheckInput& input, const std::vector<const checks::CheckSpec*>& specs,
               const std::vector<std::size_t>& reported, const FileCheckRun& run, unsigned thread_count, Findings& findings) {
  std::vector<std::size_t> path_checks, content_checks;
  for (std::size_t i = 0; i < specs.size(); ++i) (is_content_check(*specs[i]) ? content_checks : path_checks).push_back(i);
  const std::size_t chunk = std::max<std::size_t>(1, run.chunk_entries);
  const std::size_t chunks = reported.empty() ? (content_checks.empty() ? 0 : 1) : (reported.size() + chunk - 1) / chunk;
  const std::size_t tasks = path_checks.size() + chunks;
  const std::size_t workers = std::max<std::size_t>(1, std::min<std::size_t>(thread_count, tasks));
  std::vector<WorkerOutput> outputs(workers);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  const auto work = [&](WorkerOutput& output) {
    try {
      output.per_check.resize(specs.size());
      std::unique_ptr<BlobSource> reader;
      // Content chunks: one entry at a time through every content check,
      // so the reader is asked for the same blob by each in turn.
      FileCheckInput one;
      one.entries.resize(1);
      one.report_all = input.report_all;
      one.worktree_root = input.worktree_root;
      one.scopes = input.scopes;
      Findings found;
      const auto keep = [&](std::size_t check, std::size_t task) {
        for (Finding& finding : found) output.per_check[check].emplace_back(task, std::move(finding));
        found.clear();
      };
      while (!failed.load(std::memory_order_relaxed)) {
        const std::size_t task = next.fetch_add(1);
        if (task >= tasks) break;
        if (task < path_checks.size()) {
          specs[path_checks[task]]->run(policy, input, found);
          keep(path_checks[task], task);
          continue;
        }
        if (reported.empty()) {
          for (const std::size_t k : content_checks) {
            specs[k]->run(policy, input, found);
            keep(k, task);
          }
          continue;
        }
        if (!reader) one.blobs = (reader = run.blob_reader()).get();
        const std::size_t c = task - path_checks.size();
        const std::size_t end = std::min(reported.size(), (c + 1) * chunk);
        for (std::size_t i = c * chunk; i < end; ++i) {
          one.entries[0] = input.entries[reported[i]];
          for (const std::size_t k : content_checks) {
            specs[k]->run(policy, one, found);
            keep(k, task);
          }
        }
      }
    } catch (...) {
      output.error = std::current_exception();
      failed = true;
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(workers - 1);
  try {
    for (std::size_t w = 1; w < workers; ++w) threads.emplace_back(work, std::ref(outputs[w]));
  } catch (...) {
    failed = true; // a thread could not start: let the started ones stop, then fail
    for (std::thread& thread : threads) thread.join();
    throw;
  }
  work(outputs[0]);
  for (std::thread& thread : threads) thread.join();
  for (const WorkerOutput& output : outputs)
    if (output.error) std::rethrow_exception(output.error);
  // A task is one worker's, its findings in order: a stable sort by task
  // restores the order of one pass of each check over all entries.
  for (std::size_t k = 0; k < specs.size(); ++k) {
    std::vector<std::pair<std::size_t, Finding>> all;
    for (WorkerOutput& output : outputs)
      std::move(output.per_check[k].begin(), output.per_check[k].end(), std::back_inserter(all));
    std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& entry : all) findings.push_back(std::move(entry.second));
  }
}

void run_checks(const Policy& policy, const FileCheckInput& input, Findings& findings, std::optional<bool> across,
                const FileCheckRun& run) {
  // A check the policy switches off (its spec's enabled rule) is not run:
  // the checks need not test it again; nor one the run leaves out.
  std::vector<const checks::CheckSpec*> specs;
  for (const checks::CheckSpec* spec : checks::all())
    if (spec->run && (!across || across_paths(*spec) == *across) && spec->enabled(policy) &&
        std::find(run.not_run.begin(), run.not_run.end(), spec->id()) == run.not_run.end())
      specs.push_back(spec);
  const bool any_content = std::any_of(specs.begin(), specs.end(), [](const auto* spec) { return is_content_check(*spec); });
  // The content checks by chunks need a reader per worker; the path checks
  // go on workers of their own when there are several.
  const bool chunked = run.blob_reader && any_content;
  std::vector<std::size_t> reported;
  if (chunked || (run.threads > 1 && specs.size() > 1)) {
    for (std::size_t i = 0; i < input.entries.size(); ++i)
      if (is_reported(input, input.entries[i])) reported.push_back(i);
  }
  // A few entries: no thread (starting one costs more than they do), yet
  // the content checks entry by entry when each worker has its reader.
  const unsigned threads = reported.size() < run.min_parallel_entries ? 1u : std::max(1u, run.threads);
  if (reported.empty() || (!chunked && threads == 1)) {
    for (const checks::CheckSpec* spec : specs) spec->run(policy, input, findings);
    return;
  }
  if (!chunked) reported.clear();
  run_tasks(policy, input, specs, reported, run, threads, findings);
}

// The scoped file that set a key of the check behind `finding`, if any.
const std::string* scoped_source(const PolicyScopes& scopes, const Policy& policy, const Finding& finding) {
  const checks::CheckSpec* spec = checks::find(finding.check_id);
  if (!spec) return nullptr;
  const auto scoped = [&](std::string_view key) -> const std::string* {
    const auto it = policy.sources.find(key);
    return it != policy.sources.end() && scopes.is_scoped_file(it->second) ? &it->second : nullptr;
  };
  if (!spec->severity_key.empty())
    if (const std::string* file = scoped(spec->severity_key)) return file;
  for (const config::KeySpec& key : spec->keys)
    if (const std::string* file = scoped(key.key)) return file;
  return nullptr;
}

Findings run_scoped(const PolicyScopes& scopes, const FileCheckInput& input, const FileCheckRun& run) {
  Findings findings;
  run_checks(scopes.root(), input, findings, true, run);
  // The reported entries and the removed paths of each scope (slot 0: the
  // root policy's); only these are copied, never the whole tree.
  std::vector<FileCheckInput> parts(scopes.scopes().size() + 1);
  for (FileCheckInput& part : parts) {
    part.blobs = input.blobs;
    part.report_all = input.report_all;
    part.worktree_root = input.worktree_root;
  }
  for (const FileEntry& entry : reported_entries(input))
    parts[static_cast<std::size_t>(scopes.scope_of(entry.path) + 1)].entries.push_back(entry);
  for (const std::string& path : input.removed)
    parts[static_cast<std::size_t>(scopes.scope_of(path) + 1)].removed.push_back(path);
  for (std::size_t slot = 0; slot < parts.size(); ++slot) {
    if (parts[slot].entries.empty() && parts[slot].removed.empty()) continue;
    const int scope = static_cast<int>(slot) - 1;
    const Policy* policy = &scopes.policy(scope);
    // files.required: each path is judged by the scope that owns it (an
    // inherited path outside this scope is its enclosing scope's).
    std::optional<Policy> narrowed;
    const auto& required = policy->files.required;
    if (std::any_of(required.begin(), required.end(), [&](const std::string& p) { return scopes.scope_of(p) != scope; })) {
      narrowed = *policy;
      auto& list = narrowed->files.required;
      list.erase(std::remove_if(list.begin(), list.end(), [&](const std::string& p) { return scopes.scope_of(p) != scope; }),
                 list.end());
      policy = &*narrowed;
    }
    const std::size_t first = findings.size();
    run_checks(*policy, parts[slot], findings, false, run);
    if (slot == 0) continue;
    // A finding due to a scoped policy names that policy's file.
    for (std::size_t i = first; i < findings.size(); ++i)
      if (const std::string* file = scoped_source(scopes, *policy, findings[i]))
        findings[i].message += " (" + *file + ")";
  }
  return findings;
}

} // namespace

Findings run_file_checks(const Policy& policy, const FileCheckInput& input) {
  return run_file_checks(policy, input, FileCheckRun{});
}

unsigned default_check_threads() {
  return std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
}

Findings run_file_checks(const Policy& policy, const FileCheckInput& input, const FileCheckRun& run) {
  Findings findings;
  std::optional<PolicyScopes> found;
  const PolicyScopes* scopes = input.scopes;
  if (!scopes && input.blobs) scopes = &found.emplace(tree_scopes(policy, input.entries, *input.blobs));
  if (scopes && !scopes->empty()) findings = run_scoped(*scopes, input, run);
  else run_checks(policy, input, findings, std::nullopt, run);
  sort_findings(findings);
  return findings;
}

} // namespace warden

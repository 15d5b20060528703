// Every files-section check, in one pass each, findings sorted once; per
// scope when the tree has scoped policies (docs/monorepo.md).
#include "warden/checks/registry.hpp"

#include "warden/checks/file_util.hpp"
#include "warden/config/scoped.hpp"

#include <algorithm>
#include <optional>

namespace warden {

namespace {

// The checks that compare paths with one another: they run once over the
// whole tree with the root policy, whatever the scopes say.
bool across_paths(const checks::CheckSpec& spec) {
  return spec.id() == "case-collision";
}

void run_checks(const Policy& policy, const FileCheckInput& input, Findings& findings, std::optional<bool> across) {
  // A check the policy switches off (its spec's enabled rule) is not run:
  // the checks need not test it again.
  for (const checks::CheckSpec* spec : checks::all())
    if (spec->run && (!across || across_paths(*spec) == *across) && spec->enabled(policy))
      spec->run(policy, input, findings);
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

Findings run_scoped(const PolicyScopes& scopes, const FileCheckInput& input) {
  Findings findings;
  run_checks(scopes.root(), input, findings, true);
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
    run_checks(*policy, parts[slot], findings, false);
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
  Findings findings;
  std::optional<PolicyScopes> found;
  const PolicyScopes* scopes = input.scopes;
  if (!scopes && input.blobs) scopes = &found.emplace(tree_scopes(policy, input.entries, *input.blobs));
  if (scopes && !scopes->empty()) findings = run_scoped(*scopes, input);
  else run_checks(policy, input, findings, std::nullopt);
  sort_findings(findings);
  return findings;
}

} // namespace warden

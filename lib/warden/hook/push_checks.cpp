#include "warden/hook/push_checks.hpp"

#include "warden/checks/file_input.hpp"

#include <fmt/core.h>


namespace warden {

std::optional<git_oid> peel_to_commit(const git::Repository& repo, std::string_view hex) {
  const auto oid = git::parse_oid(hex);
  if (!oid) return std::nullopt;
  git_object* raw = nullptr;
  if (git_object_lookup(&raw, repo.get(), &*oid, GIT_OBJECT_ANY) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  git::ObjectPtr object(raw);
  raw = nullptr;
  if (git_object_peel(&raw, object.get(), GIT_OBJECT_COMMIT) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  git::ObjectPtr commit(raw);
  return *git_object_id(commit.get());
}

std::optional<git_oid> merge_base(const git::Repository& repo, const git_oid& a, const git_oid& b) {
  git_oid out;
  if (git_merge_base(&out, repo.get(), &a, &b) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  return out;
}

std::optional<git_oid> ref_commit(const git::Repository& repo, const std::string& ref) {
  git_oid oid;
  if (git_reference_name_to_id(&oid, repo.get(), ref.c_str()) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  return peel_to_commit(repo, git::oid_hex(oid));
}

std::optional<std::string> symbolic_target(const git::Repository& repo, const std::string& ref) {
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo.get(), ref.c_str()) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  git::ReferencePtr reference(raw);
  if (git_reference_type(reference.get()) != GIT_REFERENCE_SYMBOLIC) return std::nullopt;
  const char* target = git_reference_symbolic_target(reference.get());
  if (!target) return std::nullopt;
  return std::string(target);
}

FastForward fast_forward(const git::Repository& repo, std::string_view old_hex, const git_oid& new_commit) {
  const auto old_commit = peel_to_commit(repo, old_hex);
  if (!old_commit) return FastForward::unknown;
  return repo.is_ancestor(*old_commit, new_commit) ? FastForward::yes : FastForward::no;
}

void check_pushed_tree(const git::Repository& repo, const Policy& policy, const git_oid& tree,
                       const std::optional<git_oid>& base_tree, const std::string& label, Findings& out,
                       std::vector<std::string>* changed_paths) {
  FileCheckInput input = git::tree_input(repo, tree, base_tree);
  git::OdbBlobSource blobs(repo);
  input.blobs = &blobs;
  Findings found = run_file_checks(policy, input);
  for (Finding& finding : found) {
    finding.message = fmt::format("in {}: {}", label, finding.message);
    out.push_back(std::move(finding));
  }
  if (changed_paths) {
    for (const FileEntry& entry : input.entries)
      if (entry.changed) changed_paths->push_back(entry.path);
  }
}

} // namespace warden

// The list of checks. Each check's file exports one function building its
// CheckSpec (declared in registry.hpp); this list names them, in catalogue
// order. An explicit list, not static self-registration: the library is
// static, and the linker drops an object file nothing refers to, registrar
// and all.
#include "warden/checks/registry.hpp"

namespace warden::checks {

const std::vector<const CheckSpec*>& all() {
  // Built once, in catalogue order; never resized, so the pointers hold.
  static const std::vector<CheckSpec> k_specs{
    case_collision_check(),
    canonical_name_check(),
    portable_name_check(),
    path_length_check(),
    required_file_check(),
    forbidden_path_check(),
    file_naming_check(),
    large_file_check(),
    conflict_marker_check(),
    secret_check(),
    protected_branch_check(),
    branch_name_check(),
    upstream_match_check(),
    remote_head_check(),
    force_push_check(),
    branch_deletion_check(),
    command_check(),
    policy_check(),
    commit_message_check(),
    commit_author_check(),
    fixup_commit_check(),
  };
  static const std::vector<const CheckSpec*> k_all = [] {
    std::vector<const CheckSpec*> specs;
    for (const CheckSpec& spec : k_specs) specs.push_back(&spec);
    return specs;
  }();
  return k_all;
}

const CheckSpec* find(std::string_view id) {
  for (const CheckSpec* spec : all())
    for (const CheckId& check_id : spec->ids)
      if (check_id.id == id) return spec;
  return nullptr;
}

bool is_known_id(std::string_view id) { return find(id) != nullptr; }

std::string_view description(std::string_view id) {
  if (const CheckSpec* spec = find(id))
    for (const CheckId& check_id : spec->ids)
      if (check_id.id == id) return check_id.description;
  return {};
}

} // namespace warden::checks

namespace warden::config {

// Declared by config/keys.hpp: config/ cannot see the checks, so the
// registry hands it their keys.
std::vector<const KeySpec*> check_keys() {
  std::vector<const KeySpec*> keys;
  for (const checks::CheckSpec* spec : checks::all())
    for (const KeySpec& key : spec->keys) keys.push_back(&key);
  return keys;
}

} // namespace warden::config

#pragma once
// The check registry: every check declares itself once, in its own file
// under checks/ (a CheckSpec: ids, description, policy keys, severity key,
// what it reads, its function), and registry.cpp lists them, one line each,
// in catalogue order. The policy loader, `warden policy show`, `warden
// check`, the SARIF and JUnit catalogues and the docs tests read it.
// How to add a check: docs/file-checks.md, "Adding a check".
#include "warden/checks/file_input.hpp"
#include "warden/config/keys.hpp"

#include <string_view>
#include <type_traits>
#include <vector>

namespace warden::checks {

// What a check looks at, to say where it can run.
enum class Reads : unsigned {
  paths = 1u << 0,    // the tree's paths and modes
  blobs = 1u << 1,    // blob sizes or contents
  refs = 1u << 2,     // branch and remote refs
  commits = 1u << 3,  // commits and their ancestry
  policy = 1u << 4,   // the policy file itself
  commands = 1u << 5, // runs the policy's commands
};

constexpr Reads operator|(Reads a, Reads b) {
  return static_cast<Reads>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}

constexpr bool reads(Reads set, Reads what) {
  return (static_cast<unsigned>(set) & static_cast<unsigned>(what)) != 0;
}

// What a finding's paths name: files (SARIF physical locations) or refs
// (logical locations: a branch is no file).
enum class Subject { files, refs };

// One id a check emits, with its one-line description (SARIF rules, docs).
struct CheckId {
  std::string_view id;
  std::string_view description;
};

using FileCheck = void (*)(const Policy&, const FileCheckInput&, Findings&);

// Every member but `ids` and `enabled` has a default, so that a declaration
// names only what sets the check apart: no keys, no severity key, reads the
// paths, names files, runs from a hook rather than as a file check.
struct CheckSpec {
  std::vector<CheckId> ids{};            // the first is the check's own; the rest it also emits
  std::vector<config::KeySpec> keys{};   // the policy keys it owns, each declared once
  std::string_view severity_key{};       // the key whose error|warn|off sets its severity; empty: always error
  bool (*enabled)(const Policy&) = nullptr; // whether `policy` switches it on (a severity, a list, a limit)
  Reads reads = Reads::paths;
  Subject subject = Subject::files;
  FileCheck run = nullptr;               // file checks only; the others run from the hooks that own their input

  std::string_view id() const { return ids.front().id; }
  std::string_view description() const { return ids.front().description; }
};

// The usual enabled rules: the check is on while the policy member
// `Section`.`Member` is: a severity other than off (is_on), or a non-empty
// list, a non-zero limit, a set pattern (is_set). As `.enabled =
// is_on<&Policy::files, &FilesPolicy::secret>`.
template <auto Section, auto Member>
bool is_on(const Policy& policy) {
  return (policy.*Section).*Member != Severity::off;
}

template <auto Section, auto Member>
bool is_set(const Policy& policy) {
  const auto& value = (policy.*Section).*Member;
  using Value = std::remove_cvref_t<decltype(value)>;
  if constexpr (std::is_same_v<Value, Pattern>) return value.regex != nullptr;
  else if constexpr (std::is_integral_v<Value>) return value != 0;
  else return !value.empty();
}

// One function per check, defined in the check's own file, building its
// spec; all() calls each once.
CheckSpec case_collision_check(); // case_collision.cpp
CheckSpec canonical_name_check(); // canonical_name.cpp
CheckSpec portable_name_check(); // portable_name.cpp
CheckSpec path_length_check(); // path_length.cpp
CheckSpec required_file_check(); // required_file.cpp
CheckSpec forbidden_path_check(); // forbidden_path.cpp
CheckSpec file_naming_check(); // file_naming.cpp
CheckSpec large_file_check(); // large_file.cpp
CheckSpec conflict_marker_check(); // conflict_marker.cpp
CheckSpec secret_check(); // secret.cpp
CheckSpec protected_branch_check(); // protected_branch.cpp
CheckSpec branch_name_check(); // branch_rules.cpp
CheckSpec upstream_match_check(); // branch_rules.cpp
CheckSpec remote_head_check(); // branch_rules.cpp
CheckSpec force_push_check(); // branch_rules.cpp
CheckSpec branch_deletion_check(); // branch_rules.cpp
CheckSpec command_check(); // command.cpp
CheckSpec policy_check(); // policy_check.cpp
CheckSpec commit_message_check(); // commit_message.cpp
CheckSpec commit_author_check(); // commit_author.cpp
CheckSpec fixup_commit_check(); // fixup_commit.cpp

// The ids of the findings the hooks make themselves (the commands they run,
// the policy they load), declared by checks/command.cpp and
// checks/policy_check.cpp through these.
inline constexpr char k_command_id[] = "command";
inline constexpr char k_policy_id[] = "policy";

// Every check, in catalogue order (the order of docs/file-checks.md and
// docs/push-checks.md, and of SARIF's rules).
const std::vector<const CheckSpec*>& all();

// The check that emits `id` (its own or a secondary id); nullptr when none.
const CheckSpec* find(std::string_view id);

// find(id) != nullptr; validates WARDEN_SKIP.
bool is_known_id(std::string_view id);

// The one-line description of `id`; empty when unknown.
std::string_view description(std::string_view id);

} // namespace warden::checks

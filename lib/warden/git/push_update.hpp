#pragma once
// The ref updates git hands to pre-push (stdin: `<local ref> <local oid>
// <remote ref> <remote oid>`) and pre-receive (`<old> <new> <ref>`).
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace warden {

struct PushUpdate {
  std::string local_ref;   // "refs/heads/x", "HEAD", "(delete)"; empty for pre-receive
  std::string local_oid;   // hex; all zeros for a deletion
  std::string remote_ref;  // "refs/heads/x", "refs/tags/v1"
  std::string remote_oid;  // hex; all zeros for a new ref

  bool is_deletion() const;  // local oid all zeros
  bool is_creation() const;  // remote oid all zeros
  bool is_branch() const;    // remote ref under refs/heads/
  bool is_tag() const;       // remote ref under refs/tags/
};

// Read all of `in` (git's hook input on stdin) to its end.
std::string read_push_input(std::FILE* in);

// Parse pre-push stdin. Throws Fatal(2) naming the line number and the
// offending line (escaped) on a malformed line. Empty input: no updates.
std::vector<PushUpdate> parse_pre_push_input(std::string_view input);

// Parse pre-receive stdin (`<old> <new> <ref>`), mapped to PushUpdate with
// remote_oid = old, local_oid = new, remote_ref = ref.
std::vector<PushUpdate> parse_pre_receive_input(std::string_view input);

} // namespace warden

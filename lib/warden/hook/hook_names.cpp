#include "warden/hook/run_hook.hpp"

namespace warden {

const char* hook_name(Hook hook) {
  switch (hook) {
  case Hook::pre_commit: return "pre-commit";
  case Hook::commit_msg: return "commit-msg";
  case Hook::pre_push: return "pre-push";
  case Hook::post_merge: return "post-merge";
  case Hook::pre_receive: return "pre-receive";
  case Hook::reference_transaction: return "reference-transaction";
  }
  return "hook";
}

} // namespace warden

// pre-receive stdin (`<old> <new> <ref>`): on a server, every pusher's refs.
#include "fuzz_common.hpp"

#include "warden/git/push_update.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  warden::fuzz::expect_clean_rejection([&] {
    for (const auto& update : warden::parse_pre_receive_input(warden::fuzz::as_text(data, size))) {
      if (update.remote_ref.empty()) __builtin_trap();
      (void)update.is_deletion();
      (void)update.is_creation();
      (void)update.is_branch();
      (void)update.is_tag();
    }
  });
  return 0;
}

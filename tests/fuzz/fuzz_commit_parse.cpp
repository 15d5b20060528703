// The native reader's object parsers (git/native/commit_parse.hpp,
// object_store.hpp): commit and tag objects and the alternates lists come
// from the repository being pushed to, and a pushed object is outside input.
// Input: the object's bytes. They reject by returning nullopt, never by
// throwing; what they accept must be consistent with the input.
#include "fuzz_common.hpp"

#include "warden/git/native/commit_parse.hpp"
#include "warden/git/native/object_store.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 1 << 16) return 0;
  const std::string_view text = warden::fuzz::as_text(data, size);
  if (auto commit = warden::git::native::parse_commit(text)) {
    // The message is the input's tail, after the headers.
    if (commit->message.size() > text.size() ||
        text.substr(text.size() - commit->message.size()) != commit->message)
      __builtin_trap();
    if (commit->parents.size() > text.size() / 47) __builtin_trap();
  }
  if (auto tag = warden::git::native::parse_tag_target(text)) {
    if (tag->type.size() > text.size()) __builtin_trap();
  }
  (void)warden::git::native::parse_tree(std::string(text));
  for (const char separator : {':', '\n'})
    for (const auto& entry : warden::git::native::parse_alternates(text, separator))
      if (entry.empty() || entry.size() > text.size()) __builtin_trap();
  return 0;
}

// The native reader's ref store (git/native/refs.hpp) over a packed-refs
// file: the sorted one is binary-searched in place, so a malformed file
// must not send a probe out of it. Input: the packed-refs text, then a NUL
// and ref names to look up, split on NUL. It may reject only with
// git::BeyondReader.
#include "fuzz_common.hpp"

#include "warden/git/native/refs.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace {

// One scratch git dir per process: packed-refs rewritten for each input,
// both removed at exit (plain buffers: they outlive every destructor).
char g_dir[] = "/tmp/warden-fuzz-refs.XXXXXX";
char g_file[sizeof g_dir + 16];

std::string scratch_dir() {
  static const bool made = [] {
    if (!::mkdtemp(g_dir)) std::abort();
    std::snprintf(g_file, sizeof g_file, "%s/packed-refs", g_dir);
    std::atexit([] {
      ::unlink(g_file);
      ::rmdir(g_dir);
    });
    return true;
  }();
  (void)made;
  return g_dir;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 1 << 16) return 0;
  const auto parts = warden::fuzz::split(warden::fuzz::as_text(data, size), '\0');
  const std::string path = scratch_dir() + "/packed-refs";
  if (std::FILE* file = std::fopen(path.c_str(), "wb")) {
    std::fwrite(parts[0].data(), 1, parts[0].size(), file);
    std::fclose(file);
  }
  std::vector<std::string> names{"refs/heads/main", "refs/tags/v1", "refs/a", "refs/z"};
  for (std::size_t i = 1; i < parts.size(); ++i) names.emplace_back(parts[i]);
  warden::git::native::RefStore store(scratch_dir(), scratch_dir());
  for (const auto& name : names) {
    try {
      (void)store.id(name);
    } catch (const warden::git::BeyondReader& e) {
      if (std::string_view(e.what()).empty()) __builtin_trap();
    }
  }
  try {
    for (const auto& ref : store.list("refs/"))
      if (ref.name.rfind("refs/", 0) != 0) __builtin_trap();
  } catch (const warden::git::BeyondReader& e) {
    if (std::string_view(e.what()).empty()) __builtin_trap();
  }
  return 0;
}

// run_local_hook: the foreign hook kept as <hook>.local by install-hooks.
#include "warden/core/fs.hpp"
#include "warden/hook/hooks.hpp"

#include "git_test_repo.hpp"

#include <catch2/catch.hpp>

using namespace warden;
using warden::test::TempDir;

TEST_CASE("run_local_hook", "[hook][local_hook]") {
  TempDir tmp;
  HookContext context;
  context.name = "pre-push";
  context.args = {"origin", "/some/url"};
  const auto hook = tmp.path() / "pre-push.local";
  const auto record = tmp.path() / "record";

  SECTION("missing: 0") { CHECK(run_local_hook(tmp.str(), context, std::nullopt) == 0); }

  SECTION("arguments, stdin and exit status") {
    fs::write_file_atomic(hook, "#!/bin/sh\necho \"$@\" > \"" + record.string() + "\"\ncat >> \"" +
                                  record.string() + "\"\nexit 7\n",
                          0755);
    CHECK(run_local_hook(tmp.str(), context, std::string("refs/heads/a 1 refs/heads/a 0\n")) == 7);
    CHECK(fs::read_file(record) == std::optional<std::string>("origin /some/url\nrefs/heads/a 1 refs/heads/a 0\n"));
  }

  SECTION("a script without #! runs through /bin/sh, as git runs it") {
    fs::write_file_atomic(hook, "echo \"$1\" > \"" + record.string() + "\"\nexit 4\n", 0755);
    CHECK(run_local_hook(tmp.str(), context, std::string()) == 4);
    CHECK(fs::read_file(record) == std::optional<std::string>("origin\n"));
  }

  SECTION("not executable: 0, not run") {
    fs::write_file_atomic(hook, "#!/bin/sh\ntouch \"" + record.string() + "\"\nexit 1\n", 0644);
    CHECK(run_local_hook(tmp.str(), context, std::string()) == 0);
    CHECK_FALSE(std::filesystem::exists(record));
  }
}

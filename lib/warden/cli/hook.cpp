// `warden hook NAME [ARGS...]`: run a hook's full implementation. The
// pre-commit binary hands over here for repositories its fast reader does
// not handle; it is also a way to run a hook by hand.
#include "warden/cli/registry.hpp"
#include "warden/hook/run_hook.hpp"

#include <map>

namespace warden::cli {

void register_hook(CLI::App& app, Action& action) {
  auto* hook = app.add_subcommand("hook", "Run a hook's checks as git would (pre-commit, commit-msg, pre-push, post-merge, pre-receive)");
  hook->group(""); // not listed: git calls the hooks, people rarely do
  auto name = std::make_shared<std::string>();
  auto args = std::make_shared<std::vector<std::string>>();
  hook->add_option("NAME", *name, "Hook name")->required()->check(
      CLI::IsMember({"pre-commit", "commit-msg", "pre-push", "post-merge", "pre-receive"}));
  hook->add_option("ARGS", *args, "git's arguments to the hook");
  hook->prefix_command(false);
  hook->callback([&action, name, args] {
    action = [name, args] {
      static const std::map<std::string, Hook> hooks{{"pre-commit", Hook::pre_commit},
                                                     {"commit-msg", Hook::commit_msg},
                                                     {"pre-push", Hook::pre_push},
                                                     {"post-merge", Hook::post_merge},
                                                     {"pre-receive", Hook::pre_receive}};
      std::vector<std::string> storage{"warden-" + *name};
      storage.insert(storage.end(), args->begin(), args->end());
      std::vector<char*> argv;
      for (auto& s : storage) argv.push_back(s.data());
      return run_hook(hooks.at(*name), static_cast<int>(argv.size()), argv.data());
    };
  });
}

} // namespace warden::cli

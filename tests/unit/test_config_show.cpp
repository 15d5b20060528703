// `warden policy show` (config/show.cpp): every key of the table, with its
// effective value.
#include "warden/config/keys.hpp"

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

using namespace warden;

TEST_CASE("effective_yaml covers every key", "[config][show]") {
  Policy policy = parse_policy("git:\n  fetch.prune: 'true'\n", ".warden.yml");
  const YAML::Node shown = YAML::Load(config::effective_yaml(policy));
  for (const config::KeySpec* key : config::policy_keys()) {
    INFO(key->key);
    const std::string section(config::key_section(*key));
    const std::string name(config::key_name(*key));
    CHECK((section.empty() ? shown[name] : shown[section][name]).IsDefined());
  }
}

TEST_CASE("effective_yaml shows the values in force", "[config][show]") {
  const Policy policy = parse_policy("files:\n  max-file-size: 2KiB\n  case-folding: full\n"
                                     "branches:\n  prune-on-merge: delete\n",
                                     ".warden.yml");
  const std::string text = config::effective_yaml(policy);
  CHECK(text.find("max-file-size: 2048B\n") != std::string::npos);
  CHECK(text.find("case-folding: full\n") != std::string::npos);
  CHECK(text.find("prune-on-merge: delete\n") != std::string::npos);
  CHECK(text.find("git:") == std::string::npos); // no git section: none shown
}

// config/yaml_text.cpp: comments blanked out without changing what YAML reads.
#include "warden/config/yaml_text.hpp"
#include "warden/core/embedded.hpp"

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>

using warden::config::comments_blanked;

TEST_CASE("comments_blanked: the default policy reads the same, line for line", "[config][yaml]") {
  const std::string raw(warden::embedded::default_policy());
  const std::string blanked = comments_blanked(raw);
  CHECK(blanked.size() * 2 < raw.size());
  CHECK(std::count(raw.begin(), raw.end(), '\n') == std::count(blanked.begin(), blanked.end(), '\n'));
  CHECK(blanked.find('#') == std::string::npos);
  CHECK(YAML::Dump(YAML::Load(raw)) == YAML::Dump(YAML::Load(blanked)));
}

TEST_CASE("comments_blanked: quotes and a '#' inside a word are kept", "[config][yaml]") {
  CHECK(comments_blanked("a: 1 # one\n# whole line\nb: 2\n") == "a: 1 \n\nb: 2\n");
  CHECK(comments_blanked("p: '^#x$' # re\n") == "p: '^#x$' \n");
  CHECK(comments_blanked("p: \"a #b\"  # c\n") == "p: \"a #b\"  \n");
  CHECK(comments_blanked("lang: C#\n") == "lang: C#\n");
  CHECK(comments_blanked("s: 'it''s # here'\n") == "s: 'it''s # here'\n");
  const std::string text = "x: [a, b]   # list\ny: {k: v} #map\n";
  CHECK(YAML::Dump(YAML::Load(text)) == YAML::Dump(YAML::Load(comments_blanked(text))));
}

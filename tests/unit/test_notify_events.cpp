#include "git_test_repo.hpp"

#include "warden/git/repository.hpp"
#include "warden/notify/digest.hpp"
#include "warden/notify/events.hpp"

#include <catch2/catch.hpp>

using namespace warden::notify;

TEST_CASE("WebLinks derive https links from GitHub and GitLab remotes", "[notify]") {
  CHECK(WebLinks::from_remote_url("git@github.com:owner/repo.git").commit("abc") == "https://github.com/owner/repo/commit/abc");
  CHECK(WebLinks::from_remote_url("https://github.com/owner/repo").base() == "https://github.com/owner/repo");
  CHECK(WebLinks::from_remote_url("https://x:token@github.com/o/r.git").base() == "https://github.com/o/r");
  CHECK(WebLinks::from_remote_url("ssh://git@gitlab.com:22/group/sub/repo.git").commit("abc") ==
        "https://gitlab.com/group/sub/repo/-/commit/abc");
  CHECK(WebLinks::from_remote_url("git@github.com:o/r.git").compare("a", "b") == "https://github.com/o/r/compare/a...b");
  CHECK(WebLinks::from_remote_url("/srv/git/repo.git").empty());
  CHECK(WebLinks::from_remote_url("https://example.com/o/r.git").empty());
}

TEST_CASE("render_template renders facts without HTML escaping", "[notify]") {
  nlohmann::json facts{{"name", "a<b>&c"}, {"items", {{{"x", "1"}}, {{"x", "2"}}}}, {"flag", false}, {"n", 3}};
  CHECK(render_template("{{name}} {{#items}}[{{x}}]{{/items}}{{#flag}}no{{/flag}}{{^flag}}yes{{/flag}} {{n}}", facts) ==
        "a<b>&c [1][2]yes 3");
  CHECK_THROWS(render_template("{{#open}}", facts));
  CHECK(render_template("[{{e}}]{{#e}}set{{/e}}{{^e}}empty{{/e}}", {{"e", ""}}) == "[]empty");
}

TEST_CASE("build_message uses the policy's template and falls back on a broken one", "[notify]") {
  warden::Policy policy;
  nlohmann::json facts{{"title", "T"}, {"text", "body"}, {"colour", 5}};
  auto message = build_message("test", facts, policy);
  REQUIRE(message.embeds.size() == 1);
  CHECK(message.embeds[0].description == "body");
  CHECK(message.embeds[0].title == "T");
  CHECK(message.username == "warden");
  policy.notify.discord.templates["digest"] = "custom {{text}}";
  CHECK(build_message("digest", facts, policy).embeds[0].description == "custom body");
  policy.notify.discord.templates["digest"] = "{{#broken}}";
  CHECK(build_message("digest", facts, policy).embeds[0].description.find("built-in template used") != std::string::npos);
}

TEST_CASE("conventional_type reads the type of a conventional subject", "[notify]") {
  CHECK(conventional_type("feat: x") == "feat");
  CHECK(conventional_type("fix(parser)!: y") == "fix");
  CHECK(conventional_type("Merge branch 'x'") == "");
  CHECK(conventional_type("feat:no space") == "");
  CHECK(conventional_type("plain subject") == "");
  // The commit-message parser: a type of commits.types, in lower case.
  CHECK(conventional_type("Feat(api)!: x") == "feat");
  CHECK(conventional_type("Note: not a type") == "");
  CHECK(conventional_type("wip: x") == "");
  CHECK(conventional_type("wip: x", {"wip"}) == "wip");
  CHECK(conventional_type("feat(): empty scope") == "");
}

TEST_CASE("render_template refuses templates whose cost multiplies", "[notify]") {
  nlohmann::json facts = {{"commits", nlohmann::json::array()}, {"branches", nlohmann::json::array()}};
  for (int i = 0; i < 300; ++i) facts["commits"].push_back({{"subject", "s"}});
  facts["branches"].push_back({{"name", "main"}, {"commits", facts["commits"]}});
  // Two lists deep is what a message needs: allowed.
  CHECK_NOTHROW(render_template("{{#branches}}{{name}}{{#commits}}.{{/commits}}{{/branches}}", facts));
  // Three deep would render 300^3 times: refused before rendering.
  CHECK_THROWS_WITH(render_template("{{#commits}}{{#commits}}{{#commits}}x{{/commits}}{{/commits}}{{/commits}}", facts),
                    Catch::Contains("nested more than 2 deep"));
  CHECK_THROWS_WITH(render_template("{{=<% %>=}}<%#commits%><%/commits%>", facts), Catch::Contains("delimiters"));
  // Conditionals on plain values do not count as lists.
  CHECK(render_template("{{#commits}}{{#subject}}{{#subject}}y{{/subject}}{{/subject}}{{/commits}}", facts).size() == 300);
}

TEST_CASE("list_commits", "[notify][events]") {
  warden::test::TestRepo test_repo;
  std::vector<std::string> ids;
  for (int i = 1; i <= 4; ++i) {
    test_repo.write("f.txt", std::to_string(i) + "\n");
    test_repo.add({"f.txt"});
    test_repo.commit("change " + std::to_string(i));
    std::string id = test_repo.git({"rev-parse", "HEAD"});
    id.pop_back();
    ids.push_back(id);
  }
  const auto repo = warden::git::Repository::open(test_repo.root().string());
  const auto tip = *warden::git::parse_oid(ids[3]);

  // Newest first, cut at the limit, all counted; hidden history left out.
  const auto listed = list_commits(repo, tip, {*warden::git::parse_oid(ids[0])}, 2);
  CHECK(listed.total == 3);
  REQUIRE(listed.commits.size() == 2);
  CHECK(listed.commits[0].oid == ids[3]);
  CHECK(listed.commits[0].short_oid == ids[3].substr(0, 7));
  CHECK(listed.commits[0].subject == "change 4");
  CHECK(listed.commits[0].author == "Test");
  CHECK(listed.commits[1].oid == ids[2]);

  // A merge commit is left out (and not counted) with Merges::exclude.
  test_repo.git({"checkout", "-q", "-b", "side", ids[1]});
  test_repo.write("side.txt", "s\n");
  test_repo.add({"side.txt"});
  test_repo.commit("side work");
  test_repo.git({"checkout", "-q", "main"});
  test_repo.git({"merge", "-q", "--no-ff", "-m", "merge side", "side"});
  std::string merge = test_repo.git({"rev-parse", "HEAD"});
  merge.pop_back();
  const auto merge_tip = *warden::git::parse_oid(merge);
  const auto hide = std::vector<git_oid>{*warden::git::parse_oid(ids[3])};
  CHECK(list_commits(repo, merge_tip, hide, 10, Merges::include).total == 2);
  const auto without_merges = list_commits(repo, merge_tip, hide, 10, Merges::exclude);
  CHECK(without_merges.total == 1);
  REQUIRE(without_merges.commits.size() == 1);
  CHECK(without_merges.commits[0].subject == "side work");
}

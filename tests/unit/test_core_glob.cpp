#include "git_test_repo.hpp"

#include "warden/core/error.hpp"
#include "warden/core/glob.hpp"

#include <catch2/catch.hpp>

using warden::Glob;

TEST_CASE("Glob: a pattern without '/' matches the last component at any depth", "[core][glob]") {
  warden::test::TempDir dir;
  const Glob ds(".DS_Store");
  CHECK(ds.matches(".DS_Store"));
  CHECK(ds.matches("a/b/.DS_Store"));
  CHECK_FALSE(ds.matches("a/.DS_Store.bak"));
  CHECK(ds.matches(".DS_Store/x"));

  const Glob modules("node_modules");
  CHECK(modules.matches("node_modules/a.js"));
  CHECK(modules.matches("web/node_modules/x/a.js"));
  CHECK_FALSE(modules.matches("web/node_modules.txt"));

  const Glob orig("*.orig");
  CHECK(orig.matches("x.orig"));
  CHECK(orig.matches("src/deep/x.orig"));
  CHECK(orig.matches(".orig"));
  CHECK_FALSE(orig.matches("x.orig.txt"));
  CHECK(orig.matches("x.orig/y"));
  CHECK_FALSE(orig.matches("x.orig.d/y"));

  const Glob main("main");
  CHECK(main.matches("main"));
  CHECK_FALSE(main.matches("mainline"));
}

TEST_CASE("Glob: a pattern with '/' is anchored at the root", "[core][glob]") {
  warden::test::TempDir dir;
  const Glob docs("docs/*.md");
  CHECK(docs.matches("docs/a.md"));
  CHECK_FALSE(docs.matches("docs/x/a.md"));
  CHECK_FALSE(docs.matches("src/docs/a.md"));

  const Glob rooted("/build.log");
  CHECK(rooted.pattern() == "/build.log");
  CHECK(rooted.matches("build.log"));
  CHECK_FALSE(rooted.matches("a/build.log"));

  const Glob release("release/*");
  CHECK(release.matches("release/1.0"));
  CHECK_FALSE(release.matches("release/1.0/x"));
  CHECK_FALSE(release.matches("release"));
  CHECK_FALSE(release.matches("prerelease/1.0"));
}

TEST_CASE("Glob: '*' and '?' never cross '/', \"**\" does", "[core][glob]") {
  warden::test::TempDir dir;
  const Glob py("src/**/*.py");
  CHECK(py.matches("src/a.py"));
  CHECK(py.matches("src/x/a.py"));
  CHECK(py.matches("src/x/y/z/a.py"));
  CHECK_FALSE(py.matches("lib/a.py"));
  CHECK_FALSE(py.matches("src/a.pyc"));

  CHECK(Glob("**/test_*.sh").matches("test_a.sh"));
  CHECK(Glob("**/test_*.sh").matches("tests/e2e/test_a.sh"));
  CHECK(Glob("vendor/**").matches("vendor/a/b/c"));
  CHECK_FALSE(Glob("vendor/**").matches("vendors/a"));
  CHECK(Glob("a/**b").matches("a/x/yb"));

  CHECK(Glob("a/?.c").matches("a/b.c"));
  CHECK_FALSE(Glob("a?b").matches("a/b"));
  CHECK_FALSE(Glob("a/*").matches("a/b/c"));
  CHECK(Glob("*").matches("anything/at/all"));
}

TEST_CASE("Glob: classes and braces", "[core][glob]") {
  warden::test::TempDir dir;
  CHECK(Glob("file[0-9].txt").matches("file7.txt"));
  CHECK_FALSE(Glob("file[0-9].txt").matches("filex.txt"));
  CHECK(Glob("[abc].c").matches("b.c"));
  CHECK_FALSE(Glob("[abc].c").matches("d.c"));
  CHECK(Glob("[!a].c").matches("b.c"));
  CHECK_FALSE(Glob("[!a].c").matches("a.c"));
  CHECK(Glob("[^a].c").matches("b.c"));
  CHECK(Glob("[]x].c").matches("].c"));
  CHECK_FALSE(Glob("x[!a]y").matches("x/y"));

  const Glob sources("*.{cpp,hpp}");
  CHECK(sources.matches("src/a.cpp"));
  CHECK(sources.matches("a.hpp"));
  CHECK_FALSE(sources.matches("a.c"));
  CHECK(Glob("{src,lib}/**/*.{c,h}").matches("lib/x/y.h"));
  CHECK(Glob("a{b,c{d,e}}f").matches("acef"));
  CHECK(Glob("a{b,c{d,e}}f").matches("abf"));
  CHECK_FALSE(Glob("a{b,c{d,e}}f").matches("acf"));
  CHECK(Glob("\\*.txt").matches("*.txt"));
  CHECK_FALSE(Glob("\\*.txt").matches("a.txt"));
}

TEST_CASE("Glob: a trailing '/' matches a directory prefix", "[core][glob]") {
  warden::test::TempDir dir;
  const Glob build("build/");
  CHECK(build.matches("build/a.o"));
  CHECK(build.matches("sub/build/x/a.o"));
  CHECK_FALSE(build.matches("build"));
  CHECK_FALSE(build.matches("rebuild/a.o"));

  const Glob anchored("docs/api/");
  CHECK(anchored.matches("docs/api/x.html"));
  CHECK(anchored.matches("docs/api/deep/x.html"));
  CHECK_FALSE(anchored.matches("docs/apix/x.html"));
  CHECK_FALSE(anchored.matches("a/docs/api/x.html"));
}

TEST_CASE("Glob: unbalanced patterns are errors", "[core][glob]") {
  warden::test::TempDir dir;
  CHECK_THROWS_AS(Glob("file[0-9.txt"), warden::Error);
  CHECK_THROWS_AS(Glob("*.{cpp,hpp"), warden::Error);
  CHECK_THROWS_WITH(Glob("a{b"), Catch::Contains("a{b") && Catch::Contains("'{'"));
}

TEST_CASE("matches_any", "[core][glob]") {
  warden::test::TempDir dir;
  const std::vector<Glob> globs{Glob("main"), Glob("release/*")};
  CHECK(warden::matches_any(globs, "main"));
  CHECK(warden::matches_any(globs, "release/2"));
  CHECK_FALSE(warden::matches_any(globs, "develop"));
  CHECK_FALSE(warden::matches_any({}, "main"));
}

#!/usr/bin/env bash
# --version names the version and the commit of the build
# (cmake/VersionScript.cmake): git describe of the source tree, "unknown"
# without .git, and the generated header is rewritten only when it changes.
source "$(dirname "$0")/lib.sh"
SRC=$(cd "$E2E_DIR/../.." && pwd)
SCRIPT="$SRC/cmake/VersionScript.cmake"

TEST "warden and install-hooks --version: VERSION (commit DESCRIBE)"
run warden --version
expect_status 0
[[ $out =~ ^warden\ [0-9]+\.[0-9]+\.[0-9]+\ \(commit\ ([^ ]+)\)$ ]] || fail "unexpected --version: $out"
commit=${BASH_REMATCH[1]:-}
if [ -e "$SRC/.git" ]; then
  expect_eq "${commit%-dirty}" "$(git -C "$SRC" describe --always --abbrev=12)" "the commit of the build"
fi
run install-hooks --version
expect_status 0
[[ $out == "install-hooks "* ]] || fail "unexpected install-hooks --version: $out"
expect_out_contains "(commit $commit)"

TEST "a tree without .git says unknown; an unchanged header is left alone"
mkdir -p "$WORK/tarball"
run cmake -DSOURCE="$WORK/tarball" -DOUT="$WORK/commit.hpp" -DGIT="$(command -v git)" -P "$SCRIPT"
expect_status 0
grep -qx '#define WARDEN_COMMIT "unknown"' "$WORK/commit.hpp" || fail "not unknown: $(cat "$WORK/commit.hpp")"
touch -d '2020-01-01' "$WORK/commit.hpp"
run cmake -DSOURCE="$WORK/tarball" -DOUT="$WORK/commit.hpp" -DGIT="$(command -v git)" -P "$SCRIPT"
expect_eq "$(stat -c %Y "$WORK/commit.hpp")" "$(date -d 2020-01-01 +%s)" "the header's time stamp"

TEST "a new commit changes the header"
new_repo "$WORK/src"
run cmake -DSOURCE="$WORK/src" -DOUT="$WORK/commit.hpp" -DGIT="$(command -v git)" -P "$SCRIPT"
expect_status 0
grep -q "\"$(git -C "$WORK/src" rev-parse --short=12 HEAD)\"" "$WORK/commit.hpp" || fail "lacks HEAD: $(cat "$WORK/commit.hpp")"
(cd "$WORK/src" && echo more >> README.md)
run cmake -DSOURCE="$WORK/src" -DOUT="$WORK/commit.hpp" -DGIT="$(command -v git)" -P "$SCRIPT"
grep -q -- '-dirty"' "$WORK/commit.hpp" || fail "a changed tree is not -dirty: $(cat "$WORK/commit.hpp")"

finish

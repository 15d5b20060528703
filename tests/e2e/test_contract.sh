#!/usr/bin/env bash
# The user-facing contract as a user meets it: the installed layout, help and
# usage errors of the umbrella command.
source "$(dirname "$0")/lib.sh"

BUILD_DIR=$(cd "$WARDEN_STAGE/.." && pwd)

TEST "cmake --install lays out bin, libexec, share and the man pages"
PREFIX="$WORK/prefix"
if [ -f "$BUILD_DIR/cmake_install.cmake" ]; then
  run cmake --install "$BUILD_DIR" --prefix "$PREFIX"
  expect_status 0
  for f in bin/install-hooks bin/warden bin/git-warden libexec/warden/pre-commit libexec/warden/pre-push \
           libexec/warden/post-merge libexec/warden/pre-receive share/warden/default.yml \
           share/man/man1/warden.1 share/man/man1/git-warden.1; do
    expect_file "$PREFIX/$f"
  done
  [ -L "$PREFIX/bin/git-warden" ] || fail "bin/git-warden is not a link"
  run "$PREFIX/bin/warden" policy default
  expect_status 0
  cmp -s "$WORK/.out" "$PREFIX/share/warden/default.yml" || fail "policy default differs from share/warden/default.yml"
fi

TEST "installed hooks run through the .git/hooks links with no library path"
if [ -x "$PREFIX/bin/install-hooks" ]; then
  new_repo "$WORK/inst"
  run env -u LD_LIBRARY_PATH "$PREFIX/bin/install-hooks" --repo "$WORK/inst"
  expect_status 0
  (cd "$WORK/inst" && echo a > Foo.txt && echo b > foo.txt && git add Foo.txt foo.txt)
  run_in "$WORK/inst" env -u LD_LIBRARY_PATH git commit -q -m collide
  expect_status 1
  expect_err_contains 'error[case-collision] Foo.txt, foo.txt:'
fi

TEST "git warden --help shows the manual page"
if [ -x "$PREFIX/bin/warden" ] && command -v man >/dev/null; then
  run_in "$WORK/inst" env PATH="$PREFIX/bin:$PATH" MANPATH="$PREFIX/share/man" MANPAGER=cat PAGER=cat git warden --help
  expect_status 0
  expect_out_contains 'git-warden'
fi

TEST "git warden runs the umbrella command"
new_repo "$WORK/gw"
run_in "$WORK/gw" git warden check --all
expect_status 0

TEST "an unknown command or option names the word and exits 2"
run warden frob
expect_status 2
expect_err_contains "warden: unknown command 'frob'"
run warden --bogus
expect_status 2
expect_err_contains "unknown option '--bogus'"
run warden branch bogus
expect_status 2
expect_err_contains "warden branch: unknown command 'bogus'"
run warden policy nope
expect_status 2
expect_err_contains "warden policy: unknown command 'nope'"

TEST "every command has --help"
for c in "" check fix branch "branch rename" "branch sync" "branch prune" notify "notify flush" "notify status" \
         "notify test" "notify ci" digest init doctor policy "policy check" "policy show" "policy default" trust; do
  # shellcheck disable=SC2086
  run warden $c --help
  [ "$status" = 0 ] || fail "warden $c --help exited $status"
  [ -n "$out" ] || fail "warden $c --help printed nothing"
done
run install-hooks --help
expect_status 0

finish

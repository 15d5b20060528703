#!/usr/bin/env bash
# install/package.sh: the .deb's layout, its Depends (computed from the
# binaries), apt resolving it on this Debian 12 machine, and the packaged
# binaries working: install-hooks and a refused and an accepted commit run
# from the extracted package (docs/package.md says why not a fresh root).
source "$(dirname "$0")/lib.sh"
SRC=$(cd "$E2E_DIR/../.." && pwd)
BUILD_DIR=$(cd "$WARDEN_STAGE/.." && pwd)

if grep -q '^WARDEN_SANITIZE:BOOL=ON' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null; then
  echo "  skipped: a sanitizer build is not packaged (the Release build's run of this test covers it)"
  TEST "package.sh --dry-run changes nothing"
  run_in "$WORK" bash "$SRC/install/package.sh" --dry-run
  expect_status 0
  expect_out_contains "would build"
  finish
fi
for tool in dpkg-deb dpkg-shlibdeps cpack file; do
  if ! command -v $tool >/dev/null; then
    echo "  skipped: $tool is not installed (apt-get install dpkg-dev file)"
    finish
  fi
done

TEST "package.sh builds warden_VERSION_ARCH.deb in the current directory"
mkdir -p "$WORK/out"
run_in "$WORK/out" bash "$SRC/install/package.sh" --build-dir "$BUILD_DIR"
expect_status 0
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$BUILD_DIR/CMakeCache.txt")
deb="$WORK/out/warden_${version}_$(dpkg --print-architecture).deb"
expect_file "$deb"
expect_eq "$(ls "$WORK/out")" "$(basename "$deb")" "only the .deb is left in the current directory"

TEST "the layout of the contract, under /usr"
run dpkg-deb --contents "$deb"
expect_status 0
contents=$(sed -E 's|^.* \./|/|; s| -> .*||' <<<"$out")
for f in /usr/bin/install-hooks /usr/bin/warden /usr/bin/git-warden \
         /usr/libexec/warden/pre-commit /usr/libexec/warden/pre-push /usr/libexec/warden/post-merge \
         /usr/libexec/warden/pre-receive /usr/share/warden/default.yml /usr/share/warden/warden.schema.json \
         /usr/share/man/man1/warden.1 /usr/share/man/man1/git-warden.1 /usr/share/man/man1/install-hooks.1 \
         /usr/share/man/man5/warden.yml.5 /usr/share/bash-completion/completions/warden \
         /usr/share/bash-completion/completions/install-hooks /usr/share/bash-completion/completions/git-warden \
         /usr/share/zsh/site-functions/_warden \
         /usr/share/zsh/site-functions/_install-hooks /usr/share/fish/vendor_completions.d/warden.fish \
         /usr/share/fish/vendor_completions.d/install-hooks.fish; do
  grep -qx "$f" <<<"$contents" || fail "the package lacks $f"
done
grep -q '/usr/local' <<<"$contents" && fail "the package has /usr/local paths"
grep -q 'usr/bin/git-warden -> warden' <<<"$out" || fail "git-warden is not a link to warden: $(grep git-warden <<<"$out")"

TEST "Depends lists the shared libraries the binaries need, and git"
run dpkg-deb -f "$deb" Depends
expect_status 0
depends=$out
for lib in libgit2-1.5 libcurl4 libc6 libstdc++6 git; do
  [[ ", $depends," == *", $lib "* || ", $depends," == *", $lib,"* ]] || fail "Depends lacks $lib: $depends"
done
run dpkg-deb -f "$deb" Recommends
expect_out_contains "man-db"
run dpkg-deb -f "$deb" Package Version Architecture
expect_out_contains "Package: warden"
expect_out_contains "Version: $version"

TEST "apt resolves the package on this machine"
if command -v apt-get >/dev/null; then
  run apt-get install --simulate --no-install-recommends "$deb"
  expect_status 0
  expect_out_contains "Inst warden"
else
  echo "  skipped: apt-get is not installed"
fi

TEST "apt-get install on a fresh Debian 12 root, when one is given (WARDEN_TEST_FRESH_ROOT)"
# WARDEN_TEST_FRESH_ROOT=DIR: a root made by `debootstrap --variant=minbase
# bookworm DIR` (minutes and network access, so not on every run: see
# docs/package.md). The test installs into a copy and leaves DIR as it was.
if [ -n "${WARDEN_TEST_FRESH_ROOT:-}" ] && [ "$(id -u)" = 0 ]; then
  fresh="$WORK/fresh"
  cp -a "$WARDEN_TEST_FRESH_ROOT" "$fresh"
  cp "$deb" "$fresh/tmp/"
  cp /etc/resolv.conf "$fresh/etc/resolv.conf"
  cat > "$fresh/tmp/use-warden.sh" <<'SH'
set -eu
export DEBIAN_FRONTEND=noninteractive HOME=/tmp/home
apt-get update -qq
apt-get install -y -qq /tmp/warden_*.deb >/dev/null
mkdir -p "$HOME" && cd /tmp && git init -q -b main repo && cd repo
git config user.email t@example.com && git config user.name Tester
echo one > README.md && git add README.md && git commit -qm one --no-verify
install-hooks
echo two > readme.md && git add readme.md
if git commit -qm two 2>/tmp/refused; then echo "readme.md was committed"; exit 1; fi
grep -q canonical-name /tmp/refused
git rm -q --cached readme.md && echo notes > notes.txt && git add notes.txt && git commit -qm notes
warden --version
man -w warden warden.yml install-hooks git-warden
test -f /usr/share/bash-completion/completions/warden
SH
  # The binaries find their libexec/ through /proc/self/exe.
  mount -t proc proc "$fresh/proc" || fail "cannot mount /proc in the fresh root"
  run chroot "$fresh" bash /tmp/use-warden.sh
  umount "$fresh/proc"
  expect_status 0
  expect_out_contains "warden $version (commit "
  expect_out_contains "/usr/share/man/man5/warden.yml.5"
else
  echo "  skipped: no fresh root (set WARDEN_TEST_FRESH_ROOT to a debootstrap --variant=minbase bookworm root, as root)"
fi

TEST "the packaged binaries work: install-hooks, a refused and an accepted commit"
run dpkg-deb -x "$deb" "$WORK/root"
expect_status 0
P="$WORK/root/usr"
run env -u LD_LIBRARY_PATH "$P/bin/warden" --version
expect_status 0
expect_out_contains "warden $version (commit "
new_repo "$WORK/repo"
run env -u LD_LIBRARY_PATH "$P/bin/install-hooks" --repo "$WORK/repo"
expect_status 0
expect_eq "$(readlink "$WORK/repo/.git/hooks/pre-commit")" "$P/libexec/warden/pre-commit" "pre-commit link"
(cd "$WORK/repo" && echo a > readme.md && git add readme.md)
run_in "$WORK/repo" env -u LD_LIBRARY_PATH PATH="$P/bin:/usr/bin:/bin" git commit -qm "add readme.md"
expect_status 1
expect_err_contains "canonical-name"
(cd "$WORK/repo" && git rm -q --cached readme.md && echo b > notes.txt && git add notes.txt)
run_in "$WORK/repo" env -u LD_LIBRARY_PATH PATH="$P/bin:/usr/bin:/bin" git commit -qm "add notes"
expect_status 0
expect_eq "$(git -C "$WORK/repo" log -1 --format=%s)" "add notes" "the commit went in"
run_in "$WORK/repo" env PATH="$P/bin:/usr/bin:/bin" git warden policy schema
expect_status 0
cmp -s "$WORK/.out" "$P/share/warden/warden.schema.json" || fail "git warden policy schema differs from the packaged schema"

TEST "the packaged manual pages render"
if command -v man >/dev/null; then
  for page in man1/warden.1 man1/install-hooks.1 man5/warden.yml.5; do
    run env MANWIDTH=80 man -l "$P/share/man/$page"
    expect_status 0
    [ -n "$out" ] || fail "man -l $page printed nothing"
  done
else
  echo "  skipped: man is not installed (the manual page test checks the roff)"
fi

finish

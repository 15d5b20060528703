#!/usr/bin/env bash
# warden fix on a real case-insensitive file system (docs/fix.md): an exFAT
# image (exfatprogs' mkfs.exfat) on a loop device, mounted with
# exfat-fuse. A clone of a tree with case twins collides there (git warns);
# the tree warden fix repaired on ext4 checks out cleanly; and a case-only
# rename done by warden fix on exFAT itself works. Needs root and
# /dev/fuse: without them the test says so and is skipped (exit 77).
source "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ] || [ ! -c /dev/fuse ]; then
  echo "SKIP: test_fix_exfat needs root and /dev/fuse (uid $(id -u), /dev/fuse $([ -c /dev/fuse ] && echo present || echo missing))"
  rm -rf "$WORK"
  exit 77
fi
PATH="$PATH:/usr/sbin:/sbin"
for tool in mkfs.exfat mount.exfat-fuse losetup; do
  command -v "$tool" >/dev/null || { echo "test_fix_exfat: $tool missing (install/deps.sh installs exfatprogs and exfat-fuse)" >&2; exit 1; }
done

IMAGE="$WORK/exfat.img"
MNT="$WORK/mnt"
LOOP=""
MOUNTED=0
cleanup() {
  cd / || true
  if [ "$MOUNTED" = 1 ]; then
    fusermount -u "$MNT" 2>/dev/null || umount "$MNT" 2>/dev/null || umount -l "$MNT" 2>/dev/null
    MOUNTED=0
  fi
  if [ -n "$LOOP" ]; then losetup -d "$LOOP" 2>/dev/null; LOOP=""; fi
}
trap cleanup EXIT INT TERM

TEST "an exFAT file system in a file, mounted through FUSE"
truncate -s 64M "$IMAGE"
run mkfs.exfat "$IMAGE"
expect_status 0
mkdir -p "$MNT"
# A loop device when there is one free; else FUSE reads the image itself.
if LOOP=$(losetup -f --show "$IMAGE" 2>/dev/null); then device=$LOOP; else LOOP=""; device=$IMAGE; fi
run mount.exfat-fuse "$device" "$MNT"
expect_status 0
[ "$status" = 0 ] && MOUNTED=1
echo x > "$MNT/Probe"
[ -e "$MNT/probe" ] || fail "the mount is not case-insensitive"
expect_eq "$(ls "$MNT")" "Probe"
rm -f "$MNT/Probe"
if [ "$MOUNTED" != 1 ]; then finish; fi

# The repository: identical twins (Makefile, makefile) and readme.md, made on ext4.
SRC="$WORK/src"
git init -q -b main "$SRC"
(cd "$SRC" && printf 'all:\n' > Makefile && cp Makefile makefile && printf 'hello\n' > readme.md \
  && git add . && git commit -q --no-verify -m "twins")
git init -q --bare -b main "$WORK/src.git"
git -C "$SRC" push -q "$WORK/src.git" main

TEST "the unrepaired tree collides on exFAT: git warns"
run git clone "$WORK/src.git" "$MNT/before"
expect_status 0
expect_err_contains "the following paths have collided"
expect_eq "$(cd "$MNT/before" && ls)" $'makefile\nreadme.md' "(one file holds both twins, spelt as git wrote it last)"
expect_eq "$(git -C "$MNT/before" config core.ignorecase)" "true"

TEST "twins with different content collide too, and warden fix leaves them to a person"
DIFF="$WORK/differ"
git init -q -b main "$DIFF"
(cd "$DIFF" && printf 'one\n' > README.md && printf 'two\n' > readme.md && git add . && git commit -q --no-verify -m x)
run git clone "$DIFF" "$MNT/differ"
expect_status 0
expect_err_contains "the following paths have collided"
run_in "$DIFF" warden fix --all
expect_status 1
expect_err_contains "left alone: the files' contents differ"

TEST "warden fix on ext4 repairs the tree; it checks out cleanly on exFAT"
FIXED="$WORK/fixed"
git clone -q "$WORK/src.git" "$FIXED"
install_hooks "$FIXED"
run_in "$FIXED" warden fix --all
expect_status 0
expect_out_contains "fixed[case-collision] makefile -> (removed, same content as Makefile)"
expect_out_contains "fixed[canonical-name] readme.md -> README.md"
run_in "$FIXED" git commit -q -m "one Makefile, README.md"
expect_status 0
run_in "$FIXED" git push -q origin main
expect_status 0
run git clone "$WORK/src.git" "$MNT/after"
expect_status 0
expect_err_lacks "collided"
expect_eq "$(cd "$MNT/after" && ls)" $'Makefile\nREADME.md'
expect_eq "$(git -C "$MNT/after" status --porcelain)" ""

TEST "a case-only rename by warden fix on exFAT itself: readme.md -> README.md"
ON="$MNT/rename"
git init -q -b main "$ON"
(cd "$ON" && printf 'hi\n' > readme.md && printf 'a\n' > a.txt && git add . && git commit -q --no-verify -m x)
[ -e "$ON/README.md" ] || fail "README.md should resolve to readme.md on exFAT"
run_in "$ON" warden fix --all --dry-run
expect_status 0
expect_eq "$out" "would fix[canonical-name] readme.md -> README.md"
expect_eq "$(cd "$ON" && ls)" $'a.txt\nreadme.md'
run_in "$ON" warden fix --all
expect_status 0
expect_eq "$out" "fixed[canonical-name] readme.md -> README.md"
expect_eq "$(git -C "$ON" ls-files)" $'README.md\na.txt'
expect_eq "$(cd "$ON" && ls)" $'README.md\na.txt'
expect_eq "$(cat "$ON/README.md")" "hi"
expect_eq "$(git -C "$ON" status --porcelain)" "R  readme.md -> README.md"
run_in "$ON" git commit -q --no-verify -m rename
expect_status 0
expect_eq "$(git -C "$ON" ls-tree --name-only HEAD)" $'README.md\na.txt'

TEST "identical twins checked out on exFAT are collapsed there, spelt as the one kept"
run_in "$MNT/before" warden fix --all
expect_status 0
expect_out_contains "fixed[case-collision] makefile -> (removed, same content as Makefile)"
expect_eq "$(git -C "$MNT/before" ls-files)" $'Makefile\nREADME.md'
expect_eq "$(cd "$MNT/before" && ls)" $'Makefile\nREADME.md'
expect_eq "$(git -C "$MNT/before" status --porcelain | LC_ALL=C sort)" $'D  makefile\nR  readme.md -> README.md'

cleanup
TEST "unmounted and detached"
grep -q " $MNT " /proc/mounts && fail "$MNT is still mounted"
attached=$(losetup -j "$IMAGE")
[ -z "$attached" ] || fail "loop device left attached: $attached"
finish

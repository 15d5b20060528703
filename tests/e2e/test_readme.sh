#!/usr/bin/env bash
# The README's sample output is what warden prints: the block after the
# "sample: pre-commit" marker is compared with a real refused commit.
source "$(dirname "$0")/lib.sh"
README="$E2E_DIR/../../README.md"

TEST "the README's pre-commit sample is a real run, byte for byte"
sample=$(awk '/<!-- sample: pre-commit/ {found=1; next} found && /^```$/ {if (inside) exit; inside=1; next} inside {print}' "$README")
[ -n "$sample" ] || fail "no sample block after the marker in README.md"
new_repo r                     # README.md, committed
install_hooks r
echo b > r/readme.md
git -C r add readme.md
NO_COLOR=1 run_in r git commit -qm second
expect_status 1
[ "$err" = "$sample" ] || fail "README sample differs from the real output:
--- README
$sample
--- real
$err"

finish

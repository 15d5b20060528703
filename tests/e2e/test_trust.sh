#!/usr/bin/env bash
# Trust (docs/push-checks.md) and the policy's pre-push commands: nothing runs
# until `warden trust`, a pull that changes the commands withdraws trust,
# failing commands block, {files} and glob.
source "$(dirname "$0")/lib.sh"

link_pre_push() {
  ln -sf "$WARDEN_STAGE/libexec/warden/pre-push" "$1/.git/hooks/pre-push"
}

write_policy() { # write_policy RUN [GLOB]
  {
    printf 'version: 1\ncommands:\n  pre-push:\n    - name: marker\n      run: \"%s\"\n' "$1"
    if [ -n "${2:-}" ]; then printf '      glob: "%s"\n' "$2"; fi
  } >.warden.yml
}

TEST "warden trust outside a repository exits 2"
mkdir -p "$WORK/norepo"
run_in "$WORK/norepo" warden trust
expect_status 2

TEST "a policy without commands: nothing to trust"
new_repo "$WORK/plain"
run_in "$WORK/plain" warden trust
expect_status 0
expect_out_contains "nothing to trust"

TEST "untrusted commands are not run: a warning names warden trust"
new_repo_with_remote trust
link_pre_push "$WORK/trust"
cd "$WORK/trust"
write_policy "touch ran-marker"
git add .warden.yml && git commit -q --no-verify -m "policy with commands"
run git push origin main
expect_status 0
expect_err_contains "warn[command]"
expect_err_contains "warden trust"
expect_no_file ran-marker

TEST "warden trust --dry-run shows the commands and records nothing"
cd "$WORK/trust"
run warden trust --dry-run
expect_status 0
expect_out_contains "touch ran-marker"
run git config --local warden.trusted
expect_status 1

TEST "warden trust records the hash; the commands then run"
cd "$WORK/trust"
run warden trust
expect_status 0
expect_out_contains "touch ran-marker"
run git config --local warden.trusted
expect_status 0
[ -n "$out" ] || fail "warden.trusted is empty"
run warden trust
expect_status 0
expect_out_contains "already trusted"
commit_a() { echo "$1" >"$1" && git add "$1" && git commit -q --no-verify -m "$1"; }
commit_a one.txt
run git push origin main
expect_status 0
expect_err_lacks "warn[command]"
expect_file ran-marker
rm -f ran-marker

TEST "a pull that changes the commands withdraws trust"
git clone -q "$WORK/trust.git" "$WORK/trust-other"
(cd "$WORK/trust-other" && write_policy "touch other-marker" && git add .warden.yml \
  && git commit -q --no-verify -m "change commands" && git push -q --no-verify origin main)
cd "$WORK/trust"
git pull -q --no-rebase origin main
commit_a two.txt
run git push origin main
expect_status 0
expect_err_contains "warn[command]"
expect_err_contains "changed since they were trusted"
expect_err_contains "warden trust"
expect_no_file other-marker
run warden trust
expect_status 0
commit_a three.txt
run git push origin main
expect_status 0
expect_file other-marker

TEST "a failing command blocks the push, naming the command and its exit code"
new_repo_with_remote failing
link_pre_push "$WORK/failing"
cd "$WORK/failing"
write_policy "sh -c 'echo visible-output; exit 3'"
git add .warden.yml && git commit -q --no-verify -m "failing command"
warden trust >/dev/null
before=$(git ls-remote origin | sort)
run git push origin main
expect_status 1
expect_err_contains "error[command] marker"
expect_err_contains "exit code 3"
expect_eq "$(git ls-remote origin | sort)" "$before"
[[ "$out$err" == *visible-output* ]] || fail "the command's output was not streamed"

TEST "WARDEN_SKIP=command skips the commands"
cd "$WORK/failing"
WARDEN_SKIP=command run git push origin main
expect_status 0

TEST "{files} gets the changed paths matching glob; skipped when none match"
new_repo_with_remote files
link_pre_push "$WORK/files"
cd "$WORK/files"
write_policy "echo FILES: {files} > files-seen" "*.txt"
git add .warden.yml && git commit -q --no-verify -m "files command"
warden trust >/dev/null
git checkout -q -b feature/files
echo a >"a b.txt" && echo c >c.md && git add . && git commit -q --no-verify -m "files"
run git push origin feature/files
expect_status 0
expect_file files-seen
seen=$(cat files-seen 2>/dev/null)
expect_eq "$seen" "FILES: a b.txt"
rm -f files-seen
git checkout -q -b feature/nomatch main
echo d >d.md && git add d.md && git commit -q --no-verify -m "md only"
run git push origin feature/nomatch
expect_status 0
expect_no_file files-seen
expect_err_contains "skipped marker"

finish

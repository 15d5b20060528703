#!/usr/bin/env bash
# warden init --from: a team's template repository (warden-template.yml,
# variables in paths and contents, verbatim binary files, --ref), the team's
# git settings, the refusals (nothing left behind) and `warden doctor` drift.
source "$(dirname "$0")/lib.sh"

# make_template DIR: a template repository with a tag v1 and a later commit.
make_template() {
  local t=$1
  git init -q -b main "$t"
  cat > "$t/warden-template.yml" <<'YML'
name: team-service
description: the team's service layout
variables:
  owner:
    description: the owning team
  greeting:
    description: what main prints
    default: hello
verbatim: ["assets/**"]
YML
  mkdir -p "$t/src/{{name}}/{{owner}}" "$t/assets" "$t/scripts"
  printf '// {{name}} by {{owner}}: {{greeting}} & <ok>\n' > "$t/src/{{name}}/{{owner}}/main.cpp"
  printf '# {{name}}\nOwned by {{owner}}.\n' > "$t/README.md"
  printf '\211PNG\r\n\032\n\000{{name}}\001\002' > "$t/assets/logo.png"
  printf 'kept {{as-is}}\n' > "$t/assets/notes.txt"
  mkdir -p "$t/data/{{name}}"
  printf '\211PNG\r\n\032\n\000{{name}}\001\002' > "$t/data/{{name}}/blob.bin" # binary: never rendered
  printf '#!/bin/sh\necho {{name}}\n' > "$t/scripts/run.sh" && chmod +x "$t/scripts/run.sh"
  printf 'name: {{name}}\nrun: echo ${{ github.sha }} {{{ raw.x }}}\n' > "$t/scripts/pipeline.yml"
  git -C "$t" add -A && git -C "$t" commit -q -m "template v1" --no-verify
  git -C "$t" tag v1
  printf 'after v1\n' > "$t/LATER.md"
  git -C "$t" add -A && git -C "$t" commit -q -m "template v2" --no-verify
}

# expect_settings DIR: the four team git settings in DIR's local config.
expect_settings() {
  expect_eq "$(git -C "$1" config --local fetch.prune)" true "fetch.prune"
  expect_eq "$(git -C "$1" config --local push.autoSetupRemote)" true "push.autoSetupRemote"
  expect_eq "$(git -C "$1" config --local pull.ff)" only "pull.ff"
  expect_eq "$(git -C "$1" config --local init.defaultBranch)" main "init.defaultBranch"
}

make_template "$WORK/tpl"
printf '\211PNG\r\n\032\n\000{{name}}\001\002' > "$WORK/logo.expected"

TEST "init --from PATH --ref v1: rendered names and contents, binary verbatim, one commit, hooks, checks clean"
run warden init "$WORK/svc" --from "$WORK/tpl" --ref v1 --set owner=core </dev/null
expect_status 0
expect_file "$WORK/svc/src/svc/core/main.cpp"
expect_eq "$(cat "$WORK/svc/src/svc/core/main.cpp")" "// svc by core: hello & <ok>" "rendered main.cpp"
expect_eq "$(head -1 "$WORK/svc/README.md")" "# svc" "rendered README.md"
cmp -s "$WORK/svc/assets/logo.png" "$WORK/logo.expected" || fail "logo.png is not byte-identical"
cmp -s "$WORK/svc/data/svc/blob.bin" "$WORK/logo.expected" || fail "data/svc/blob.bin is not byte-identical"
expect_eq "$(cat "$WORK/svc/assets/notes.txt")" "kept {{as-is}}" "verbatim text file"
[ -x "$WORK/svc/scripts/run.sh" ] || fail "scripts/run.sh lost its executable bit"
expect_eq "$(cat "$WORK/svc/scripts/pipeline.yml")" "$(printf 'name: svc\nrun: echo ${{ github.sha }} {{{ raw.x }}}')" \
  "tags naming no variable are kept"
expect_no_file "$WORK/svc/warden-template.yml"
expect_no_file "$WORK/svc/LATER.md"
expect_file "$WORK/svc/.warden.yml"
expect_file "$WORK/svc/.github/workflows/ci.yml"
expect_eq "$(git -C "$WORK/svc" rev-list --count HEAD 2>&1)" 1 "commits"
expect_eq "$(git -C "$WORK/svc" symbolic-ref --short HEAD 2>&1)" main "branch"
expect_eq "$(git -C "$WORK/svc" tag)" "" "template tags leaked"
expect_eq "$(git -C "$WORK/svc" remote)" "" "template remote leaked"
expect_eq "$(git -C "$WORK/svc" status --porcelain 2>&1)" "" "worktree clean"
for hook in pre-commit pre-push post-merge; do
  [ -L "$WORK/svc/.git/hooks/$hook" ] || fail "hook $hook is not installed"
done
expect_settings "$WORK/svc"
run_in "$WORK/svc" warden check --all
expect_status 0
run_in "$WORK/svc" warden doctor
expect_status 0
expect_out_contains "ok: git config pull.ff = only"
expect_out_lacks "git config pull.ff only"
expect_out_contains "healthy: no problems found"

TEST "init --from file:// URL at the newest commit, --set overrides a default"
run warden init "$WORK/svc2" --from "file://$WORK/tpl" --set owner=web --set greeting=hi </dev/null
expect_status 0
expect_eq "$(cat "$WORK/svc2/src/svc2/web/main.cpp")" "// svc2 by web: hi & <ok>" "rendered main.cpp"
expect_file "$WORK/svc2/LATER.md"
expect_eq "$(git -C "$WORK/svc2" rev-list --count HEAD 2>&1)" 1 "commits"
expect_settings "$WORK/svc2"

TEST "init --from file:// URL --ref v1"
run warden init "$WORK/svc3" --from "file://$WORK/tpl" --ref v1 --set owner=ops </dev/null
expect_status 0
expect_file "$WORK/svc3/src/svc3/ops/main.cpp"
expect_no_file "$WORK/svc3/LATER.md"
expect_eq "$(git -C "$WORK/svc3" rev-list --count HEAD 2>&1)" 1 "commits"

TEST "the built-in templates apply the same git settings"
run warden init "$WORK/plain" --ci none
expect_status 0
expect_settings "$WORK/plain"
grep -q '^  pull.ff: only$' "$WORK/plain/.warden.yml" || fail ".warden.yml lacks the git: section"

TEST "a template's own .warden.yml changes a git setting; --remote pushes"
git init -q -b main "$WORK/t-own"
printf 'version: 1\ngit:\n  pull.ff: "false"\n  rerere.enabled: true\n' > "$WORK/t-own/.warden.yml"
echo '# {{name}}' > "$WORK/t-own/README.md"
git -C "$WORK/t-own" add -A && git -C "$WORK/t-own" commit -q -m t --no-verify
git init -q --bare -b main "$WORK/own-remote.git"
run warden init "$WORK/own" --from "$WORK/t-own" --remote "$WORK/own-remote.git" </dev/null
expect_status 0
expect_eq "$(git -C "$WORK/own" config --local pull.ff)" false "pull.ff from the template"
expect_eq "$(git -C "$WORK/own" config --local rerere.enabled)" true "rerere.enabled from the template"
expect_eq "$(git -C "$WORK/own" config --local fetch.prune)" true "fetch.prune default"
expect_eq "$(git -C "$WORK/own-remote.git" rev-parse main 2>&1)" "$(git -C "$WORK/own" rev-parse HEAD)" "pushed tip"
expect_eq "$(git -C "$WORK/own" rev-parse --abbrev-ref main@{upstream} 2>&1)" "origin/main" "upstream"

TEST "at a terminal, a variable without a default is asked for, with its description"
if command -v python3 >/dev/null; then
  cat > "$WORK/answer.py" <<'PY'
import os, pty, select, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp("warden", ["warden", "init", sys.argv[1], "--from", sys.argv[2], "--ci", "none"])
out, answered = b"", False
while True:
    ready, _, _ = select.select([fd], [], [], 30)
    if not ready:
        break
    try:
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data:
        break
    out += data
    if not answered and b"owner (the owning team): " in out:
        os.write(fd, b"platform\n")
        answered = True
sys.stdout.write(out.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
PY
  run python3 "$WORK/answer.py" "$WORK/asked" "$WORK/tpl"
  expect_status 0
  expect_out_contains "owner (the owning team): "
  expect_eq "$(cat "$WORK/asked/src/asked/platform/main.cpp")" "// asked by platform: hello & <ok>" "rendered main.cpp"
else
  echo "  skipped: python3 is not installed"
fi

TEST "a missing variable is refused without a terminal; nothing is left"
run warden init "$WORK/nov" --from "$WORK/tpl" </dev/null
expect_status 2
expect_err_contains "owner"
expect_err_contains "--set owner="
expect_no_file "$WORK/nov"

TEST "an unknown revision is refused; nothing is left"
run warden init "$WORK/noref" --from "$WORK/tpl" --ref v9 --set owner=x </dev/null
expect_status 1
expect_err_contains "v9"
expect_no_file "$WORK/noref"

TEST "a path escaping DIR through a variable is refused; nothing is left"
git init -q -b main "$WORK/t-escape"
mkdir -p "$WORK/t-escape/{{where}}"
echo x > "$WORK/t-escape/{{where}}/f.txt"
printf 'variables:\n  where: {default: ok}\n' > "$WORK/t-escape/warden-template.yml"
git -C "$WORK/t-escape" add -A && git -C "$WORK/t-escape" commit -q -m t --no-verify
run warden init "$WORK/esc" --from "$WORK/t-escape" --set where=../../outside </dev/null
expect_status 1
expect_err_contains "leaves the project"
expect_no_file "$WORK/esc"
expect_no_file "$WORK/outside"
run warden init "$WORK/esc" --from "$WORK/t-escape" --set where= </dev/null
expect_status 1
expect_no_file "$WORK/esc"
expect_eq "$(ls -A "$WORK" | grep -c warden-init)" 0 "temporary folders left"

TEST "a symbolic link pointing out of the project is refused; one inside is kept"
git init -q -b main "$WORK/t-link"
echo x > "$WORK/t-link/real.txt"
ln -s real.txt "$WORK/t-link/inside.txt"
git -C "$WORK/t-link" add -A && git -C "$WORK/t-link" commit -q -m t --no-verify
run warden init "$WORK/lnk-ok" --from "$WORK/t-link" </dev/null
expect_status 0
expect_eq "$(readlink "$WORK/lnk-ok/inside.txt")" "real.txt" "symlink inside kept"
ln -s ../../etc/passwd "$WORK/t-link/out"
git -C "$WORK/t-link" add -A && git -C "$WORK/t-link" commit -q -m t2 --no-verify
run warden init "$WORK/lnk" --from "$WORK/t-link" </dev/null
expect_status 1
expect_err_contains "points out of the project"
expect_no_file "$WORK/lnk"

TEST "files that collide case-insensitively are refused; nothing is left"
git init -q -b main "$WORK/t-case"
mkdir -p "$WORK/t-case/docs"
echo a > "$WORK/t-case/docs/{{name}}.md"
echo b > "$WORK/t-case/docs/Case.md"
git -C "$WORK/t-case" add -A && git -C "$WORK/t-case" commit -q -m t --no-verify
run warden init "$WORK/case" --from "$WORK/t-case" </dev/null
expect_status 1
expect_err_contains "differ only in case"
expect_no_file "$WORK/case"

TEST "a bad warden-template.yml is named with line and column; nothing is left"
git init -q -b main "$WORK/t-bad"
printf 'variables:\n  owner: {description: x}\nrender: [\n' > "$WORK/t-bad/warden-template.yml"
echo x > "$WORK/t-bad/a.txt"
git -C "$WORK/t-bad" add -A && git -C "$WORK/t-bad" commit -q -m t --no-verify
run warden init "$WORK/bad" --from "$WORK/t-bad" </dev/null
expect_status 1
expect_err_contains "warden-template.yml:"
expect_no_file "$WORK/bad"
printf 'variables:\n  owner: {descripton: x}\n' > "$WORK/t-bad/warden-template.yml"
git -C "$WORK/t-bad" commit -qam t2 --no-verify
run warden init "$WORK/bad" --from "$WORK/t-bad" </dev/null
expect_status 1
expect_err_contains "warden-template.yml:2:"
expect_err_contains "descripton"
expect_no_file "$WORK/bad"

TEST "usage: --set and --ref need --from; --set needs KEY=VALUE"
run warden init "$WORK/u1" --set a=b
expect_status 2
run warden init "$WORK/u2" --ref v1
expect_status 2
run warden init "$WORK/u3" --from "$WORK/tpl" --set novalue
expect_status 2
expect_no_file "$WORK/u1"
expect_no_file "$WORK/u3"

TEST "doctor reports a drifted git setting; --fix --dry-run shows; --fix repairs"
git -C "$WORK/svc" config --local pull.ff false
git -C "$WORK/svc" config --local --unset fetch.prune
run_in "$WORK/svc" warden doctor
expect_status 1
expect_out_contains "problem: git config pull.ff is false"
expect_out_contains "fix: git config pull.ff only"
expect_out_contains "fix: git config fetch.prune true"
run_in "$WORK/svc" warden doctor --fix --dry-run
expect_status 1
expect_out_contains "would run: git config pull.ff only"
expect_eq "$(git -C "$WORK/svc" config --local pull.ff)" false "pull.ff after --dry-run"
run_in "$WORK/svc" warden doctor --fix
expect_status 0
expect_out_contains "fixed: git config pull.ff only"
expect_out_contains "fixed: git config fetch.prune true"
expect_settings "$WORK/svc"
run_in "$WORK/svc" warden doctor
expect_status 0
expect_out_lacks "problem:"
run_in "$WORK/svc" warden doctor --dry-run
expect_status 2

finish

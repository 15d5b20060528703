#!/usr/bin/env bash
# warden init: every template x CI kind, --force, --remote, --dry-run,
# refusals, and that a failure leaves nothing behind.
source "$(dirname "$0")/lib.sh"

# validate_workflow FILE: GitHub's workflow schema, through action-validator
# (npm install -g @action-validator/cli@0.6.0) when it is installed.
validate_workflow() {
  if command -v action-validator >/dev/null; then
    run action-validator "$1"
    expect_status 0
  else
    echo "  skipped: action-validator is not installed (npm install -g @action-validator/cli@0.6.0)"
  fi
}

for template in generic cpp python; do
  for ci in github gitlab none; do
    TEST "init --template $template --ci $ci: one commit on main, hooks installed, checks pass"
    dir="$WORK/p-$template-$ci"
    run warden init "$dir" --template "$template" --ci "$ci"
    expect_status 0
    expect_file "$dir/README.md"
    expect_file "$dir/.gitignore"
    expect_file "$dir/.editorconfig"
    expect_file "$dir/.warden.yml"
    expect_eq "$(git -C "$dir" rev-list --count HEAD 2>&1)" 1 "commits on main"
    expect_eq "$(git -C "$dir" symbolic-ref --short HEAD 2>&1)" main "current branch"
    expect_eq "$(git -C "$dir" status --porcelain 2>&1)" "" "worktree clean"
    for hook in pre-commit pre-push post-merge; do
      [ -L "$dir/.git/hooks/$hook" ] || fail "hook $hook is not installed"
    done
    grep -q '^version: 1$' "$dir/.warden.yml" || fail ".warden.yml lacks version: 1"
    run_in "$dir" warden check --all
    expect_status 0
    case $template in
      cpp) expect_file "$dir/CMakeLists.txt"; expect_file "$dir/src/p-$template-$ci/main.cpp" ;;
      python) expect_file "$dir/pyproject.toml"; expect_file "$dir/src/p_${template}_$ci/__init__.py" ;;
      generic) expect_file "$dir/src/p-$template-$ci/.gitkeep"; [ -x "$dir/tests/run.sh" ] || fail "tests/run.sh not executable" ;;
    esac
    case $ci in
      github)
        expect_file "$dir/.github/workflows/ci.yml"
        expect_no_file "$dir/.gitlab-ci.yml"
        grep -q 'WARDEN_DISCORD_WEBHOOK' "$dir/.github/workflows/ci.yml" || fail "workflow lacks the Discord step"
        grep -q 'warden check --range' "$dir/.github/workflows/ci.yml" || fail "workflow lacks warden check"
        grep -q 'warden notify ci --status' "$dir/.github/workflows/ci.yml" || fail "workflow lacks warden notify ci"
        grep -q 'apt-get install .*/tmp/warden.deb' "$dir/.github/workflows/ci.yml" || fail "workflow does not install warden's package"
        grep -q 'upload-sarif@' "$dir/.github/workflows/ci.yml" || fail "workflow does not upload the SARIF report"
        grep -Eq 'install/setup.sh|git clone|WARDEN_REPO' "$dir/.github/workflows/ci.yml" && fail "workflow still builds warden from source"
        validate_workflow "$dir/.github/workflows/ci.yml"
        ;;
      gitlab)
        expect_file "$dir/.gitlab-ci.yml"
        expect_no_file "$dir/.github"
        grep -q 'warden check --range' "$dir/.gitlab-ci.yml" || fail ".gitlab-ci.yml lacks warden check"
        grep -q 'apt-get install .*/tmp/warden.deb' "$dir/.gitlab-ci.yml" || fail ".gitlab-ci.yml does not install warden's package"
        grep -Eq 'install/setup.sh|git clone|WARDEN_REPO' "$dir/.gitlab-ci.yml" && fail ".gitlab-ci.yml still builds warden from source"
        ;;
      none)
        expect_no_file "$dir/.github"
        expect_no_file "$dir/.gitlab-ci.yml"
        ;;
    esac
  done
done

TEST "the generated files stay valid: a normal commit passes the hooks"
dir="$WORK/p-python-github"
(cd "$dir" && echo "more" >> README.md && git commit -qam "docs: more")
expect_eq "$(git -C "$dir" rev-list --count HEAD 2>&1)" 2 "commits after a normal commit"

TEST "the name defaults to DIR's base name and can be given"
run warden init "$WORK/named" --name my-tool --template python --ci none
expect_status 0
expect_file "$WORK/named/src/my_tool/__init__.py"
grep -q 'name = "my-tool"' "$WORK/named/pyproject.toml" || fail "pyproject.toml lacks the name"

TEST "an invalid name is refused clearly, nothing is created"
run warden init "$WORK/Bad_Name"
expect_status 2
expect_err_contains "Bad_Name"
expect_no_file "$WORK/Bad_Name"
run warden init "$WORK/ok" --name "Not Valid"
expect_status 2
expect_err_contains "Not Valid"
expect_no_file "$WORK/ok"

TEST "a non-empty DIR is refused without --force"
mkdir -p "$WORK/busy" && echo "my notes" > "$WORK/busy/notes.txt"
run warden init "$WORK/busy"
expect_status 2
expect_err_contains "not empty"
expect_eq "$(ls -A "$WORK/busy")" "notes.txt" "DIR untouched"

TEST "--force adds the missing files and never overwrites one"
mkdir -p "$WORK/forced" && printf '# my own readme\n' > "$WORK/forced/README.md"
run warden init "$WORK/forced" --force --template cpp
expect_status 0
expect_out_contains "kept README.md"
expect_eq "$(cat "$WORK/forced/README.md")" "# my own readme" "README.md kept"
expect_file "$WORK/forced/CMakeLists.txt"
expect_eq "$(git -C "$WORK/forced" rev-list --count HEAD 2>&1)" 1 "commits on main"
expect_eq "$(git -C "$WORK/forced" show HEAD:README.md 2>&1)" "# my own readme" "committed README.md"

TEST "--dry-run prints the plan and changes nothing"
run warden init "$WORK/dry" --template python --remote "$WORK/none.git" --dry-run
expect_status 0
expect_out_contains "would create"
expect_out_contains "pyproject.toml"
expect_out_contains "git push -u origin main"
expect_no_file "$WORK/dry"

TEST "--remote adds origin and pushes main with its upstream set"
git init -q --bare -b main "$WORK/remote.git"
run warden init "$WORK/pushed" --template generic --remote "$WORK/remote.git"
expect_status 0
expect_eq "$(git -C "$WORK/pushed" rev-parse --abbrev-ref main@{upstream} 2>&1)" "origin/main" "upstream"
expect_eq "$(git -C "$WORK/remote.git" rev-parse main 2>&1)" "$(git -C "$WORK/pushed" rev-parse HEAD)" "pushed tip"
expect_eq "$(git -C "$WORK/pushed" symbolic-ref refs/remotes/origin/HEAD 2>&1)" "refs/remotes/origin/main" "origin/HEAD"

TEST "a relative --remote path is taken from where the user stands"
git init -q --bare -b main "$WORK/rel.git"
run_in "$WORK" warden init relproj --remote rel.git --ci none
expect_status 0
expect_eq "$(git -C "$WORK/rel.git" rev-parse main 2>&1)" "$(git -C "$WORK/relproj" rev-parse HEAD)" "pushed tip"

TEST "a failure leaves nothing behind"
mkdir -p "$WORK/fake/bin"
printf '#!/bin/sh\necho "install failed on purpose" >&2\nexit 3\n' > "$WORK/fake/bin/install-hooks"
chmod +x "$WORK/fake/bin/install-hooks"
run env WARDEN_BIN="$WORK/fake/bin/warden" warden init "$WORK/failed"
expect_status 1
expect_err_contains "install failed on purpose"
expect_no_file "$WORK/failed"
expect_eq "$(ls -A "$WORK" | grep -c warden-init)" 0 "temporary folders left"

TEST "a commit refused by the hooks removes what init created, keeps the user's files"
mkdir -p "$WORK/refused" && echo a > "$WORK/refused/readme.md"
run warden init "$WORK/refused" --force
expect_status 1
expect_err_contains "canonical-name"
expect_eq "$(ls -A "$WORK/refused")" "readme.md" "only the user's file is left"

TEST "--from URL starts from a template repository"
git init -q -b main "$WORK/tpl"
(cd "$WORK/tpl" && printf '# {{name}} from a template\n' > README.md.mustache && printf 'echo hi\n' > build.sh \
  && chmod +x build.sh && mkdir lib && echo x > lib/a.txt && git add -A && git commit -q -m template --no-verify)
run warden init "$WORK/fromtpl" --from "$WORK/tpl" --ci github
expect_status 0
expect_eq "$(cat "$WORK/fromtpl/README.md")" "# fromtpl from a template" "rendered README.md"
[ -x "$WORK/fromtpl/build.sh" ] || fail "build.sh lost its executable bit"
expect_file "$WORK/fromtpl/lib/a.txt"
expect_file "$WORK/fromtpl/.warden.yml"
expect_file "$WORK/fromtpl/.github/workflows/ci.yml"
expect_no_file "$WORK/fromtpl/README.md.mustache"
expect_eq "$(git -C "$WORK/fromtpl" rev-list --count HEAD 2>&1)" 1 "commits on main"
run warden init "$WORK/fromnone" --from "$WORK/no-such-template"
expect_status 1
expect_no_file "$WORK/fromnone"
run warden init "$WORK/fromboth" --from "$WORK/tpl" --template cpp
expect_status 2

TEST "usage errors exit 2"
run warden init
expect_status 2
run warden init "$WORK/x" --template rust
expect_status 2
run warden init "$WORK/x" --ci travis
expect_status 2
expect_no_file "$WORK/x"
touch "$WORK/plainfile"
run warden init "$WORK/plainfile" --force
expect_status 2

finish

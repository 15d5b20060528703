#!/usr/bin/env bash
# Monorepos and shared policies (docs/monorepo.md): scoped .warden.yml files
# with their own files: and commands:, `warden policy show PATH`, extends
# with a local and a remote base, the cache `warden policy update` fills,
# and trust over base and scoped commands.
source "$(dirname "$0")/lib.sh"

TEST "a scoped policy: size limit, naming, forbidden glob relative to its directory"
new_repo "$WORK/mono"
cd "$WORK/mono"
mkdir -p services/api/src services/web tools/src
cat > services/api/.warden.yml <<'YML'
files:
  max-file-size: 1KiB
  naming:
    - glob: "src/*.py"
      pattern: '^[a-z_]+\.py$'
  forbidden: ["src/*.tmp"]
YML
git add services/api/.warden.yml
install_hooks "$WORK/mono"
run git commit -q -m "scoped policy"
expect_status 0
# 2 KiB: refused under services/api, accepted elsewhere.
head -c 2048 /dev/zero | tr '\0' 'a' > services/api/big.txt
head -c 2048 /dev/zero | tr '\0' 'a' > services/web/big.txt
git add services/web/big.txt
run git commit -q -m "big file outside the scope"
expect_status 0
git add services/api/big.txt
run git commit -q -m "big file in the scope"
expect_status 1
expect_err_contains "error[large-file]"
expect_err_contains "services/api/big.txt"
expect_err_contains "(services/api/.warden.yml)"
git rm -q --cached services/api/big.txt

TEST "naming and forbidden globs of a scoped policy are relative to its directory"
cd "$WORK/mono"
echo x > services/api/src/BadName.py
echo x > tools/src/BadName.py
git add tools/src/BadName.py
run git commit -q -m "the naming rule does not reach tools/"
expect_status 0
git add services/api/src/BadName.py
run git commit -q -m "bad name in the scope"
expect_status 1
expect_err_contains "error[file-naming]"
expect_err_contains "services/api/src/BadName.py"
expect_err_contains "(services/api/.warden.yml)"
git rm -q --cached services/api/src/BadName.py
echo x > services/api/src/scratch.tmp
git add services/api/src/scratch.tmp
run git commit -q -m "forbidden in the scope"
expect_status 1
expect_err_contains "error[forbidden-path]"
expect_err_contains "services/api/src/*.tmp"
git rm -q --cached services/api/src/scratch.tmp
echo x > tools/src/scratch.tmp
git add tools/src/scratch.tmp
run git commit -q -m "the forbidden glob does not reach tools/"
expect_status 0

TEST "the root policy still applies where a scope leaves a key out"
cd "$WORK/mono"
printf '<<<<<<< HEAD\nx\n' > services/api/merge.txt
git add services/api/merge.txt
run git commit -q -m "an inherited check"
expect_status 1
expect_err_contains "error[conflict-marker]"
expect_err_lacks "(services/api/.warden.yml)"
git rm -q --cached services/api/merge.txt

TEST "a scoped policy with another section is exit 2 naming file:line:column"
cd "$WORK/mono"
mkdir -p services/bad
printf 'files:\n  max-file-size: 1MiB\nbranches:\n  remote: upstream\n' > services/bad/.warden.yml
git add services/bad/.warden.yml
run git commit -q -m "a broken scoped policy"
expect_status 1
expect_err_contains "services/bad/.warden.yml:3:1:"
run "$WARDEN_STAGE/libexec/warden/pre-commit"
expect_status 2
expect_err_contains "services/bad/.warden.yml:3:1:"
expect_err_contains "'branches' is not allowed in a scoped policy"
run warden policy check
expect_status 2
expect_err_contains "services/bad/.warden.yml:3:1:"
run warden policy check services/bad/.warden.yml
expect_status 2
expect_err_contains "services/bad/.warden.yml:3:1:"
git rm -q --cached services/bad/.warden.yml && rm -r services/bad
run warden policy check services/api/.warden.yml
expect_status 0
expect_out_contains "services/api/.warden.yml: ok (scoped policy)"

TEST "warden policy show PATH names the file every value comes from"
cd "$WORK/mono"
run warden policy show services/api/x.py
expect_status 0
expect_out_contains "# policy in force for services/api/x.py: services/api/.warden.yml (scoped), embedded default"
expect_out_contains "max-file-size: 1024B  # from services/api/.warden.yml"
expect_out_contains "max-path-length: 260  # from <default>"
run warden policy show README.md
expect_status 0
expect_out_contains "max-file-size: 5242880B  # from <default>"
run warden policy show
expect_status 0
expect_out_lacks "# from"

TEST "a scoped command runs in its directory on its paths, after warden trust"
cd "$WORK/mono"
cat >> services/api/.warden.yml <<'YML'
commands:
  pre-commit:
    - name: list
      run: "printf '%s\n' {files} > ran-here.txt"
      glob: "*.py"
YML
echo x > services/api/src/good.py
echo x > tools/src/other.py
git add services/api/.warden.yml services/api/src/good.py tools/src/other.py
run git commit -q -m "scoped command, not trusted"
expect_status 0
expect_err_contains "warn[command]"
expect_err_contains "warden trust"
expect_no_file services/api/ran-here.txt
run warden trust
expect_status 0
expect_out_contains "services/api/.warden.yml"
echo y >> services/api/src/good.py
echo y >> tools/src/other.py
git add services/api/src/good.py tools/src/other.py
run git commit -q -m "scoped command, trusted"
expect_status 0
expect_file services/api/ran-here.txt
expect_eq "$(cat services/api/ran-here.txt 2>/dev/null)" "src/good.py"

TEST "a failing scoped command blocks the commit and names the scoped file"
cd "$WORK/mono"
sed -i 's/run: .*/run: "exit 3"/' services/api/.warden.yml
git add services/api/.warden.yml
run warden trust
expect_status 0
echo z >> services/api/src/good.py
git add services/api/src/good.py
run git commit -q -m "failing scoped command"
expect_status 1
expect_err_contains "error[command]"
expect_err_contains "(services/api/.warden.yml)"

TEST "install-hooks in a fresh clone trusts the scoped commands with the root's"
cd "$WORK/mono"
git commit -q -m "failing scoped command" --no-verify
git clone -q "$WORK/mono" "$WORK/mono-clone"
run install-hooks --repo "$WORK/mono-clone"
expect_status 0
expect_out_contains "services/api/.warden.yml"
cd "$WORK/mono-clone"
echo w >> services/api/src/good.py
git add services/api/src/good.py
run git commit -q -m "scoped command in the clone"
expect_status 1
expect_err_contains "error[command]"
expect_err_lacks "commands not run"
cd "$WORK/mono"

TEST "warden check --all reads scoped policies from the judged tree"
new_repo "$WORK/tree"
cd "$WORK/tree"
mkdir -p lib
printf 'files:\n  max-path-length: 10\n' > lib/.warden.yml
echo x > lib/a-long-name.txt
git add -A && git commit -q --no-verify -m "scoped"
run warden check --all
expect_status 1
expect_out_contains "error[path-length] lib/a-long-name.txt"
expect_out_contains "(lib/.warden.yml)"
expect_out_lacks "required-file"

TEST "pre-receive reads scoped policies from the pushed tree"
new_repo_with_remote srv
ln -sf "$WARDEN_STAGE/libexec/warden/pre-receive" "$WORK/srv.git/hooks/pre-receive"
cd "$WORK/srv"
mkdir -p pkg
printf 'files:\n  forbidden: ["*.log"]\n' > pkg/.warden.yml
echo x > pkg/debug.log
echo x > debug.log
git add -A && git commit -q --no-verify -m "a log under pkg/"
before=$(git -C "$WORK/srv.git" rev-parse main)
run git push origin main
expect_status 1
expect_err_contains "error[forbidden-path]"
expect_err_contains "pkg/debug.log"
expect_err_contains "(pkg/.warden.yml)"
expect_eq "$(git -C "$WORK/srv.git" rev-parse main)" "$before" "(server changed by a refused push)"
git reset -q HEAD~1 && rm pkg/debug.log
git add -A && git commit -q --no-verify -m "no log under pkg/, one at the root"
run git push origin main
expect_status 0

TEST "extends: a local base applies before the file"
new_repo "$WORK/ext"
cd "$WORK/ext"
mkdir -p policy
printf 'files:\n  max-file-size: 1KiB\n  max-path-length: 100\n' > policy/base.yml
printf 'extends: [policy/base.yml]\nfiles:\n  max-path-length: 200\n' > .warden.yml
git add -A && git commit -q --no-verify -m "local base"
run warden policy show README.md
expect_status 0
expect_out_contains "max-file-size: 1024B  # from policy/base.yml"
expect_out_contains "max-path-length: 200  # from .warden.yml"
expect_out_contains "# from .warden.yml"
grep -q '^extends: .*# from .warden.yml' <<<"$out" || fail "extends is not named as coming from .warden.yml: $out"
head -c 2048 /dev/zero | tr '\0' 'a' > big.txt
install_hooks "$WORK/ext"
git add big.txt
run git commit -q -m "big"
expect_status 1
expect_err_contains "error[large-file]"
git rm -q --cached big.txt

TEST "extends: a remote base pinned to a tag; missing cache is exit 2 naming warden policy update"
git init -q -b main "$WORK/org"
cd "$WORK/org"
printf 'files:\n  forbidden: ["*.secret"]\ncommands:\n  pre-commit:\n    - name: org-lint\n      run: "touch org-lint-ran"\n' > base.yml
git add base.yml && git commit -q -m "org base" && git tag v1
git clone -q --bare "$WORK/org" "$WORK/org.git"
new_repo "$WORK/svc"
cd "$WORK/svc"
printf 'extends:\n  - {repo: "file://%s/org.git", ref: v1, path: base.yml}\n' "$WORK" > .warden.yml
git add .warden.yml && git commit -q --no-verify -m "remote base"
run warden policy show
expect_status 2
expect_err_contains "warden policy update"
ln -sf "$WARDEN_STAGE/libexec/warden/pre-commit" .git/hooks/pre-commit
echo x > a.txt && git add a.txt
run git commit -q -m "no cache yet"
expect_status 1
expect_err_contains "is not in the cache: run \`warden policy update\`"
run "$WARDEN_STAGE/libexec/warden/pre-commit"
expect_status 2
run warden check --staged
expect_status 2
expect_err_contains "warden policy update"

TEST "warden policy update records the commit; the base's commands need trust"
cd "$WORK/svc"
tag_commit=$(git -C "$WORK/org.git" rev-parse 'v1^{commit}')
run warden policy update
expect_status 0
expect_out_contains "$tag_commit"
expect_file "$(git rev-parse --git-common-dir)/warden/policies/index"
run warden policy show README.md
expect_status 0
expect_out_contains "at commit $tag_commit"
expect_out_contains "from file://$WORK/org.git@v1:base.yml"
run warden policy show
expect_status 0
expect_out_contains "# base: file://$WORK/org.git@v1:base.yml at commit $tag_commit"
run git commit -q -m "base commands not trusted"
expect_status 0
expect_err_contains "warn[command]"
expect_no_file org-lint-ran
run warden trust
expect_status 0
expect_out_contains "org-lint"
echo y > b.txt && git add b.txt
run git commit -q -m "base commands trusted"
expect_status 0
expect_file org-lint-ran
echo x > key.secret && git add key.secret
run git commit -q -m "forbidden by the base"
expect_status 1
expect_err_contains "error[forbidden-path]"
git rm -q --cached key.secret

TEST "install-hooks runs the update"
new_repo "$WORK/svc2"
cd "$WORK/svc2"
printf 'extends:\n  - {repo: "file://%s/org.git", ref: v1, path: base.yml}\n' "$WORK" > .warden.yml
git add .warden.yml && git commit -q --no-verify -m "remote base"
install_hooks "$WORK/svc2"
expect_out_contains "base.yml"
run warden policy show
expect_status 0

finish

#!/usr/bin/env bash
# install-hooks --all-under DIR (docs/server.md): pre-receive linked into
# every bare repository of a forge-style storage (GitLab's @hashed layout,
# Gitea's owner/repo.git), core.hooksPath honoured, foreign hooks chained as
# pre-receive.local, Gitea's pre-receive.d used, non-bare repositories
# skipped, found repositories not descended into; counts printed;
# idempotent; --dry-run changes nothing; --uninstall restores the storage.
source "$(dirname "$0")/lib.sh"

LIBEXEC="$WARDEN_STAGE/libexec/warden"
S="$WORK/storage"

# snapshot DIR: every path under DIR with its type, mode and link target,
# and the hash of every file outside objects/: equal snapshots, same tree.
snapshot() {
  (cd "$1" && find . -printf '%p %y %m %l\n' | LC_ALL=C sort
   find . -type f -not -path '*/objects/*' -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}

bare() { git init -q --bare -b main "$S/$1"; }

# The storage: GitLab-style hashed repositories (one with its own
# pre-receive, one wiki), Gitea-style owner/repo.git (one with Gitea's
# dispatcher and pre-receive.d, one with core.hooksPath), a non-bare
# clone, and a repository nested inside a found one.
bare "@hashed/6b/86/6b86b273.git"
bare "@hashed/d4/73/d4735e3a.git"
bare "@hashed/d4/73/d4735e3a.wiki.git"
printf '#!/bin/sh\necho "foreign pre-receive ran" > "%s"\nexit 0\n' "$WORK/foreign.marker" \
  >"$S/@hashed/d4/73/d4735e3a.git/hooks/pre-receive"
chmod +x "$S/@hashed/d4/73/d4735e3a.git/hooks/pre-receive"
bare "alice/site.git"
cat >"$S/alice/site.git/hooks/pre-receive" <<'EOF'
#!/usr/bin/env bash
# a dispatcher as Gitea writes it: every executable of hooks/<hook>.d/ gets the same stdin
data=$(cat)
exitcodes=""
hookname=$(basename "$0")
GIT_DIR=${GIT_DIR:-$(dirname "$0")/..}
for hook in "${GIT_DIR}/hooks/${hookname}.d/"*; do
  test -x "${hook}" && test -f "${hook}" || continue
  echo "${data}" | "${hook}"
  exitcodes="${exitcodes} $?"
done
for i in ${exitcodes}; do
  [ "${i}" -eq 0 ] || exit "${i}"
done
EOF
chmod +x "$S/alice/site.git/hooks/pre-receive"
mkdir -p "$S/alice/site.git/hooks/pre-receive.d"
printf '#!/bin/sh\ncat > /dev/null\necho "forge hook ran" > "%s"\n' "$WORK/forge.marker" \
  >"$S/alice/site.git/hooks/pre-receive.d/gitea"
chmod +x "$S/alice/site.git/hooks/pre-receive.d/gitea"
bare "bob/tool.git"
git -C "$S/bob/tool.git" config core.hooksPath server-hooks
new_repo "$S/bob/checkout"
bare "alice/site.git/nested.git"
BEFORE=$(snapshot "$S")
# The pushes below add objects and refs: compare the hooks directories only.
hooks_snapshot() {
  local d
  for d in "@hashed/6b/86/6b86b273.git/hooks" "@hashed/d4/73/d4735e3a.git/hooks" "alice/site.git/hooks" \
    "bob/tool.git/hooks"; do
    echo "== $d"; snapshot "$S/$d"
  done
}
HOOKS_BEFORE=$(hooks_snapshot)

TEST "--dry-run prints the plan and the counts, and changes nothing"
run install-hooks --all-under "$S" --dry-run
expect_status 0
expect_out_contains "$S/@hashed/6b/86/6b86b273.git: would link pre-receive -> $LIBEXEC/pre-receive"
expect_out_contains "$S/alice/site.git: would link pre-receive.d/warden -> $LIBEXEC/pre-receive"
expect_out_contains "$S/bob/checkout: skipped: not a bare repository"
expect_out_contains "5 to link, 0 kept (already linked), 1 skipped (dry run: nothing was changed)"
expect_eq "$(snapshot "$S")" "$BEFORE" "(a dry run changed the storage)"

TEST "links pre-receive into every bare repository, says how many"
run install-hooks --all-under "$S"
expect_status 0
expect_out_contains "5 linked, 0 kept (already linked), 1 skipped"
for repo in "@hashed/6b/86/6b86b273.git" "@hashed/d4/73/d4735e3a.git" "@hashed/d4/73/d4735e3a.wiki.git"; do
  expect_eq "$(readlink "$S/$repo/hooks/pre-receive")" "$LIBEXEC/pre-receive"
done
expect_err_contains "looks like GitLab's repository storage"

TEST "a foreign pre-receive is kept as pre-receive.local"
expect_out_contains "$S/@hashed/d4/73/d4735e3a.git: kept foreign hook as pre-receive.local"
grep -q "foreign pre-receive ran" "$S/@hashed/d4/73/d4735e3a.git/hooks/pre-receive.local" \
  || fail "pre-receive.local is not the foreign hook"

TEST "core.hooksPath of the repository is honoured"
expect_eq "$(readlink "$S/bob/tool.git/server-hooks/pre-receive")" "$LIBEXEC/pre-receive"
expect_no_file "$S/bob/tool.git/hooks/pre-receive"

TEST "Gitea's layout: warden goes into pre-receive.d, the forge's dispatcher stays"
expect_eq "$(readlink "$S/alice/site.git/hooks/pre-receive.d/warden")" "$LIBEXEC/pre-receive"
[ -L "$S/alice/site.git/hooks/pre-receive" ] && fail "the forge's dispatcher was replaced"
expect_no_file "$S/alice/site.git/hooks/pre-receive.local"

TEST "non-bare repositories are skipped; found repositories are not descended into"
expect_no_file "$S/bob/checkout/.git/hooks/pre-receive"
expect_no_file "$S/alice/site.git/nested.git/hooks/pre-receive"
expect_out_lacks "nested.git"

TEST "the linked hooks run on a push: refused, and the chained hooks run when it passes"
new_repo "$WORK/client"
cd "$WORK/client"
git checkout -q -b Bad_Name
run git push "$S/@hashed/d4/73/d4735e3a.git" Bad_Name
expect_status 1
expect_err_contains "error[branch-name] refs/heads/Bad_Name"
expect_no_file "$WORK/foreign.marker"
run git push "$S/@hashed/d4/73/d4735e3a.git" main
expect_status 0
expect_file "$WORK/foreign.marker"
run git push "$S/alice/site.git" Bad_Name
expect_status 1
expect_err_contains "error[branch-name] refs/heads/Bad_Name"
expect_file "$WORK/forge.marker"
run git push "$S/bob/tool.git" Bad_Name
expect_status 1
expect_err_contains "error[branch-name] refs/heads/Bad_Name"
INSTALLED=$(snapshot "$S")

TEST "a second run changes nothing and says so"
run install-hooks --all-under "$S"
expect_status 0
expect_out_contains "0 linked, 5 kept (already linked), 1 skipped"
expect_out_contains "$S/alice/site.git: already installed: pre-receive.d/warden"
expect_eq "$(snapshot "$S")" "$INSTALLED" "(a second run changed the storage)"

TEST "--uninstall --dry-run changes nothing; --uninstall restores the storage"
run install-hooks --all-under "$S" --uninstall --dry-run
expect_status 0
expect_out_contains "5 to unlink"
expect_eq "$(snapshot "$S")" "$INSTALLED" "(an uninstall dry run changed the storage)"
run install-hooks --all-under "$S" --uninstall
expect_status 0
expect_out_contains "5 unlinked, 0 kept (no warden link), 1 skipped"
expect_out_contains "$S/@hashed/d4/73/d4735e3a.git: restored pre-receive from pre-receive.local"
expect_no_file "$S/@hashed/6b/86/6b86b273.git/hooks/pre-receive"
expect_no_file "$S/alice/site.git/hooks/pre-receive.d/warden"
expect_no_file "$S/bob/tool.git/server-hooks/pre-receive"
grep -q "foreign pre-receive ran" "$S/@hashed/d4/73/d4735e3a.git/hooks/pre-receive" || fail "foreign hook not restored"
expect_file "$S/alice/site.git/hooks/pre-receive.d/gitea"
expect_eq "$(hooks_snapshot)" "$HOOKS_BEFORE" "(--uninstall did not restore the hooks directories)"
run install-hooks --all-under "$S" --uninstall
expect_status 0
expect_out_contains "0 unlinked, 5 kept (no warden link), 1 skipped"

TEST "usage errors: exit 2"
run install-hooks --all-under "$WORK/no-such-dir"
expect_status 2
expect_err_contains "no-such-dir"
run install-hooks --all-under "$S" --repo "$S/bob/tool.git"
expect_status 2
run install-hooks --all-under "$S/bob/tool.git"
expect_status 2
expect_err_contains "install-hooks --repo"
run install-hooks --help
expect_status 0
expect_out_contains "--all-under"

finish

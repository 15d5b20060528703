#!/usr/bin/env bash
# The manual pages warden(1), install-hooks(1), warden.yml(5), generated from
# the command definitions and the key table: they render, and name every
# command and every policy key.
source "$(dirname "$0")/lib.sh"
MAN="$WARDEN_STAGE/share/man"

# render PAGE: the page as text (man -l, else groff, else the roff itself).
render() {
  if command -v man >/dev/null; then MANWIDTH=200 man -l "$1" 2>&1
  elif command -v groff >/dev/null; then groff -man -Tutf8 -k -ww "$1" 2>&1
  else sed -e 's/\\-/-/g' -e 's/\\f.//g; s/\\f(CR//g' "$1"
  fi
}

TEST "the pages are generated and are roff manual pages"
for page in man1/warden.1 man1/install-hooks.1 man5/warden.yml.5; do
  expect_file "$MAN/$page"
  head -5 "$MAN/$page" | grep -q '^\.TH ' || fail "$page has no .TH line"
  grep -q '@[A-Z]*@' "$MAN/$page" && fail "$page has an unfilled placeholder: $(grep -m1 '@[A-Z]*@' "$MAN/$page")"
  if command -v groff >/dev/null; then
    run groff -man -Tutf8 -k -ww -z "$MAN/$page"
    expect_status 0
    [ -z "$err" ] || fail "groff warns about $page: $err"
  else
    echo "  skipped: groff is not installed (the warnings check of $page)"
  fi
done
command -v man >/dev/null || echo "  skipped: man is not installed (pages read as roff)"

TEST "warden(1) names every command and subcommand, with the --help texts"
page=$(render "$MAN/man1/warden.1")
grep -q "warden $(warden --version | cut -d' ' -f2)" <<<"$page" || fail "warden(1) lacks the version"
for path in "" branch notify policy; do
  run warden $path --help
  expect_status 0
  subs=$(printf '%s\n' "$out" | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && /^  [a-z]/ {print $1}')
  [ -n "$subs" ] || fail "no subcommands in warden $path --help"
  for sub in $subs; do
    name=$(echo "$path $sub" | sed 's/^ //')
    grep -qE "^ +$name\$" <<<"$page" || fail "warden(1) lacks the command '$name'"
  done
done
run warden check --help
help_line=$(printf '%s\n' "$out" | grep -m1 -- '--exit-zero' | sed 's/^ *--exit-zero *//')
grep -qF "$help_line" <<<"$page" || fail "warden(1) lacks check's --exit-zero help '$help_line'"

TEST "install-hooks(1) names every option of install-hooks --help"
page=$(render "$MAN/man1/install-hooks.1")
run install-hooks --help
for option in $(printf '%s\n' "$out" | grep -oE -- '--[a-z-]+' | sort -u); do
  grep -qF -- "$option" <<<"$page" || fail "install-hooks(1) lacks $option"
done

TEST "warden.yml(5) names every key of warden policy show, with its default"
page=$(render "$MAN/man5/warden.yml.5")
new_repo r
run_in r warden policy show
expect_status 0
keys=$(printf '%s\n' "$out" | awk '
  /^[a-z][a-z-]*:/ {sub(":.*", ""); section=$0; if ($0 !~ /^(files|branches|commits|server)$/) print; next}
  /^  [a-z][a-z-]*:/ && section ~ /^(files|branches|commits|server)$/ {sub("^  ", ""); sub(":.*", ""); print section "." $0}')
[ "$(wc -l <<<"$keys")" -ge 20 ] || fail "too few keys read from policy show: $keys"
for key in $keys; do
  grep -qE "^ +$key( |$)" <<<"$page" || fail "warden.yml(5) lacks the key $key"
done
grep -q "default: 5MiB" <<<"$page" || fail "warden.yml(5) lacks the default of files.max-file-size"

finish

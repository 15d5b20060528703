#!/usr/bin/env bash
# Shell completions generated from the command definitions: bash's function
# called as bash calls it, zsh and fish files syntax-checked when those shells
# are installed.
source "$(dirname "$0")/lib.sh"

SHARE="$WARDEN_STAGE/share"
BASH_FILE="$SHARE/bash-completion/completions/warden"

# complete_words LINE: the candidates bash's completion offers for LINE (the
# last word is the one being completed; a trailing space starts a new word).
complete_words() {
  bash --norc --noprofile -c '
    source "$1" || exit 3
    read -r -a COMP_WORDS <<< "$2"
    [[ $2 == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
    COMP_LINE=$2; COMP_POINT=${#2}
    "$3" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf "%s\n" "${COMPREPLY[@]}"' _ "${3:-$BASH_FILE}" "$1" "${2:-_warden}"
}

TEST "the completion files are generated for warden and install-hooks"
for f in bash-completion/completions/warden bash-completion/completions/install-hooks \
         zsh/site-functions/_warden zsh/site-functions/_install-hooks \
         fish/vendor_completions.d/warden.fish fish/vendor_completions.d/install-hooks.fish; do
  expect_file "$SHARE/$f"
done
run bash -n "$BASH_FILE"
expect_status 0

TEST "bash: commands, subcommands and options complete"
run complete_words "warden br"
expect_status 0
expect_eq "$out" "branch" "warden br<TAB>"
run complete_words "warden branch pr"
expect_eq "$out" "prune" "warden branch pr<TAB>"
run complete_words "warden check --fo"
expect_eq "$out" "--format" "warden check --fo<TAB>"
run complete_words "warden check --format "
expect_eq "$(echo $out)" "text json sarif junit" "warden check --format <TAB>"
run complete_words "warden policy "
expect_out_contains "schema"
expect_out_contains "default"
run complete_words "warden branch prune --"
expect_out_contains "--merged"
expect_out_contains "--dry-run"
expect_out_lacks "--format"

TEST "bash: an option's value is skipped on the way to the command"
run complete_words "warden check --format json --ex"
expect_eq "$out" "--exit-zero" "after --format json"

TEST "bash: hidden commands are not offered"
run complete_words "warden "
expect_out_contains "check"
expect_out_lacks "hook"
expect_out_lacks "completions"
expect_out_lacks "manpage"

TEST "bash: every command of warden --help completes"
run warden --help
expect_status 0
commands=$(printf '%s\n' "$out" | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && /^  [a-z]/ {print $1}')
[ -n "$commands" ] || fail "no commands in warden --help: $out"
run complete_words "warden "
for c in $commands; do
  grep -qx "$c" <<<"$out" || fail "'$c' of warden --help is not completed"
done

TEST "bash: install-hooks and git warden"
run complete_words "install-hooks --un" _install_hooks "$SHARE/bash-completion/completions/install-hooks"
expect_eq "$out" "--uninstall" "install-hooks --un<TAB>"
run complete_words "git warden br" _git_warden
expect_eq "$out" "branch" "git warden br<TAB>"

TEST "zsh and fish files parse and complete"
if command -v zsh >/dev/null; then
  for f in _warden _install-hooks; do
    run zsh -n "$SHARE/zsh/site-functions/$f"
    expect_status 0
  done
  # zsh_words WORD...: what _warden offers for the last word, with zsh's
  # completion builtins replaced by printers of the candidates.
  zsh_words() {
    zsh -f -c '
      _describe() { for e in ${(P)4}; do print -r -- "${e%%:*}"; done; }
      compadd() { shift; for e in ${(P)1}; do print -r -- $e; done; }
      _files() { print -r -- "(files)"; }
      compdef() { :; }
      source "$1"; shift
      words=("$@"); CURRENT=$#
      _warden' _ "$SHARE/zsh/site-functions/_warden" "$@"
  }
  run zsh_words warden br
  expect_status 0
  expect_eq "$(grep '^br' <<<"$out")" "branch" "zsh: warden br<TAB>"
  run zsh_words warden branch pr
  expect_eq "$(grep '^pr' <<<"$out")" "prune" "zsh: warden branch pr<TAB>"
  run zsh_words warden check --fo
  expect_eq "$(grep -- '^--fo' <<<"$out")" "--format" "zsh: warden check --fo<TAB>"
else
  echo "  skipped: zsh is not installed (zsh -n of the zsh completions)"
fi
if command -v fish >/dev/null; then
  for f in warden install-hooks; do
    run fish --no-execute "$SHARE/fish/vendor_completions.d/$f.fish"
    expect_status 0
  done
  fish_words() { fish --no-config -c "source $SHARE/fish/vendor_completions.d/warden.fish; complete -C '$1'" | cut -f1; }
  run fish_words "warden br"
  expect_eq "$out" "branch" "fish: warden br<TAB>"
  run fish_words "warden branch pr"
  expect_eq "$out" "prune" "fish: warden branch pr<TAB>"
  run fish_words "warden check --fo"
  expect_eq "$out" "--format" "fish: warden check --fo<TAB>"
else
  echo "  skipped: fish is not installed (fish --no-execute of the fish completions)"
fi
grep -q '^#compdef warden' "$SHARE/zsh/site-functions/_warden" || fail "_warden lacks #compdef"
grep -q "complete -c warden .* -a 'prune'" "$SHARE/fish/vendor_completions.d/warden.fish" || fail "warden.fish lacks branch prune"

finish

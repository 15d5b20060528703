#!/usr/bin/env bash
# `warden policy schema` (JSON Schema 2020-12, generated from the key table)
# accepts the default policy, every whole policy shown in docs/ and the
# README, and what `warden init` writes; it rejects an unknown key at every
# level, as the loader does. Validated with python3-jsonschema.
source "$(dirname "$0")/lib.sh"
SRC="$E2E_DIR/../.."
PY=python3
# Debian's python3 carries python3-jsonschema and python3-yaml
# (install/deps.sh); another python3 first on PATH may not.
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

# validate SCHEMA [--expect-invalid] [--def NAME] FILE...: each YAML FILE
# (converted to JSON) against SCHEMA, or against its $defs/NAME.
cat > "$WORK/validate.py" <<'PY'
import json, sys, yaml
from jsonschema import Draft202012Validator
args = sys.argv[1:]
schema = json.load(open(args.pop(0)))
Draft202012Validator.check_schema(schema)
expect_invalid = False
if args and args[0] == "--expect-invalid":
    expect_invalid = True; args.pop(0)
if args and args[0] == "--def":
    args.pop(0); name = args.pop(0)
    schema = {"$ref": "#/$defs/" + name, "$defs": schema["$defs"]}
validator = Draft202012Validator(schema)
status = 0
for path in args:
    errors = sorted(validator.iter_errors(yaml.safe_load(open(path))), key=lambda e: list(e.path))
    if expect_invalid and not errors:
        print(f"{path}: valid, expected invalid"); status = 1
    if not expect_invalid and errors:
        for e in errors: print(f"{path}: {'/'.join(map(str, e.path))}: {e.message}")
        status = 1
    if expect_invalid and errors:
        print(f"{path}: invalid: {errors[0].message}")
sys.exit(status)
PY

if ! $PY -c 'import jsonschema, yaml' 2>/dev/null; then
  echo "  skipped: python3-jsonschema or python3-yaml is not installed (apt-get install python3-jsonschema python3-yaml)"
  TEST "the schema is valid JSON with every section"
  run warden policy schema
  expect_status 0
  expect_out_contains '"$schema": "https://json-schema.org/draft/2020-12/schema"'
  finish
fi

TEST "warden policy schema is the installed share/warden/warden.schema.json, a valid 2020-12 schema"
run warden policy schema
expect_status 0
cp "$WORK/.out" "$WORK/schema.json"
cmp -s "$WORK/schema.json" "$WARDEN_STAGE/share/warden/warden.schema.json" || fail "policy schema differs from share/warden/warden.schema.json"
run $PY -c 'import json,sys; from jsonschema import Draft202012Validator as V; V.check_schema(json.load(open(sys.argv[1])))' "$WORK/schema.json"
expect_status 0

TEST "every key of warden policy show is in the schema, and unknown keys are refused at every level"
new_repo r
run_in r warden policy show
expect_status 0
printf '%s\n' "$out" > "$WORK/shown.yml"
cat > "$WORK/keys.py" <<'PY'
import json, sys, yaml
schema = json.load(open(sys.argv[1])); shown = yaml.safe_load(open(sys.argv[2]))
def resolve(node):
    while "$ref" in node: node = schema["$defs"][node["$ref"].split("/")[-1]]
    return node
missing = []
for key, value in shown.items():
    prop = schema["properties"].get(key)
    if prop is None: missing.append(key); continue
    if isinstance(value, dict) and key not in ("commands", "git"):
        section = resolve(prop)
        if section.get("additionalProperties") is not False: missing.append(key + " (open)")
        for sub in value:
            if sub not in section["properties"]: missing.append(key + "." + sub)
if schema.get("additionalProperties") is not False: missing.append("(root open)")
print("missing:", missing); sys.exit(1 if missing else 0)
PY
run $PY "$WORK/keys.py" "$WORK/schema.json" "$WORK/shown.yml"
expect_status 0
expect_out_contains "missing: []"

TEST "the default policy validates"
run warden policy default
cp "$WORK/.out" "$WORK/default.yml"
run $PY "$WORK/validate.py" "$WORK/schema.json" "$WORK/default.yml"
expect_status 0

TEST "every whole policy in docs/ and the README validates"
cat > "$WORK/examples.py" <<'PY'
import os, re, sys, yaml
out = sys.argv[1]; os.makedirs(out)
sections = {"version", "hooks", "extends", "files", "branches", "commits", "server", "commands", "notify", "git"}
n = 0
for path in sys.argv[2:]:
    for block in re.findall(r"```ya?ml\n(.*?)```", open(path).read(), re.S):
        doc = yaml.safe_load(block)
        # A policy: a mapping with a policy section (not a workflow or a template's description).
        if isinstance(doc, dict) and sections & set(doc):
            n += 1
            open(f"{out}/{n:02d}-{os.path.basename(path)}.yml", "w").write(block)
print(n)
PY
run $PY "$WORK/examples.py" "$WORK/examples" "$SRC"/docs/*.md "$SRC/README.md"
expect_status 0
[ "${out:-0}" -ge 4 ] || fail "found only ${out:-0} policy examples in docs/"
run $PY "$WORK/validate.py" "$WORK/schema.json" "$WORK"/examples/*.yml
expect_status 0

TEST "the .warden.yml warden init writes validates, for every template"
for template in generic cpp python; do
  run warden init "$WORK/init-$template" --template "$template" --ci none
  expect_status 0
done
run $PY "$WORK/validate.py" "$WORK/schema.json" "$WORK"/init-{generic,cpp,python}/.warden.yml
expect_status 0

TEST "unknown keys and bad values fail validation, as they fail the loader"
printf 'version: 1\nfiles:\n  case-colision: error\n' > "$WORK/bad1.yml"
printf 'version: 1\nbranchez: {}\n' > "$WORK/bad2.yml"
printf 'files:\n  secret: fatal\n' > "$WORK/bad3.yml"
printf 'notify:\n  discord:\n    events: [push]\n    colour: red\n' > "$WORK/bad4.yml"
printf 'commands:\n  pre-commit:\n    - name: x\n      runs: make\n' > "$WORK/bad5.yml"
printf 'files:\n  naming:\n    - glob: "*.py"\n' > "$WORK/bad6.yml"
for bad in bad1 bad2 bad3 bad4 bad5 bad6; do
  run warden policy check "$WORK/$bad.yml"
  expect_status 2
done
# One run for all six: it fails if any of them validates.
run $PY "$WORK/validate.py" "$WORK/schema.json" --expect-invalid "$WORK"/bad[1-6].yml
expect_status 0
[ "$(grep -c ': invalid: ' <<<"$out")" = 6 ] || fail "not every bad policy was judged: $out"

TEST "a scoped policy takes files: and commands: only"
printf 'files:\n  max-file-size: 1MiB\ncommands:\n  pre-commit:\n    - run: make lint\n' > "$WORK/scoped-ok.yml"
printf 'files:\n  secret: warn\nbranches:\n  remote: origin\n' > "$WORK/scoped-bad.yml"
run $PY "$WORK/validate.py" "$WORK/schema.json" --def scoped-policy "$WORK/scoped-ok.yml"
expect_status 0
run $PY "$WORK/validate.py" "$WORK/schema.json" --expect-invalid --def scoped-policy "$WORK/scoped-bad.yml"
expect_status 0
# A scoped file runs pre-commit commands only, as the loader reads it.
printf 'commands:\n  pre-push:\n    - run: make test\n' > "$WORK/scoped-push.yml"
run $PY "$WORK/validate.py" "$WORK/schema.json" --expect-invalid --def scoped-policy "$WORK/scoped-push.yml"
expect_status 0

TEST "extends takes paths and {repo, ref, path}"
printf -- '- base/policy.yml\n- {repo: "https://example.com/org/policies.git", ref: v1, path: team.yml}\n' > "$WORK/extends-ok.yml"
printf -- '- {repo: "https://example.com/p.git", branch: main}\n' > "$WORK/extends-bad.yml"
run $PY "$WORK/validate.py" "$WORK/schema.json" --def extends "$WORK/extends-ok.yml"
expect_status 0
run $PY "$WORK/validate.py" "$WORK/schema.json" --expect-invalid --def extends "$WORK/extends-bad.yml"
expect_status 0

finish

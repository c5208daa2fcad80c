#!/usr/bin/env bash
# `rulekit lint --fix` end to end on scratch copies (the CLI case table cannot put a file into
# its temporary directory before the run): every tests/fixtures/fix/<case>/before.yaml is
# fixed in place and must then equal after.yaml byte for byte, with no temporary file left
# beside it and the exit status the case expects on what remains (its exit-status file: 1 when
# an error is left after the fixes; none: 0); a second --fix changes nothing, and --diff on a
# copy writes nothing.
#
# Usage: lint_fix_test.sh RULEKIT_BINARY SOURCE_DIR
set -euo pipefail
rulekit=$(realpath "$1") source_dir=$(realpath "$2")

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"  # no .rulekit.yaml of the checkout applies
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

cases=0
for case_dir in "$source_dir"/tests/fixtures/fix/*/; do
  name=$(basename "$case_dir")
  cases=$((cases + 1))
  mkdir "$scratch/$name"
  cp "$case_dir/before.yaml" "$scratch/$name/rules.yaml"
  set +e
  "$rulekit" lint --fix --no-source --color never "$name/rules.yaml" >"$name.out" 2>"$name.err"
  status=$?
  set -e
  cmp -s "$scratch/$name/rules.yaml" "$case_dir/after.yaml" || fail "$name: rules.yaml after --fix differs from after.yaml"
  [[ $(ls -A "$scratch/$name") == rules.yaml ]] || fail "$name: files left beside rules.yaml: $(ls -A "$scratch/$name")"
  grep -q '^rulekit lint --fix: .* fix(es) applied to' "$name.err" || fail "$name: no fix summary on stderr"
  # The exit status the case states, not one read back from this run's own report.
  want=0
  if [[ -f $case_dir/exit-status ]]; then want=$(<"$case_dir/exit-status"); fi
  [[ $status == "$want" ]] || fail "$name: exit status $status, expected $want (its exit-status file)"
  # A fixed file has nothing left to fix.
  "$rulekit" lint --fix "$name/rules.yaml" >/dev/null 2>"$name.again" || true
  grep -q ': 0 fix(es) applied to 0 file(s)' "$name.again" || fail "$name: a second --fix changed something"
done
[[ $cases -ge 15 ]] || fail "only $cases fixture cases"

# --diff writes nothing and exits 1 when there is something to fix.
mkdir "$scratch/diff"
cp "$source_dir/tests/fixtures/fix/several-fixes/before.yaml" "$scratch/diff/rules.yaml"
set +e
"$rulekit" lint --diff diff/rules.yaml >diff.out 2>diff.err
status=$?
set -e
[[ $status == 1 ]] || fail "--diff: exit status $status, expected 1"
cmp -s "$scratch/diff/rules.yaml" "$source_dir/tests/fixtures/fix/several-fixes/before.yaml" || fail "--diff changed the file"
sed 's#^\(---\|+++\) rules.yaml$#\1 diff/rules.yaml#' "$source_dir/tests/fixtures/fix/several-fixes/after.diff" >diff.expected
cmp -s diff.out diff.expected || fail "--diff output differs from after.diff"
# ... and the diff applies with patch(1) to give after.yaml.
if command -v patch >/dev/null; then
  patch -s -p0 <diff.out
  cmp -s "$scratch/diff/rules.yaml" "$source_dir/tests/fixtures/fix/several-fixes/after.yaml" || fail "patch -p0 < --diff output is not after.yaml"
fi

if [[ $failures != 0 ]]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "ok: $cases fixture cases fixed in place"

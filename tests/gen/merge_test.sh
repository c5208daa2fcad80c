#!/usr/bin/env bash
# `rulekit gen --merge FILE` adds to a tuning file in place, keeping every byte it had, and a
# second run with the same alerts adds nothing (the file stays byte for byte the same).
set -euo pipefail
rulekit=$1
source_dir=$2
seed=$source_dir/tests/fixtures/gen/seed
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '# My tuning, kept by hand.\n- list: my_spare_list   # nothing uses it\n  items: [a]\n' >"$tmp/tuning.yaml"
cp "$tmp/tuning.yaml" "$tmp/original.yaml"

"$rulekit" gen --rules "$seed/rules.yaml" --merge "$tmp/tuning.yaml" "$seed/alerts.jsonl" 2>"$tmp/first.err"
# Every byte of the original is still at the start.
head -c "$(stat -c %s "$tmp/original.yaml")" "$tmp/tuning.yaml" | cmp - "$tmp/original.yaml"
grep -q 'rulekit_image_ns_pod_cmdline' "$tmp/tuning.yaml"

cp "$tmp/tuning.yaml" "$tmp/after-first.yaml"
"$rulekit" gen --rules "$seed/rules.yaml" --merge "$tmp/tuning.yaml" "$seed/alerts.jsonl" 2>"$tmp/second.err"
cmp "$tmp/tuning.yaml" "$tmp/after-first.yaml"
grep -q 'nothing new to add' "$tmp/second.err"

# With --style hooks there is no user_* macro in the seed rules: the same exceptions result.
"$rulekit" gen --style hooks --rules "$seed/rules.yaml" --merge "$tmp/tuning.yaml" "$seed/alerts.jsonl" 2>"$tmp/third.err"
cmp "$tmp/tuning.yaml" "$tmp/after-first.yaml"

# The merged file lints clean on top of the rules (its own spare list aside).
"$rulekit" lint --no-config --format json "$seed/rules.yaml" "$tmp/tuning.yaml" >"$tmp/lint.json" || true
if grep -q '"severity": "error"' "$tmp/lint.json"; then cat "$tmp/lint.json"; exit 1; fi
echo "merge is idempotent and keeps the file's bytes"

#!/usr/bin/env bash
# Rewrites the golden expected files of tests/lint/golden_test.cpp and of `rulekit test` from
# the current build (lint cases with an options.json are left alone). A file whose findings did
# not change is not touched; a changed one keeps its indentation. Review `git diff` before
# committing: expected files are checked by hand, never accepted blindly.
set -euo pipefail
cd "$(dirname "$0")/.."
rulekit=${RULEKIT:-build/rulekit}
write() {  # write FILE  (findings JSON on stdin)
  python3 -c '
import json, sys
path = sys.argv[1]
new = json.load(sys.stdin)
try:
    old_text = open(path).read()
except FileNotFoundError:
    old_text = ""
if old_text and json.loads(old_text) == new:
    sys.exit(0)
indent = 4 if old_text.startswith("[\n    ") else 2
open(path, "w").write(json.dumps(new, indent=indent, ensure_ascii=False) + "\n")
' "$1"
}
lint() { "$rulekit" lint --no-config --format json "$@" || [[ $? == 1 ]]; }
for f in rules-examples/malformed/*.yaml; do
  lint "$f" | write "${f%.yaml}.expected.json"
done
lint rules-examples/good | write rules-examples/good/expected.json
for d in tests/fixtures/lint/*/; do
  if [[ -f $d/options.json ]]; then echo "left alone (has options.json): $d"; continue; fi
  lint "$d" | write "${d}expected.json"
done
# `rulekit test`'s reports (compared by tests/fixtures/cli/cases.jsonl); exit 1 is expected.
for format in text junit; do
  ext=$([[ $format == junit ]] && echo xml || echo txt)
  "$rulekit" test --no-config --format "$format" tests/fixtures/rule-tests/cases.yaml \
    >"tests/fixtures/rule-tests/cases.expected.$ext" || [[ $? == 1 ]]
done
git status --short -- rules-examples tests/fixtures/lint tests/fixtures/rule-tests

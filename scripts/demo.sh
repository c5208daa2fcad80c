#!/usr/bin/env bash
# The README's first command: install what is missing, build, run rulekit on rules-examples/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
echo
echo "== rulekit parse rules-examples/conditions.txt"
status=0
./build/rulekit parse rules-examples/conditions.txt || status=$?
echo "(exit status $status: 0 all parse, 1 some do not — the file holds broken ones on purpose)"

#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run `rulekit lint` on the
# bundled rules-examples/ (a clean rules set, then each malformed file on its own, a preview
# of the safe fixes and GitHub annotations), then their unit tests with `rulekit test`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh

run() {
  echo
  echo "\$ build/rulekit $*"
  local status=0
  ./build/rulekit "$@" || status=$?
  echo "(exit status $status)"
}

run lint rules-examples/good
for f in rules-examples/malformed/*.yaml; do
  run lint "$f"
done
run lint --diff rules-examples/malformed/typos.yaml   # the safe fixes, previewed (nothing is written)
run lint --format github rules-examples/malformed/typos.yaml
run parse rules-examples/conditions.txt
# Replaying alerts against a tuning: which would 20-tuning.yaml silence?
run eval --rules rules-examples/good/10-custom_rules.yaml --tuning rules-examples/good/20-tuning.yaml \
  --format json -- rules-examples/alerts/custom.jsonl
run test rules-examples/tests   # unit tests of the good rules: events and the rules that must (not) fire
# Tuning from an alert log: the driver loader's daily dkms runs become one proven exception.
run gen --dry-run --rules tests/fixtures/gen/seed/rules.yaml -- tests/fixtures/gen/seed/alerts.jsonl
echo
echo "The malformed examples fail on purpose (exit status 1); their expected findings are in"
echo "rules-examples/malformed/*.expected.json."

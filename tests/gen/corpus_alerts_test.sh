#!/usr/bin/env bash
# `rulekit gen` on every real alert log of ../shared/corpus/alerts with Falco's upstream and
# k8saudit rules: at default settings those few alerts recur too little to be tuned (nothing is
# written), and with every threshold at 1 each proposal must still prove itself and lint clean
# (exit 0). Skipped (77) without the corpus, a failure under RULEKIT_REQUIRE_SHARED=1.
set -euo pipefail
rulekit=$1
shared=${RULEKIT_SHARED_DIR:-$2/../shared}
if [[ ! -d $shared/corpus/alerts ]]; then
  if [[ ${RULEKIT_REQUIRE_SHARED:-} == 1 ]]; then echo "FAIL: no corpus at $shared"; exit 1; fi
  echo "SKIPPED: no corpus at $shared"; exit 77
fi
rules=("$shared/corpus/rules/upstream/falco_rules.yaml" "$shared/corpus/rules/upstream/falco-incubating_rules.yaml"
       "$shared/corpus/rules/upstream/falco-sandbox_rules.yaml" "$shared/corpus/rules/plugins/k8saudit/k8s_audit_rules.yaml")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for log in "$shared"/corpus/alerts/*.jsonl; do
  "$rulekit" gen --rules "${rules[@]}" "$log" >"$tmp/default.yaml" 2>"$tmp/default.err"
  if [[ -s $tmp/default.yaml ]]; then echo "FAIL: $log tuned at default settings:"; cat "$tmp/default.yaml"; exit 1; fi
  grep -q '0 proposal(s)' "$tmp/default.err" || { cat "$tmp/default.err"; exit 1; }
  "$rulekit" gen --min-count 1 --min-days 1 --rules "${rules[@]}" "$log" >"$tmp/all.yaml" 2>"$tmp/all.err" ||
    { echo "FAIL: $log"; cat "$tmp/all.err"; exit 1; }
  grep -q 'rules given with --rules do not define' "$tmp/all.err" 2>/dev/null || true
done
echo "gen on every corpus alert log: nothing tuned by default, every proposal proven and lint clean"

#!/usr/bin/env bash
# The hooks in .pre-commit-hooks.yaml, run by the real `pre-commit try-repo` on a scratch git
# repository with the built rulekit first on PATH, the way a user's commit would run them.
#
#   lint      rulekit-lint: a good rules file passes, a bad one fails the commit with the
#             finding, a non-rules YAML file (a CI workflow, a rule test) is not linted at all.
#   lint-all  rulekit-lint-all: with a .rulekit.yaml rule set rules/, editing rules/a.yaml so
#             that rules/b.yaml breaks fails the hook; a change to no YAML file skips it.
#             Needs `rulekit lint` with no paths to lint the configured rule sets; a build
#             without that feature reports the case as skipped (exit 77), never as passed.
#   test      rulekit-test: a changed test file whose cases pass passes, one with a failing case
#             fails the commit with the case's FAIL line and the summary; a change to the rules
#             only does not run it.
#
# Usage: pre_commit_hooks_test.sh RULEKIT_BINARY SOURCE_DIR lint|lint-all|test
#
# Under RULEKIT_REQUIRE_SHARED=1 (CI, .ci/run) a case that cannot run fails (exit 1) instead:
# CI must not pass on a check that did not run.
set -euo pipefail
rulekit_binary=$1 source_dir=$2 case_name=$3

# Says why the case cannot run and leaves: a skip (ctest SKIP_RETURN_CODE 77), or a failure in CI.
cannot_run() {
  if [[ ${RULEKIT_REQUIRE_SHARED:-} == 1 ]]; then
    echo "FAIL: $* RULEKIT_REQUIRE_SHARED=1 forbids skipping."
    exit 1
  fi
  echo "SKIPPED: $*"
  exit 77
}

if ! command -v pre-commit >/dev/null; then
  cannot_run "pre-commit is not installed (scripts/install-deps.sh installs Debian's package)"
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# Nothing from the user's environment: no global git config, no pre-commit cache, no hooks.
export HOME=$scratch/home PRE_COMMIT_HOME=$scratch/pre-commit-cache XDG_CACHE_HOME=$scratch/cache
export GIT_CONFIG_NOSYSTEM=1 PRE_COMMIT_COLOR=never NO_COLOR=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
mkdir -p "$HOME" "$scratch/bin"
ln -s "$(realpath "$rulekit_binary")" "$scratch/bin/rulekit"
export PATH=$scratch/bin:$PATH

new_repo() {
  git init -q "$1"
  git -C "$1" config user.name "rulekit test"
  git -C "$1" config user.email "test@rulekit.invalid"
  git -C "$1" config commit.gpgsign false
}

# try-repo needs the hooks file committed in a git repository of its own; the checkout's
# working tree may be dirty, so the hooks file is copied into a fresh one.
hooks_repo=$scratch/hooks
new_repo "$hooks_repo"
cp "$source_dir/.pre-commit-hooks.yaml" "$hooks_repo/"
git -C "$hooks_repo" add .pre-commit-hooks.yaml
git -C "$hooks_repo" commit -qm "hooks"

work=$scratch/work
new_repo "$work"
cd "$work"

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Runs one hook on the staged files (as at commit time, or on every tracked file with
# --all-files); sets hook_status and hook_output.
run_hook() {
  local hook=$1
  shift
  hook_status=0
  hook_output=$(pre-commit try-repo "$hooks_repo" "$hook" "$@" 2>&1) || hook_status=$?
  printf '%s\n' "--- pre-commit try-repo $hook $* (exit $hook_status)" "$hook_output"
}
expect_pass() {
  [[ $hook_status -eq 0 ]] || fail "$1: the hook failed (exit $hook_status), expected it to pass"
  grep -q 'Passed$' <<<"$hook_output" || fail "$1: the hook did not report Passed"
}
expect_fail() {
  [[ $hook_status -ne 0 ]] || fail "$1: the hook passed, expected it to fail"
  grep -q 'Failed$' <<<"$hook_output" || fail "$1: the hook did not report Failed"
}
expect_skipped() {
  [[ $hook_status -eq 0 ]] || fail "$1: exit $hook_status, expected the hook to be skipped"
  grep -q 'Skipped$' <<<"$hook_output" || fail "$1: the hook ran, expected it to be skipped"
}
expect_output() {
  grep -qF -- "$2" <<<"$hook_output" || fail "$1: the output does not mention '$2'"
}

write_file() {
  mkdir -p "$(dirname "$1")"
  cat >"$1"
}

# A macro, and a rule that uses it: one good file in `lint`, two files of a rule set in `lint-all`.
readonly macro_yaml='- macro: spawned_process
  condition: evt.type in (execve, execveat)'
readonly rule_yaml='- rule: Shell spawned
  desc: A shell was started.
  condition: spawned_process and proc.name in (bash, sh)
  output: Shell spawned (user=%user.name command=%proc.cmdline)
  priority: WARNING'

case $case_name in
lint)
  printf '%s\n\n%s\n' "$macro_yaml" "$rule_yaml" | write_file rules/good.yaml
  git add rules/good.yaml
  run_hook rulekit-lint
  expect_pass "a good rules file"
  git commit -qm "good rules"

  write_file rules/bad.yaml <<'EOF'
- rule: Shell spawned by a typo
  desc: A shell was started.
  condition: evt.type = execve and proc.nmae = bash
  output: Shell spawned (command=%proc.cmdline)
  priority: WARNING
EOF
  git add rules/bad.yaml
  run_hook rulekit-lint
  expect_fail "a rules file with an unknown field"
  expect_output "a rules file with an unknown field" "rules/bad.yaml:3:"
  expect_output "a rules file with an unknown field" "error[unknown-field]"
  git rm -q --cached rules/bad.yaml
  rm rules/bad.yaml

  # YAML that is not a rules file (a CI workflow) must not fail the commit as `not-a-rules-file`.
  write_file .github/workflows/ci.yml <<'EOF'
on: push
jobs: {lint: {runs-on: ubuntu-latest, steps: [{run: echo hi}]}}
EOF
  git add .github/workflows/ci.yml
  run_hook rulekit-lint
  expect_skipped "a GitHub workflow (excluded YAML)"
  git commit -qm "workflow"

  # Nor a rule test file (rulekit-test runs those).
  write_file tests/shell_test.yaml <<'EOF'
rules: [../rules/good.yaml]
tests:
  - name: bash fires
    event: {fields: {evt.type: execve, proc.name: bash}}
    fires: [Shell spawned]
EOF
  git add tests/shell_test.yaml
  run_hook rulekit-lint
  expect_skipped "a rule test file (excluded YAML)"
  ;;

lint-all)
  if ! rulekit lint --help 2>/dev/null | grep -q -- '--rule-set'; then
    cannot_run "this rulekit has no configured rule sets yet (\`rulekit lint --help\` shows no --rule-set)," \
      "so rulekit-lint-all (\`rulekit lint\` with no paths) cannot run. The case is not tested."
  fi
  write_file .rulekit.yaml <<'EOF'
rule-sets:
  default: [rules/]
EOF
  printf '%s\n' "$macro_yaml" | write_file rules/a.yaml
  printf '%s\n' "$rule_yaml" | write_file rules/b.yaml
  git add .rulekit.yaml rules
  run_hook rulekit-lint-all --all-files
  expect_pass "the configured rule set as committed"
  git commit -qm "rules"

  # Renaming the macro in a.yaml breaks b.yaml, which is not part of the change.
  sed -i 's/^- macro: spawned_process$/- macro: process_spawned/' rules/a.yaml
  git add rules/a.yaml
  run_hook rulekit-lint-all
  expect_fail "a.yaml edited so that b.yaml uses an undefined macro"
  expect_output "a.yaml edited so that b.yaml uses an undefined macro" "rules/b.yaml"
  expect_output "a.yaml edited so that b.yaml uses an undefined macro" "undefined-macro"
  git restore --staged --worktree rules/a.yaml

  # Only YAML changes trigger it.
  echo "# rules" >README.md
  git add README.md
  run_hook rulekit-lint-all
  expect_skipped "a change to no YAML file"
  ;;

test)
  printf '%s\n\n%s\n' "$macro_yaml" "$rule_yaml" | write_file rules/shell.yaml
  write_file tests/shell.yaml <<'EOF'
rules: [../rules/shell.yaml]
tests:
  - name: bash fires
    event:
      fields: {evt.type: execve, proc.name: bash}
    fires: [Shell spawned]
EOF
  git add rules tests
  run_hook rulekit-test
  expect_pass "a test file whose cases pass"
  git commit -qm "rules and tests"

  write_file tests/shell.yaml <<'EOF'
rules: [../rules/shell.yaml]
tests:
  - name: zsh fires
    event:
      fields: {evt.type: execve, proc.name: zsh}
    fires: [Shell spawned]
EOF
  git add tests/shell.yaml
  run_hook rulekit-test
  expect_fail "a test file with a failing case"
  expect_output "a test file with a failing case" "FAIL zsh fires (tests/shell.yaml:3)"
  expect_output "a test file with a failing case" "0 passed, 1 failed"
  git restore --staged --worktree tests/shell.yaml

  # Not a test file: the rules themselves.
  echo "# edited" >>rules/shell.yaml
  git add rules/shell.yaml
  run_hook rulekit-test
  expect_skipped "a change to the rules only"
  ;;

*)
  echo "unknown case '$case_name' (lint, lint-all or test)"
  exit 2
  ;;
esac

if [[ $failures -gt 0 ]]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "pre-commit hook case '$case_name' OK"

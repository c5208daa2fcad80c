#!/usr/bin/env bash
# `rulekit lint --output` to a file that is not a regular file: a FIFO a CI step reads from and
# /dev/stdout get the report written into them (a rename would replace the FIFO, and cannot
# reach a pipe); /dev/full fails the run with exit 2. The CLI case table cannot do this: it
# needs a reader on the FIFO while rulekit runs.
#
# Usage: lint_output_special_files_test.sh RULEKIT_BINARY SOURCE_DIR
set -euo pipefail
rulekit=$(realpath "$1") source_dir=$(realpath "$2")

scratch=$(mktemp -d)
reader_pid=
cleanup() {
  if [[ -n $reader_pid ]]; then kill "$reader_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
cd "$source_dir"
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# A FIFO: the reader gets the report, and the FIFO is still a FIFO afterwards.
mkfifo "$scratch/report.fifo"
timeout 20 cat "$scratch/report.fifo" >"$scratch/from-fifo" &
reader_pid=$!
status=0
timeout 20 "$rulekit" lint --format json --output "$scratch/report.fifo" rules-examples/good >"$scratch/summary" 2>"$scratch/err" ||
  status=$?
wait "$reader_pid" || true
reader_pid=
[[ $status == 0 ]] || fail "--output FIFO: exit $status, expected 0: $(cat "$scratch/err")"
[[ -p $scratch/report.fifo ]] || fail "--output FIFO: the FIFO was replaced by a regular file"
[[ $(cat "$scratch/from-fifo") == "[]" ]] || fail "--output FIFO: the reader got '$(head -c 200 "$scratch/from-fifo")', expected []"
fifo_kept=$([[ -p $scratch/report.fifo ]] && echo yes || echo no)

# /dev/stdout on a pipe: the report, then the summary, both on the pipe.
status=0
piped=$("$rulekit" lint --format json --output /dev/stdout rules-examples/good 2>"$scratch/err" | cat) || status=$?
[[ $status == 0 ]] || fail "--output /dev/stdout: exit $status, expected 0: $(cat "$scratch/err")"
[[ $piped == "[]"$'\n'"2 file(s): 0 error(s), 0 warning(s); Falco would load them" ]] ||
  fail "--output /dev/stdout: printed '$piped'"

# /dev/full: the write fails, exit 2. Only with the FIFO kept: a rulekit that replaced the FIFO
# would replace /dev/full too when run as root.
if [[ $fifo_kept == yes ]]; then
  status=0
  "$rulekit" lint --output /dev/full rules-examples/good >/dev/null 2>"$scratch/err" || status=$?
  [[ $status == 2 ]] || fail "--output /dev/full: exit $status, expected 2"
  grep -qF "rulekit lint: cannot write '/dev/full': write failed: No space left on device" "$scratch/err" ||
    fail "--output /dev/full: stderr is '$(cat "$scratch/err")'"
  [[ -c /dev/full ]] || fail "/dev/full is no longer a character device"
fi

if [[ $failures != 0 ]]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "ok: --output to a FIFO, /dev/stdout and /dev/full"

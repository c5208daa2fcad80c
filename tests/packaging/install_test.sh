#!/usr/bin/env bash
# `cmake --install` into a scratch prefix lays out what packagers and users rely on: a binary
# that runs with no checkout beside it (explain's pages are compiled in), the man page, and the
# docs with the same relative paths as in the repository (so the README's links work).
# Usage: install_test.sh CMAKE BUILD_DIR SOURCE_DIR VERSION
set -euo pipefail
cmake_command=$1 build_dir=$2 source_dir=$3 version=$4

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
prefix=$scratch/prefix
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_file() { [[ -f $prefix/$1 ]] || fail "missing $1"; }

"$cmake_command" --install "$build_dir" --prefix "$prefix" >"$scratch/install.log" || {
  cat "$scratch/install.log"
  fail "cmake --install failed"
  exit 1
}

expect_file bin/rulekit
[[ -x $prefix/bin/rulekit ]] || fail "bin/rulekit is not executable"
got_version=$("$prefix/bin/rulekit" --version) || fail "rulekit --version exited $?"
[[ $got_version == "rulekit $version" ]] || fail "rulekit --version printed '$got_version', expected 'rulekit $version'"

# Run from an empty directory: nothing may be read from docs/ at run time.
mkdir "$scratch/elsewhere"
page=$(cd "$scratch/elsewhere" && "$prefix/bin/rulekit" explain unknown-field) || fail "installed rulekit explain failed"
[[ $page == "# \`unknown-field\`"* ]] || fail "installed rulekit explain unknown-field printed: ${page:0:80}"

man_page=share/man/man1/rulekit.1
expect_file "$man_page"
grep -q "^\.TH RULEKIT 1 .*\"rulekit $version\"" "$prefix/$man_page" ||
  fail "$man_page: .TH does not name rulekit $version (update docs/rulekit.1 with the project version)"
if command -v groff >/dev/null; then
  warnings=$(groff -man -ww -z "$prefix/$man_page" 2>&1)
  [[ -z $warnings ]] || fail "groff warns about $man_page: $warnings"
fi

expect_file share/doc/rulekit/README.md
for page in "$source_dir"/docs/*.md "$source_dir"/docs/checks/*.md; do
  expect_file "share/doc/rulekit/docs/${page#"$source_dir"/docs/}"
done
installed_checks=$(find "$prefix/share/doc/rulekit/docs/checks" -name '*.md' | wc -l)
listed_checks=$(cd "$scratch/elsewhere" && "$prefix/bin/rulekit" checks | tail -n +2 | wc -l)  # minus the header
[[ $installed_checks -eq $listed_checks ]] ||
  fail "$installed_checks check pages installed, but rulekit checks lists $listed_checks checks"

if [[ $failures -gt 0 ]]; then
  echo "$failures failure(s); installed tree:"
  (cd "$prefix" && find . -type f | sort)
  exit 1
fi
echo "install layout OK: $(cd "$prefix" && find . -type f | wc -l) files under $prefix"

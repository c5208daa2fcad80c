#!/usr/bin/env python3
"""Validates rulekit's SARIF output against the OASIS SARIF 2.1.0 JSON schema.

Runs `rulekit lint --format sarif` (from the repository root, as a CI job would) on
rules-examples/good, rules-examples/malformed (as a whole and file by file) and every
tests/fixtures/lint/<case>/ directory, once more through `--output`, and also checks the
golden files tests/fixtures/report/*/expected.sarif.json. Beyond the schema it checks what the
schema cannot: each ruleIndex names the rule of its ruleId, regions start at line 1 or later and
end after they start, and only relative URIs carry a uriBaseId.

The schema is data/sarif/sarif-schema-2.1.0.json of the shared directory: $RULEKIT_SHARED_DIR
when set, else --shared-dir (../shared beside the checkout).

Exit status: 0 valid, 1 invalid, 77 skipped (schema file or python3-jsonschema missing; ctest
reports it as skipped through SKIP_RETURN_CODE). With RULEKIT_REQUIRE_SHARED=1 (CI) a missing
schema or jsonschema is a failure (1): CI must not pass on a check that did not run.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile

SKIP = 77


def cannot_run(reason):
    """Skips, or fails when RULEKIT_REQUIRE_SHARED=1 forbids skipping."""
    if os.environ.get("RULEKIT_REQUIRE_SHARED") == "1":
        print(f"FAIL: {reason}, and RULEKIT_REQUIRE_SHARED=1 forbids skipping")
        return 1
    print(f"skipped: {reason}")
    return SKIP


def semantic_problems(log):
    problems = []
    for run in log.get("runs", []):
        rules = run.get("tool", {}).get("driver", {}).get("rules")
        for n, result in enumerate(run.get("results", [])):
            where = f"result {n} ({result.get('ruleId')})"
            if rules is not None and "ruleIndex" in result:
                index = result["ruleIndex"]
                if index >= len(rules) or rules[index].get("id") != result.get("ruleId"):
                    problems.append(f"{where}: ruleIndex {index} does not name rule {result.get('ruleId')}")
            for location in result.get("locations", []):
                physical = location.get("physicalLocation", {})
                artifact = physical.get("artifactLocation", {})
                uri = artifact.get("uri", "")
                if ("uriBaseId" in artifact) == uri.startswith("file:"):
                    problems.append(f"{where}: uri {uri!r} with uriBaseId {artifact.get('uriBaseId')!r}")
                region = physical.get("region")
                if region is None:
                    continue
                start = (region.get("startLine", 0), region.get("startColumn", 1))
                if start[0] < 1:
                    problems.append(f"{where}: region starts at line {start[0]}")
                if "endLine" in region:
                    end = (region["endLine"], region.get("endColumn", start[1] + 1))
                    if end <= start:
                        problems.append(f"{where}: region ends at {end}, not after its start {start}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-dir", required=True, type=pathlib.Path,
                        help="the shared data directory, unless $RULEKIT_SHARED_DIR names another")
    parser.add_argument("--rulekit", required=True, help="the rulekit executable")
    parser.add_argument("--source-dir", required=True, type=pathlib.Path, help="the repository root")
    args = parser.parse_args()

    shared_dir = pathlib.Path(os.environ.get("RULEKIT_SHARED_DIR") or args.shared_dir)
    schema_file = shared_dir / "data/sarif/sarif-schema-2.1.0.json"
    if not schema_file.is_file():
        return cannot_run(f"SARIF schema not found at {schema_file} (set RULEKIT_SHARED_DIR to the shared directory)")
    try:
        import jsonschema
    except ImportError:
        return cannot_run("the jsonschema module is missing (apt-get install python3-jsonschema)")

    schema = json.loads(schema_file.read_text())
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    root = args.source_dir

    invocations = [["rules-examples/good"], ["rules-examples/malformed"]]
    invocations += [[str(p.relative_to(root))] for p in sorted((root / "rules-examples/malformed").glob("*.yaml"))]
    invocations += [[str(p.relative_to(root))] for p in sorted((root / "tests/fixtures/lint").iterdir()) if p.is_dir()]

    logs = []  # (what, parsed SARIF)
    failures = []
    for paths in invocations:
        command = [args.rulekit, "lint", "--format", "sarif", *paths]
        run = subprocess.run(command, cwd=root, capture_output=True, text=True)
        what = " ".join(command[1:])
        if run.returncode not in (0, 1):
            failures.append(f"{what}: exit {run.returncode}: {run.stderr.strip()}")
            continue
        logs.append((what, json.loads(run.stdout)))

    # The same report through --output: the file must be complete and valid too.
    with tempfile.TemporaryDirectory() as tmp:
        target = pathlib.Path(tmp) / "rulekit.sarif"
        command = [args.rulekit, "lint", "--format", "sarif", "--output", str(target), "rules-examples/malformed"]
        run = subprocess.run(command, cwd=root, capture_output=True, text=True)
        if run.returncode not in (0, 1) or not target.is_file():
            failures.append(f"--output: exit {run.returncode}, file written: {target.is_file()}: {run.stderr.strip()}")
        else:
            logs.append(("lint --format sarif --output FILE rules-examples/malformed", json.loads(target.read_text())))

    for golden in sorted((root / "tests/fixtures/report").glob("*/expected.sarif.json")):
        logs.append((str(golden.relative_to(root)), json.loads(golden.read_text())))

    results = 0
    for what, log in logs:
        for error in validator.iter_errors(log):
            path = "/".join(str(part) for part in error.absolute_path)
            failures.append(f"{what}: schema: at /{path}: {error.message}")
        failures += [f"{what}: {problem}" for problem in semantic_problems(log)]
        results += sum(len(run.get("results", [])) for run in log.get("runs", []))

    if failures:
        print("\n".join(failures))
        return 1
    print(f"{len(logs)} SARIF logs ({results} results) match the SARIF 2.1.0 schema")
    return 0


if __name__ == "__main__":
    sys.exit(main())

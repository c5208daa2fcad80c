#!/usr/bin/env python3
"""Scores `rulekit gen` on a labelled pair of alert logs: train on one week, replay the next.

  1. rulekit gen --rules RULES... -o WORK/tuning.yaml [GEN_ARGS] TRAIN.jsonl   (or --tuning FILE)
  2. rulekit lint RULES... WORK/tuning.yaml       must exit 0 (no error-level finding)
  3. rulekit eval --format json --rules RULES... --tuning WORK/tuning.yaml TEST.jsonl (and TRAIN)
  4. the verdicts, lined up with the sidecar labels (TEST.labels.jsonl, written by
     scripts/make_gen_logs.py), give:
       - the share of the test week's recurring benign alerts suppressed, where recurring means
         the pattern occurred at least --recurring (10) times in the training week;
       - attacks suppressed in each week (must be 0);
       - rare benign events suppressed (must be 0 at default settings: a handful is never tuned);
       - unknown verdicts, per label kind.

Bar: >= --min-benign (95) % recurring benign suppressed, no attack suppressed, no rare event
suppressed (unless --allow-rare), lint clean. Exit status: 0 bar met, 1 bar missed (or gen/lint
failed), 2 usage error or the logs and verdicts do not line up, 77 skipped: `rulekit gen` does not
exist yet (unless RULEKIT_REQUIRE_GEN=1), or a rules file under the shared corpus is missing
(unless RULEKIT_REQUIRE_SHARED=1; both then fail instead).

A rules path written `shared:REL` is REL under --shared-dir ($RULEKIT_SHARED_DIR, else ../shared
beside the source tree).

Example:
  scripts/score_gen.py --rulekit build/rulekit \\
      --rules shared:corpus/rules/upstream/falco_rules.yaml \\
              shared:corpus/rules/upstream/falco-incubating_rules.yaml \\
              rules-examples/alerts/my_rules.yaml \\
      --train rules-examples/alerts/week1.jsonl --test rules-examples/alerts/week2.jsonl
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time

SKIP = 77


def fail_or_skip(message, require_env):
    if os.environ.get(require_env) == "1":
        print(f"FAIL: {message} ({require_env}=1)")
        sys.exit(1)
    print(f"SKIPPED: {message}")
    sys.exit(SKIP)


def read_labels(log_path):
    labels_path = log_path[: -len(".jsonl")] + ".labels.jsonl" if log_path.endswith(".jsonl") else log_path + ".labels"
    with open(labels_path, encoding="utf-8") as f:
        labels = [json.loads(line) for line in f if line.strip()]
    for n, entry in enumerate(labels, 1):
        if entry["line"] != n:
            raise SystemExit(f"{labels_path}: entry {n} is for line {entry['line']}")
    return [entry["label"] for entry in labels]


def looks_like_alert(line):
    """What rulekit eval gives a verdict to: a JSON object naming a rule. Blank lines, text
    output, Falco's own log and truncated JSON are skipped by eval, so they are here too."""
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    return obj.get("rule") if isinstance(obj, dict) and isinstance(obj.get("rule"), str) else None


def gen_available(rulekit):
    """CLI11 answers `rulekit gen --help` with the top-level help (exit 0) while gen does not
    exist, so the exit status alone says nothing: the usage line must name the subcommand."""
    probe = subprocess.run([rulekit, "gen", "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return probe.returncode == 0 and any(line.startswith("Usage:") and " gen " in line + " "
                                         for line in probe.stdout.splitlines())


def run(cmd):
    started = time.monotonic()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc, time.monotonic() - started


def verdicts_by_line(rulekit, rules, tuning, log_path):
    """Runs eval on one log; returns [(label, rule, verdict)] for the lines that are alerts."""
    proc, seconds = run([rulekit, "eval", "--format", "json", "--rules", *rules, "--tuning", tuning, log_path])
    if proc.returncode != 0:
        print(proc.stderr, end="")
        raise SystemExit(f"rulekit eval exited {proc.returncode} on {log_path}")
    records = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    labels = read_labels(log_path)
    with open(log_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) != len(labels):
        raise SystemExit(f"{log_path}: {len(lines)} lines but {len(labels)} labels")
    out, next_record = [], 0
    for n, (line, label) in enumerate(zip(lines, labels), 1):
        rule = looks_like_alert(line)
        if rule is None:
            continue
        if next_record >= len(records) or records[next_record]["rule"] != rule:
            got = records[next_record]["rule"] if next_record < len(records) else "no more verdicts"
            raise SystemExit(f"{log_path}:{n}: verdicts do not line up with the log (alert of {rule!r}, verdict for {got!r})")
        out.append((label, rule, records[next_record]["verdict"]))
        next_record += 1
    if next_record != len(records):
        raise SystemExit(f"{log_path}: {len(records) - next_record} verdicts more than alerts")
    return out, seconds


def kind_and_name(label):
    kind, _, name = label.partition(":")
    return kind, name


def main():
    source_dir = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--rulekit", default=os.path.join(source_dir, "build", "rulekit"))
    parser.add_argument("--rules", nargs="+", required=True, metavar="RULES")
    parser.add_argument("--train", required=True, help="week the tuning is generated from (labels beside it)")
    parser.add_argument("--test", required=True, help="week the tuning is scored on (labels beside it)")
    parser.add_argument("--tuning", help="score this tuning file instead of running rulekit gen")
    parser.add_argument("--gen-arg", action="append", default=[], metavar="ARG",
                        help="extra argument for rulekit gen (repeatable; e.g. --gen-arg=-j --gen-arg=2)")
    parser.add_argument("--shared-dir", default=os.environ.get("RULEKIT_SHARED_DIR")
                        or os.path.join(source_dir, "..", "shared"))
    parser.add_argument("--work-dir", help="keep tuning.yaml and the lint report here (default: a temporary dir)")
    parser.add_argument("--recurring", type=int, default=10, help="training-week count that makes a pattern recurring")
    parser.add_argument("--min-benign", type=float, default=95.0, help="required %% of recurring benign suppressed")
    parser.add_argument("--allow-rare", action="store_true", help="report rare events suppressed, do not fail on them")
    parser.add_argument("--summary-json", metavar="FILE", help="also write the figures as one JSON object")
    args = parser.parse_args()

    rules = []
    for path in args.rules:
        if path.startswith("shared:"):
            path = os.path.join(args.shared_dir, path[len("shared:"):])
            if not os.path.exists(path):
                fail_or_skip(f"rules file not found: {path} (no ../shared corpus here)", "RULEKIT_REQUIRE_SHARED")
        elif not os.path.exists(path):
            print(f"error: rules file not found: {path}")
            return 2
        rules.append(path)
    if not os.access(args.rulekit, os.X_OK):
        print(f"error: {args.rulekit} is not an executable; build it first")
        return 2

    work = args.work_dir or tempfile.mkdtemp(prefix="score_gen.")
    os.makedirs(work, exist_ok=True)
    failures = []

    # 1. the tuning
    if args.tuning:
        tuning = args.tuning
        print(f"tuning: {tuning} (given; rulekit gen not run)")
    else:
        if not gen_available(args.rulekit):
            fail_or_skip(f"rulekit gen not available ({args.rulekit} gen --help does not describe gen)",
                         "RULEKIT_REQUIRE_GEN")
        tuning = os.path.join(work, "tuning.yaml")
        cmd = [args.rulekit, "gen", "--rules", *rules, "-o", tuning, "--force", *args.gen_arg, args.train]
        proc, seconds = run(cmd)
        print(f"gen: exit {proc.returncode} in {seconds:.2f}s -> {tuning}")
        if proc.returncode != 0 or not os.path.exists(tuning):
            print(proc.stderr, end="")
            print("FAIL: rulekit gen did not write a tuning")
            return 1

    # 2. lint: the tuning must load on top of the rules it tunes
    lint, _ = run([args.rulekit, "lint", "--no-config", "--format", "json", *rules, tuning])
    try:
        findings = json.loads(lint.stdout or "[]")
    except ValueError:
        findings = []
    by_severity = collections.Counter(f.get("severity") for f in findings)
    print(f"lint: exit {lint.returncode}, {by_severity['error']} error(s), {by_severity['warning']} warning(s), "
          f"{by_severity['info']} info")
    for f in findings:
        if f.get("severity") == "error":
            print(f"  {f['file']}:{f['line']}:{f['column']}: error[{f['code']}]: {f['message']}")
    if lint.returncode != 0:
        failures.append(f"rulekit lint exited {lint.returncode} on the rules plus the tuning")

    # 3./4. replay both weeks
    train_labels = read_labels(args.train)
    train_counts = collections.Counter(l for l in train_labels if l.startswith("benign:"))
    recurring = {l for l, c in train_counts.items() if c >= args.recurring}

    results = {}
    for week, path in (("train", args.train), ("test", args.test)):
        verdicts, seconds = verdicts_by_line(args.rulekit, rules, tuning, path)
        results[week] = verdicts
        print(f"eval {week}: {len(verdicts)} alerts in {seconds:.2f}s ({path})")

    test = results["test"]
    per_pattern = collections.defaultdict(collections.Counter)
    for label, _, verdict in test:
        per_pattern[label][verdict] += 1

    print()
    print(f"{'test-week label':<52} {'alerts':>6} {'suppr.':>6} {'fires':>6} {'unknown':>7}  note")
    for label in sorted(per_pattern, key=lambda l: (kind_and_name(l)[0] != "benign", l)):
        c = per_pattern[label]
        kind, _ = kind_and_name(label)
        note = ""
        if kind == "benign":
            note = f"recurring ({train_counts[label]} in train)" if label in recurring else \
                   f"not recurring ({train_counts[label]} in train)"
        elif kind == "attack" and c["suppressed"]:
            note = "ATTACK SUPPRESSED"
        elif kind == "rare" and c["suppressed"]:
            note = "rare event suppressed"
        print(f"{label:<52} {sum(c.values()):>6} {c['suppressed']:>6} {c['fires']:>6} {c['unknown']:>7}  {note}")

    def count(verdicts, predicate, verdict=None):
        return sum(1 for label, _, v in verdicts if predicate(label) and (verdict is None or v == verdict))

    is_recurring = lambda l: l in recurring
    benign_total = count(test, is_recurring)
    benign_suppressed = count(test, is_recurring, "suppressed")
    share = 100.0 * benign_suppressed / benign_total if benign_total else 0.0
    attacks = {w: (count(results[w], lambda l: l.startswith("attack:")),
                   count(results[w], lambda l: l.startswith("attack:"), "suppressed")) for w in results}
    rare = {w: (count(results[w], lambda l: l.startswith("rare:")),
                count(results[w], lambda l: l.startswith("rare:"), "suppressed")) for w in results}
    unknown = collections.Counter(kind_and_name(l)[0] for l, _, v in test if v == "unknown")

    print()
    print(f"recurring benign suppressed (test week): {benign_suppressed}/{benign_total} = {share:.1f}% "
          f"(bar {args.min_benign:.0f}%)")
    for w in ("train", "test"):
        print(f"attacks suppressed ({w} week): {attacks[w][1]} of {attacks[w][0]}")
    for w in ("train", "test"):
        print(f"rare benign events suppressed ({w} week): {rare[w][1]} of {rare[w][0]}")
    print("unknown verdicts (test week): " + (", ".join(f"{k} {v}" for k, v in sorted(unknown.items())) or "none"))

    if share < args.min_benign:
        failures.append(f"only {share:.1f}% of recurring benign alerts suppressed (bar {args.min_benign:.0f}%)")
    for w in ("train", "test"):
        if attacks[w][1]:
            failures.append(f"{attacks[w][1]} attack(s) suppressed in the {w} week")
        if rare[w][1] and not args.allow_rare:
            failures.append(f"{rare[w][1]} rare event(s) suppressed in the {w} week")
    if args.summary_json:
        summary = {
            "tuning": tuning,
            "lint_exit": lint.returncode,
            "recurring_benign": {"alerts": benign_total, "suppressed": benign_suppressed, "percent": round(share, 2)},
            "attacks": {w: {"alerts": a, "suppressed": b} for w, (a, b) in attacks.items()},
            "rare": {w: {"alerts": a, "suppressed": b} for w, (a, b) in rare.items()},
            "unknown_test_week": dict(sorted(unknown.items())),
            "test_week_labels": {l: dict(sorted(c.items())) for l, c in sorted(per_pattern.items())},
            "failures": failures,
            "pass": not failures,
        }
        with open(args.summary_json, "w", encoding="utf-8") as out:
            json.dump(summary, out, indent=2, sort_keys=True)
            out.write("\n")

    print()
    if failures:
        for f in failures:
            print(f"FAIL: {f}")
        return 1
    print("PASS: bar met")
    return 0


if __name__ == "__main__":
    sys.exit(main())

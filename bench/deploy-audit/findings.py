#!/usr/bin/env python3
"""Runs the deploy-audit gate over folders and prints its findings per rule.

Usage:
  findings.py [--cli PATH/mlsecops.dll] [--sample N] [--seed S] [--out FILE.json] FOLDER...

Each FOLDER is scanned by `mlsecops deploy-audit FOLDER --json ...` (the CLI's JSON output is the input),
then the script prints one table per folder (rule id, severity, count, blocking count) and a total row.
--sample N draws N findings at random (fixed --seed) over all folders, for hand-judging precision;
--out writes {folder: {rule: count}} so two runs (before / after) can be compared with compare.py.
Measurement tooling only: nothing here is run by the tests or by CI.
"""
import argparse
import collections
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CLI = os.path.join(HERE, "..", "..", "src", "MLSecOps.Cli", "bin", "Release", "net10.0", "mlsecops.dll")


def scan(cli, folder):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "findings.json")
        subprocess.run(["dotnet", cli, "deploy-audit", folder, "--json", out, "--platform", "none", "--fail-on", "none"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=1800)
        if not os.path.exists(out):
            sys.exit(f"{folder}: the CLI wrote no JSON (run it by hand to see why)")
        with open(out, encoding="utf-8") as f:
            report = json.load(f)
    return [finding for gate in report["gates"] for finding in gate["findings"] if not finding.get("suppressed")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", default=DEFAULT_CLI)
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out")
    parser.add_argument("folders", nargs="+")
    args = parser.parse_args()

    per_folder = {}
    everything = []
    for folder in args.folders:
        findings = scan(args.cli, folder)
        name = os.path.basename(os.path.normpath(folder))
        counts = collections.Counter(f["ruleId"] for f in findings)
        blocking = collections.Counter(f["ruleId"] for f in findings if f["severity"] in ("critical", "high"))
        severity = {f["ruleId"]: f["severity"] for f in findings}
        per_folder[name] = dict(sorted(counts.items()))
        print(f"== {name}: {len(findings)} findings, {sum(blocking.values())} high or critical")
        for rule in sorted(counts):
            print(f"  {rule}  {severity[rule]:<8} {counts[rule]:>5}  high+ {blocking[rule]:>4}")
        everything.extend((name, f) for f in findings)

    total = collections.Counter(f["ruleId"] for _, f in everything)
    print(f"== total: {len(everything)} findings over {len(args.folders)} folders, {len(total)} rules")

    if args.sample:
        rng = random.Random(args.seed)
        chosen = rng.sample(everything, min(args.sample, len(everything)))
        print(f"== random sample of {len(chosen)} (seed {args.seed})")
        for i, (name, f) in enumerate(chosen, 1):
            loc = f["location"]
            print(f"{i:>3}. {f['ruleId']} {f['severity']} {name}/{loc['path']}:{loc['startLine']}  {loc.get('logicalPath') or ''}\n     {f['message']}")

    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(per_folder, f, indent=2, sort_keys=True)


if __name__ == "__main__":
    main()

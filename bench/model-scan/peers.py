#!/usr/bin/env python3
"""Runs model-scan over the peers' labelled fixtures and counts caught / false alarms per peer.

Usage: peers.py MLSECOPS_BINARY [CORPUS] [--out results.jsonl] [--jobs 2]

CORPUS defaults to ../shared/corpora/models-peers (its README: `malicious/` must be blocked,
`benign/` must not; a folder whose name ends in `_dir` is one multi-file case, scanned as a folder).
Each case is scanned alone, by its own process, so nothing beside it changes its verdict.
A case is "blocked" when a finding blocks (fail-on high), "reported" when it has findings that do not
block, "silent" when it has none. Never loads or unpickles anything: it only runs the scanner.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile


def cases(corpus):
    for label in ("malicious", "benign"):
        root = os.path.join(corpus, label)
        for peer in sorted(os.listdir(root)):
            for dirpath, dirnames, filenames in os.walk(os.path.join(root, peer)):
                for d in sorted(dirnames):
                    if d.endswith("_dir"):
                        yield label, peer, os.path.join(dirpath, d)
                dirnames[:] = sorted(d for d in dirnames if not d.endswith("_dir"))
                for f in sorted(filenames):
                    yield label, peer, os.path.join(dirpath, f)


def scan(binary, label, peer, path):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "o.json")
        proc = subprocess.run(
            [binary, "model-scan", path, "--json", out, "--platform", "none", "--fail-on", "high"],
            capture_output=True, text=True, timeout=300)
        findings = []
        if os.path.exists(out):
            with open(out, encoding="utf-8") as f:
                for gate in json.load(f)["gates"]:
                    findings += [
                        {"rule": x["ruleId"], "severity": x["severity"], "blocking": x["blocking"],
                         "path": x["location"]["path"], "message": x["message"]}
                        for x in gate["findings"]]
    if proc.returncode not in (0, 1):
        outcome = "error"
    elif any(x["blocking"] for x in findings):
        outcome = "blocked"
    elif findings:
        outcome = "reported"
    else:
        outcome = "silent"
    return {"label": label, "peer": peer, "case": path, "exit": proc.returncode,
            "outcome": outcome, "findings": findings}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("corpus", nargs="?", default=os.path.join(
        os.path.dirname(__file__), "..", "..", "..", "shared", "corpora", "models-peers"))
    parser.add_argument("--out", default="peers-results.jsonl")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    corpus = os.path.abspath(args.corpus)
    todo = list(cases(corpus))
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda c: scan(args.binary, *c), todo))
    with open(args.out, "w", encoding="utf-8") as f:
        for r in results:
            r["case"] = os.path.relpath(r["case"], corpus)
            f.write(json.dumps(r) + "\n")
    table = collections.defaultdict(collections.Counter)
    for r in results:
        table[(r["label"], r["peer"])][r["outcome"]] += 1
        table[(r["label"], "ALL")][r["outcome"]] += 1
    print("| label | peer | cases | blocked | reported | silent | error |")
    print("|---|---|---|---|---|---|---|")
    for (label, peer), c in sorted(table.items()):
        print(f"| {label} | {peer} | {sum(c.values())} | {c['blocked']} | {c['reported']} | {c['silent']} | {c['error']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

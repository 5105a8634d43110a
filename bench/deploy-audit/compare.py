#!/usr/bin/env python3
"""Compares two findings.py --out files: prints, per folder and rule, the count before and after.

Usage: compare.py BEFORE.json AFTER.json
"""
import json
import sys


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        before = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        after = json.load(f)
    for folder in sorted(set(before) | set(after)):
        b, a = before.get(folder, {}), after.get(folder, {})
        print(f"== {folder}: {sum(b.values())} -> {sum(a.values())}")
        for rule in sorted(set(b) | set(a)):
            if b.get(rule, 0) != a.get(rule, 0):
                print(f"  {rule}  {b.get(rule, 0):>5} -> {a.get(rule, 0):>5}")


if __name__ == "__main__":
    main()

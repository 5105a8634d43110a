#!/usr/bin/env python3
"""Regenerates atlas-ids.tsv (embedded in MLSecOps.Core; used by design-review and the compliance report) from MITRE ATLAS data files.

Usage: python3 generate_atlas_ids.py /path/to/atlas_techniques.yaml /path/to/atlas_tactics.yaml /path/to/atlas_mitigations.yaml
Writes one line per technique, tactic and mitigation: id<TAB>object-type<TAB>name, sorted by id.
Nothing reads ATLAS data at run time, only this extract.
"""
import sys
import yaml

rows = {}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        for entry in yaml.safe_load(handle) or []:
            if isinstance(entry, dict) and str(entry.get("id", "")).startswith("AML."):
                rows[entry["id"]] = (entry.get("object-type", ""), " ".join(str(entry.get("name", "")).split()))

out = __file__.rsplit("/", 1)[0] + "/atlas-ids.tsv"
with open(out, "w", encoding="utf-8", newline="\n") as handle:
    for key in sorted(rows):
        handle.write(f"{key}\t{rows[key][0]}\t{rows[key][1]}\n")
print(f"wrote {len(rows)} ids to {out}")

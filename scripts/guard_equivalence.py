#!/usr/bin/env python3
"""Checks that two builds of the `guard` tool give the same output.

Speed work on the guards must not change what they decide. This script
builds a varied message set (every labelled text of the repository's test
data and of ../shared/eval, each also lower-cased, upper-cased, with doubled
spaces and without commas and dots; random pairs joined by a space or a
line break or cut and spliced; 300 messages of 2,000 characters), runs both
binaries' `guard scan` over it and compares the output line by line:
verdicts, score bits, rule ids, redacted text and entity offsets.

Usage, from the workspace root:
    cargo build --release -p mignuti-shared --bin guard
    cp target/release/guard /tmp/guard-before        # before the change
    ... change, rebuild ...
    python3 scripts/guard_equivalence.py /tmp/guard-before target/release/guard

Exits 1 and shows the first differences when any line differs. The set is
the same on every run (fixed seed); `--corpus FILE` also writes it out.
"""

import argparse
import glob
import json
import os
import random
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def texts():
    files = sorted(
        glob.glob(os.path.join(ROOT, "shared/tests/data/pii/*.jsonl"))
        + glob.glob(os.path.join(ROOT, "shared/tests/data/injection/*.jsonl"))
        + glob.glob(os.path.join(ROOT, "..", "shared/eval/*/dev.jsonl"))
    )
    out = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(row.get("text"), str):
                    out.append(row["text"])
    for path in sorted(glob.glob(os.path.join(ROOT, "shared/tests/data/pii/*.txt"))):
        with open(path, encoding="utf-8") as f:
            out.extend(line.rstrip("\n") for line in f if line.strip())
    return out


def message_set():
    base = texts()
    rng = random.Random(7)
    out = list(base)
    for t in base:
        out += [t.lower(), t.upper(), t.replace(" ", "  "), t.replace(",", "").replace(".", "")]
    for _ in base:
        a, b = rng.choice(base), rng.choice(base)
        out += [a + " " + b, a + "\n" + b, a[: len(a) // 2] + b[len(b) // 2 :]]
    for _ in range(300):
        m = ""
        while len(m) < 2000:
            m += " " + rng.choice(base)
        out.append(m[:2000])
    return out


def run(binary, payload):
    done = subprocess.run([binary, "scan"], input=payload, capture_output=True, check=True)
    return done.stdout.decode().splitlines()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--corpus", help="also write the message set to this file")
    args = ap.parse_args()
    messages = message_set()
    payload = "".join(json.dumps({"text": m}, ensure_ascii=False) + "\n" for m in messages)
    if args.corpus:
        with open(args.corpus, "w", encoding="utf-8") as f:
            f.write(payload)
    payload = payload.encode()
    before, after = run(args.before, payload), run(args.after, payload)
    if len(before) != len(messages) or len(after) != len(messages):
        print(f"expected {len(messages)} lines, got {len(before)} and {len(after)}")
        return 1
    diffs = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    print(f"{len(messages)} messages, {len(diffs)} differ")
    for i in diffs[:5]:
        print(f"- input:  {json.dumps(messages[i], ensure_ascii=False)[:300]}")
        print(f"  before: {before[i][:300]}")
        print(f"  after:  {after[i][:300]}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""PII redaction quality of our guard pipeline next to Microsoft Presidio's analyzer.

Both run on the same labelled JSON-lines files
(`{"text", "lang", "spans": [{"type", "start", "end"}]}`, offsets in code
points) and are scored the same way (the rule of ../shared/eval/README.md):
a gold span counts as found when any span the tool reports overlaps it; a
reported span that overlaps no gold span is a false positive.

- ours: `guard scan` (the `mignuti-shared` binary), its `entities`;
- Presidio: `AnalyzerEngine.analyze` set up as in scripts/bench_presidio.py
  (no-op NLP engine, generic recognisers plus every German one, registered
  for English and German; each message in its own language; every result
  counts, whatever its score, as the analyzer returns it by default).

Besides recall per gold type and overall precision it prints:
- "required" recall: EMAIL, PHONE, IBAN, CREDIT_CARD, DE_TAX_ID and
  IP_ADDRESS together (target >= 0.98 each);
- "PERSON with a cue": the gold PERSON spans that a reader can tell are a
  name from the words around them, by the cues the product spec lists
  (a title such as Herr/Frau/Mr/Ms/Dr., "mein Name ist", "ich heiße", "ich
  bin", "my name is", "I'm", a greeting before the name, or a sign-off line
  before it). The test for a cue is this script's own regular expression
  on the gold span's left context, independent of the redactor (target
  >= 0.85);
- "in scope": every gold type the product redacts (the dev corpus also
  labels organisations, job titles, ages, nationalities, bare cities and
  plain URLs, which are not personal data the product promises to find).

Setup (once):
    python3 -m venv .local/venv-presidio
    .local/venv-presidio/bin/pip install presidio-analyzer
Run from the workspace root:
    .local/venv-presidio/bin/python scripts/pii_quality.py FILE.jsonl [FILE.jsonl ...] [--misses]
"""

import argparse
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_presidio import build_presidio  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

REQUIRED = ["EMAIL", "PHONE", "IBAN", "CREDIT_CARD", "DE_TAX_ID", "IP_ADDRESS"]
# Gold types the product promises to redact (the spec's categories; the dev
# corpus's NATIONAL_ID is US SSN / driver licence, POSTAL_CODE is part of an
# address).
IN_SCOPE = set(REQUIRED) | {
    "ADDRESS", "BIC", "DATE", "DE_HEALTH_INSURANCE", "DE_ID_CARD", "DE_SOCIAL_SECURITY",
    "DE_TAX_NUMBER", "NATIONAL_ID", "PASSPORT", "PERSON", "SECRET", "US_SSN", "VAT_ID",
}

TITLE = r"(?:herr|frau|hr\.|fr\.|mr\.?|mrs\.?|ms\.?|miss|dr\.?|prof\.?)"
INTRO = (r"(?:my name is|my name's|name is|i am|i'm|this is|call me|"
         r"mein name ist|ich heiße|ich heisse|ich bin|hier ist|hier spricht|name:)")
GREETING = (r"(?:hi|hello|hey|dear|hallo|hej|servus|moin|liebe|lieber|"
            r"sehr geehrte|sehr geehrter|guten tag|guten morgen|grüß gott|grüezi)")
SIGNOFF = (r"(?:regards|best|thanks|thank you|cheers|sincerely|yours|"
           r"grüße|grüßen|gruß|grüsse|gruss|lg|vg|mfg|danke|viele grüße|beste grüße)")
CUE_BEFORE = re.compile(
    rf"(?:\b{TITLE}|\b{INTRO}|(?:^|[\n.!?]\s*){GREETING})[\s,:]*(?:{TITLE}\s+)?$",
    re.IGNORECASE,
)
SIGNOFF_BEFORE = re.compile(rf"\b{SIGNOFF}[\s,.!]*\n\s*(?:[-–—]+\s*)?$", re.IGNORECASE)


def has_cue(text, start):
    left = text[max(0, start - 40):start]
    return bool(CUE_BEFORE.search(left) or SIGNOFF_BEFORE.search(left))


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
    return rows


def run_ours(texts):
    subprocess.run(
        ["cargo", "build", "--quiet", "--release", "-p", "mignuti-shared", "--bin", "guard"],
        cwd=ROOT,
        check=True,
    )
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    exe = os.path.join(target, "release", "guard")
    payload = "".join(json.dumps({"text": t}) + "\n" for t in texts).encode()
    out = subprocess.run([exe, "scan"], input=payload, capture_output=True, check=True)
    results = [json.loads(l) for l in out.stdout.decode().splitlines()]
    assert len(results) == len(texts), "guard must answer every line"
    return [[(e["type"], e["start"], e["end"]) for e in r["entities"]] for r in results]


def run_presidio(analyzer, rows):
    found = []
    for row in rows:
        lang = row.get("lang", "en")
        res = analyzer.analyze(text=row["text"], language=lang if lang in ("en", "de") else "en")
        found.append([(r.entity_type, r.start, r.end) for r in res])
    return found


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def score(rows, found):
    """Per gold type [gold, found], PERSON-with-cue [gold, found], precision counts, misses."""
    per_type = defaultdict(lambda: [0, 0])
    cue = [0, 0]
    reported = correct = 0
    misses, false_pos = [], []
    for row, spans in zip(rows, found):
        gold = row["spans"]
        for g in gold:
            hit = any(overlaps((g["start"], g["end"]), (s, e)) for _, s, e in spans)
            per_type[g["type"]][0] += 1
            per_type[g["type"]][1] += hit
            if g["type"] == "PERSON" and has_cue(row["text"], g["start"]):
                cue[0] += 1
                cue[1] += hit
            if not hit:
                misses.append((g["type"], row["text"][g["start"]:g["end"]], row["text"]))
        for kind, s, e in spans:
            reported += 1
            if any(overlaps((g["start"], g["end"]), (s, e)) for g in gold):
                correct += 1
            else:
                false_pos.append((kind, row["text"][s:e], row["text"]))
    return per_type, cue, (correct, reported), misses, false_pos


def ratio(n, d):
    return f"{n / d:.3f}" if d else "  -  "


def report(path, rows, results, show_misses):
    print(f"\n{os.path.relpath(path, ROOT)}: {len(rows)} messages, "
          f"{sum(len(r['spans']) for r in rows)} gold spans, "
          f"{sum(1 for r in rows if not r['spans'])} messages without PII")
    scored = {name: score(rows, found) for name, found in results.items()}
    names = list(results)
    print(f"{'gold type':<22}{'gold':>6}" + "".join(f"{n + ' recall':>18}" for n in names))
    types = sorted(scored[names[0]][0])
    for t in types:
        g = scored[names[0]][0][t][0]
        print(f"{t:<22}{g:>6}" + "".join(f"{ratio(scored[n][0][t][1], g):>18}" for n in names))

    def pooled(name, keep):
        pt = scored[name][0]
        g = sum(v[0] for t, v in pt.items() if keep(t))
        return g, sum(v[1] for t, v in pt.items() if keep(t))

    rows_out = [
        ("required six, pooled", lambda t: t in REQUIRED),
        ("in scope, pooled", lambda t: t in IN_SCOPE),
        ("all gold types", lambda t: True),
    ]
    for label, keep in rows_out:
        g, _ = pooled(names[0], keep)
        print(f"{label:<22}{g:>6}" + "".join(f"{ratio(pooled(n, keep)[1], g):>18}" for n in names))
    g = scored[names[0]][1][0]
    print(f"{'PERSON with a cue':<22}{g:>6}" + "".join(f"{ratio(scored[n][1][1], g):>18}" for n in names))
    print(f"{'precision':<22}{'':>6}" + "".join(
        f"{ratio(scored[n][2][0], scored[n][2][1]):>9} ({scored[n][2][0]}/{scored[n][2][1]})".rjust(18)
        for n in names))
    if show_misses:
        for n in names:
            _, _, _, misses, fps = scored[n]
            for t, v, text in misses:
                print(f"  {n} MISS {t} {v!r} in {text!r}")
            for t, v, text in fps:
                print(f"  {n} FALSE {t} {v!r} in {text!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--misses", action="store_true", help="list misses and false positives")
    ap.add_argument("--ours-only", action="store_true", help="skip Presidio")
    args = ap.parse_args()
    analyzer = None if args.ours_only else build_presidio()[0]
    for path in args.files:
        rows = load(path)
        results = {"ours": run_ours([r["text"] for r in rows])}
        if analyzer is not None:
            results["Presidio"] = run_presidio(analyzer, rows)
        report(path, rows, results, args.misses)


if __name__ == "__main__":
    sys.exit(main())

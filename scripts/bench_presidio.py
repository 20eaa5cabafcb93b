#!/usr/bin/env python3
"""Per-message speed of our guard pipeline next to Microsoft Presidio's analyzer.

Both run in one invocation on the same 1,000 messages (the PII development
corpus, ../shared/eval/pii/dev.jsonl):

- ours: `cargo run --release -p mignuti-shared --bin guard -- scan --time`, which
  reports the in-process time of the whole pipeline (normalise + injection
  check + PII redaction) per message; built with the Workers' size-optimised
  release profile by default, or with `--profile bench-native` (the same
  with `opt-level = 3`, as a native service would be built);
- Presidio: `AnalyzerEngine.analyze` with the no-op NLP engine (regex and
  checksum recognisers only, no model download), the generic recognisers and
  every German one, registered for both English and German; each message is
  analysed in its own language.

Setup (once):
    python3 -m venv .local/venv-presidio
    .local/venv-presidio/bin/pip install presidio-analyzer
Run from the workspace root:
    .local/venv-presidio/bin/python scripts/bench_presidio.py [--rows] [--corpus FILE] [--profile NAME]

The guard binary is built into `$CARGO_TARGET_DIR` when that is set (else
`target/`).

Prints a summary; `--rows` adds one line per message (chars, ours, Presidio).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CORPUS = os.path.join(ROOT, "..", "shared", "eval", "pii", "dev.jsonl")


def load(path, limit):
    msgs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                msgs.append((row["text"], row.get("lang", "en")))
    return msgs[:limit]


def run_ours(texts, profile):
    subprocess.run(
        ["cargo", "build", "--quiet", "--profile", profile, "-p", "mignuti-shared", "--bin", "guard"],
        cwd=ROOT,
        check=True,
    )
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    # Cargo puts the `release` and `bench` profiles in `release/`, any other
    # profile in a folder of its name.
    folder = "release" if profile in ("release", "bench") else profile
    exe = os.path.join(target, folder, "guard")
    payload = "".join(json.dumps({"text": t}) + "\n" for t in texts).encode()
    # One warm-up pass (page cache, lazy tables), then the measured pass.
    subprocess.run([exe, "scan"], input=payload, capture_output=True, check=True)
    start = time.perf_counter()
    out = subprocess.run([exe, "scan", "--time"], input=payload, capture_output=True, check=True)
    wall = time.perf_counter() - start
    results = [json.loads(l) for l in out.stdout.decode().splitlines()]
    assert len(results) == len(texts), "guard must answer every line"
    return [r["elapsed_us"] for r in results], results, wall


def build_presidio():
    import logging

    # tldextract (used by the email and URL recognisers) tries to download the
    # public suffix list and falls back to its bundled copy; offline that is
    # only noise.
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        DateRecognizer,
        EmailRecognizer,
        IbanRecognizer,
        IpRecognizer,
        PhoneRecognizer,
        UrlRecognizer,
    )
    from presidio_analyzer import predefined_recognizers

    langs = ["en", "de"]
    engine = NoOpNlpEngine(models=[{"lang_code": l, "model_name": "none"} for l in langs])
    engine.load()
    registry = RecognizerRegistry(supported_languages=langs)
    german = [
        getattr(predefined_recognizers, name)
        for name in sorted(dir(predefined_recognizers))
        if name.startswith("De") and name.endswith("Recognizer")
    ]
    assert german, "this Presidio version ships no German recognisers"

    generic = [
        CreditCardRecognizer,
        DateRecognizer,
        EmailRecognizer,
        IbanRecognizer,
        IpRecognizer,
        UrlRecognizer,
    ]
    for lang in langs:
        for cls in generic + german:
            registry.add_recognizer(cls(supported_language=lang))
        # Phone numbers in the DACH regions and international format.
        registry.add_recognizer(
            PhoneRecognizer(supported_language=lang, supported_regions=("DE", "AT", "CH", "GB", "US"))
        )
    analyzer = AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=langs)
    return analyzer, [c.__name__ for c in german]


def pct(xs, q):
    s = sorted(xs)
    return s[round((len(s) - 1) * q)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--rows", action="store_true", help="print one line per message")
    ap.add_argument("--profile", default="release",
                    help="Cargo profile of the guard binary (release = the Workers' opt-level z; "
                         "bench-native = opt-level 3)")
    args = ap.parse_args()

    msgs = load(args.corpus, args.limit)
    texts = [t for t, _ in msgs]

    ours, results, ours_wall = run_ours(texts, args.profile)

    t = time.perf_counter()
    analyzer, german = build_presidio()
    presidio_build = time.perf_counter() - t
    for text, lang in msgs[:20]:  # warm-up
        analyzer.analyze(text=text, language=lang if lang in ("en", "de") else "en")
    theirs = []
    found = 0
    start = time.perf_counter()
    for text, lang in msgs:
        t = time.perf_counter()
        res = analyzer.analyze(text=text, language=lang if lang in ("en", "de") else "en")
        theirs.append((time.perf_counter() - t) * 1e6)
        found += len(res)
    presidio_wall = time.perf_counter() - start

    if args.rows:
        print(f"{'#':>4} {'chars':>6} {'ours µs':>10} {'Presidio µs':>12} {'ratio':>8}")
        for i, (text, o, p) in enumerate(zip(texts, ours, theirs)):
            print(f"{i:>4} {len(text):>6} {o:>10.1f} {p:>12.1f} {p / max(o, 0.01):>7.0f}x")

    ratios = [p / max(o, 0.01) for o, p in zip(ours, theirs)]
    print(f"guard binary: profile {args.profile}")
    print(f"messages: {len(texts)} from {os.path.relpath(args.corpus, ROOT)}, "
          f"mean {statistics.mean(len(t) for t in texts):.0f} chars")
    from importlib.metadata import version

    print(f"Presidio analyzer {version('presidio_analyzer')}: recognisers: generic + {len(german)} German ({', '.join(german)}), no-op NLP engine; "
          f"build {presidio_build * 1e3:.0f} ms")
    print(f"{'':>22} {'p50':>10} {'p99':>10} {'mean':>10} {'total':>10}")
    print(f"{'ours (whole pipeline)':>22} {pct(ours, .5):>8.1f}µs {pct(ours, .99):>8.1f}µs "
          f"{statistics.mean(ours):>8.1f}µs {sum(ours) / 1e3:>8.1f}ms")
    print(f"{'Presidio (PII only)':>22} {pct(theirs, .5):>8.1f}µs {pct(theirs, .99):>8.1f}µs "
          f"{statistics.mean(theirs):>8.1f}µs {sum(theirs) / 1e3:>8.1f}ms")
    print(f"speed-up per message: median {statistics.median(ratios):.0f}x, "
          f"p01 {pct(ratios, .01):.0f}x (slowest 1 %), on totals {sum(theirs) / sum(ours):.0f}x")
    print(f"entities found: ours {sum(len(r['entities']) for r in results)}, Presidio {found}")
    print(f"wall clock incl. process and JSON I/O: ours {ours_wall * 1e3:.0f} ms, "
          f"Presidio loop {presidio_wall * 1e3:.0f} ms")


if __name__ == "__main__":
    sys.exit(main())

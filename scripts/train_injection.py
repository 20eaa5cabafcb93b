#!/usr/bin/env python3
"""Train the prompt-injection scorer compiled into mignuti-shared.

Logistic regression over the hashed features the crate itself extracts
(`cargo run --example injection_features`), so tokenisation, normalisation
and hashing exist once, in Rust. The script:

1. dumps features and rule hits for the development corpus and the
   hand-written `train_*.jsonl` files in shared/tests/data/injection/
   (`heldout_*.jsonl` there are never read: they give honest figures);
2. runs k-fold cross-validation (fixed seed) to choose the L2 strength, the
   blocking threshold and the weak-rule boost under the false-positive
   budgets, and prints out-of-fold figures per source and language for
   rules-only, model-only and combined;
3. chooses the passage threshold (`Detector::check_passage`, used on
   ingested help-center chunks) on the out-of-fold scores of the passage
   rows (`train_passage.jsonl`: benign help-center prose and passages with
   embedded instructions) and prints their figures;
4. fits on everything and writes shared/src/injection/weights.bin
   (i8-quantised weights, header version 2, format documented in
   injection/model.rs).

Usage (from the repository root):
    python3 -m venv .local/venv-train
    .local/venv-train/bin/pip install -r scripts/requirements-train.txt
    .local/venv-train/bin/python scripts/train_injection.py ../shared/eval/injection/dev.jsonl

Deterministic: same inputs, same weights.bin.
"""

import argparse
import glob
import json
import os
import struct
import subprocess
import sys
from collections import defaultdict

import numpy as np
import scipy.optimize
import scipy.sparse

SEED = 20261127
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# False-positive budgets used when choosing the threshold on out-of-fold
# scores. Below the targets (0.5 % and 3 %); the support budget is
# tighter because ordinary questions are the bulk of real traffic.
# (Support was 0.2 % while the support set had no questions about the
# chatbot itself; with them, 0.2 % costs several points of recall.)
SUPPORT_FP_BUDGET = 0.004
TRIGGER_FP_BUDGET = 0.025
# Ingested help-center passages have their own threshold (weights header
# version 2), chosen on out-of-fold scores of the passage rows: at most this
# share of benign passages flagged, then the most attacks caught.
PASSAGE_FP_BUDGET = 0.01
FIRST_ROUND = {"dev.jsonl", "train_attack.jsonl", "train_attack_extra.jsonl"}
# Attacks added with the third round (standing orders about other visitors,
# staff impersonation, credentials, invented policy, privileged modes);
# figures without them stay comparable with the 994 attacks before.
THIRD_ROUND = {"train_attack_gaps.jsonl"}


def dump_features(paths):
    # INJECTION_FEATURES may name an already built injection_features
    # binary (saves a cargo invocation in loops).
    prebuilt = os.environ.get("INJECTION_FEATURES")
    cmd = ([prebuilt] if prebuilt else [
        "cargo", "run", "--quiet", "--release", "-p", "mignuti-shared",
        "--example", "injection_features", "--",
    ]) + paths
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def group_of(row):
    """Benign rows fall in budget groups: ordinary support questions,
    benign questions with trigger words and help-center passages (the
    ingestion operating point); the rest is general benign text."""
    src = row["source"] or os.path.basename(row["file"])
    if row["label"] == "attack":
        return "attack"
    if "passage" in src:
        return "passage"
    if "banking77" in src or "support" in src:
        return "support"
    if "NotInject" in src or "trigger" in src:
        return "trigger"
    return "other"


def design(rows, bits):
    indptr, indices, data = [0], [], []
    for r in rows:
        f = r["f"]
        v = 1.0 / np.sqrt(max(len(f), 1))
        indices.extend(f)
        data.extend([v] * len(f))
        indptr.append(len(indices))
    return scipy.sparse.csr_matrix(
        (np.array(data, dtype=np.float64), np.array(indices), np.array(indptr)),
        shape=(len(rows), 1 << bits),
    )


def fit(X, y, sample_w, l2):
    """Weighted logistic regression with L2, L-BFGS. Returns (w, b)."""
    n_feat = X.shape[1]

    def loss(params):
        w, b = params[:-1], params[-1]
        z = X @ w + b
        # log(1 + exp(-y z)) with y in {-1, 1}, stable
        ys = 2 * y - 1
        m = -ys * z
        lossv = np.logaddexp(0, m)
        p = 1 / (1 + np.exp(-m))  # derivative of logaddexp wrt m
        g_z = sample_w * p * (-ys)
        total = np.dot(sample_w, lossv) + 0.5 * l2 * np.dot(w, w)
        grad_w = X.T @ g_z + l2 * w
        grad_b = g_z.sum()
        return total, np.concatenate([grad_w, [grad_b]])

    x0 = np.zeros(n_feat + 1)
    res = scipy.optimize.minimize(loss, x0, jac=True, method="L-BFGS-B",
                                  options={"maxiter": 400})
    return res.x[:-1], res.x[-1]


def weights_for(rows, y):
    # Balance the classes, then give each benign budget group equal say so
    # 1,500 banking questions do not drown the trigger-word questions.
    groups = [group_of(r) for r in rows]
    w = np.ones(len(rows))
    counts = defaultdict(int)
    for g in groups:
        counts[g] += 1
    n_att = counts["attack"]
    benign_groups = [g for g in counts if g != "attack"]
    for i, g in enumerate(groups):
        if g == "attack":
            w[i] = 1.0
        else:
            w[i] = n_att / (len(benign_groups) * counts[g])
        # Benign questions with trigger words are the hard negatives the
        # threshold is tuned against: count them double (chosen by
        # cross-validation: +1 point recall at the same false-positive rate).
        if g == "trigger":
            w[i] *= 2.0
        # Ordinary support questions carry the tightest budget, and the
        # hardest of them are questions about the chatbot itself (its
        # answers, logging, privacy, translation), which share words with
        # extraction attempts: support counts three times, those
        # meta-questions three times more (chosen by cross-validation:
        # +2 points recall at the same false-positive rates).
        if g == "support":
            w[i] *= 3.0
        if "meta" in (rows[i]["source"] or ""):
            w[i] *= 3.0
    return w / w.mean()


def folds_for(n, k, rng):
    order = rng.permutation(n)
    return [order[i::k] for i in range(k)]


def decide(logits, weak, strong, threshold, boost):
    p = 1 / (1 + np.exp(-(logits + boost * np.minimum(weak, 2))))
    return strong | (p >= threshold)


def report(rows, y, logits, weak, strong, threshold, boost, title):
    print(f"\n== {title} (threshold {threshold:.3f}, weak boost {boost}) ==")
    model_only = 1 / (1 + np.exp(-logits)) >= threshold
    comb = decide(logits, weak, strong, threshold, boost)
    keys = defaultdict(list)
    for i, r in enumerate(rows):
        src = r["source"] or os.path.basename(r["file"])
        keys["ALL"].append(i)
        keys[f"source {src}"].append(i)
        keys[f"lang {r['lang']}"].append(i)
        keys[f"group {group_of(r)}"].append(i)
    print(f"{'group':<52} {'attack':>6} {'R-rules':>7} {'R-model':>7} {'R-comb':>7}   "
          f"{'benign':>6} {'FP-rul':>7} {'FP-mod':>7} {'FP-comb':>7}")
    for key in sorted(keys):
        idx = np.array(keys[key])
        a = idx[y[idx] == 1]
        b = idx[y[idx] == 0]

        def rate(sel, arr):
            return f"{arr[sel].mean():7.3f}" if len(sel) else "      -"
        print(f"{key:<52} {len(a):>6} {rate(a, strong)} {rate(a, model_only)} {rate(a, comb)}   "
              f"{len(b):>6} {rate(b, strong)} {rate(b, model_only)} {rate(b, comb)}")


def choose(y, groups, logits, weak, strong):
    """Best (threshold, boost) by out-of-fold recall under the FP budgets."""
    best = None
    sup = groups == "support"
    trig = groups == "trigger"
    other = groups == "other"
    for boost in [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]:
        for threshold in np.arange(0.30, 0.991, 0.01):
            d = decide(logits, weak, strong, threshold, boost)
            if sup.any() and d[sup].mean() > SUPPORT_FP_BUDGET:
                continue
            if trig.any() and d[trig].mean() > TRIGGER_FP_BUDGET:
                continue
            if other.any() and d[other].mean() > 0.05:
                continue
            recall = d[y == 1].mean()
            # Prefer higher recall, then a higher threshold (more margin).
            key = (round(recall, 4), threshold)
            if best is None or key > best[0]:
                best = (key, float(threshold), boost)
    if best is None:
        return 0.99, 0.0
    return best[1], best[2]


def choose_passage(y, groups, sources, logits, weak, strong, boost, floor):
    """Passage threshold (never below the message threshold `floor`): at
    most PASSAGE_FP_BUDGET of the benign passages flagged out of fold, then
    the most embedded attacks (rows from a passage source) caught, then the
    most attacks overall, then the lowest threshold."""
    passage = groups == "passage"
    embedded = (y == 1) & np.array(["passage" in s for s in sources])
    best = None
    for threshold in np.arange(floor, 0.9991, 0.005):
        d = decide(logits, weak, strong, threshold, boost)
        if passage.any() and d[passage].mean() > PASSAGE_FP_BUDGET:
            continue
        key = (round(d[embedded].mean() if embedded.any() else 0.0, 4),
               round(d[y == 1].mean(), 4), -threshold)
        if best is None or key > best[0]:
            best = (key, float(threshold))
    return best[1] if best else 0.999


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dev", help="development corpus, e.g. ../shared/eval/injection/dev.jsonl")
    ap.add_argument("--data-dir", default=os.path.join(ROOT, "shared/tests/data/injection"))
    ap.add_argument("--out", default=os.path.join(ROOT, "shared/src/injection/weights.bin"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, nargs="*", default=[0.001, 0.003, 0.01])
    ap.add_argument("--show-errors", action="store_true",
                    help="list out-of-fold misses and false positives")
    args = ap.parse_args()

    own = sorted(glob.glob(os.path.join(args.data_dir, "train_*.jsonl")))
    paths = [os.path.abspath(args.dev)] + own
    print("training files:", *paths, sep="\n  ")
    rows = dump_features(paths)
    bits = rows[0]["bits"]
    y = np.array([1 if r["label"] == "attack" else 0 for r in rows])
    groups = np.array([group_of(r) for r in rows])
    weak = np.array([len(set(r["weak"])) for r in rows], dtype=np.float64)
    strong = np.array([len(r["strong"]) > 0 for r in rows])
    X = design(rows, bits)
    sw = weights_for(rows, y)
    print(f"{len(rows)} rows, {int(y.sum())} attacks, {bits} hash bits, {X.nnz} non-zeros")

    rng = np.random.default_rng(SEED)
    folds = folds_for(len(rows), args.folds, rng)
    best = None
    for l2 in args.l2:
        oof = np.zeros(len(rows))
        for k, test in enumerate(folds):
            train = np.setdiff1d(np.arange(len(rows)), test)
            w, b = fit(X[train], y[train], sw[train], l2)
            oof[test] = X[test] @ w + b
        threshold, boost = choose(y, groups, oof, weak, strong)
        recall = decide(oof, weak, strong, threshold, boost)[y == 1].mean()
        print(f"l2={l2}: out-of-fold combined recall {recall:.3f} at threshold {threshold:.2f}, boost {boost}")
        if best is None or recall > best[0]:
            best = (recall, l2, threshold, boost, oof)
    _, l2, threshold, boost, oof = best
    report(rows, y, oof, weak, strong, threshold, boost,
           f"{args.folds}-fold cross-validation, out-of-fold (l2={l2})")
    sources = [r["source"] or os.path.basename(r["file"]) for r in rows]
    # The attacks of the first training round (development corpus,
    # train_attack.jsonl, train_attack_extra.jsonl), for comparison with
    # figures from before the later files existed.
    first = np.array([os.path.basename(r["file"]) in FIRST_ROUND for r in rows]) & (y == 1)
    comb = decide(oof, weak, strong, threshold, boost)
    print(f"\nfirst-round attacks ({int(first.sum())}): combined recall {comb[first].mean():.3f}")
    earlier = np.array([os.path.basename(r["file"]) not in THIRD_ROUND for r in rows]) & (y == 1)
    print(f"attacks before the third round ({int(earlier.sum())}): combined recall "
          f"{comb[earlier].mean():.3f}")
    passage_threshold = choose_passage(y, groups, sources, oof, weak, strong, boost, threshold)
    passage_rows = [i for i, s in enumerate(sources) if "passage" in s]
    report([rows[i] for i in passage_rows], y[passage_rows], oof[passage_rows],
           weak[passage_rows], strong[passage_rows], passage_threshold, boost,
           f"passages (ingestion operating point), out-of-fold (l2={l2})")

    if args.show_errors:
        comb = decide(oof, weak, strong, threshold, boost)
        texts = {}
        for p in paths:
            with open(p, encoding="utf-8") as f:
                for i, line in enumerate(f):
                    if line.strip():
                        texts[(p, i + 1)] = json.loads(line)["text"]
        for i, r in enumerate(rows):
            if comb[i] != bool(y[i]):
                kind = "MISS" if y[i] else "FP  "
                p_oof = 1 / (1 + np.exp(-oof[i]))
                text = texts.get((r["file"], r["line"]), "")[:150].replace("\n", " ")
                print(f"{kind} {p_oof:.2f} {os.path.basename(r['file'])}:{r['line']} {text}")

    w, b = fit(X, y, sw, l2)
    scale = float(np.abs(w).max() / 127.0) or 1.0
    q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
    with open(args.out, "wb") as f:
        f.write(b"MIJW")
        f.write(struct.pack("<II5f", 2, bits, float(b), scale, threshold, boost,
                            passage_threshold))
        f.write(q.tobytes())
    print(f"\nwrote {args.out}: {os.path.getsize(args.out)} bytes, l2={l2}, "
          f"threshold={threshold:.3f}, passage threshold={passage_threshold:.3f}, "
          f"weak boost={boost}, bias={b:.3f}, scale={scale:.5f}")


if __name__ == "__main__":
    sys.exit(main())

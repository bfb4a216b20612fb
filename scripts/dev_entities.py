"""Development check of the entity layer on the TRAIN annotations and the seed (never held-out).

Usage: .venv/bin/python scripts/dev_entities.py [--rules-only] [--errors N] [--labels PER,ORG,LOC]
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsextract.pipeline import Pipeline  # noqa: E402


def load(paths: list[Path]) -> list[dict]:
    corpus = {}
    with (ROOT.parent / "shared" / "corpus" / "dev.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            corpus[d["id"]] = d
    out = []
    for p in paths:
        if p.suffix == ".jsonl":
            for line in p.open(encoding="utf-8"):
                out.append(json.loads(line))
            continue
        rec = json.loads(p.read_text(encoding="utf-8"))
        d = corpus[rec["id"]]
        rec["text"] = d["text"]
        out.append(rec)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rules-only", action="store_true")
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--labels", default="PER,ORG,LOC,DATE")
    ap.add_argument("--files", nargs="*")
    a = ap.parse_args()
    labels = set(a.labels.split(","))
    files = [Path(f) for f in a.files] if a.files else sorted((ROOT / "annotations/dev/train").glob("*.json"))
    files.append(ROOT.parent / "shared/seeds/000_7a4dca285e0ca61f.gold.jsonl")
    arts = load(files)
    comps = [c for c in ("newsextract_dates", "newsextract_quantities", "newsextract_entities")]
    try:
        import newsextract.dates  # noqa: F401
    except ImportError:
        comps = ["newsextract_entities"]
    pipe = Pipeline(components=comps, use_ner_model=not a.rules_only)
    tp = collections.Counter()
    fp = collections.Counter()
    fn = collections.Counter()
    errs = []
    for art in arts:
        r = pipe.extract(art["text"], published=art.get("published"))
        gold = {(e["start"], e["end"], e["label"]) for e in art["entities"] if e["label"] in labels}
        pred = {(e.start, e.end, e.label) for e in r.entities if e.label in labels}
        for x in gold & pred:
            tp[x[2]] += 1
        for x in pred - gold:
            fp[x[2]] += 1
            errs.append(("FP", art["id"], x, art["text"][x[0] : x[1]], art["text"][max(0, x[0] - 30) : x[1] + 30]))
        for x in gold - pred:
            fn[x[2]] += 1
            errs.append(("FN", art["id"], x, art["text"][x[0] : x[1]], art["text"][max(0, x[0] - 30) : x[1] + 30]))
    for lab in sorted(labels) + ["micro"]:
        t = sum(tp.values()) if lab == "micro" else tp[lab]
        f = sum(fp.values()) if lab == "micro" else fp[lab]
        n = sum(fn.values()) if lab == "micro" else fn[lab]
        p = t / (t + f) if t + f else 0.0
        r = t / (t + n) if t + n else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{lab:6s} P={p:.3f} R={r:.3f} F1={f1:.3f}  tp={t} fp={f} fn={n}")
    import random

    random.seed(0)
    for e in random.sample(errs, min(a.errors, len(errs))):
        print(e[0], e[2][2], repr(e[3]), "|", repr(e[4].replace("\r\n", " ")))
    return 0


if __name__ == "__main__":
    sys.exit(main())

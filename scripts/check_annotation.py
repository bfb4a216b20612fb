"""Check offset-only gold annotations against the corpus text (dev.jsonl or bulk.jsonl.gz).

Usage: python scripts/check_annotation.py annotations/{dev,bulk}/train/<id>.json [...]
Prints each entity (label, text) so the annotator can read what the offsets select,
and reports every problem; exit 1 when any file has one.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_data import corpus_records

LABELS = {"PER", "ORG", "LOC", "DATE"}
FACT_FIELDS = {
    "indicator": ["achieved", "total", "outcome", "scope", "year"],
    "slogan": ["text", "year", "kind"],
    "campaign": ["name", "kind"],
    "meeting": ["kind", "ordinal", "date", "organizer", "term"],
    "person_role": ["person", "role", "organization"],
    "count": ["value", "noun", "context"],
    "money": ["value", "currency", "context"],
    "percent": ["value", "context"],
    "legal_ref": ["doc_type", "number", "issuer", "date"],
    "anniversary": ["years", "occasion"],
    "quote": ["speaker", "verb", "text"],
}


def main(argv: list[str]) -> int:
    texts = {k: d["text"] for k, d in corpus_records().items()}
    bad = 0
    quiet = "-q" in argv
    for name in [a for a in argv if a != "-q"]:
        rec = json.loads(Path(name).read_text(encoding="utf-8"))
        problems = []
        text = texts.get(rec.get("id"))
        if text is None:
            print(f"{name}: unknown id {rec.get('id')!r}")
            bad += 1
            continue
        if rec.get("sha1") != hashlib.sha1(text.encode("utf-8")).hexdigest():
            problems.append("sha1 does not match the corpus text")
        prev_end = -1
        ents = sorted(rec.get("entities", []), key=lambda e: (e["start"], e["end"]))
        for e in ents:
            s, t, lab = e["start"], e["end"], e["label"]
            if lab not in LABELS:
                problems.append(f"bad label {lab}")
            if not (0 <= s < t <= len(text)):
                problems.append(f"bad offsets {s}-{t}")
                continue
            span = text[s:t]
            if span != span.strip() or not span:
                problems.append(f"span has outer whitespace: {span!r} at {s}")
            if s < prev_end:
                problems.append(f"overlap at {s}: {span!r}")
            prev_end = max(prev_end, t)
            if not quiet:
                print(f"  {s:6d} {lab:4s} {span}")
        for f in rec.get("facts", []):
            ft = f.get("type")
            if ft not in FACT_FIELDS:
                problems.append(f"bad fact type {ft}")
                continue
            missing = [k for k in FACT_FIELDS[ft] + ["start", "end"] if k not in f]
            if missing:
                problems.append(f"fact {ft} at {f.get('start')} misses {missing}")
            s, t = f.get("start", -1), f.get("end", -1)
            if not (0 <= s < t <= len(text)):
                problems.append(f"fact {ft} bad evidence offsets {s}-{t}")
            elif not quiet:
                print(f"  FACT {ft}: { {k: f[k] for k in FACT_FIELDS[ft] if k in f} } <- {text[s:t][:80]!r}")
        for p in problems:
            print(f"{name}: {p}")
        bad += bool(problems)
        print(
            f"{name}: {len(ents)} entities, {len(rec.get('facts', []))} facts, {'OK' if not problems else 'PROBLEMS'}"
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

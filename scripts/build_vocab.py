"""Rebuild models/vocab/frequent_tokens.txt: the most frequent tokens of scraped news.

The pipeline adds these to the spaCy vocabulary once, at load, outside any memory zone;
every article's other strings are freed after it (``Language.memory_zone``).  Without the
list, each article would rebuild the lexemes of its common words (about 14 ms per article);
without the zone, the vocabulary would grow with every article of a long batch run.

Built from articles 3,000-4,999 of ../shared/corpus/bulk.jsonl.gz, so the speed benchmark
(``benchmarks/throughput.py --limit N``, N <= 3,000, reading from the start) never sees the
articles the list came from.  Only token strings and their order are kept, no text.

Usage: .venv/bin/python scripts/build_vocab.py [--size 20000]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsextract.normalize import normalize  # noqa: E402
from newsextract.pipeline import Pipeline  # noqa: E402
from newsextract.segment import KEY_TOKENS  # noqa: E402

BULK = ROOT.parent / "shared" / "corpus" / "bulk.jsonl.gz"
OUT = ROOT / "models" / "vocab" / "frequent_tokens.txt"
FIRST, LAST = 3000, 5000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=20_000)
    args = ap.parse_args(argv)
    if not BULK.exists():
        print(f"{BULK} is absent", file=sys.stderr)
        return 2
    nlp = Pipeline(components=()).nlp
    counts: collections.Counter[str] = collections.Counter()
    with gzip.open(BULK, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i < FIRST:
                continue
            if i >= LAST:
                break
            text = normalize(json.loads(line)["text"]).text
            with nlp.memory_zone():
                counts.update(t for t in nlp.make_doc(text).user_data[KEY_TOKENS][0] if t.strip())
    words = [w for w, _ in counts.most_common(args.size)]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(words) + "\n", encoding="utf-8")
    covered = sum(counts[w] for w in words) / max(1, sum(counts.values()))
    print(f"wrote {len(words)} tokens to {OUT} ({covered:.1%} of the {sum(counts.values())} tokens counted)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

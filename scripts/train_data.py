"""The annotated training articles that the development scripts read (never the held-out part).

``annotations/dev/train/*.json`` (texts in ../shared/corpus/dev.jsonl) and
``annotations/bulk/train/*.json`` (texts in ../shared/corpus/bulk.jsonl.gz), sorted by file name.
The validation tenth is chosen by a hash of the article id (``is_validation``), so it stays the
same articles when files are added (until 2026-11-28 it was every tenth sorted file, which moved).
"""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TRAIN_DIRS = (ROOT / "annotations" / "dev" / "train", ROOT / "annotations" / "bulk" / "train")
CORPORA = (
    ROOT.parent / "shared" / "corpus" / "dev.jsonl",
    ROOT.parent / "shared" / "corpus" / "bulk.jsonl.gz",
)


def train_files() -> list[Path]:
    """Every training annotation file, sorted by name (ids are unique across the two corpora)."""
    return sorted((p for d in TRAIN_DIRS if d.is_dir() for p in d.glob("*.json")), key=lambda p: p.name)


def is_validation(article_id: str) -> bool:
    """Whether an article belongs to the fixed validation tenth (crc32 of its id)."""
    return zlib.crc32(article_id.encode("utf-8")) % 10 == 0


def corpus_records() -> dict[str, dict[str, Any]]:
    """The corpus records (id, title, published, text, ...) of both corpus files, by id."""
    out: dict[str, dict[str, Any]] = {}
    for path in CORPORA:
        if not path.is_file():
            continue
        with (
            gzip.open(path, "rt", encoding="utf-8")
            if path.suffix == ".gz"
            else path.open(encoding="utf-8") as fh
        ):
            for line in fh:
                d = json.loads(line)
                out[d["id"]] = d
    return out

"""Scoring extraction against gold annotations (guideline ``ANNOTATION.md`` sections 1, 3 and 4).

Gold comes from gold JSONL files (one article with its ``text`` per line) or from
offset-only annotation files (``{"id", "sha1", "entities", "facts"}`` per article,
one JSON file each, usually in a directory) whose texts live in corpus JSONL files
(:func:`default_corpus_paths`).  Every span is checked against its text on loading: a
mismatch raises :class:`GoldError` naming the article and the span.

What is computed, exactly:

- **Entities**, per label and micro, two schemes.  Both match one prediction to at
  most one gold span and count ``tp`` matched pairs; ``P = tp / pred``,
  ``R = tp / gold``, ``F1`` their harmonic mean, and 0.0 when a denominator is 0.

  - *strict*: same start, end and label (nervaluate "strict"; for flat span sets
    without duplicates the same numbers as seqeval's default mode on BIO tags).
  - *partial*: overlap (at least one shared character) with the same label, a
    partial overlap counting as a **full** match (the guideline's definition).
    nervaluate's "partial" scheme instead gives an overlap half credit and ignores
    labels in its overall figure; its per-label numbers are
    :meth:`Score.half_credit` (``exact + 0.5 * overlap``).  Exact matches are
    paired first, then overlaps left to right.

  Duplicate predictions are false alarms (seqeval would collapse them).  Predicted
  ``DateSpan`` records count as ``DATE`` entities unless an entity has the same span.
- **Dates**: over gold ``DATE`` entities found by a predicted ``DateSpan`` with the
  same start and end, the share whose ``value`` (and ``grain``) equals the gold
  one, counted over found gold dates that carry a ``value`` (``grain``).
- **Facts**: per type (``quote`` excluded) and micro; a prediction matches a gold
  fact of the same type when every key field (``Fact.key_fields``) is equal after
  normalisation: strings NFC, one tone-mark and quote style, collapsed spaces,
  casefolded; numbers as numbers; ``count.noun`` when one is the other's leading
  words; a gold ``date`` "--MM-DD" matches that day in any year, or null.  A maximum
  one-to-one matching is used.

>>> g = gold_from_dict({"id": "a", "text": "Ông Nguyễn Văn A thăm Hà Nội.",
...     "entities": [{"start": 4, "end": 16, "label": "PER"}, {"start": 22, "end": 28, "label": "LOC"}]})
>>> from newsextract.records import Entity, Result
>>> pred = Result(id="a", entities=[Entity(start=4, end=12, text="Nguyễn V", label="PER")])
>>> r = score_articles([g], [pred])
>>> r.entities.strict["micro"].f1, r.entities.partial["PER"].recall
(0.0, 1.0)
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import logging
import math
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import msgspec

from newsextract.normalize import normalize
from newsextract.records import BUILTIN_FACTS, DateSpan, Entity, Fact, Result

__all__ = [
    "BASELINE_LABELS",
    "FACT_KEY_FIELDS",
    "LABELS",
    "CorpusNotFoundError",
    "DateScore",
    "EntityScores",
    "ErrorItem",
    "EvaluationReport",
    "GoldArticle",
    "GoldEntity",
    "GoldError",
    "GoldFact",
    "PredictionError",
    "Score",
    "add_arguments",
    "bio_to_spans",
    "default_corpus_paths",
    "evaluate_articles",
    "fact_matches",
    "gold_as_result",
    "gold_from_dict",
    "load_corpus",
    "load_gold",
    "read_predictions",
    "render_comparison",
    "run",
    "score_articles",
    "underthesea_baseline",
]

log = logging.getLogger(__name__)

LABELS: tuple[str, ...] = ("PER", "ORG", "LOC", "DATE")
BASELINE_LABELS: tuple[str, ...] = ("PER", "ORG", "LOC")
#: Key fields of every scored fact type (``quote`` is reported, not scored).
FACT_KEY_FIELDS: dict[str, tuple[str, ...]] = {
    str(cls.__struct_config__.tag): cls.key_fields for cls in BUILTIN_FACTS if cls.key_fields
}
CONTEXT_CHARS = 40
_REPO_ROOT = Path(__file__).resolve().parents[2]
_MONTH_DAY_RE = re.compile(r"^--(\d{2})-(\d{2})$")
_DATE_RE = re.compile(r"^(?:\d{4}|-)-(\d{2})-(\d{2})(?:T.*)?$")


# --------------------------------------------------------------------------- errors


class GoldError(ValueError):
    """A gold article that cannot be scored: bad offsets, text or sha1 mismatch, bad JSON.

    >>> str(GoldError("bad offsets", article="a1", span=(3, 9)))
    "article 'a1', span 3-9: bad offsets"
    """

    def __init__(self, message: str, *, article: str | None = None, span: tuple[int, int] | None = None):
        self.article = article
        self.span = span
        where = []
        if article is not None:
            where.append(f"article {article!r}")
        if span is not None:
            where.append(f"span {span[0]}-{span[1]}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class CorpusNotFoundError(FileNotFoundError):
    """The corpus JSONL that offset-only annotations need is missing (pass ``--corpus``)."""


class PredictionError(ValueError):
    """A prediction file that cannot be read."""


# --------------------------------------------------------------------------- gold records


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """A gold span; ``value``/``grain`` are optional on ``DATE`` entities.

    >>> GoldEntity(0, 6, "LOC", "Hà Nội").label
    'LOC'
    """

    start: int
    end: int
    label: str
    text: str
    value: str | None = None
    grain: str | None = None


@dataclass(frozen=True, slots=True)
class GoldFact:
    """A gold fact: ``type``, its fields (without type/start/end) and evidence span.

    >>> GoldFact("count", {"value": 10, "noun": "chương trình"}, 0, 15).type
    'count'
    """

    type: str
    fields: dict[str, Any] = field(hash=False)
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One gold article; ``entities``/``facts`` is None when not annotated.

    >>> GoldArticle("a", "Hà Nội", (GoldEntity(0, 6, "LOC", "Hà Nội"),), None).facts is None
    True
    """

    id: str
    text: str
    entities: tuple[GoldEntity, ...] | None
    facts: tuple[GoldFact, ...] | None
    title: str | None = None
    published: str | None = None
    source: str = field(default="", compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The article as a gold JSONL object (guideline section 1)."""
        out: dict[str, Any] = {"id": self.id, "text": self.text}
        if self.title is not None:
            out["title"] = self.title
        if self.published is not None:
            out["published"] = self.published
        if self.entities is not None:
            ents = []
            for e in self.entities:
                d: dict[str, Any] = {"start": e.start, "end": e.end, "label": e.label, "text": e.text}
                if e.value is not None:
                    d["value"] = e.value
                if e.grain is not None:
                    d["grain"] = e.grain
                ents.append(d)
            out["entities"] = ents
        if self.facts is not None:
            out["facts"] = [_fact_to_dict(f) for f in self.facts]
        return out


def _fact_to_dict(f: GoldFact) -> dict[str, Any]:
    d: dict[str, Any] = {"type": f.type, **f.fields}
    if f.start is not None:
        d["start"] = f.start
    if f.end is not None:
        d["end"] = f.end
    return d


def _int(value: Any, what: str, article: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise GoldError(f"{what} is not an integer: {value!r}", article=article)
    return value


def gold_from_dict(data: Mapping[str, Any], *, text: str | None = None, source: str = "") -> GoldArticle:
    """Validate one gold object (a gold JSONL line, or offset-only with ``text`` given).

    >>> d = {"id": "x", "text": "Hà Nội", "entities": [{"start": 0, "end": 6, "label": "LOC"}]}
    >>> gold_from_dict(d).entities
    (GoldEntity(start=0, end=6, label='LOC', text='Hà Nội', value=None, grain=None),)
    """
    if not isinstance(data, Mapping):
        raise GoldError(f"{source}: an article must be a JSON object, not {type(data).__name__}")
    aid = str(data.get("id")) if data.get("id") is not None else None
    if aid is None:
        raise GoldError(f"{source}: article without an id")
    body = text if text is not None else data.get("text")
    if not isinstance(body, str):
        raise GoldError("no text", article=aid)
    entities: tuple[GoldEntity, ...] | None = None
    if data.get("entities") is not None:
        raw_ents = data["entities"]
        if not isinstance(raw_ents, list):
            raise GoldError("entities must be a list", article=aid)
        ents = []
        for e in raw_ents:
            s = _int(e.get("start"), "entity start", aid)
            t = _int(e.get("end"), "entity end", aid)
            if not 0 <= s < t <= len(body):
                raise GoldError(
                    f"entity offsets out of range (text length {len(body)})", article=aid, span=(s, t)
                )
            label = e.get("label")
            if label not in LABELS:
                raise GoldError(f"unknown label {label!r}", article=aid, span=(s, t))
            span_text = body[s:t]
            if e.get("text") is not None and e["text"] != span_text:
                raise GoldError(
                    f"entity text {e['text']!r} != text[start:end] {span_text!r}", article=aid, span=(s, t)
                )
            value, grain = e.get("value"), e.get("grain")
            ents.append(
                GoldEntity(
                    s,
                    t,
                    str(label),
                    span_text,
                    None if value is None else str(value),
                    None if grain is None else str(grain),
                )
            )
        entities = tuple(ents)
    facts: tuple[GoldFact, ...] | None = None
    if data.get("facts") is not None:
        raw_facts = data["facts"]
        if not isinstance(raw_facts, list):
            raise GoldError("facts must be a list", article=aid)
        fl = []
        for f in raw_facts:
            if not isinstance(f, Mapping) or not isinstance(f.get("type"), str):
                raise GoldError(f"fact without a type: {f!r}", article=aid)
            fs, fe = f.get("start"), f.get("end")
            if fs is not None or fe is not None:
                fs = _int(fs, "fact start", aid)
                fe = _int(fe, "fact end", aid)
                if not 0 <= fs <= fe <= len(body):
                    raise GoldError(
                        f"{f['type']} fact evidence out of range (text length {len(body)})",
                        article=aid,
                        span=(fs, fe),
                    )
            fields = {k: v for k, v in f.items() if k not in ("type", "start", "end", "evidence")}
            fl.append(GoldFact(f["type"], fields, fs, fe))
        facts = tuple(fl)
    title, published = data.get("title"), data.get("published")
    return GoldArticle(
        aid,
        body,
        entities,
        facts,
        None if title is None else str(title),
        None if published is None else str(published),
        source,
    )


def default_corpus_paths() -> list[Path]:
    """``$NEWSEXTRACT_CORPUS`` (paths joined by ``os.pathsep``) or, relative to the repository
    root, ``../shared/corpus/dev.jsonl`` then ``../shared/corpus/bulk.jsonl.gz``."""
    env = os.environ.get("NEWSEXTRACT_CORPUS")
    if env:
        return [Path(x) for x in env.split(os.pathsep) if x]
    shared = _REPO_ROOT.parent / "shared" / "corpus"
    return [shared / "dev.jsonl", shared / "bulk.jsonl.gz"]


def load_corpus(path: str | Path) -> dict[str, str]:
    """Texts of a corpus JSONL file (``{"id", "text", ...}`` per line; ``.gz`` read as gzip) by id.

    Raises :class:`CorpusNotFoundError` when the file is missing.
    """
    p = Path(path)
    if not p.is_file():
        raise CorpusNotFoundError(
            f"corpus file {p} not found: offset-only annotations need the texts they point into "
            "(pass --corpus PATH or set NEWSEXTRACT_CORPUS)"
        )
    texts: dict[str, str] = {}
    opener = gzip.open if p.suffix == ".gz" else open
    with opener(p, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldError(f"{p}:{n}: bad JSON in corpus: {exc}") from exc
            texts[str(d["id"])] = d["text"]
    log.debug("corpus %s: %d texts", p, len(texts))
    return texts


class _Corpora:
    """Texts by id from several corpus files, each read only when an id is not in the ones before."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self._paths = list(paths)
        self._pending = list(paths)
        self._texts: dict[str, str] = {}
        self._loaded = 0

    def get(self, aid: str) -> str | None:
        while aid not in self._texts and self._pending:
            p = self._pending.pop(0)
            if not p.is_file():
                log.debug("corpus %s absent, skipped", p)
                continue
            self._texts.update(load_corpus(p))
            self._loaded += 1
        if not self._loaded:
            raise CorpusNotFoundError(
                f"no corpus file found ({', '.join(map(str, self._paths))}): offset-only annotations "
                "need the texts they point into (pass --corpus PATH or set NEWSEXTRACT_CORPUS)"
            )
        return self._texts.get(aid)


def _iter_gold_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files = sorted(x for x in p.iterdir() if x.is_file() and x.suffix in (".json", ".jsonl"))
            if not files:
                log.warning("no .json or .jsonl files in %s", p)
            yield from files
        elif p.is_file():
            yield p
        else:
            raise FileNotFoundError(f"gold file {p} not found")


def load_gold(
    paths: Iterable[str | Path], *, corpus: str | Path | Sequence[str | Path] | None = None
) -> list[GoldArticle]:
    """Gold articles of gold JSONL files, offset-only ``.json`` files and directories of both.

    Offset-only annotations are joined with the corpus (loaded only when needed) by id
    and their ``sha1`` is checked against ``text.encode("utf-8")``.
    """
    articles: list[GoldArticle] = []
    if corpus is None:
        corpus_paths = default_corpus_paths()
    elif isinstance(corpus, (str, Path)):
        corpus_paths = [Path(corpus)]
    else:
        corpus_paths = [Path(c) for c in corpus]
    texts = _Corpora(corpus_paths)
    seen: dict[str, str] = {}
    for path in _iter_gold_files(paths):
        raw = path.read_text(encoding="utf-8")
        records: list[tuple[str, Any]] = []
        if path.suffix == ".json":
            try:
                records.append((str(path), json.loads(raw)))
            except json.JSONDecodeError as exc:
                raise GoldError(f"{path}: bad JSON: {exc}") from exc
        else:
            for n, line in enumerate(raw.splitlines(), 1):
                if line.strip():
                    try:
                        records.append((f"{path}:{n}", json.loads(line)))
                    except json.JSONDecodeError as exc:
                        raise GoldError(f"{path}:{n}: bad JSON: {exc}") from exc
        for where, d in records:
            if isinstance(d, Mapping) and "text" not in d:
                aid = str(d.get("id"))
                found = texts.get(aid)
                if found is None:
                    raise GoldError(f"{where}: id not in the corpus", article=aid)
                text = found
                sha1 = hashlib.sha1(text.encode("utf-8")).hexdigest()
                if d.get("sha1") is not None and d["sha1"] != sha1:
                    raise GoldError(f"{where}: sha1 {d['sha1']} != corpus text sha1 {sha1}", article=aid)
                art = gold_from_dict(d, text=text, source=where)
            else:
                art = gold_from_dict(d, source=where)
            if art.id in seen:
                raise GoldError(f"{where}: duplicate id (also in {seen[art.id]})", article=art.id)
            seen[art.id] = where
            articles.append(art)
    log.info("loaded %d gold articles", len(articles))
    return articles


# --------------------------------------------------------------------------- predictions


def _result_from_dict(d: Mapping[str, Any]) -> Result:
    data = dict(d)
    data["entities"] = [{"text": "", **e} for e in data.get("entities") or []]
    data["dates"] = [
        {"text": "", "value": None, "grain": "relative-unresolvable", **x} for x in data.get("dates") or []
    ]
    for key in ("quantities", "blocks", "sentences"):
        data.pop(key, None)  # not scored; tolerate any shape
    data["facts"] = list(data.get("facts") or [])
    data["warnings"] = [str(w) for w in data.get("warnings") or []]
    return msgspec.convert(data, Result, strict=False)


def read_predictions(path: str | Path) -> dict[str, Result | None]:
    """Predictions of a JSONL file of Result JSON (``newsextract extract`` output) by id.

    An error line (``{"id", "error": {...}}``) maps its id to None.  Gold JSONL files
    are read as predictions too (their entities become the predicted entities).
    """
    p = Path(path)
    out: dict[str, Result | None] = {}
    with p.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                if not isinstance(d, dict):
                    raise PredictionError(f"{p}:{n}: a prediction must be a JSON object")
                pid = str(d.get("id") if d.get("id") is not None else f"{p.name}:{n}")
                if "error" in d and "entities" not in d:
                    log.warning("%s:%d: extraction of %s failed: %s", p, n, pid, d["error"])
                    out[pid] = None
                    continue
                if "text" in d:  # a gold line: DATE values become DateSpans
                    res = gold_as_result(gold_from_dict(d, source=f"{p}:{n}"))
                else:
                    res = _result_from_dict(d)
            except (json.JSONDecodeError, msgspec.ValidationError, GoldError) as exc:
                raise PredictionError(f"{p}:{n}: {exc}") from exc
            out[pid] = res
    return out


def gold_as_result(article: GoldArticle) -> Result:
    """The gold annotation of ``article`` as a prediction (scores 1.0 against itself).

    >>> d = {"id": "x", "text": "năm 2023", "entities": [{"start": 0, "end": 8, "label": "DATE"}]}
    >>> g = gold_from_dict(d)
    >>> [d.text for d in gold_as_result(g).dates]
    ['năm 2023']
    """
    ents = [
        Entity(start=e.start, end=e.end, text=e.text, label=e.label)  # type: ignore[arg-type]
        for e in article.entities or ()
        if e.label != "DATE"
    ]
    dates = [
        DateSpan(
            start=e.start,
            end=e.end,
            text=e.text,
            value=e.value,
            grain=cast(Any, e.grain or "relative-unresolvable"),
        )
        for e in article.entities or ()
        if e.label == "DATE"
    ]
    facts: list[Any] = [_fact_to_dict(f) for f in article.facts or ()]
    return Result(
        id=article.id,
        title=article.title,
        published=article.published,
        entities=ents,
        dates=dates,
        facts=facts,
    )


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    label: str


def _pred_spans(res: Result) -> list[_Span]:
    spans = [_Span(e.start, e.end, str(e.label)) for e in res.entities]
    have = {(s.start, s.end) for s in spans if s.label == "DATE"}
    for d in res.dates:
        if (d.start, d.end) not in have:
            spans.append(_Span(d.start, d.end, "DATE"))
            have.add((d.start, d.end))
    return spans


def _fact_dict(f: Any) -> dict[str, Any]:
    if isinstance(f, Mapping):
        return dict(f)
    d = msgspec.to_builtins(f)
    if not isinstance(d, dict):
        raise PredictionError(f"a fact must be an object, not {type(f).__name__}")
    return d


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True, slots=True)
class Score:
    """Counts of one label/type: ``tp`` matched pairs, of which ``overlap`` are partial.

    >>> s = Score(gold=4, pred=2, tp=2, overlap=1)
    >>> s.precision, s.recall, round(s.f1, 3), s.half_credit()[0]
    (1.0, 0.5, 0.667, 0.75)
    """

    gold: int = 0
    pred: int = 0
    tp: int = 0
    overlap: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def half_credit(self) -> tuple[float, float, float]:
        """nervaluate's "partial" precision, recall, F1: an overlap counts 0.5."""
        credit = self.tp - 0.5 * self.overlap
        p = credit / self.pred if self.pred else 0.0
        r = credit / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def __add__(self, other: Score) -> Score:
        return Score(
            self.gold + other.gold, self.pred + other.pred, self.tp + other.tp, self.overlap + other.overlap
        )

    def to_dict(self, *, partial: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "precision": round(self.precision, 6),
            "recall": round(self.recall, 6),
            "f1": round(self.f1, 6),
            "gold": self.gold,
            "pred": self.pred,
            "tp": self.tp,
            "fp": self.pred - self.tp,
            "fn": self.gold - self.tp,
        }
        if partial:
            d["exact"] = self.tp - self.overlap
            d["overlap"] = self.overlap
        return d


def _micro(scores: Mapping[str, Score], keys: Iterable[str] | None = None) -> Score:
    total = Score()
    for k in keys if keys is not None else scores:
        if k != "micro":
            total = total + scores.get(k, Score())
    return total


@dataclass(frozen=True, slots=True)
class EntityScores:
    """Strict and partial scores: ``{"micro": Score, "PER": Score, ...}`` each."""

    strict: dict[str, Score]
    partial: dict[str, Score]

    def to_dict(self) -> dict[str, Any]:
        return {
            "strict": {k: v.to_dict() for k, v in self.strict.items()},
            "partial": {k: v.to_dict(partial=True) for k, v in self.partial.items()},
        }


@dataclass(frozen=True, slots=True)
class DateScore:
    """Date value/grain accuracy over gold ``DATE`` entities found with the same span."""

    gold: int = 0
    found: int = 0
    gold_with_value: int = 0
    value_total: int = 0
    value_correct: int = 0
    grain_total: int = 0
    grain_correct: int = 0

    @property
    def value_accuracy(self) -> float | None:
        return self.value_correct / self.value_total if self.value_total else None

    @property
    def grain_accuracy(self) -> float | None:
        return self.grain_correct / self.grain_total if self.grain_total else None

    def to_dict(self) -> dict[str, Any]:
        va, ga = self.value_accuracy, self.grain_accuracy
        return {
            "gold": self.gold,
            "found": self.found,
            "gold_with_value": self.gold_with_value,
            "value_total": self.value_total,
            "value_correct": self.value_correct,
            "value_accuracy": None if va is None else round(va, 6),
            "grain_total": self.grain_total,
            "grain_correct": self.grain_correct,
            "grain_accuracy": None if ga is None else round(ga, 6),
        }


ErrorKind = Literal["miss", "false_alarm", "wrong_value", "wrong_grain"]


@dataclass(frozen=True, slots=True)
class ErrorItem:
    """A miss, false alarm or wrong date value, with ~40 characters of context either side."""

    article: str
    kind: ErrorKind
    category: Literal["entity", "fact", "date"]
    label: str
    start: int
    end: int
    text: str
    left: str
    right: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "kind": self.kind,
            "category": self.category,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "left": self.left,
            "right": self.right,
            "detail": self.detail,
        }

    def render(self) -> str:
        def flat(s: str) -> str:
            return " ".join(s.split(" ")).replace("\n", "⏎")

        return (
            f"{self.article}\t{self.kind:<11} {self.category:<6} {self.label:<11} {self.start}-{self.end}\t"
            f"…{flat(self.left)}[{flat(self.text)}]{flat(self.right)}…"
            + (f"\t{self.detail}" if self.detail else "")
        )


def _error(
    text: str, aid: str, kind: ErrorKind, category: Literal["entity", "fact", "date"], label: str,
    start: int, end: int, detail: str = "", shown: str | None = None,
) -> ErrorItem:  # fmt: skip
    s, e = max(0, min(start, len(text))), max(0, min(end, len(text)))
    return ErrorItem(
        aid, kind, category, label, start, end,
        shown if shown is not None else text[s:e],
        text[max(0, s - CONTEXT_CHARS) : s], text[e : e + CONTEXT_CHARS], detail,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """Scores of one system on a gold set; :meth:`to_dict` is the ``--json`` report."""

    entities: EntityScores
    dates: DateScore
    facts: dict[str, Score]
    errors: tuple[ErrorItem, ...] = ()
    articles: int = 0
    name: str = "newsextract"
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """``{"entities": {"strict": {...}, "partial": {...}}, "dates": {...}, "facts": {...}}``."""
        return {
            "entities": self.entities.to_dict(),
            "dates": self.dates.to_dict(),
            "facts": {k: v.to_dict() for k, v in self.facts.items()},
        }

    def render(self, *, errors: bool = False) -> str:
        """Aligned text tables of the report (and the error listing when ``errors``)."""
        lines = [f"{self.name}: {self.articles} gold articles", "", "Entities"]
        header = f"{'label':<8}{'gold':>6}{'pred':>6}" + "".join(
            f"{h:>7}" for h in ("tp", "P", "R", "F1", "tp~", "P~", "R~", "F1~")
        )
        lines.append(f"{'':<20}{'strict':>28}{'partial (~)':>28}")
        lines.append(header)
        for k in self.entities.strict:
            s, p = self.entities.strict[k], self.entities.partial[k]
            lines.append(
                f"{k:<8}{s.gold:>6}{s.pred:>6}{s.tp:>7}{_pct(s.precision)}{_pct(s.recall)}{_pct(s.f1)}"
                f"{p.tp:>7}{_pct(p.precision)}{_pct(p.recall)}{_pct(p.f1)}"
            )
        if self.facts:
            d = self.dates
            lines += ["", "Dates"]
            lines.append(f"  gold DATE entities {d.gold:>5}   found (same span) {d.found:>5}")
            lines.append(
                f"  value accuracy  {_acc(d.value_correct, d.value_total)}  (found gold DATEs with a value)"
            )
            lines.append(
                f"  grain accuracy  {_acc(d.grain_correct, d.grain_total)}  (found gold DATEs with a grain)"
            )
            lines += ["", "Facts (key fields)"]
            lines.append(f"{'type':<13}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>7}{'R':>7}{'F1':>7}")
            for k, s in self.facts.items():
                if k == "micro" or s.gold or s.pred:
                    lines.append(
                        f"{k:<13}{s.gold:>6}{s.pred:>6}{s.tp:>6}{_pct(s.precision)}{_pct(s.recall)}{_pct(s.f1)}"
                    )
        if self.warnings:
            lines += ["", f"Warnings ({len(self.warnings)})"] + [f"  {w}" for w in self.warnings]
        if errors:
            lines += ["", f"Errors ({len(self.errors)})"] + [e.render() for e in self.errors]
        return "\n".join(lines)


def _pct(x: float) -> str:
    return f"{100 * x:>7.1f}"


def _acc(correct: int, total: int) -> str:
    return f"{correct}/{total} = {100 * correct / total:.1f}%" if total else f"n/a ({correct}/{total})"


# --------------------------------------------------------------------------- matching


def _overlaps(a: _Span | GoldEntity, b: _Span | GoldEntity) -> bool:
    return a.start < b.end and b.start < a.end


def _match_entities(
    gold: Sequence[GoldEntity], pred: Sequence[_Span], *, partial: bool
) -> dict[int, tuple[int, bool]]:
    """``{gold index: (pred index, exact)}``: exact pairs first, then overlaps left to right."""
    pairs: dict[int, tuple[int, bool]] = {}
    used: set[int] = set()
    by_key: dict[tuple[int, int, str], list[int]] = {}
    for gi in sorted(range(len(gold)), key=lambda i: (gold[i].start, gold[i].end)):
        g = gold[gi]
        by_key.setdefault((g.start, g.end, g.label), []).append(gi)
    order = sorted(range(len(pred)), key=lambda i: (pred[i].start, pred[i].end))
    for pi in order:
        p = pred[pi]
        cands = by_key.get((p.start, p.end, p.label))
        if cands:
            pairs[cands.pop(0)] = (pi, True)
            used.add(pi)
    if partial:
        gorder = sorted(range(len(gold)), key=lambda i: (gold[i].start, gold[i].end))
        for pi in order:
            if pi in used:
                continue
            p = pred[pi]
            for gi in gorder:
                if gi not in pairs and gold[gi].label == p.label and _overlaps(gold[gi], p):
                    pairs[gi] = (pi, False)
                    used.add(pi)
                    break
    return pairs


def _norm_str(s: str) -> str:
    t = normalize(unicodedata.normalize("NFC", s)).text
    return unicodedata.normalize("NFC", " ".join(t.split()).casefold())


def _as_number(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v.strip())
        except ValueError:
            return None
    return None


def _field_equal(ftype: str, name: str, gold: Any, pred: Any) -> bool:
    if name == "date" and isinstance(gold, str) and (m := _MONTH_DAY_RE.match(gold.strip())):
        if pred is None:
            return True
        pm = _DATE_RE.match(str(pred).strip())
        return pm is not None and pm.groups() == m.groups()
    if gold is None or pred is None:
        return gold is None and pred is None
    if isinstance(gold, int | float) and not isinstance(gold, bool):
        pn = _as_number(pred)
        return pn is not None and math.isclose(float(gold), pn, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(gold, str):
        if not isinstance(pred, str):
            gn = _as_number(gold)
            pn = _as_number(pred)
            return gn is not None and pn is not None and math.isclose(gn, pn, rel_tol=1e-9)
        g, p = _norm_str(gold), _norm_str(pred)
        if ftype == "count" and name == "noun":
            gw, pw = g.split(), p.split()
            n = min(len(gw), len(pw))
            return n > 0 and gw[:n] == pw[:n]
        return g == p
    return bool(gold == pred)


def fact_matches(
    ftype: str,
    gold: Mapping[str, Any],
    pred: Mapping[str, Any],
    key_fields: Mapping[str, Sequence[str]] | None = None,
) -> bool:
    """Whether a predicted fact matches a gold one on the key fields of ``ftype``.

    >>> fact_matches("count", {"value": 10, "noun": "chương trình"},
    ...              {"value": 10.0, "noun": "Chương trình công tác"})
    True
    >>> fact_matches("meeting", {"kind": "hội nghị", "ordinal": 18, "date": "--01-04"},
    ...              {"kind": "Hội nghị", "ordinal": 18, "date": "2023-01-04"})
    True
    """
    keys = (key_fields or FACT_KEY_FIELDS).get(ftype, ())
    return all(_field_equal(ftype, k, gold.get(k), pred.get(k)) for k in keys)


def _max_matching(n_gold: int, n_pred: int, ok: Callable[[int, int], bool]) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn): ``{gold index: pred index}``."""
    adj = [[j for j in range(n_pred) if ok(i, j)] for i in range(n_gold)]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(n_gold):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def _fact_summary(ftype: str, f: Mapping[str, Any]) -> str:
    return " ".join(f"{k}={f.get(k)!r}" for k in FACT_KEY_FIELDS.get(ftype, ()))


# --------------------------------------------------------------------------- scoring


def score_articles(
    gold: Sequence[GoldArticle],
    predictions: Sequence[Result | None],
    *,
    labels: Sequence[str] = LABELS,
    name: str = "newsextract",
    warnings: Sequence[str] = (),
    facts_and_dates: bool = True,
    fact_types: Sequence[type[Fact]] = (),
) -> EvaluationReport:
    """Score ``predictions`` (aligned with ``gold``; None = nothing predicted) against ``gold``.

    ``fact_types`` adds user-registered fact record classes (scored by their ``key_fields``).

    >>> g = gold_from_dict({"id": "a", "text": "Hà Nội", "entities": [], "facts": []})
    >>> score_articles([g], [None]).to_dict()["entities"]["strict"]["micro"]["f1"]
    0.0
    """
    if len(gold) != len(predictions):
        raise ValueError(f"{len(gold)} gold articles but {len(predictions)} predictions")
    strict = {k: Score() for k in labels}
    part = {k: Score() for k in labels}
    key_fields: dict[str, tuple[str, ...]] = dict(FACT_KEY_FIELDS)
    for ft in fact_types:
        key_fields[str(ft.__struct_config__.tag)] = tuple(ft.key_fields)
    scored_types = list(key_fields) if facts_and_dates else []
    facts = {k: Score() for k in scored_types}
    dates = DateScore()
    errors: list[ErrorItem] = []
    warns = list(warnings)
    label_set = set(labels)
    for art, res in zip(gold, predictions, strict=True):
        res = res if res is not None else Result(id=art.id)
        text = art.text
        if art.entities is not None:
            g_ents = [e for e in art.entities if e.label in label_set]
            p_ents = [s for s in _pred_spans(res) if s.label in label_set]
            bad = [s for s in p_ents if not 0 <= s.start < s.end <= len(text)]
            if bad:
                warns.append(f"{art.id}: {len(bad)} predicted spans out of range (dropped)")
                p_ents = [s for s in p_ents if s not in bad]
            texts = [e.text for e in res.entities if e.text] + [d.text for d in res.dates if d.text]
            spans = [(e.start, e.end) for e in res.entities if e.text] + [
                (d.start, d.end) for d in res.dates if d.text
            ]
            if any(text[s:e] != t for (s, e), t in zip(spans, texts, strict=True)):
                warns.append(
                    f"{art.id}: predicted span texts differ from the gold text (another text version?)"
                )
            sm = _match_entities(g_ents, p_ents, partial=False)
            pm = _match_entities(g_ents, p_ents, partial=True)
            for lab in labels:
                ng = sum(1 for e in g_ents if e.label == lab)
                npred = sum(1 for s in p_ents if s.label == lab)
                stp = sum(1 for gi in sm if g_ents[gi].label == lab)
                ptp = sum(1 for gi in pm if g_ents[gi].label == lab)
                pov = sum(1 for gi, (_, ex) in pm.items() if g_ents[gi].label == lab and not ex)
                strict[lab] = strict[lab] + Score(ng, npred, stp)
                part[lab] = part[lab] + Score(ng, npred, ptp, pov)
            matched_pred = {pi for pi, _ in sm.values()}
            for gi, g in enumerate(g_ents):
                if gi not in sm:
                    near = [f"{s.label} {text[s.start : s.end]!r}" for s in p_ents if _overlaps(s, g)]
                    errors.append(
                        _error(text, art.id, "miss", "entity", g.label, g.start, g.end,
                               "pred " + "; ".join(near) if near else "")
                    )  # fmt: skip
            for pi, p in enumerate(p_ents):
                if pi not in matched_pred:
                    near = [f"{g.label} {g.text!r}" for g in g_ents if _overlaps(g, p)]
                    errors.append(
                        _error(text, art.id, "false_alarm", "entity", p.label, p.start, p.end,
                               "gold " + "; ".join(near) if near else "")
                    )  # fmt: skip
            if facts_and_dates and "DATE" in label_set:
                dates = _score_dates(art, res, dates, errors)
        if art.facts is not None and scored_types:
            g_by: dict[str, list[GoldFact]] = {}
            for gf in art.facts:
                if gf.type in key_fields:
                    g_by.setdefault(gf.type, []).append(gf)
                elif gf.type != "quote":
                    warns.append(f"{art.id}: gold fact type {gf.type!r} has no key fields (not scored)")
            p_by: dict[str, list[dict[str, Any]]] = {}
            for pf in res.facts:
                d = _fact_dict(pf)
                if d.get("type") in key_fields:
                    p_by.setdefault(str(d["type"]), []).append(d)
            for ftype in sorted(set(g_by) | set(p_by)):
                gl, pl = g_by.get(ftype, []), p_by.get(ftype, [])
                match = _max_matching(
                    len(gl),
                    len(pl),
                    lambda i, j, t=ftype, a=gl, b=pl: fact_matches(t, a[i].fields, b[j], key_fields),  # type: ignore[misc]
                )
                facts[ftype] = facts[ftype] + Score(len(gl), len(pl), len(match))
                for i, gf in enumerate(gl):
                    if i not in match:
                        s, e = gf.start or 0, gf.end or 0
                        errors.append(
                            _error(text, art.id, "miss", "fact", ftype, s, e,
                                   _fact_summary(ftype, gf.fields), _clip(text[s:e]))
                        )  # fmt: skip
                taken = set(match.values())
                for j, pd in enumerate(pl):
                    if j not in taken:
                        s, e = int(pd.get("start") or 0), int(pd.get("end") or 0)
                        errors.append(
                            _error(text, art.id, "false_alarm", "fact", ftype, s, e,
                                   _fact_summary(ftype, pd), _clip(text[max(0, s) : max(0, e)]))
                        )  # fmt: skip
    strict_out = {"micro": _micro(strict), **strict}
    part_out = {"micro": _micro(part), **part}
    facts_out = {"micro": _micro(facts), **facts} if facts_and_dates else {}
    for w in warns:
        log.warning("%s", w)
    return EvaluationReport(
        EntityScores(strict_out, part_out), dates, facts_out, tuple(errors), len(gold), name, tuple(warns)
    )


def _clip(s: str, n: int = 80) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _score_dates(art: GoldArticle, res: Result, acc: DateScore, errors: list[ErrorItem]) -> DateScore:
    by_span = {(d.start, d.end): d for d in res.dates}
    gold = found = with_value = vt = vc = gt = gc = 0
    for g in art.entities or ():
        if g.label != "DATE":
            continue
        gold += 1
        with_value += g.value is not None
        d = by_span.get((g.start, g.end))
        if d is None:
            continue
        found += 1
        if g.value is not None:
            vt += 1
            if d.value == g.value:
                vc += 1
            else:
                errors.append(
                    _error(art.text, art.id, "wrong_value", "date", "DATE", g.start, g.end,
                           f"gold {g.value!r} pred {d.value!r}")
                )  # fmt: skip
        if g.grain is not None:
            gt += 1
            if d.grain == g.grain:
                gc += 1
            else:
                errors.append(
                    _error(art.text, art.id, "wrong_grain", "date", "DATE", g.start, g.end,
                           f"gold {g.grain!r} pred {d.grain!r}")
                )  # fmt: skip
    return DateScore(
        acc.gold + gold,
        acc.found + found,
        acc.gold_with_value + with_value,
        acc.value_total + vt,
        acc.value_correct + vc,
        acc.grain_total + gt,
        acc.grain_correct + gc,
    )


Predictor = Callable[..., Result]


def _default_extract() -> Predictor:
    try:
        from newsextract import extract
    except ImportError:
        try:
            from newsextract.pipeline import extract
        except ImportError as exc:  # the pipeline is not there yet
            raise RuntimeError("newsextract.extract is not available; pass --pred PRED.jsonl") from exc
    fn: Predictor = extract
    return fn


def evaluate_articles(
    gold: Sequence[GoldArticle],
    predict: Predictor | str | Path | Mapping[str, Result | None] | None = None,
    *,
    labels: Sequence[str] = LABELS,
    name: str = "newsextract",
    facts_and_dates: bool = True,
    fact_types: Sequence[type[Fact]] = (),
) -> EvaluationReport:
    """Score a system on ``gold``: ``predict`` is a callable like :func:`newsextract.extract`
    (the default), a prediction JSONL path, or predictions by article id.  ``fact_types``
    adds user-registered fact record classes to the scored types.

    >>> d = {"id": "a", "text": "Bà Lê Thị B nói.", "entities": [{"start": 3, "end": 11, "label": "PER"}]}
    >>> g = gold_from_dict(d)
    >>> evaluate_articles([g], {"a": gold_as_result(g)}).entities.strict["PER"].f1
    1.0
    """
    warns: list[str] = []
    preds: list[Result | None] = []
    if predict is None or callable(predict):
        fn = _default_extract() if predict is None else predict
        for art in gold:
            try:
                preds.append(fn(art.text, published=art.published, title=art.title, id=art.id))
            except Exception as exc:  # one failing article must not stop the evaluation
                log.exception("extraction of %s failed", art.id)
                warns.append(f"{art.id}: extraction failed: {type(exc).__name__}: {exc}")
                preds.append(None)
    else:
        by_id = read_predictions(predict) if isinstance(predict, str | Path) else predict
        for art in gold:
            if art.id not in by_id:
                warns.append(f"{art.id}: no prediction (scored as empty)")
            preds.append(by_id.get(art.id))
        extra = set(by_id) - {a.id for a in gold}
        if extra:
            warns.append(f"{len(extra)} predictions without gold ignored, e.g. {sorted(extra)[0]!r}")
    return score_articles(
        gold,
        preds,
        labels=labels,
        name=name,
        warnings=warns,
        facts_and_dates=facts_and_dates,
        fact_types=fact_types,
    )


# --------------------------------------------------------------------------- underthesea baseline


def _align_words(text: str, start: int, end: int, words: Sequence[str]) -> list[tuple[int, int]]:
    """Character offsets of ``words`` in ``text[start:end]``, counting non-space characters."""
    spans: list[tuple[int, int]] = []
    pos = start
    for w in words:
        need = sum(1 for c in w if not c.isspace())
        while pos < end and text[pos].isspace():
            pos += 1
        s = pos
        while pos < end and need > 0:
            if not text[pos].isspace():
                need -= 1
            pos += 1
        if need > 0:  # ran out of text: the rest cannot be placed
            break
        spans.append((s, pos))
    return spans


def bio_to_spans(tags: Sequence[str], offsets: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Spans ``(start, end, label)`` of BIO word tags (an I- after O or another label starts a span).

    >>> bio_to_spans(["B-PER", "I-PER", "O", "I-LOC"], [(0, 3), (4, 7), (8, 9), (10, 12)])
    [(0, 7, 'PER'), (10, 12, 'LOC')]
    """
    out: list[tuple[int, int, str]] = []
    cur: list[Any] | None = None
    for tag, (s, e) in zip(tags, offsets, strict=False):
        prefix, _, lab = tag.partition("-")
        if prefix == "I" and cur is not None and cur[2] == lab:
            cur[1] = e
            continue
        if cur is not None:
            out.append((cur[0], cur[1], cur[2]))
            cur = None
        if prefix in ("B", "I") and lab:
            cur = [s, e, lab]
    if cur is not None:
        out.append((cur[0], cur[1], cur[2]))
    return out


def underthesea_baseline(
    text: str, *, published: str | None = None, title: str | None = None, id: str | None = None
) -> Result:
    """underthesea's CRF ``ner()`` per sentence as a :class:`Result` (PER/ORG/LOC only).

    Runs on the normalised text, aligns words by non-space characters and maps the
    spans back to ``text`` offsets.
    """
    from underthesea import ner  # imported lazily: it loads a model

    from newsextract.segment import split_blocks, split_sentences

    norm = normalize(text)
    nt = norm.text
    ents: list[Entity] = []
    for s, e in split_sentences(nt, split_blocks(nt)):
        if not nt[s:e].strip():
            continue
        try:
            rows = ner(nt[s:e])
        except Exception:  # a sentence the tagger cannot handle is skipped
            log.warning("underthesea ner failed on %r", nt[s : s + 40], exc_info=True)
            continue
        words = [str(r[0]) for r in rows]
        tags = [str(r[-1]) for r in rows]
        offsets = _align_words(nt, s, e, words)
        for a, b, lab in bio_to_spans(tags[: len(offsets)], offsets):
            if lab in BASELINE_LABELS:
                os_, oe = norm.span_to_original(a, b)
                ents.append(Entity(start=os_, end=oe, text=text[os_:oe], label=lab))  # type: ignore[arg-type]
    return Result(id=id, title=title, published=published, entities=ents)


def render_comparison(reports: Sequence[EvaluationReport], labels: Sequence[str] = BASELINE_LABELS) -> str:
    """Entity scores of several systems side by side over ``labels`` (micro over them too)."""
    head = f"{'label':<8}{'gold':>6}" + "".join(f"  {r.name[:25]:>27}{'':>14}" for r in reports)
    sub = f"{'':<14}" + "".join(f"  {'P':>7}{'R':>7}{'F1':>7}{'pF1':>7}{'pred':>6}" for _ in reports)
    lines = [f"Entities side by side (strict P/R/F1, partial F1) over {'/'.join(labels)}", head, sub]
    for k in [*labels, "micro"]:
        first = reports[0].entities.strict
        g = _micro(first, labels).gold if k == "micro" else first.get(k, Score()).gold
        row = f"{k:<8}{g:>6}"
        for r in reports:
            s = _micro(r.entities.strict, labels) if k == "micro" else r.entities.strict.get(k, Score())
            p = _micro(r.entities.partial, labels) if k == "micro" else r.entities.partial.get(k, Score())
            row += f"  {_pct(s.precision)}{_pct(s.recall)}{_pct(s.f1)}{_pct(p.f1)}{s.pred:>6}"
        lines.append(row)
    return "\n".join(lines)


# --------------------------------------------------------------------------- CLI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``newsextract evaluate``."""
    parser.add_argument(
        "gold", nargs="+", metavar="GOLD", help="gold JSONL files, offset-only .json files or dirs"
    )
    parser.add_argument("--pred", metavar="PRED.jsonl", help="read predictions instead of running extraction")
    parser.add_argument(
        "--corpus",
        metavar="PATH",
        action="append",
        help="corpus JSONL (.gz read as gzip) for offset-only annotations; repeatable "
        "(default ../shared/corpus/dev.jsonl then bulk.jsonl.gz)",
    )
    parser.add_argument("--json", metavar="PATH", help="write the report as JSON")
    parser.add_argument("--errors", action="store_true", help="list each miss and false alarm with context")
    parser.add_argument("--baseline", choices=["underthesea"], help="also score a baseline, side by side")
    parser.add_argument("--min-f1", type=float, metavar="F", help="exit 1 when strict micro entity F1 < F")
    parser.add_argument("--min-fact-f1", type=float, metavar="F", help="exit 1 when micro fact F1 < F")


def run(args: argparse.Namespace) -> int:
    """Run ``newsextract evaluate``: 0 ok, 1 a score below a floor, 2 bad input."""
    try:
        gold = load_gold(args.gold, corpus=args.corpus)
        if not gold:
            log.warning("no gold articles in %s", " ".join(map(str, args.gold)))
        report = evaluate_articles(gold, args.pred if args.pred else None)
        baseline = None
        if args.baseline == "underthesea":
            baseline = evaluate_articles(
                gold, underthesea_baseline, labels=BASELINE_LABELS, name="underthesea", facts_and_dates=False
            )
    except (GoldError, PredictionError, FileNotFoundError, RuntimeError) as exc:
        print(f"newsextract evaluate: {exc}", file=sys.stderr)
        return 2
    print(report.render(errors=bool(args.errors)))
    if baseline is not None:
        print()
        print(render_comparison([report, baseline]))
        if args.errors:
            print()
            print(f"Errors of {baseline.name} ({len(baseline.errors)})")
            print("\n".join(e.render() for e in baseline.errors))
    if args.json:
        data = report.to_dict()
        if baseline is not None:
            data["baselines"] = {baseline.name: {"entities": baseline.entities.to_dict()}}
        if args.errors:
            data["errors"] = [e.to_dict() for e in report.errors]
        try:
            Path(args.json).write_text(
                json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        except OSError as exc:
            print(f"newsextract evaluate: cannot write {args.json}: {exc}", file=sys.stderr)
            return 2
    rc = 0
    f1 = report.entities.strict["micro"].f1
    if args.min_f1 is not None and f1 < args.min_f1:
        print(f"strict micro entity F1 {f1:.4f} < --min-f1 {args.min_f1}", file=sys.stderr)
        rc = 1
    ff1 = report.facts["micro"].f1
    if args.min_fact_f1 is not None and ff1 < args.min_fact_f1:
        print(f"micro fact F1 {ff1:.4f} < --min-fact-f1 {args.min_fact_f1}", file=sys.stderr)
        rc = 1
    return rc

"""One article's extraction as a self-contained HTML page (``newsextract show``).

The text is marked up by walking character offsets into the caller's text: entities
become ``<mark class="ent PER" data-label="PER">``, dates and quantities
``<span class="dq" title="…">`` underlines (normalised value on hover), and each fact's
evidence a ``<span class="ev" id="ev-N">`` that row ``N`` of the fact table links to.
Spans that cross are split at the boundaries so the markup always nests.  Everything
is inline (CSS included): no script, no external URL.

>>> from newsextract.records import Entity, Result
>>> html = render(Result(entities=[Entity(start=0, end=6, text="Hà Nội", label="LOC")]), "Hà Nội mưa to.")
>>> '<mark class="ent LOC" data-label="LOC" title="LOC: Hà Nội">Hà Nội' in html
True
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from .io import HTML_SUFFIXES, JSONL_SUFFIXES, Article, InputError, iter_articles, read_text_file
from .records import DateSpan, Quantity, Result

if TYPE_CHECKING:
    from .pipeline import Pipeline

__all__ = ["render", "render_file"]

log = logging.getLogger(__name__)

# Nesting order for spans with the same extent: evidence outside, entities, then underlines.
_RANK_EVIDENCE, _RANK_ENTITY, _RANK_DQ = 0, 1, 2
_LABELS = ("PER", "ORG", "LOC", "DATE")
_FACT_OMIT = frozenset({"type", "start", "end", "evidence"})
_CLIP = 110


def _esc(s: object) -> str:
    return html.escape(str(s), quote=True)


@dataclass(frozen=True, slots=True)
class _Mark:
    """One span to mark up: ``open_first``/``open_rest`` open its first/later fragments;
    ``close_last`` (default ``close``) closes the fragment that ends the span."""

    start: int
    end: int
    rank: int
    order: int
    open_first: str
    open_rest: str
    close: str
    close_last: str = ""

    @property
    def key(self) -> tuple[int, int, int, int]:
        return (self.start, -self.end, self.rank, self.order)


def _num(v: float | int) -> str:
    """``1250000000000`` → ``1,250,000,000,000``; ``2022`` and ``8.1`` unchanged."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        v = int(v)
    if isinstance(v, int):
        return f"{v:,}" if abs(v) >= 100_000 else str(v)
    return f"{v:g}"


def _date_title(d: DateSpan) -> str:
    return f"date {d.value if d.value is not None else '?'} ({d.grain})"


def _quantity_title(q: Quantity) -> str:
    """A quantity's normalised value as a short line, e.g. ``money 14,860,000,000,000 VND``."""
    v = q.value
    if q.kind == "ratio":
        body = f"{q.numerator}/{q.denominator}" + (f" {q.noun}" if q.noun else "")
    elif q.kind == "term":
        body = f"{q.first_year}–{q.last_year}"
    elif q.kind == "percent":
        body = f"{_num(v)}%" if v is not None else "?"
    elif q.kind == "money":
        body = f"{_num(v) if v is not None else '?'} {q.currency or ''}".strip()
    elif q.kind == "quantity":
        body = f"{_num(v) if v is not None else '?'} {q.unit or ''}".strip()
    elif q.kind == "count":
        body = f"{_num(v) if v is not None else '?'}" + (f" {q.noun}" if q.noun else "")
    else:
        body = _num(v) if v is not None else "?"
    return f"{q.kind} {body}" + (f" ({q.modifier})" if q.modifier else "")


def _dq_value(d: DateSpan | Quantity) -> str:
    if isinstance(d, DateSpan):
        return d.value or ""
    if d.kind == "ratio":
        return f"{d.numerator}/{d.denominator}"
    if d.kind == "term":
        return f"{d.first_year}/{d.last_year}"
    return "" if d.value is None else str(d.value)


def _fact_fields(f: Any) -> tuple[str, dict[str, Any], int, int]:
    """``(type, shown fields, start, end)`` of a fact record or a decoded fact mapping."""
    d: Any = f if isinstance(f, Mapping) else msgspec.to_builtins(f)
    if not isinstance(d, Mapping):
        raise TypeError(f"a fact must be a record or a mapping, not {type(f).__name__}")
    ftype = str(d.get("type") or type(f).__name__)
    shown = {k: v for k, v in d.items() if k not in _FACT_OMIT and v is not None and v != ""}
    return ftype, shown, int(d.get("start", 0)), int(d.get("end", 0))


def _in_range(start: int, end: int, n: int, what: str) -> bool:
    if 0 <= start <= end <= n:
        return True
    log.warning("show: %s span %d-%d is outside the text (length %d); not marked", what, start, end, n)
    return False


def _marks(result: Result, n: int) -> tuple[list[_Mark], dict[int, list[str]]]:
    """The spans to mark up, and zero-width anchors (empty evidence) by position."""
    marks: list[_Mark] = []
    anchors: dict[int, list[str]] = {}
    for i, f in enumerate(result.facts):
        ftype, _, s, e = _fact_fields(f)
        if not _in_range(s, e, n, f"fact {i}"):
            continue
        if s == e:
            anchors.setdefault(s, []).append(f'<a class="ev-anchor" id="ev-{i}"></a>')
            continue
        attrs = f'class="ev ev-{i}" data-fact="{i}" title="fact {i}: {_esc(ftype)}"'
        marks.append(
            _Mark(s, e, _RANK_EVIDENCE, i, f'<span id="ev-{i}" {attrs}>', f"<span {attrs}>", "</span>")
        )
    for i, ent in enumerate(result.entities):
        if ent.start == ent.end or not _in_range(ent.start, ent.end, n, f"entity {ent.label}"):
            continue
        lab = _esc(ent.label)
        tag = f'<mark class="ent {lab}" data-label="{lab}" title="{lab}: {_esc(ent.text)}">'
        badge = f'<span class="lab" data-label="{lab}"></span></mark>'
        marks.append(_Mark(ent.start, ent.end, _RANK_ENTITY, i, tag, tag, "</mark>", badge))
    groups: dict[tuple[int, int], list[DateSpan | Quantity]] = {}
    dqs: list[DateSpan | Quantity] = [*result.dates, *result.quantities]
    for dq in dqs:
        if dq.start < dq.end and _in_range(dq.start, dq.end, n, "date/quantity"):
            groups.setdefault((dq.start, dq.end), []).append(dq)
    for i, ((s, e), items) in enumerate(sorted(groups.items())):
        kinds = sorted({"date" if isinstance(x, DateSpan) else "qty" for x in items})
        title = " | ".join(_date_title(x) if isinstance(x, DateSpan) else _quantity_title(x) for x in items)
        value = " | ".join(_dq_value(x) for x in items)
        tag = f'<span class="dq {" ".join(kinds)}" title="{_esc(title)}" data-value="{_esc(value)}">'
        marks.append(_Mark(s, e, _RANK_DQ, i, tag, tag, "</span>"))
    return marks, anchors


def _markup(text: str, marks: list[_Mark], anchors: Mapping[int, list[str]]) -> str:
    """``text`` escaped with ``marks`` as properly nested elements (crossing spans split)."""
    starts: dict[int, list[_Mark]] = {}
    ends: dict[int, list[_Mark]] = {}
    for m in marks:
        starts.setdefault(m.start, []).append(m)
        ends.setdefault(m.end, []).append(m)
    bounds = sorted({0, len(text), *starts, *ends, *anchors})
    out: list[str] = []
    stack: list[_Mark] = []
    active: set[_Mark] = set()
    opened: set[_Mark] = set()
    for k, a in enumerate(bounds):
        active.difference_update(ends.get(a, ()))
        active.update(starts.get(a, ()))
        want = sorted(active, key=lambda m: m.key)
        keep = 0
        while keep < len(stack) and keep < len(want) and stack[keep] is want[keep]:
            keep += 1
        for m in reversed(stack[keep:]):
            out.append((m.close_last or m.close) if m.end == a else m.close)
        del stack[keep:]
        out.extend(anchors.get(a, ()))
        if k + 1 == len(bounds):
            break
        for m in want[keep:]:
            out.append(m.open_rest if m in opened else m.open_first)
            opened.add(m)
            stack.append(m)
        out.append(_esc(text[a : bounds[k + 1]]))
    return "".join(out)


_CSS = """
:root{--per:#ffd6e7;--org:#d6e4ff;--loc:#d9f7be;--date:#fff1b8;--ink:#1f1f1f;--muted:#6b6b6b}
*{box-sizing:border-box}
body{margin:0;font:16px/1.65 system-ui,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:var(--ink);background:#fafafa}
header{padding:16px 28px;background:#fff;border-bottom:1px solid #e5e5e5}
h1{font-size:1.35rem;margin:0 0 4px}
h2{font-size:1.1rem;margin:0 0 10px}
.meta{color:var(--muted);margin:0 0 8px;font-size:.9rem}
.legend{display:flex;flex-wrap:wrap;gap:8px;list-style:none;margin:0;padding:0;font-size:.85rem}
.legend li{padding:1px 8px;border-radius:4px;background:#f0f0f0}
main{display:grid;grid-template-columns:minmax(0,1fr);gap:20px;padding:20px 28px}
@media (min-width:1100px){main{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}
 #facts{position:sticky;top:0;max-height:100vh;overflow:auto}}
section{background:#fff;border:1px solid #e5e5e5;border-radius:8px;padding:16px 20px}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
mark.ent{border-radius:3px;padding:0 1px;color:inherit}
.PER{background:var(--per)}.ORG{background:var(--org)}.LOC{background:var(--loc)}.DATE{background:var(--date)}
.lab::after{content:attr(data-label);font-size:.6rem;font-weight:700;letter-spacing:.03em;vertical-align:super;
 margin-left:2px;color:#555}
.dq{text-decoration-line:underline;text-decoration-thickness:2px;text-underline-offset:3px;cursor:help}
.dq.date{text-decoration-color:#d48806}
.dq.qty{text-decoration-color:#08979c;text-decoration-style:dashed}
.dq.date.qty{text-decoration-color:#531dab;text-decoration-style:solid}
.ev{scroll-margin-top:40vh}
.ev:target,.ev-anchor:target{outline:2px solid #fa8c16;outline-offset:1px}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{text-align:left;vertical-align:top;padding:5px 6px;border-bottom:1px solid #eee}
th{position:sticky;top:0;background:#fff}
td.type{white-space:nowrap;font-weight:600}
td.evidence{width:38%;font-size:.84rem}
dl{margin:0;display:grid;grid-template-columns:max-content 1fr;column-gap:8px}
dt{color:var(--muted)}dd{margin:0}
tr.fact:hover{background:#fffbe6}
a{color:#0958d9}
.warnings{color:#ad4e00;font-size:.9rem}
"""


def _fact_rows(result: Result) -> list[str]:
    rows = []
    for i, f in enumerate(result.facts):
        ftype, shown, s, e = _fact_fields(f)
        fields = "".join(
            f"<dt>{_esc(k)}</dt><dd>{_esc(_num(v) if isinstance(v, int | float) and not isinstance(v, bool) else v)}</dd>"
            for k, v in shown.items()
        )
        ev = f.get("evidence", "") if isinstance(f, Mapping) else getattr(f, "evidence", "")
        ev = " ".join(str(ev).split())
        ev = ev if len(ev) <= _CLIP else ev[: _CLIP - 1] + "…"
        rows.append(
            f'<tr class="fact" id="fact-{i}" data-type="{_esc(ftype)}"><td>{i}</td>'
            f'<td class="type">{_esc(ftype)}</td><td><dl>{fields}</dl></td>'
            f'<td class="evidence"><a class="ev-link" href="#ev-{i}" title="chars {s}-{e}">{_esc(ev) or "(empty)"}</a></td></tr>'
        )
    return rows


def _counts(labels: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for lab in labels:
        out[lab] = out.get(lab, 0) + 1
    return out


def render(result: Result, text: str) -> str:
    """A self-contained HTML page showing ``result`` on ``text`` (offsets into ``text``).

    >>> from newsextract.records import DateSpan, Result
    >>> page = render(Result(dates=[DateSpan(start=5, end=9, text="4/1", value="--01-04", grain="day")]),
    ...               "Ngày 4/1 <họp>")
    >>> 'title="date --01-04 (day)"' in page and "&lt;họp&gt;" in page
    True
    """
    marks, anchors = _marks(result, len(text))
    body = _markup(text, marks, anchors)
    heading = result.title or result.id or "newsextract"
    counts = _counts(e.label for e in result.entities)
    legend = "".join(
        f'<li class="{lab}">{lab} {counts.get(lab, 0)}</li>'
        for lab in (*_LABELS, *sorted(set(counts) - set(_LABELS)))
    )
    legend += (
        f'<li><span class="dq date">dates</span> {len(result.dates)}</li>'
        f'<li><span class="dq qty">quantities</span> {len(result.quantities)}</li>'
        f"<li>facts {len(result.facts)}</li>"
    )
    meta = " · ".join(
        x
        for x in (
            f"id {result.id}" if result.id else "",
            f"published {result.published}" if result.published else "",
        )
        if x
    )
    # Highlight every fragment of the evidence whose anchor is the URL target.
    target_css = "".join(
        f"body:has(#ev-{i}:target) .ev-{i}{{background:#ffe7ba}}" for i in range(len(result.facts))
    )
    rows = _fact_rows(result)
    facts_html = (
        '<table class="facts"><thead><tr><th>#</th><th>type</th><th>fields</th><th>evidence</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        if rows
        else "<p>No facts.</p>"
    )
    warnings = (
        '<ul class="warnings">' + "".join(f"<li>{_esc(w)}</li>" for w in result.warnings) + "</ul>"
        if result.warnings
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(heading)} · newsextract</title><style>{_CSS}{target_css}</style></head>\n<body>"
        f"<header><h1>{_esc(heading)}</h1>"
        + (f'<p class="meta">{_esc(meta)}</p>' if meta else "")
        + f'<ul class="legend">{legend}</ul></header>\n<main>'
        f'<section><h2>Text</h2><div class="text" id="text">{body}</div>{warnings}</section>\n'
        f'<section id="facts"><h2>Facts ({len(rows)})</h2>{facts_html}</section>'
        "</main></body></html>\n"
    )


def _pick(path: Path, article_id: str | None) -> Article:
    if not path.exists():
        raise FileNotFoundError(f"no such file: {path}")
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a directory; give one file")
    name = path.name.lower()
    if not name.endswith((*JSONL_SUFFIXES, *HTML_SUFFIXES)):
        art = read_text_file(path)
        return art if article_id is None else msgspec.structs.replace(art, id=article_id)
    for item in iter_articles(path):
        if article_id is not None and item.id != article_id:
            continue
        if isinstance(item, InputError):
            raise ValueError(f"{path}: cannot read article {item.id}: {item}")
        return item
    raise LookupError(f"{path}: no article" + (f" with id {article_id!r}" if article_id is not None else ""))


def render_file(path: str | Path, article_id: str | None = None, *, pipeline: Pipeline | None = None) -> str:
    """Extract one article of ``path`` with the default pipeline and :func:`render` it.

    ``path`` is a ``.txt`` file, a ``.jsonl``/``.gold.jsonl`` file (the first article,
    or the one with id ``article_id``) or an ``.html`` page.  Raises
    :class:`FileNotFoundError`, :class:`LookupError` (no such id), :class:`ValueError`
    (unreadable record) or :class:`~newsextract.pipeline.StageError`.

    >>> render_file("samples/articles_a.gold.jsonl", article_id="s01")  # doctest: +SKIP
    '<!DOCTYPE html>…Huyện ủy Kiến Xương…'
    """
    from .pipeline import default_pipeline

    article = _pick(Path(path), article_id)
    result = (pipeline or default_pipeline()).extract_article(article)
    log.info(
        "show %s: %d entities, %d dates, %d quantities, %d facts",
        article.id,
        len(result.entities),
        len(result.dates),
        len(result.quantities),
        len(result.facts),
    )
    return render(result, article.text)

r"""Facts: typed records built from the Doc's sentences, entities, dates and quantities.

Each fact type is a record class (``newsextract.records``) plus an extractor, a callable
that reads a :class:`FactContext` and yields records.  A :class:`FactRegistry` holds them;
users add their own types without editing the package::

    from newsextract.facts import FactContext, FactRegistry
    from newsextract.records import Fact

    class Award(Fact, frozen=True, kw_only=True, tag="award"):
        key_fields = ("name",)
        name: str = ""

    def find_awards(ctx: FactContext):
        for m in regex.finditer(r"Huân chương(?: [\p{Lu}\p{Ll}]+){1,5}", ctx.text, timeout=1.0):
            yield Award(start=m.start(), end=m.end(), evidence=m.group(), name=m.group())

    pipeline = Pipeline(facts=FactRegistry.default().with_type(Award, find_awards))

The built-in extractors read the layers: meeting dates come from the date layer, organisers
and person names from the entity layer, counts/money/percent from the quantity layer
("Ngày 4/1/2023, … hội nghị lần thứ 18" → Meeting(kind="hội nghị", ordinal=18,
date="2023-01-04")).

Entry points in the group ``newsextract_facts`` (``name = "module:register"``, where
``register(registry) -> registry``) are added by :meth:`FactRegistry.default`.

>>> [f.type_name for f in FactRegistry.default().types][:3]
['indicator', 'slogan', 'campaign']
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import regex

from .entities import _is_foreign, _overlap_test, _trie_body
from .pipeline import KEY_DATES, KEY_ENTITIES, KEY_PUBLISHED, KEY_QUANTITIES, KEY_WARNINGS
from .records import (
    Anniversary,
    Campaign,
    Count,
    DateSpan,
    Entity,
    Fact,
    Indicator,
    LegalRef,
    Meeting,
    Money,
    Percent,
    PersonRole,
    Quantity,
    Quote,
    Slogan,
)
from .segment import KEY_SENTENCES, doc_text

__all__ = ["FactContext", "FactRegistry", "FactType", "extract_facts"]

log = logging.getLogger(__name__)
TIMEOUT = 2.0

Extractor = Callable[["FactContext"], Iterable[Fact]]
_S = TypeVar("_S", Entity, DateSpan, Quantity)


@dataclass(frozen=True, slots=True)
class FactContext:
    """What an extractor reads: the normalised text and every earlier layer (normalised offsets)."""

    text: str
    sentences: tuple[tuple[int, int], ...]
    blocks: tuple[tuple[int, int, str], ...]
    entities: tuple[Entity, ...]
    dates: tuple[DateSpan, ...]
    quantities: tuple[Quantity, ...]
    published: dt.date | None = None
    doc: Any = None
    # Start offsets for bisection (filled in __post_init__): lookups stay logarithmic on long texts.
    _sentence_starts: list[int] = field(init=False, repr=False, compare=False, default_factory=list)
    _block_starts: list[int] = field(init=False, repr=False, compare=False, default_factory=list)
    _item_starts: dict[int, list[int]] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._sentence_starts.extend(s for s, _ in self.sentences)
        self._block_starts.extend(s for s, _, _ in self.blocks)
        for items in (self.entities, self.dates, self.quantities):
            starts = [x.start for x in items]
            if all(a <= b for a, b in itertools.pairwise(starts)):
                self._item_starts[id(items)] = starts

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """The sentence containing ``pos`` (or the whole text)."""
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        if i >= 0 and self.sentences[i][0] <= pos < self.sentences[i][1]:
            return self.sentences[i]
        return 0, len(self.text)

    def block_kind(self, pos: int) -> str:
        """The kind of block containing ``pos``."""
        i = bisect.bisect_right(self._block_starts, pos) - 1
        if i >= 0 and self.blocks[i][0] <= pos < self.blocks[i][1]:
            return self.blocks[i][2]
        return "paragraph"

    def _starts_of(self, items: Sequence[_S]) -> list[int] | None:
        """Sorted start offsets of ``items`` when it is this context's entities, dates or quantities."""
        if items is self.entities or items is self.dates or items is self.quantities:
            return self._item_starts.get(id(items))
        return None

    def within(self, items: Sequence[_S], start: int, end: int) -> list[_S]:
        """The items of ``items`` lying inside ``[start, end)``."""
        starts = self._starts_of(items)
        if starts is None:
            return [x for x in items if start <= x.start and x.end <= end]
        out = []
        for i in range(bisect.bisect_left(starts, start), len(items)):
            x = items[i]
            if x.start >= end:
                break
            if x.end <= end:
                out.append(x)
        return out

    def before(self, items: Sequence[_S], pos: int) -> Iterator[_S]:
        """The items of ``items`` (entities, dates or quantities) starting before ``pos``, nearest first."""
        starts = self._starts_of(items)
        if starts is None:
            yield from reversed([x for x in items if x.start < pos])
            return
        for i in range(bisect.bisect_left(starts, pos) - 1, -1, -1):
            yield items[i]


@dataclass(frozen=True, slots=True)
class FactType:
    """A fact record class and the extractor that produces it."""

    record: type[Fact]
    extractor: Extractor

    @property
    def type_name(self) -> str:
        return str(self.record.__struct_config__.tag)


@dataclass(frozen=True, slots=True)
class FactRegistry:
    """The fact types a pipeline extracts (immutable: ``with_type`` returns a new registry)."""

    types: tuple[FactType, ...] = field(default_factory=tuple)

    @classmethod
    def builtin(cls) -> FactRegistry:
        """The built-in fact types of the guideline, plus ``quote``."""
        return cls(
            tuple(
                FactType(rec, fn)
                for rec, fn in (
                    (Indicator, find_indicators),
                    (Slogan, find_slogans),
                    (Campaign, find_campaigns),
                    (Meeting, find_meetings),
                    (PersonRole, find_person_roles),
                    (Count, find_counts),
                    (Money, find_money),
                    (Percent, find_percents),
                    (LegalRef, find_legal_refs),
                    (Anniversary, find_anniversaries),
                    (Quote, find_quotes),
                )
            )
        )

    @classmethod
    def default(cls) -> FactRegistry:
        """Built-in types plus those registered through ``newsextract_facts`` entry points."""
        reg = cls.builtin()
        from importlib.metadata import entry_points

        for ep in entry_points(group="newsextract_facts"):
            try:
                reg = ep.load()(reg)
            except Exception as exc:  # a broken plugin must not break extraction
                log.warning("fact plugin %s failed to load: %s", ep.name, exc)
        return reg

    def with_type(self, record: type[Fact], extractor: Extractor) -> FactRegistry:
        """A registry with ``record``/``extractor`` added (replacing a type of the same name)."""
        name = str(record.__struct_config__.tag)
        kept = tuple(t for t in self.types if t.type_name != name)
        return FactRegistry((*kept, FactType(record, extractor)))

    def records(self) -> tuple[type[Fact], ...]:
        """The record classes, for decoding results (``result_from_json(fact_types=...)``)."""
        return tuple(t.record for t in self.types)

    def run(self, ctx: FactContext) -> list[Fact]:
        """All facts of all types, sorted by position; a failing extractor is logged and skipped."""
        out: list[Fact] = []
        for t in self.types:
            try:
                out.extend(t.extractor(ctx))
            except Exception as exc:
                log.warning("fact extractor %s failed: %s", t.type_name, exc)
                if ctx.doc is not None:
                    ctx.doc.user_data.setdefault(KEY_WARNINGS, []).append(
                        f"facts.{t.type_name}: {type(exc).__name__}: {exc}"
                    )
        return sorted(out, key=lambda f: (f.start, f.end))


# --------------------------------------------------------------------------- helpers


def _finditer(pattern: regex.Pattern[str], text: str, pos: int = 0, endpos: int | None = None) -> list[Any]:
    try:
        end = len(text) if endpos is None else endpos
        # A guard against runaway matching, not a limit on long texts: 2 s per 100,000 characters.
        return list(pattern.finditer(text, pos, end, timeout=TIMEOUT * max(1.0, (end - pos) / 100_000)))
    except TimeoutError:
        log.warning("fact pattern timed out")
        return []


# Patterns the extractors used to pass to ``regex.match``/``regex.search`` as strings.
_YEAR_HEAD_RE = regex.compile(r"^\d{4}")
_RESULT_BEFORE_RE = regex.compile(r"(?:đạt|hoàn thành|vượt)[^,;.]{0,40}$", regex.IGNORECASE)
_CUE_YEAR_RE = regex.compile(r"năm (\d{4})")
_ISO_DAY_RE = regex.compile(r"^(?:\d{4}|-)-\d\d-\d\d$")
_ISO_MONTH_RE = regex.compile(r"^\d{4}-\d\d$")
_LINK_BREAK_RE = regex.compile(r"[.;:!?()\"\n]")
_SPACE_LOWER_RE = regex.compile(r" \p{Ll}")
_SEP_END_RE = regex.compile(r"(?:,|-|–)\s*$")
_NEXT_ROLE_SEP = regex.compile(r"[,;&\n]| [-–]|[-–] | kiêm | và ")
_SENTENCE_BREAK_RE = regex.compile(r"[.!?:\"](?:\s|$)")
_NEXT_LOWER_WORD_RE = regex.compile(r"[ ]([\p{Ll}\p{M}]+)")
_WORD_ONE_RE = regex.compile(
    r"(?i)(?:(?:trên|hơn|gần|khoảng|chừng|tới|đến) )?một(?![\p{L}\p{M}])"
    r"(?! (?:triệu|nghìn|ngàn|tỷ|tỉ|trăm|chục|vạn)(?![\p{L}\p{M}]))"
)
_FOUR_DIGITS_RE = regex.compile(r"\d{4}(?!\d)")
_LETTERS_RE = regex.compile(r"[\p{L}\p{M}]*")
_ISSUER_LINK_RE = regex.compile(r"^(?:[^,;.]|\.(?=\d)){0,20}?(?:của|do)\s")
_CONGRESS_ISSUER_RE = regex.compile(r"(?:của )?(Đại hội[^,;.()]*|Hội nghị[^,;.()]*)")


def _skip_space(text: str, pos: int) -> int:
    """The first position at or after ``pos`` that is not whitespace (as ``str.lstrip`` sees it)."""
    n = len(text)
    while pos < n and text[pos].isspace():
        pos += 1
    return pos


def _words(s: str) -> frozenset[str]:
    """A word list written "a|b|c"."""
    return frozenset(s.split("|"))


def _key(s: str) -> str:
    return " ".join(s.casefold().split())


def _evidence_order(ctx: FactContext, start: int) -> tuple[int, int]:
    """Body paragraphs first, then headline/subheading/caption/related (the 'first full statement')."""
    kind = ctx.block_kind(start)
    return (0 if kind == "paragraph" else 1, start)


def _dedupe(ctx: FactContext, facts: Iterable[Fact], key: Callable[[Fact], Any]) -> list[Fact]:
    best: dict[Any, Fact] = {}
    for f in facts:
        k = key(f)
        if k not in best or _evidence_order(ctx, f.start) < _evidence_order(ctx, best[k].start):
            best[k] = f
    return list(best.values())


def _year_before(ctx: FactContext, pos: int) -> int | None:
    """The year of the nearest year/day date before ``pos`` (the period a statement speaks of)."""
    for d in ctx.before(ctx.dates, pos):
        if d.value and _YEAR_HEAD_RE.match(d.value) and d.grain in ("year", "day", "month", "quarter"):
            return int(d.value[:4])
        if d.value is None and ctx.published and d.text.casefold() in ("năm qua", "năm ngoái", "năm trước"):
            return ctx.published.year - 1
    return None


def _clause(ctx: FactContext, start: int, end: int) -> tuple[int, int]:
    """The clause around ``[start, end)``: within its sentence, between ';' separators."""
    s, e = ctx.sentence_of(start)
    left = ctx.text.rfind(";", s, start)
    right = ctx.text.find(";", end, e)
    cs = left + 1 if left >= 0 else s
    ce = right if right >= 0 else e
    while cs < ce and ctx.text[cs].isspace():
        cs += 1
    return cs, max(ce, end)


def _mk(cls: type[Fact], ctx: FactContext, s: int, e: int, **fields: Any) -> Any:
    return cls(start=s, end=e, evidence=ctx.text[s:e], **fields)


# --------------------------------------------------------------------------- indicator

_MET_OR_EXCEEDED = regex.compile(
    r"(?:đạt và vượt|hoàn thành và (?:hoàn thành )?vượt|đạt,? vượt|hoàn thành,? vượt|đạt và hoàn thành vượt)",
    regex.IGNORECASE,
)
_EXCEEDED = regex.compile(r"\bvượt\b", regex.IGNORECASE)
_MET = regex.compile(r"\b(?:đạt|hoàn thành)\b", regex.IGNORECASE)
_NOT_MET = regex.compile(r"\b(?:không đạt|chưa đạt|không hoàn thành|chưa hoàn thành)\b", regex.IGNORECASE)
_PLAN = regex.compile(r"\b(?:phấn đấu|đề ra|đặt ra|xác định|mục tiêu|sẽ)\b", regex.IGNORECASE)
_TARGET_NOUNS = ("chỉ tiêu", "tiêu chí", "nhiệm vụ", "mục tiêu")


def _outcome(clause: str) -> str:
    if _NOT_MET.search(clause):
        return "not_met"
    if _MET_OR_EXCEEDED.search(clause):
        return "met_or_exceeded"
    if _EXCEEDED.search(clause):
        return "exceeded"
    if _MET.search(clause):
        return "met"
    return "unknown"


_SCOPE_RE = regex.compile(
    r"^(?:cụ thể )?(?:về |của |thuộc |trong )?(?P<scope>[^;:.()]{3,120}?)(?=[;.:(]| đều| đạt| hoàn thành| vượt|$)"
)


def _scope(text: str, pos: int, end: int) -> str | None:
    m = _SCOPE_RE.match(text[pos:end].lstrip())
    if not m:
        return None
    scope = m.group("scope").strip(" ,")
    return scope or None


def find_indicators(ctx: FactContext) -> Iterator[Fact]:
    """ "31/31 chỉ tiêu … đều đạt và vượt kế hoạch" → Indicator(achieved=31, total=31)."""
    found: list[Fact] = []
    for q in ctx.quantities:
        noun = (q.noun or "").casefold()
        if not noun:
            continue
        i = ctx.text[q.start : q.end].casefold().find(noun)
        i = i + q.start if i >= 0 else -1
        # the text, not only the layer's noun: "19/19 tiêu chí" may come with noun "tiêu"
        if not ctx.text[i if i >= 0 else q.end : q.end + 12].casefold().startswith(_TARGET_NOUNS):
            continue
        cs, ce = _clause(ctx, q.start, q.end)
        clause = ctx.text[cs:ce]
        before = ctx.text[cs : q.start]
        if q.kind == "ratio" and q.numerator is not None and q.denominator:
            outcome = _outcome(clause)
            if _PLAN.search(before) and outcome == "unknown":
                continue
            found.append(
                _mk(
                    Indicator, ctx, cs, ce,
                    achieved=q.numerator, total=q.denominator, outcome=outcome,
                    scope=_scope(ctx.text, q.end, ce), year=_year_before(ctx, q.start),
                )
            )  # fmt: skip
        elif q.kind == "count" and isinstance(q.value, int):
            # "hoàn thành (và hoàn thành vượt) (kế hoạch) 12 chỉ tiêu": a result, not a plan.
            if not _RESULT_BEFORE_RE.search(before):
                continue
            if _PLAN.search(before):
                continue
            found.append(
                _mk(
                    Indicator, ctx, cs, ce,
                    achieved=q.value, total=None, outcome=_outcome(before),
                    scope=_scope(ctx.text, q.end, ce), year=_year_before(ctx, q.start),
                )
            )  # fmt: skip
    yield from _dedupe(ctx, found, lambda f: (f.achieved, f.total))  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- slogan, campaign

_QUOTE_RE = regex.compile(r'"(?P<q>[^"\n]{3,300})"')
_SLOGAN_CUE = regex.compile(
    r"(?P<kind>chủ đề|khẩu hiệu|phương châm|thông điệp|nguyên tắc)(?P<gap>[^\"\n]{0,60})$", regex.IGNORECASE
)
_THEME_OF_YEAR_RE = regex.compile(r"(?i)chủ đề(?: công tác)? năm(?![\p{L}\p{M}])")
_SLOGAN_KIND = {"chủ đề": "chủ đề năm", "thông điệp": "khẩu hiệu", "nguyên tắc": "phương châm"}
# Not a slogan: the topic of an event or a lesson ("tọa đàm với chủ đề …"), a theme song ("ca khúc chủ đề").
_TOPIC_OF_RE = regex.compile(
    r"(?<![\p{L}\p{M}])(?:tọa đàm|hội thảo|hội nghị|diễn đàn|cuộc thi|bài học|bài giảng|tiết học|triển lãm|"
    r"buổi|ca khúc|bài hát|nhạc phim|phim|sách|luận văn|đề tài|đoạn văn|văn bản)(?:[^\p{L}\p{M}]++[\p{L}\p{M}]++){0,6}"
    r"[^\p{L}\p{M}]++$",
    regex.IGNORECASE,
)
# "chủ đề "Tự nhận thức", "Quản lý cảm xúc" và …": a list of topics.
_QUOTE_LIST_AFTER = regex.compile(r'^\s*(?:,|và|hay|hoặc)\s*"')
# A sentence between the cue and the quote: the quote is not what the cue names.
_GAP_BREAK_RE = regex.compile(r"[.!?](?:\s|$)")
_CAMPAIGN_CUE = regex.compile(
    r"(?P<kind>cuộc vận động|phong trào|chương trình|chiến dịch)(?:[^\"\n,;.]{0,25})$", regex.IGNORECASE
)


def _foreign_title(name: str) -> bool:
    """A title in capitalised English words only ("Street Signs Asia")."""
    words = name.split()
    return name.isascii() and all(w[:1].isupper() or w[:1].isdigit() for w in words)


# A year that ends a programme's name ("Du lịch về cội nguồn năm 2006").
_NAME_YEAR_RE = regex.compile(r"\s(?:năm\s)?(?:19|20)\d\d$")


def find_slogans(ctx: FactContext) -> Iterator[Fact]:
    """chủ đề công tác năm 2023 "Kỷ cương, …" → Slogan(text="Kỷ cương, …", year=2023)."""
    found = []
    for m in _finditer(_QUOTE_RE, ctx.text):
        before = ctx.text[max(0, m.start() - 80) : m.start()]
        cue = _SLOGAN_CUE.search(before)
        if not cue or _GAP_BREAK_RE.search(cue.group("gap")) or ctx.text[m.start() - 1 : m.start()] == "(":
            continue
        kind = cue.group("kind").casefold()
        ym = _CUE_YEAR_RE.search(cue.group())
        if (
            kind in ("chủ đề", "nguyên tắc")
            and ym is None
            and (
                _TOPIC_OF_RE.search(before, max(0, cue.start() - 40), cue.start())
                or _QUOTE_LIST_AFTER.match(ctx.text, m.end(), m.end() + 8)
            )
        ):
            continue
        if kind == "nguyên tắc" and cue.group("gap").strip(" ,:") not in ("", "là", "đó là", "nữa, đó là"):
            continue  # "nguyên tắc" names a motto only when the quote follows it
        kind = _SLOGAN_KIND.get(kind, kind)
        year = int(ym.group(1)) if ym else None
        s = m.start() - (len(before) - cue.start())
        if year is None and kind == "chủ đề năm" and _THEME_OF_YEAR_RE.match(cue.group()):
            year = _year_before(ctx, s)  # "Năm 2024, Tỉnh ủy xác định chủ đề năm "…"": the year stated before
        found.append(_mk(Slogan, ctx, s, m.end(), text=m.group("q").strip(), year=year, kind=kind))
    yield from _dedupe(ctx, found, lambda f: _key(f.text))  # type: ignore[attr-defined]


def find_campaigns(ctx: FactContext) -> Iterator[Fact]:
    """cuộc vận động "Người Việt Nam ưu tiên dùng hàng Việt Nam" → Campaign(name=…)."""
    found = []
    for m in _finditer(_QUOTE_RE, ctx.text):
        before = ctx.text[max(0, m.start() - 50) : m.start()]
        cue = _CAMPAIGN_CUE.search(before)
        if not cue or ctx.text[m.start() - 1 : m.start()] == "(":
            continue  # "chương trình MBA ("PMBA")": an abbreviation
        if _foreign_title(m.group("q").strip()):
            continue  # "trong chương trình "Street Signs Asia"": a foreign show, not a campaign
        s = m.start() - (len(before) - cue.start())
        found.append(
            _mk(Campaign, ctx, s, m.end(), name=m.group("q").strip(), kind=cue.group("kind").casefold())
        )
    # "Du lịch về cội nguồn 2006" and, later, "… năm 2006": one programme
    yield from _dedupe(ctx, found, lambda f: _key(_NAME_YEAR_RE.sub("", f.name)))  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- meeting

# The Central Committee's plenums are numbered after it: "Hội nghị Trung ương 9 (khóa IX)",
# "hội nghị T.Ư 12", "Hội nghị lần thứ 4 Ban Chấp hành Trung ương" has its ordinal as usual.
_CENTRAL_ORDINAL_RE = regex.compile(
    r"[ ](?:Trung ương|trung ương|T\.Ư|TƯ|TW)(?:[ ]Đảng)?[ ](?P<n>\d{1,2})(?![\d/.,]\d|[\p{L}\p{M}])"
)

_MEETING_RE = regex.compile(
    r"(?<![\p{L}\p{M}])(?P<kind>hội nghị cấp cao|hội nghị thượng đỉnh|hội nghị|đại hội đồng cổ đông|"
    r"đại hội cổ đông|đại hội(?: đại biểu)?|kỳ họp|phiên họp|phiên thảo luận|hội thảo|tọa đàm|cuộc họp báo|"
    r"họp báo|buổi làm việc|cuộc làm việc|buổi tiếp xúc|buổi gặp mặt|cuộc gặp mặt|buổi họp báo|buổi họp|buổi công bố|"
    r"buổi giới thiệu|buổi ra mắt|buổi lễ|lễ kỷ niệm|lễ khai mạc|lễ bế mạc|lễ công bố|lễ ra mắt|"
    r"lễ phát động|lễ trao giải|lễ trao|lễ đón nhận|lễ khởi công|lễ khánh thành|lễ ký kết|lễ khai giảng|"
    r"lễ tốt nghiệp|lễ tuyên dương|lễ tôn vinh|lễ vinh danh|lễ bàn giao|lễ xuất quân|lễ động thổ|lễ thông xe|"
    r"lễ mít tinh|lễ tổng kết|lễ đón|hội đàm|diễn đàn|cuộc gặp gỡ|cuộc gặp|cuộc họp(?! mặt))(?![\p{L}\p{M}])",
    regex.IGNORECASE,
)


_MEETING_LINK = regex.compile(
    r"[\s,]*+(?:(?:\p{Lu}[\p{L}\p{M}.&-]*+|đại biểu|đồng cổ đông|thường niên|toàn quốc|quốc tế|thường kỳ|bất thường|"
    r"khu vực|thế giới|về|lần|tỉnh|thành phố|huyện|quận|thị xã|xã|phường)(?:[\s,]++|$))*+"
)
# A meeting word that names no one meeting: "các hội nghị", "phòng họp", "kỷ yếu hội nghị", "một hội nghị"
# (undated), "Quốc hội thảo luận".
_MEETING_GENERIC_BEFORE = regex.compile(
    r"(?<![\p{L}\p{M}])(?:các|những|nhiều|mọi|mỗi|từng|số|hai|ba|vài|phòng|trung tâm|hội trường|kỷ yếu|khu|nhà|"
    r"Quốc)\s+(?:(?:buổi|cuộc)\s+)?[\"“]?$"
    r"|(?<![\p{L}\p{M}])(?:các|những|nhiều)\s+(?:hội nghị|hội thảo|tọa đàm|cuộc họp)\s*,?\s*(?:(?:và|hay|hoặc)\s+)?$",
    regex.IGNORECASE,
)
# The ceremony that opens a meeting named right after it is that meeting: "lễ khai mạc Hội nghị …".
_MEETING_AFTER_CEREMONY = regex.compile(
    r"^\s+(?:hội nghị|đại hội|kỳ họp|hội thảo|diễn đàn|phiên họp)(?![\p{L}\p{M}])", regex.IGNORECASE
)
# "đại hội nhạc rock", "Đại hội Thể dục thể thao": a festival or games, not a meeting.
_MEETING_FESTIVAL_AFTER = regex.compile(
    r"^\s+(?:nhạc|âm nhạc|thể thao|thể dục|TDTT|liên hoan|Olympic)(?![\p{L}\p{M}])", regex.IGNORECASE
)
# Where a sentence turns to what was said: a date after this is the content's, not the meeting's.
_SPEECH_VERB_RE = regex.compile(
    r"(?<![\p{L}\p{M}])(?:cho biết|nói|khẳng định|nhấn mạnh|thông tin|báo cáo|cho rằng|chia sẻ|yêu cầu|đề nghị)"
    r"(?![\p{L}\p{M}])"
)
# Undated, also "một hội nghị", "hạn chế/tạm dừng/không … hội nghị", "dịp đại hội".
_MEETING_UNDATED_BEFORE = regex.compile(
    r"(?<![\p{L}\p{M}])(?:một|hạn chế|tạm dừng|dừng|hoãn|không|chưa|cấm|dịp|qua)\s+(?:(?:buổi|cuộc)\s+)?$",
    regex.IGNORECASE,
)
# "hội nghị, hội thảo", "hội nghị và tọa đàm": a class of events, not one.
_MEETING_LIST_AFTER = regex.compile(
    r"^\s*(?:,|và|hay|hoặc|/)\s*(?:các\s+)?(?:hội nghị|hội thảo|tọa đàm|họp|cuộc họp|sự kiện|lễ hội|hội chợ)"
    r"(?![\p{L}\p{M}])",
    regex.IGNORECASE,
)
# A future or unsure meeting the text does not date is not one (guideline: planned ones need a date).
_MEETING_PLANNED = regex.compile(
    r"(?<![\p{L}\p{M}])(?:sẽ|dự kiến|sắp|chuẩn bị|kế hoạch|nếu|đề xuất|đề nghị)(?![\p{L}\p{M}])",
    regex.IGNORECASE,
)
_MEETING_PLANNED_AFTER = regex.compile(
    r"(?<![\p{L}\p{M}])(?:sắp tới|sắp diễn ra|sẽ diễn ra|sẽ được tổ chức|dự kiến|bị hoãn|hoãn lại|bị hủy|tạm hoãn)"
    r"(?![\p{L}\p{M}])",
    regex.IGNORECASE,
)
# A meeting the text places before the article's day: "Trước đó, tại hội nghị …", "tuần qua".
_MEETING_PAST = regex.compile(
    r"(?<![\p{L}\p{M}])(?:trước đó|tuần qua|tuần trước|vừa qua|tháng trước|năm ngoái|năm trước|mới đây|gần đây|"
    r"hôm trước|cuối tuần|đầu tuần|mới diễn ra|lần trước|trước đây)(?![\p{L}\p{M}])",
    regex.IGNORECASE,
)
# A bare mention of the article's own meeting: "Phát biểu kết luận cuộc họp, …", "trong cuộc họp báo có …".
_MEETING_BARE_AFTER = regex.compile(r"^\s*(?:[,.;:!?]|$|(?:có|này|hôm|chiều|sáng|tối)(?![\p{L}\p{M}]))")


def _names_only(ctx: FactContext, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` (between a meeting word and its ordinal) only names the body."""
    rest = ctx.text[start:end]
    for x in ctx.within(ctx.entities, start, end):
        rest = rest.replace(x.text, " ")
    return _MEETING_LINK.fullmatch(rest, timeout=TIMEOUT) is not None


def _meeting_date(ctx: FactContext, s: int, e: int, after: int | None = None) -> str | None:
    """The day a sentence dates ("Chiều 13/7", "Từ ngày 20 đến 21/8" → its first day), else its month.

    With ``after`` (the end of the meeting word), not a date of what was said there: "Tại cuộc họp,
    Bộ trưởng cho biết, ngày 29/4/2021, hệ thống … ghi nhận …".
    """
    said = _SPEECH_VERB_RE.search(ctx.text, after, e, timeout=TIMEOUT) if after is not None else None
    if said is not None:
        e = said.start()
    month = None
    for d in ctx.within(ctx.dates, s, e):
        if not d.value:
            continue
        if d.grain in ("day", "datetime"):
            return d.value[:10]
        if d.grain == "range":
            first = d.value.split("/")[0]
            if _ISO_DAY_RE.match(first):
                return first
        if d.grain == "month" and month is None and _ISO_MONTH_RE.match(d.value):
            month = d.value
    return month


def _meeting_kind(m: Any) -> str:
    kind = _key(m.group("kind"))
    if kind == "đại hội đại biểu":
        return "đại hội"
    if kind in ("cuộc họp báo", "buổi họp báo"):
        return "họp báo"
    if kind == "buổi lễ":
        return "lễ"
    return kind


def _day_before(ctx: FactContext, pos: int) -> str | None:
    """The day of the nearest dated statement before ``pos`` in the body (the article's own event)."""
    for d in ctx.before(ctx.dates, pos):
        if d.value and d.grain in ("day", "datetime") and ctx.block_kind(d.start) == "paragraph":
            return d.value[:10]
    return None


def _not_an_event(ctx: FactContext, m: Any, s: int, kind: str) -> bool:
    """ "lễ khai mạc [Hội nghị …]", "đại hội nhạc rock": no meeting of its own."""
    text = ctx.text
    if kind in ("lễ khai mạc", "lễ bế mạc") and _MEETING_AFTER_CEREMONY.match(text[m.end() : m.end() + 20]):
        return True
    return kind == "đại hội" and _MEETING_FESTIVAL_AFTER.match(text[m.end() : m.end() + 20]) is not None


def _generic_meeting(ctx: FactContext, m: Any) -> bool:
    """ "các hội nghị", "phòng họp", "hội nghị, hội thảo": a class of meetings or a room, not one."""
    s, _ = ctx.sentence_of(m.start())
    if _MEETING_GENERIC_BEFORE.search(ctx.text, max(s, m.start() - 20), m.start(), timeout=TIMEOUT):
        return True
    return _MEETING_LIST_AFTER.match(ctx.text[m.end() : m.end() + 20]) is not None


def _same_meeting_kind(a: str, b: str) -> bool:
    """ "hội nghị" restates "hội nghị cấp cao", "đại hội" restates "đại hội đồng cổ đông"."""
    return a.startswith(b) or b.startswith(a)


def _specific_meeting(ctx: FactContext, m: Any) -> bool:
    """Whether an undated meeting word without an ordinal names one meeting that took place."""
    s, _ = ctx.sentence_of(m.start())
    text = ctx.text
    if _generic_meeting(ctx, m) or _MEETING_UNDATED_BEFORE.search(
        text, max(s, m.start() - 20), m.start(), timeout=TIMEOUT
    ):
        return False
    cs, ce = _clause(ctx, m.start(), m.end())
    return not (
        _MEETING_PLANNED.search(text, cs, m.start(), timeout=TIMEOUT)
        or _MEETING_PLANNED_AFTER.search(text, m.end(), ce, timeout=TIMEOUT)
    )


def _meeting_fact(
    ctx: FactContext, m: Any, s: int, e: int, kind: str, ordinal: int | None, day: str | None
) -> Fact:
    org_before = [x for x in ctx.within(ctx.entities, s, m.start()) if x.label == "ORG"]
    org_after = [
        x for x in ctx.within(ctx.entities, m.end(), e) if x.label == "ORG" and x.start - m.end() < 30
    ]
    organizer = org_after[0] if org_after and org_after[0].start - m.end() <= 2 else None
    organizer = organizer or (org_before[-1] if org_before else org_after[0] if org_after else None)
    term = None
    for q in ctx.within(ctx.quantities, s, e):
        if q.kind == "term" and q.first_year and q.last_year:
            term = f"{q.first_year}-{q.last_year}"
            break
    fact: Fact = _mk(Meeting, ctx, s, e, kind=kind, ordinal=ordinal, date=day,
                     organizer=organizer.text if organizer else None, term=term)  # fmt: skip
    return fact


def find_meetings(ctx: FactContext) -> Iterator[Fact]:
    """ "Ngày 4/1/2023, Ban Chấp hành … tổ chức hội nghị lần thứ 18" → Meeting(kind, ordinal, date).

    A meeting with an ordinal ("kỳ họp thứ 7") or a date in its sentence (planned ones too); else
    the first mention of one meeting that took place ("tại Hội nghị cấp cao ASEAN", "Họp báo công
    bố …"), not a class of them ("các hội nghị, hội thảo") nor an undated plan.  A bare mention of
    the article's own meeting ("Phát biểu kết luận cuộc họp, …") takes the lead's day.  A later bare
    mention ("Phát biểu bế mạc kỳ họp, …") restates the first and is not a new fact.
    """
    found: list[Fact] = []
    found_at: set[tuple[int | None, int]] = set()  # (ordinal, evidence start) of each found meeting
    found_kinds: set[str] = set()
    pending: list[tuple[Any, str]] = []
    seen_sentences: set[tuple[int, int, str]] = set()
    for m in _finditer(_MEETING_RE, ctx.text):
        s, e = ctx.sentence_of(m.start())
        kind = _meeting_kind(m)
        ordinal = None
        cc = _CENTRAL_ORDINAL_RE.match(ctx.text, m.end(), min(e, m.end() + 30))
        if cc:
            ordinal = int(cc.group("n"))  # "Hội nghị Trung ương 9", "hội nghị T.Ư 12"
        else:
            for q in ctx.within(ctx.quantities, m.start(), min(e, m.end() + 60)):
                if q.kind == "ordinal" and q.start - m.end() <= 45 and isinstance(q.value, int):
                    if _names_only(ctx, m.end(), q.start):
                        ordinal = q.value
                    break
        restated = (ordinal, s) in found_at
        if (s, e, kind) in seen_sentences and (ordinal is None or restated):
            continue  # "Đại hội … lần thứ XIII … Dự đại hội có …": one statement
        if _not_an_event(ctx, m, s, kind):
            continue
        day = _meeting_date(ctx, s, e, m.end())
        if ordinal is None and day is None:
            pending.append((m, kind))
            continue
        if day is None and ctx.block_kind(m.start()) != "paragraph":
            continue
        if ordinal is None and (
            _generic_meeting(ctx, m) or any(_same_meeting_kind(k, kind) for k in found_kinds)
        ):
            continue  # a bare later mention of a meeting already stated
        seen_sentences.add((s, e, kind))
        f = _meeting_fact(ctx, m, s, e, kind, ordinal, day)
        found.append(f)
        found_at.add((getattr(f, "ordinal", None), f.start))
        found_kinds.add(_key(f.kind))  # type: ignore[attr-defined]
    kinds = set(found_kinds)
    for m, kind in pending:
        if kind.casefold() == "diễn đàn":
            continue  # undated "diễn đàn" is as often a forum of opinion ("cướp diễn đàn") or a paper's name
        if any(_same_meeting_kind(k, kind) for k in kinds) or not _specific_meeting(ctx, m):
            continue  # "Tại hội nghị, …" after "Hội nghị cấp cao ASEAN": the same meeting
        kinds.add(kind)
        s, e = ctx.sentence_of(m.start())
        day = None
        if (
            ctx.block_kind(m.start()) == "paragraph"
            and _MEETING_BARE_AFTER.match(ctx.text[m.end() : m.end() + 8])
            and not _MEETING_PAST.search(ctx.text, s, e, timeout=TIMEOUT)
        ):
            day = _day_before(ctx, m.start())
        found.append(_meeting_fact(ctx, m, s, e, kind, None, day))
    kept = _dedupe(ctx, found, lambda f: (f.kind, f.ordinal, f.date))  # type: ignore[attr-defined]
    # "Đại hội … lần thứ X" dated once, named again later without its date: one meeting
    dated = {(_key(f.kind), f.ordinal) for f in kept if f.date is not None and f.ordinal is not None}  # type: ignore[attr-defined]
    yield from (f for f in kept if f.date is not None or (_key(f.kind), f.ordinal) not in dated)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- person_role

_ROLES = (
    # party, state, government
    "Tổng Bí thư", "Phó Bí thư Thường trực", "Phó Bí thư", "Bí thư",
    "Chủ tịch nước", "Phó Chủ tịch nước", "Phó Chủ tịch Thường trực", "Phó Chủ tịch", "Chủ tịch",
    "Phó Thủ tướng Thường trực", "Phó Thủ tướng", "Thủ tướng", "Thứ trưởng", "Bộ trưởng",
    "Tổng thống", "Phó Tổng thống", "Ngoại trưởng", "Đại sứ", "Tổng Lãnh sự", "Lãnh sự",
    "Nữ hoàng", "Quốc vương", "Thống đốc", "Phó Thống đốc", "Tổng tư lệnh",
    "Người phát ngôn", "Phát ngôn viên", "Cố vấn", "Trợ lý", "Thư ký", "Phó Tổng Thư ký", "Tổng Thư ký",
    "Ủy viên", "Đảng ủy viên", "Đại biểu", "Thành viên", "Chủ nhiệm", "Phó Chủ nhiệm",
    # heads of bodies
    "Phó Tổng Giám đốc", "Tổng Giám đốc", "Phó Giám đốc", "Giám đốc", "Quyền Giám đốc",
    "Phó Trưởng ban", "Trưởng ban", "Phó Ban", "Trưởng Ban", "Phó Trưởng phòng", "Trưởng phòng", "Phó phòng",
    "Phó Cục trưởng", "Cục trưởng", "Phó Chi cục trưởng", "Chi cục trưởng", "Phó Vụ trưởng", "Vụ trưởng",
    "Phó Viện trưởng", "Viện trưởng", "Viện phó", "Phó Hiệu trưởng", "Hiệu trưởng", "Hiệu phó", "Tổng Hiệu trưởng",
    "Phó Chánh án", "Chánh án", "Phó Chánh Văn phòng", "Chánh Văn phòng", "Chánh Thanh tra", "Phó Chánh Thanh tra",
    "Phó Trưởng Công an", "Trưởng Công an", "Trưởng đoàn", "Trưởng khoa", "Phó Trưởng khoa", "Trưởng thôn",
    "Trưởng ấp", "Trưởng bản", "Trưởng đại diện", "Trưởng nhóm", "Trưởng tiểu ban", "Chi hội trưởng",
    "Tổ trưởng", "Đội trưởng", "Phó Đội trưởng", "Chỉ huy trưởng", "Tham mưu trưởng", "Kế toán trưởng",
    "Chủ nhiệm", "Nhà sáng lập", "Đồng sáng lập", "Điều phối viên", "Chủ doanh nghiệp",
    # justice, police, army
    "Thẩm phán", "Kiểm sát viên", "Điều tra viên", "Luật sư", "Tư lệnh", "Phó Tư lệnh", "Chính ủy", "Phó Chính ủy",
    "Thống tướng", "Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng",
    "Đại tá", "Thượng tá", "Trung tá", "Thiếu tá", "Đại úy", "Thượng úy", "Trung úy", "Thiếu úy",
    "Đô đốc", "Phó Đô đốc", "Chuẩn Đô đốc", "Tiểu đội trưởng", "Trung đội trưởng", "Đại đội trưởng",
    "Tiểu đoàn trưởng", "Trung đoàn trưởng", "Lữ đoàn trưởng", "Sư đoàn trưởng",
    # staff, sport, school
    "HLV trưởng", "HLV", "Huấn luyện viên trưởng", "Huấn luyện viên", "Thủ quân", "Tiền vệ", "Tiền đạo",
    "Hậu vệ", "Thủ môn", "Cán bộ", "Nhân viên", "Chuyên viên", "Kế toán", "Tiếp viên", "Cộng tác viên",
    "Phóng viên", "Biên tập viên", "BTV", "Nhà báo", "Nhà nghiên cứu", "DJ", "Giáo viên", "Giảng viên", "Học sinh",
    "Trưởng trạm", "Phó Trưởng trạm",
    # offices and positions the training articles annotate ("Thượng nghị sĩ X", "ông X, CEO VPBank",
    # "trung vệ X"); occupations ("ca sĩ", "đạo diễn", "Giáo sư") are no office: the dev annotations
    # never take them (0/9 "đạo diễn", 0/8 "diễn viên", 1/5 "nhạc sĩ" per person), bulk ones mostly do
    "Nghị sĩ", "Thượng nghị sĩ", "Trung vệ", "Thủ thành", "Hậu vệ biên", "Bếp trưởng", "Giám định viên",
    "Cục phó", "CEO", "GĐ", "Phó GĐ", "Tổng GĐ", "Phó Tổng GĐ", "TGĐ", "Phó TGĐ",
    # heads named by their body ("Đồn trưởng Đồn Biên phòng X", "Thị trưởng Iran")
    "Phó Tổng cục trưởng", "Tổng cục trưởng", "Đồn trưởng", "Phó Đồn trưởng", "Thị trưởng", "Phó Thị trưởng",
    "Trạm trưởng", "Hạt trưởng", "Tổ phó", "Đội phó", "Thủ trưởng", "Phó Thủ trưởng", "Tổng Biên tập",
    "Phó Tổng Biên tập", "Chỉ huy phó",
)  # fmt: skip
# A minister named by portfolio: "Bộ trưởng Tài chính Anh Rishi Sunak", "Cố vấn An ninh Quốc gia Mỹ X".
_PORTFOLIOS = (
    "Quốc phòng", "Tài chính", "Ngoại giao", "Nội vụ", "Tư pháp", "Thương mại", "Kinh tế", "Y tế", "Giáo dục",
    "Công an", "An ninh Quốc gia", "An ninh Nội địa", "Năng lượng", "Lao động", "Môi trường", "Giao thông",
    "Nông nghiệp", "Công Thương", "Xây dựng", "Văn hóa", "Thông tin", "Kế hoạch và Đầu tư", "Giáo dục và Đào tạo",
    "Tài nguyên và Môi trường", "Khoa học và Công nghệ", "Thông tin và Truyền thông", "Giao thông vận tải",
)  # fmt: skip
_PORTFOLIO_HEADS = ("Bộ trưởng", "Thứ trưởng", "Phó Bộ trưởng", "Cố vấn")
_ROLES_ALL = _ROLES + tuple(f"{h} {p}" for h in _PORTFOLIO_HEADS for p in _PORTFOLIOS)
# Lowercase words that stay in the role as written ("Giám đốc điều hành", "HLV trưởng").
_ROLE_SPECS = (
    "điều hành", "kinh doanh", "dự án", "nghiên cứu", "kỹ thuật", "thường trực", "thường vụ", "HĐQT",
    "Hội đồng quản trị",
)  # fmt: skip
# Roles that are only roles before a name ("Chủ Nguyễn Văn A" is not one; "chủ của khu nghỉ mát" is).
_ROLE_ALT = _trie_body(r.lower() for r in _ROLES_ALL)  # matched case-insensitively, longest first
_SPEC_ALT = "|".join(_ROLE_SPECS)
# "quyền Giám đốc" (acting), not "chính quyền Tổng thống …", "dưới quyền tổng thống …".
_ACTING = r"(?<!(?i:chính|dưới|thẩm|có|nắm|trao|vượt|giành) )(?i:quyền) "
# "chủ" (owner) only as "X, chủ của Y" ("chủ động", "chủ yếu" are no roles).
_ROLE_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?:(?P<drop>(?i:nguyên|tân|cựu)) )?"
    rf"(?P<role>(?:{_ACTING})?(?:(?i:(?:{_ROLE_ALT}))|chủ(?= của ))"
    # a description glued to the next word in a table: "Phó Bí thư thường trựcĐảng ủy"
    rf"(?: (?:{_SPEC_ALT})(?=\p{{Lu}})|(?: (?:{_SPEC_ALT}))?(?![\p{{L}}\p{{M}}])))"
)
# "Phó"/"Trưởng" alone before a body: "ông X, Phó Hải quan Tân Sơn Nhất" (kept only when an ORG follows).
_BARE_HEAD_RE = regex.compile(r"(?<![\p{L}\p{M}])(?P<drop>(?!))?(?P<role>Phó|Trưởng)(?= \p{Lu})")
# A department named before its parent body is part of the title: "Phó Phòng Đào tạo Trường ĐH Kinh tế"
# → "Phó Phòng Đào tạo" of "Trường ĐH Kinh tế"; alone it is the body ("Trưởng phòng Tài chính - Kế toán").
_DEPT_ROLES = _words("trưởng phòng|phó phòng|phó trưởng phòng")
_PARENT_HEADS = (
    "Trường|Công ty|Tổng công ty|Tổng Công ty|Sở|Bộ|Bệnh viện|Viện|Học viện|Đại học|ĐH|UBND|Tập đoàn|"
    "Ngân hàng|Cục|Tổng cục|Công an|Báo|Đài|Ủy ban|Trung tâm|Ban"
)
_PARENT_HEADS_ANY = "|".join(
    alt for h in _PARENT_HEADS.split("|") for alt in ((h, h[0].lower() + h[1:]) if h[1:2].islower() else (h,))
)
# "trưởng phòng [Đào tạo] Trường …", also lowercase: "Trưởng phòng [đào tạo] trường CĐ …" (not a verb:
# "Trưởng phòng cho biết trường …")
_DEPT_RE = regex.compile(
    rf" (?P<dept>(?!(?:cho|nói|là|của|đã|sẽ|và|tại|ở|này|khi|cũng|thì|mà|được|bị|có|với)[ ])"
    rf"[\p{{L}}][\p{{L}}\p{{M}}]*+(?: (?!(?:{_PARENT_HEADS_ANY})(?![\p{{L}}\p{{M}}]))[\p{{L}}\p{{M}}&]++){{0,4}})"
    rf"(?: -)? (?=(?:{_PARENT_HEADS_ANY})(?![\p{{L}}\p{{M}}]))"
)
# "ông chủ tịch xã Viroj Srichanthong": a bare unit word between title and name belongs to the title.
_UNIT_WORDS = _words("xã|phường|thị trấn|huyện|quận|tỉnh|thành phố|thôn|ấp|bản|khu phố|tổ dân phố")
# Between a name and its role: "X, Giám đốc", "X (Giám đốc", "X - Giám đốc", "X là Giám đốc", table rows,
# "X (người Tunisia) làm trưởng phòng kinh doanh".
_ROLE_SEP_AFTER = regex.compile(
    r"\s*(?:\((?:SN |sinh năm |người |\d(?!\d?[/-]\d))[^()\n]{0,20}\)\s*)?(?:,|\(|-|–|:|\n)?\s*"
    # a profession before the title: "Camille Locht, nhà vi sinh vật học, Giám đốc nghiên cứu"
    r"(?:(?:một )?nhà [\p{Ll}\p{M} ]{2,30}?,\s*)?"
    r"(?:(?:là|làm|một|hiện là|đương kim|kiêm|đồng thời là|cũng là|từng là|hiện đang là|đang là|vốn là)\s+)?"
)
# "ông"/"bà" opening a clause and taking an office: "Hiện tại, ông là Phó Tổng giám đốc VietABank".
_PRONOUN_ROLE_RE = regex.compile(
    r"(?:^|(?<=[,.;:!?]\s|\n))(?:[Ôô]ng|[Bb]à)\s+(?:(?:đồng thời|cũng|từng|hiện|vẫn|đang|hiện đang|sau đó)\s+)?"
    r"(?:là|làm|được (?:bầu|bổ nhiệm|cử|giao)(?: làm| giữ chức)?|giữ chức(?: vụ)?)\s+"
)
_ROLE_TAKE_OFFICE = regex.compile(
    r"[^,.;\n]{0,60}?(?:giữ chức(?: vụ)?|được (?:bầu|bổ nhiệm|cử|giao|phân công)(?: làm| giữ chức)?|nhậm chức)\s+"
)
_CHAIN_SEP = regex.compile(r"\s*(?:,|;|-|–|&|\n|\bkiêm\b|\bvà\b)\s*(?:(?:nguyên|kiêm)\s+)?")
_ROLE_LINK_WORDS = _words(
    "tỉnh|thành|phố|tp|huyện|quận|xã|phường|thị|trấn|hải|quân|công|ty|tập|đoàn|hội|đồng|quản|trị|"
    "bộ|sở|ban|viện|cục|vụ|trường|đội|tuyển|lực|lượng|vũ|trang|an|ninh|quốc|gia|y|tế|tài|chính|"
    "ngoại|giao|phòng|thú|mỹ|anh|pháp|nga|đức|nhật|trung|hàn"
)


_SURNAMES = (
    "Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Đàm|Chu|Trương|Lương|Lâm|"
    "Mai|Cao|Tạ|Hà|Đoàn|Vương|Trịnh|Kiều|Giáp|Nghiêm|Cù|Lã|Thái|Tô|Quách|Tôn|La|Lưu|Triệu|Mạc|Châu|Thân|"
    "Khúc|Âu|Doãn|Từ|Kim|Nông|Lò|Hứa|Văn|Diệp|Phùng|Lạc|Đào|Tăng|Ông|Khổng|Bạch|Mạnh|Quan|Lục|Tống"
)
_VN_NAME = rf"(?:{_SURNAMES})(?: \p{{Lu}}[\p{{Ll}}\p{{M}}]*){{1,3}}(?: \p{{Lu}}\.)?"
# Places that read like names ("Sở GD&ĐT Hà Nội" is not "Hà Nội" the person).
_NAME_LIKE_PLACES = _words(
    "hà nội|hà nam|hà tĩnh|hà giang|hà đông|lâm đồng|cao bằng|thái bình|thái nguyên|hồ chí minh|kim bảng|"
    "lê chân|đồng nai|mai châu|tô lịch|hoàng mai|phan thiết|phan rang|lạc sơn|kim sơn|kiều mai"
)
_NAME_RE = regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?P<name>{_VN_NAME})(?![\p{{L}}\p{{M}}])")
_NAME_TAIL_RE = regex.compile(
    rf"^(?P<org>(?:Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|UBND|HĐND|Ủy ban|Sở|Bộ|Công an)[^,;()]*?)"
    # not a unit's own name: "UBND phường [Nguyễn Thái Học]"
    rf"(?<!(?i:phường|xã|quận|huyện|thị trấn|thị xã|tỉnh|thành phố|TP)) (?P<name>{_VN_NAME})$"
)
_HONORIFIC_BEFORE = regex.compile(
    r"(?:(?<![\p{L}\p{M}])(?:ông|bà|anh|chị|em|thầy|cô|đồng chí|đ/c|GS|TS|PGS|ThS|BS|NSND|NSƯT)\.?(?:\s?TS\.?)?|[,(]|-|–)\s*$",
    regex.IGNORECASE,
)
# Countries the entity layer may glue to a name after a title: "Ngoại trưởng [Nga Sergei Lavrov]".
_COUNTRIES = _words(
    "mỹ|nga|anh|pháp|đức|nhật|nhật bản|trung quốc|hàn quốc|triều tiên|ấn độ|indonesia|séc|slovakia|ukraina|"
    "ukraine|israel|iran|iraq|thái lan|lào|campuchia|australia|úc|canada|italy|italia|ý|tây ban nha|"
    "bồ đào nha|philippines|malaysia|singapore|myanmar|brazil|argentina|mexico|ba lan|hungary|hà lan|bỉ|"
    "thụy điển|thụy sĩ|na uy|đan mạch|phần lan|áo|hy lạp|thổ nhĩ kỳ|ai cập|syria|pakistan|afghanistan|"
    "venezuela|cuba|chile|peru|colombia|palestine|libya|belarus|kazakhstan|mông cổ|đài loan|eu|liên hợp quốc|"
    "xêút|ả rập xê út|ảrập xêút|saudi|ả rập saudi"
)
_NOT_PERSON_TAIL = _words("group|property|corp|corporation|jsc|bank|holdings|company|ltd|inc")


def _person_candidates(ctx: FactContext, role_ends: set[int]) -> list[Entity]:
    """PER entities, plus names the entity layer folded into a body or missed next to a title.

    "Bí thư [Tỉnh ủy Hà Tĩnh Trần Đình Đàn]" (one ORG) → the ORG's tail "Trần Đình Đàn";
    "ông Hồ Sỹ Lâm, Phó Chủ tịch …" with no PER → "Hồ Sỹ Lâm".
    """
    places = _NAME_LIKE_PLACES | {x.text.casefold() for x in ctx.entities if x.label == "LOC"}
    out = [
        x for x in ctx.entities
        if x.label == "PER" and x.text.split()[-1].casefold() not in _NOT_PERSON_TAIL
    ]  # fmt: skip
    for x in ctx.entities:
        if x.label in ("ORG", "LOC") and not role_ends.isdisjoint(range(x.start - 2, x.start + 1)):
            m = _NAME_TAIL_RE.match(x.text, timeout=TIMEOUT)
            if m and len(m.group("name").split()) >= 3 and m.group("name").casefold() not in places:
                s = x.start + m.start("name")
                out.append(Entity(start=s, end=x.end, text=m.group("name"), label="PER"))
    overlaps_taken = _overlap_test((x.start, x.end) for x in out)
    orgs = sorted((x.start, x.end) for x in ctx.entities if x.label == "ORG")
    org_starts = [a for a, _ in orgs]
    org_reach = list(itertools.accumulate((b for _, b in orgs), max, initial=-1))
    for m in _finditer(_NAME_RE, ctx.text):
        s, e = m.span("name")
        # overlaps a candidate, or lies inside an ORG (one starting at or before s reaching e)
        if overlaps_taken(s, e) or org_reach[bisect.bisect_right(org_starts, s)] >= e:
            continue
        if m.group("name").casefold() in places:
            continue
        before = ctx.text[max(0, s - 12) : s]
        if _HONORIFIC_BEFORE.search(before) or not role_ends.isdisjoint(range(s - 2, s + 1)):
            out.append(Entity(start=s, end=e, text=m.group("name"), label="PER"))
    return sorted(out, key=lambda x: x.start)


def _roles_in(ctx: FactContext, start: int, end: int) -> list[Any]:
    return _finditer(_ROLE_RE, ctx.text, start, end)


def _role_text(m: Any) -> str:
    return " ".join(m.group("role").split())


# A role written in lowercase keeps the lowercase words that say what it is in: "trưởng phòng kinh doanh",
# "cán bộ giám sát cửa khẩu", "điều phối viên chương trình cứu trợ nhân đạo" (not the body: "trưởng trạm
# thú y", "phó ban chỉ đạo …").
_DESCRIBED_ROLES = _words(
    "trưởng phòng|phó phòng|phó trưởng phòng|cán bộ|điều phối viên|chuyên viên|nhân viên|kỹ sư"
)
_SPECIFIED_ROLES = _words(
    "giám đốc|phó giám đốc|tổng giám đốc|phó tổng giám đốc|thành viên|cố vấn|trợ lý|giáo viên|hlv|trưởng đoàn|"
    "trưởng nhóm|tổ trưởng|phó chủ tịch"
)
_DESC_STOP = (
    "của|tại|thuộc|ở|và|cho|đã|được|là|trong|với|khi|này|đó|cũng|sẽ|đang|vừa|nói|kiêm|hiện|trực|tiếp|người"
)
_DESC_BODY = (
    "chi|cục|sở|ban|trạm|xã|phường|huyện|tỉnh|công|trường|bệnh|viện|hội|thành|quận|thị|đội|tổ|nhà|tập|ngân|tổng|"
    "văn|chuyên|đơn|cơ|lãnh|trung|báo|khách|hãng|đài|siêu|cửa|quán|khoa|bến|tờ|nhóm|khối|ra|vi"
)
_ROLE_DESC_RE = regex.compile(
    rf" (?!(?:{_DESC_STOP}|{_DESC_BODY})(?![\p{{L}}\p{{M}}]))\p{{Ll}}[\p{{Ll}}\p{{M}}]*+"
    rf"(?: (?!(?:{_DESC_STOP})(?![\p{{L}}\p{{M}}]))\p{{Ll}}[\p{{Ll}}\p{{M}}]*+){{0,5}}"
    r"(?=[,;:.)\n]| \p{Lu}| (?:của|tại|thuộc) \p{Lu}|$)"
)


def _described_role(ctx: FactContext, m: Any) -> str:
    """The role of ``m`` with its lowercase description ("trưởng phòng" + "kinh doanh")."""
    role = _role_text(m)
    # "giám đốc pháp lí", "Giám đốc tuyển sinh", "thành viên độc lập" in any case; other roles in lowercase
    # only ("trưởng Phòng kinh doanh Công ty X": a named department is the body)
    if role.casefold() not in _SPECIFIED_ROLES and (role != role.lower() or role not in _DESCRIBED_ROLES):
        return role
    d = _ROLE_DESC_RE.match(ctx.text, m.end(), min(len(ctx.text), m.end() + 60), timeout=TIMEOUT)
    return role + d.group() if d else role


def _org_at(ctx: FactContext, pos: int, limit: int) -> Entity | None:
    """The ORG (or LOC) entity starting right at ``pos`` (after a role)."""
    for x in ctx.within(ctx.entities, pos, limit):
        if x.label in ("ORG", "LOC") and x.start <= pos + 2:
            return x
    return None


# A role in a list before a name that is the object of a preposition names someone else.
_ROLE_OBJECT_BEFORE = regex.compile(r"(?<![\p{L}\p{M}])(?:với|cho|của|gặp|cùng|tới|lên|trước|thăm|tiếp)\s$")


# Words the NER may take for a one-word name: "[Bộ] tư lệnh", "[Nguyên] Chủ tịch".
_NOT_A_NAME = _words("nguyên|tân|bộ|ban|sở|cục|viện|phòng|đội|tổ|hội|vụ|quận|huyện|xã|tỉnh")
# Lowercase particles inside foreign names: "HLV Erik ten Hag" is not "Erik".
_NAME_PARTICLES = _words("ten|van|von|de|da|di|der|del|della|bin|al|la|le|dos|du")


def _valid_person(
    ctx: FactContext, per: Entity, overlaps_role: Callable[[int, int], bool], places: frozenset[str]
) -> bool:
    if overlaps_role(per.start, per.end):
        return False  # "Phó Bí thư [Thường] trực": the NER cut into a role
    # "tổng thống [Ukraina]", "Chủ tịch [Real Madrid], Florentino Perez", "[Nguyên] Chủ tịch"
    if per.text.casefold() in places or per.text.casefold() in _NOT_A_NAME:
        return False
    if per.text.endswith(".") and ctx.text[per.end : per.end + 1].isdigit():
        return False  # "3 hậu vệ [U.]23"
    return len(per.text) >= 2


def _strip_country(per: Entity, places: frozenset[str]) -> Entity:
    """ "[Nga Sergei Lavrov]" after "Ngoại trưởng" → "Sergei Lavrov" (a country glued to the name)."""
    words = per.text.split(" ")
    for n in (3, 2, 1):
        if len(words) - n >= 2 and " ".join(words[:n]).casefold() in places:
            cut = len(" ".join(words[:n])) + 1
            return Entity(start=per.start + cut, end=per.end, text=per.text[cut:], label="PER")
    return per


_EMPTY_PARENS_RE = regex.compile(r"\(\s*\)")
_TOLD_BEFORE = regex.compile(r"(?<![\p{L}\p{M}])(?:với|cho|các)\s*$", regex.IGNORECASE)
_HEADER_COLON = regex.compile(r"[ ]?:[ ]*")
_ROSTER_SEP = regex.compile(r"[ ]?[,;][ ]*|[ ]và[ ]")
_LINE_START_BEFORE = regex.compile(r"(?:^|\n)[ \t]*(?:[-–+•*][ ]*)?$")
_HONORIFIC_END_RE = regex.compile(r"(?:^|\s)[-–,]\s*(?:ông|bà|đồng chí)$")


def _links_role_to_name(ctx: FactContext, start: int, end: int) -> tuple[bool, Entity | None]:
    """Whether ``text[start:end]`` (between a role and a name) only names the body: "Chủ tịch [UBND TP Hà Nội] X"."""
    if end - start > 70:
        return False, None
    between = ctx.text[start:end]
    inside = ctx.within(ctx.entities, start, end)
    if any(x.label == "PER" for x in inside):
        return False, None  # "Đại sứ Ấn Độ tại Mỹ [Taranjit] [Singh Sandhu]": the role is the first name's
    orgs = [x for x in inside if x.label in ("ORG", "LOC")]
    rest = between
    for o in orgs:
        rest = rest.replace(o.text, " ")
    rest = _EMPTY_PARENS_RE.sub(" ", rest)  # "Chủ tịch Cục dự trữ Liên bang Mỹ (Fed), ông X"
    if "\n" in rest:
        return False, None  # "Tổng giám đốc Công ty Secoin⏎Nhật Hồng": the cell ended
    rest = _HONORIFIC_END_RE.sub("", rest.strip())  # "Chủ tịch tỉnh Quảng Nam - ông Lê Trí Thanh"
    if rest.endswith(","):
        if not orgs:
            return False, None
        rest = rest[:-1].strip()
    if _LINK_BREAK_RE.search(rest) or "," in rest:
        return False, None  # "hậu vệ Bertotto, Sensini, tiền vệ Mauri": a list of other names
    if rest == "người" and len(orgs) == 1 and orgs[0].label == "LOC" and between.strip().startswith("người "):
        return True, None  # "tiền đạo người Pháp L.Saha": a nationality, no body
    words = rest.split()
    if len(words) > 4 or any(
        w.casefold().strip(",") not in _ROLE_LINK_WORDS
        and not w[0].isupper()
        # "Đại sứ Ấn Độ tại Mỹ X", not "học sinh tại Chadwick"
        and not (w == "tại" and orgs and not between.lstrip().startswith("tại"))
        # "Chủ tịch của Liên đoàn bóng đá Đức (DFB), Fritz Keller": "của" before the body
        and not (w == "của" and orgs and between.lstrip().startswith("của ") and orgs[0].start - start <= 6)
        for w in words
    ):
        return False, None
    return True, orgs[0] if orgs else None


def _heads_next_line(text: str, after: int, m: Any, limit: int) -> bool:
    """Whether role ``m``, found after a name ending at ``after``, starts a new line as its header
    ("Công Vinh⏎[Tiền vệ]: Quốc Anh"): then it is no role of that name."""
    return (
        m is not None
        and "\n" in text[after : m.start()]
        and _HEADER_COLON.match(text, m.end(), limit) is not None
    )


def find_person_roles(ctx: FactContext) -> Iterator[Fact]:
    """đồng chí Trần Thị Phương Hoa, Bí thư Quận uỷ Cầu Giấy → PersonRole(person, role, organization).

    Also "Thiếu tá X", "Chủ tịch UBND TP Hà Nội X", role lists ("X, Phó Bí thư Tỉnh ủy, Chủ tịch
    HĐND tỉnh" → two facts), "X là Giám đốc Y", "X tiếp tục được bầu giữ chức Chủ tịch Y".
    """
    text = ctx.text
    all_roles = _roles_in(ctx, 0, len(text))
    org_starts = {x.start for x in ctx.entities if x.label == "ORG"}
    per_at = {x.start for x in ctx.entities if x.label == "PER"}
    r_starts = [m.start() for m in all_roles]
    bare: dict[int, Any] = {}
    for m in _finditer(_BARE_HEAD_RE, text):
        i = bisect.bisect_right(r_starts, m.start()) - 1
        inside = i >= 0 and all_roles[i].end() > m.start()
        if m.end() + 1 in org_starts and m.start() not in per_at and not inside:
            bare[m.start()] = m
    if bare:
        all_roles = sorted([*all_roles, *bare.values()], key=lambda m: m.start())
    overlaps_role = _overlap_test((m.start("role"), m.end("role")) for m in all_roles)
    role_ends = {m.end() for m in all_roles}
    places = _COUNTRIES | {x.text.casefold() for x in ctx.entities if x.label in ("ORG", "LOC")}
    pers = [
        _strip_country(x, places)
        for x in _person_candidates(ctx, role_ends)
        if _valid_person(ctx, x, overlaps_role, places)
    ]
    per_starts = sorted(x.start for x in ctx.entities if x.label == "PER")
    per_by_start = {x.start: x for x in ctx.entities if x.label == "PER"}
    role_starts = [m.start() for m in all_roles]
    role_end_list = [m.end() for m in all_roles]
    found: list[Fact] = []
    # a given name alone ("Bộ trưởng Chiến cho rằng") is a person when the article names it again
    per_ends = {x.end + k for x in pers for k in (0, 1)}  # "X (": the bracket after a name
    per_texts = Counter(x.text for x in ctx.entities if x.label == "PER")
    given = {x.text.rsplit(" ", 1)[-1] for x in ctx.entities if x.label == "PER" and " " in x.text}

    def role_at(pos: int, limit: int) -> Any:
        m = _ROLE_RE.match(text, pos, limit, timeout=TIMEOUT)
        if m is None and pos in bare and bare[pos].end() <= limit:
            m = bare[pos]
        return m

    def add(per: Entity, m: Any, org: Entity | None, ev_s: int, ev_e: int) -> None:
        role = _described_role(ctx, m) if m.start() > per.start else _role_text(m)
        org_text = org.text if org else None
        if m.re is _BARE_HEAD_RE and org is None:
            return
        if (
            m.start() < per.start
            and role.casefold() in ("phóng viên", "pv")
            and _TOLD_BEFORE.search(text, max(0, m.start() - 12), m.start())
        ):
            return  # "Trao đổi với phóng viên, ông X": the reporter is someone else
        if (
            role.casefold() in ("chủ", "thành viên", "cán bộ", "nhân viên")
            and org is None
            and m.start() < per.start
        ):
            return  # "cán bộ Nguyễn Văn A" alone is too loose
        words = role.split(" ")
        if "Phòng" in words[1:3] and " ".join(words[: words.index("Phòng") + 1]).casefold() in _DEPT_ROLES:
            role = " ".join(words[: words.index("Phòng") + 1])  # "trưởng Phòng kinh doanh": the body's name
        if role.casefold() in _DEPT_ROLES:
            d = _DEPT_RE.match(text, m.end(), min(len(text), m.end() + 60), timeout=TIMEOUT)
            if d:
                role = f"{role} {d.group('dept')}"
                parent = [x for x in ctx.entities if x.label == "ORG" and x.start <= d.end() < x.end]
                org_text = text[d.end() : parent[0].end] if parent else org_text
        elif m.end() < per.start and (unit := text[m.end() : per.start].strip()) in _UNIT_WORDS:
            role = f"{role} {unit}"
        found.append(
            _mk(
                PersonRole,
                ctx,
                ev_s,
                ev_e,
                person=per.text,
                role=role,
                organization=org_text,
            )
        )

    for per in pers:
        # 1. roles before the name: "Thiếu tá X", "Phó Bí thư Thành ủy, Chủ tịch HĐND thành phố X"
        lo = bisect.bisect_left(role_starts, per.start - 160)
        hi = bisect.bisect_right(role_end_list, per.start)
        before = [m for m in all_roles[lo:hi] if m.end() <= per.start and m.start() >= per.start - 160]
        single = len(per.text.split()) == 1 and "." not in per.text.rstrip(".")  # not "K.Annan"
        nxt = text[per.end : per.end + 2]
        named_again = per_texts[per.text] > 1 or per.text in given
        particle = _NEXT_LOWER_WORD_RE.match(text, per.end, min(len(text), per.end + 12), timeout=TIMEOUT)
        if particle and particle.group(1) in _NAME_PARTICLES:
            named_again = False  # "HLV [Erik] ten Hag": the name goes on
        elif _is_foreign(per.text):
            single = False  # "HLV Mourinho còn …", unlike a given name alone ("Bộ trưởng Chiến cho rằng")
        if not (single and _SPACE_LOWER_RE.match(nxt) and not named_again):
            target = per.start
            for m in reversed(before):
                ok, org = _links_role_to_name(ctx, m.end(), target)
                if not ok:
                    break
                opened = text.rfind("(", max(0, m.start() - 3), m.start())
                if opened >= 0 and opened in per_ends and not text[opened + 1 : m.start()].strip():
                    break  # "Mark Zuckerberg (chủ tịch Facebook)": the role is the name's before the bracket
                if (
                    target < per.start
                    and org is None
                    and _ROLE_OBJECT_BEFORE.search(text, max(0, m.start() - 8), m.start())
                ):
                    break  # "báo cáo với Thủ tướng, Bộ trưởng Y tế X": another person
                if "," in text[m.end() : target] and any(
                    text[k : m.start()].strip() in (",", "-", "–", "")
                    for k in range(max(0, m.start() - 4), m.start())
                    if k in per_ends
                ):
                    break  # "ông A, Giám đốc Sở Y tế, ông B": the role is A's
                add(per, m, org, m.start(), per.end)
                target = m.start() if m.group("drop") is None else m.start("drop")
                sep = _SEP_END_RE.search(text[max(0, target - 3) : target])
                if not sep:
                    break
                target -= len(sep.group())
        # 2. roles after the name: "X, Giám đốc Sở Y tế", "X (Phó Giám đốc ...)", "X là Giám đốc ..."
        limit = min(len(text), per.end + 300)
        sep = _ROLE_SEP_AFTER.match(text, per.end, limit, timeout=TIMEOUT)
        pos = sep.end() if sep else per.end
        m = role_at(pos, limit)
        if _heads_next_line(text, per.end, m, limit):
            m = None  # "Văn Quyến, Công Vinh⏎Tiền vệ: Quốc Anh": the role heads the next line
        if m is None:
            took = _ROLE_TAKE_OFFICE.match(text, per.end, limit, timeout=TIMEOUT)
            if took:
                m = role_at(took.end(), limit)
        listed_end = per.end
        if m is None:
            # "các ông Ngô Cao Vân, Trần Gia Tiến, Phó Tổng Giám đốc Công ty X": a list of names
            # sharing the role after the last one
            while (ls := _NAME_LIST_SEP.match(text, listed_end, limit, timeout=TIMEOUT)) is not None and (
                nxt_per := per_by_start.get(ls.end())
            ) is not None:
                listed_end = nxt_per.end
            if listed_end > per.end:
                sep = _ROLE_SEP_AFTER.match(text, listed_end, limit, timeout=TIMEOUT)
                m = role_at(sep.end() if sep else listed_end, limit)
                if _heads_next_line(text, listed_end, m, limit):
                    m = None
        next_per = bisect.bisect_right(per_starts, listed_end)
        stop = min(limit, per_starts[next_per]) if next_per < len(per_starts) else limit
        count = 0
        while m is not None and m.start() < stop and count < 5:
            count += 1
            if m.end() + 1 in per_at and "(" not in text[per.end : m.start()]:
                break  # "Sensini, Kroldrup, tiền vệ Mauri": the role is the next name's
            org = _org_at(ctx, m.end() + 1, stop)
            end = org.end if org else m.end()
            add(per, m, org, per.start, end)
            # the next role of a list: ", Chủ tịch HĐND tỉnh"
            ns = _NEXT_ROLE_SEP.search(text, end, min(stop, end + 90), timeout=TIMEOUT)
            if ns is None or _SENTENCE_BREAK_RE.search(text[end : ns.start()]):
                break
            if org is None and ns.group().strip() in ("-", "–") and text[end : ns.start()].strip():
                break  # "Trưởng phòng Tài chính - Kế toán": the dash is inside the department's name
            after = _CHAIN_SEP.match(text, ns.start(), stop, timeout=TIMEOUT)
            m = role_at(after.end() if after else ns.end(), stop)
    # 3. a role heading a line of names: "Tiền vệ: Quốc Anh, Tấn Tài, Tài Em và Quốc Vượng"
    per_starts_all = {x.start: x for x in pers}
    for m in all_roles:
        colon = _HEADER_COLON.match(text, m.end(), min(len(text), m.end() + 4))
        if (
            colon is None
            or m.group("drop")
            or not _LINE_START_BEFORE.search(text, max(0, m.start() - 4), m.start())
        ):
            continue
        line_end = text.find("\n", colon.end())
        line_end = len(text) if line_end < 0 else line_end
        pos = colon.end()
        while (member := per_starts_all.get(pos)) is not None and member.end <= line_end:
            add(member, m, None, m.start(), member.end)
            ls = _ROSTER_SEP.match(text, member.end, line_end)
            if ls is None:
                break
            pos = ls.end()
    # "Năm 2012, ông được bổ nhiệm làm phó giám đốc ĐH Quốc gia": "ông"/"bà" as the subject of a
    # clause takes the role for the full name mentioned last before it (within 600 characters)
    full_pers = [x for x in pers if " " in x.text]
    full_ends = [x.end for x in full_pers]
    for pm in _finditer(_PRONOUN_ROLE_RE, text):
        i = bisect.bisect_right(full_ends, pm.start()) - 1
        if i < 0 or pm.start() - full_ends[i] > 600:
            continue
        limit = min(len(text), pm.end() + 200)
        m = role_at(pm.end(), limit)
        if m is None:
            continue
        _s, sent_end = ctx.sentence_of(pm.start())
        org = _org_at(ctx, m.end() + 1, min(limit, sent_end))
        add(full_pers[i], m, org, pm.start(), org.end if org else m.end())
    # one fact per (person, role); a short name ("ông Bình") restating a full one is the same person
    out: dict[tuple[str, str], Fact] = {}
    for f in found:
        k = (_key(f.person), _key(f.role))  # type: ignore[attr-defined]
        if k in out and _evidence_order(ctx, out[k].start) <= _evidence_order(ctx, f.start):
            continue
        out[k] = f
    # "Phó Thủ tướng" and, later, "Phó Thủ tướng thường trực" of the same person: one statement
    for p, r in sorted(out, key=lambda k: _evidence_order(ctx, out[k].start)):
        if (p, r) in out:
            for p2, r2 in list(out):
                if p2 == p and r2.startswith(r + " "):
                    del out[(p2, r2)]
    full = {(p, r) for p, r in out if len(p.split()) > 1}
    for p, r in list(out):
        if len(p.split()) == 1 and any(
            (fp.endswith(" " + p) or fp.startswith(p + " ")) and fr == r for fp, fr in full
        ):
            del out[(p, r)]
    yield from out.values()


# --------------------------------------------------------------------------- count, money, percent

_COUNT_SKIP_NOUNS = (
    "năm",
    "tháng",
    "ngày",
    "tuần",
    "giờ",
    "phút",
    "giây",
    "tuổi",
    "%",
    "tiếng",
    "thập",
    "thế kỷ",
    # spans of time, never counted in the train annotations ("trong 4 đêm", "nhân 4 quý", "1 buổi")
    "đêm",
    "quý",
    "buổi",
    "hôm",
)
# Measurement units the quantity layer may leave as a counted noun ("108 MP", "5.000 mAh").
_UNIT_NOUNS = _words(
    "mp|gb|mb|tb|kb|hz|ghz|mhz|mah|w|kw|mw|kwh|v|mg|g|kg|km|m|cm|mm|m2|m3|ha|tấc|độ|pixel|x|inch|lít|ml|"
    "tấn|tạ|yến|gam|mét|chỉ vàng|cây số|fps|k|series|pro|max|plus|ultra|mini|lite|sào|md|mã|xy|calo|kcal"
)
# Words the quantity layer may take for a noun although they are not one ("1990 cũng", "425 nói").
_NOT_COUNT_NOUN = _words(
    "cũng|khi|vẫn|mới|thuộc|kèm|nói|hoàn|toàn|mang|thiết|tìm|sử|để|không|hoạt|quy|xin|tổng|nêu|gồm|chịu|thực|"
    "chính|tết|bên|phía|mặt|số|phần|chút|nửa|vài|lúc|trước|sau|nay|này|đó|kia|rồi|bị|bằng|giờ|trở|"
    "thì|là|và|của|với|mà|nên|tại|từ|đến|tới|theo|về|như|trên|dưới|hơn|gần|khoảng|đều|cùng|còn|chiều|"
    # verbs and adjectives after a number that ends a name or a term ("kỳ hạn 3 giảm", "KRI 402 chở")
    "giảm|tăng|cao|thấp|nằm|chở|mất|đạt|có|được|đã|sẽ|đang|đi|ra|vào|lên|xuống|dài|rộng|sâu|nặng|"
    "chạy|bay|đứng|ngồi|làm|đưa|gồm|cách|dương|âm"
)
# Whole nouns that are words of something else: "Kỳ Quang 2 [đối] với", "xe 2 [bánh]" (two-wheeled).
_NOT_COUNT_WHOLE = _words("đối|tiếp")
_KIND_OF_VEHICLE = regex.compile(r"(?<![\p{L}\p{M}])xe(?: \p{Ll}+)?[ ]$")
_CLASSIFIER_ONLY = frozenset(["cái"])
_NAME_LIST_SEP = regex.compile(r",[ ]|[ ]và[ ]")
_RATE_AFTER_NOUN = regex.compile(r"\s*/\s*\p{L}")
_LIST_ITEM_AFTER = regex.compile(r"\s*(?:[,;]|và )\s*\d")
# A product's name right before the number: "iPhone 12", "iPad 3".
_NAME_BEFORE_NUMBER = regex.compile(r"(?<![\p{L}\p{M}])i\p{Lu}[\p{L}\p{M}]*[ ]$")
_NAME_AFTER_NUMBER = regex.compile(r"[A-Za-z]+(?![\p{L}\p{M}])|\p{Lu}[\p{L}\p{M}]*[ ]\p{Lu}")
_PER_UNIT = regex.compile(r"^\s*(?:/|mỗi|một|cho mỗi|trên mỗi)(?![\p{L}\p{M}])")
_PER_UNIT_BEFORE = regex.compile(
    r"(?<![\p{L}\p{M}])(?:mỗi|cứ|từng|gấp|thứ|lớp|(?<!tổng |trong |con )số|khóa|mùa|chương|điều|khoản|lô|"
    r"tuổi|đợt|vòng|phiên|hạng|top|không quá|không vượt quá|tối đa)\s*$",
    regex.IGNORECASE,
)
# Text typed without its accents (readers' questions in old articles): ASCII letters only.
_UNACCENTED = regex.compile(r"[\x00-\x7f]*")
_ONE_MORE_AFTER = regex.compile(r"(?: [\p{Ll}\p{M}]+){0,2} nữa(?![\p{L}\p{M}])")
_LIMIT_HEAD_RE = regex.compile(r"(?i)(?:không quá|không vượt quá|tối đa) ")
# A portion or a frequency: "mỗi lần 1 thìa", "mỗi ngày ăn 1 quả", "mỗi ngày ít nhất phải 2 lần".
_PER_EACH_BEFORE = regex.compile(r"(?<![\p{L}\p{M}])mỗi(?: [\p{L}\p{M}]++){1,4} $", regex.IGNORECASE)
# "cả hai máy", "giữa hai nước": the members of a pair already named, not a new figure.
_PAIR_BEFORE = regex.compile(r"(?<![\p{L}\p{M}])(?:(?P<all>cả)|giữa)\s*$", regex.IGNORECASE)
_PAIR_RESTATED = regex.compile(r"[^,.;:!?\n]{0,25}?(?<![\p{L}\p{M}])(?:đều|này|trên|đó|ấy)(?![\p{L}\p{M}])")
# "hai người"/"hai nước" after a preposition or conjunction refer to two already named ("Sau khi
# hai người chia tay", "quan hệ của hai nước"); "hai nước" always does.
_THE_TWO_NOUNS = frozenset(["người", "nước", "bên", "phía"])
_THE_TWO_BEFORE = regex.compile(
    r"(?<![\p{L}\p{M}])(?:của|giữa|khi|chính|cả|với|để|trong|nào|cho)\s*$", regex.IGNORECASE
)


def _known_pair(text: str, q: Quantity, noun: str, value: int, before: str, npos: int) -> bool:
    """Whether ``q`` names the members of a pair already known instead of counting them:
    "giữa hai nước", "cả hai máy đều …", "Sau khi hai người chia tay", "hai nước"."""
    pair = _PAIR_BEFORE.search(before[-8:]) if value <= 3 else None
    if pair and (pair.group("all") is None or _PAIR_RESTATED.match(text, npos, npos + 40)):
        return True
    if noun not in _THE_TWO_NOUNS or not text[q.start : q.end].casefold().startswith("hai "):
        return False
    return noun == "nước" or _THE_TWO_BEFORE.search(before[-10:]) is not None


# "hai vợ chồng", "hai ông bà", "hai anh em": a couple, not a count of wives or brothers.
_KIN_PAIRS = _words(
    "vợ chồng|ông bà|anh em|chị em|mẹ con|bố con|cha con|bà cháu|ông cháu|anh chị|bố mẹ|cha mẹ"
)
_SURNAME_RE = regex.compile(rf"(?:{_SURNAMES})(?![\p{{L}}\p{{M}}])")
_ONLY_ONE = regex.compile(r"(?:chỉ|duy nhất|chỉ còn|chỉ có|có thêm|thêm)\s*$", regex.IGNORECASE)
# "tất cả 18 thuyền viên": the members of a group already counted, not a new figure.
_BOTH_BEFORE = regex.compile(r"(?<![\p{L}\p{M}])tất cả\s*$", regex.IGNORECASE)
# "vượt 10 lần tiêu chuẩn", "tăng hơn 4 lần": a multiple, not a number of times.
_TIMES_BEFORE = regex.compile(
    r"(?<![\p{L}\p{M}])(?:vượt|hơn|gấp|tăng|giảm|cao|thấp|nhiều|lớn|nhỏ|rẻ|đắt)(?:\s+(?:hơn|khoảng|gần|tới|đến))?\s*$",
    regex.IGNORECASE,
)


def _count_noun(ctx: FactContext, q: Quantity) -> tuple[str, int] | None:
    """The counted noun of ``q`` as written (lowercase) and where it starts; None when it is not one."""
    noun = (q.noun or "").strip()
    if not noun:
        return None
    span = ctx.text[q.start : q.end]
    i = span.casefold().rfind(noun.casefold())
    pos = q.start + (i if i >= 0 else len(span) - len(noun))
    words = noun.casefold().split()
    if words and words[0] in _CLASSIFIER_ONLY:
        nxt = _NEXT_LOWER_WORD_RE.match(ctx.text, pos + len(noun))
        words = words[1:] if len(words) > 1 else ([nxt.group(1)] if nxt else [])
        if not words:
            return None
    first = words[0]
    if first in _UNIT_NOUNS or first in _NOT_COUNT_NOUN or " ".join(words) in _UNIT_NOUNS:
        return None
    if noun.casefold().startswith(_COUNT_SKIP_NOUNS):
        return None
    if ctx.text[pos : pos + 1].isupper() and (
        _NAME_AFTER_NUMBER.match(ctx.text, pos, timeout=TIMEOUT)
        or _SURNAME_RE.match(ctx.text, pos, timeout=TIMEOUT)
    ):
        return None  # "10 Pro", "87 Mã Mây", "127 Võ văn Tần": part of a name or an address
    if " ".join(words) in _NOT_COUNT_WHOLE:
        return None
    if words[0] in ("bánh", "chỗ") and _KIND_OF_VEHICLE.search(ctx.text, max(0, q.start - 16), q.start):
        return None  # "xe 2 bánh", "xe khách 47 chỗ": a kind of vehicle
    if _NAME_BEFORE_NUMBER.search(ctx.text, max(0, q.start - 12), q.start, timeout=TIMEOUT):
        return None  # "iPhone [12] cũ": the number ends a product's name

    return " ".join(words), pos


def _is_word_one(ctx: FactContext, q: Quantity) -> bool:
    """ "một" (also "trên một đoạn") as an article, unless stressed ("chỉ còn một vùng cước")."""
    m = _WORD_ONE_RE.match(ctx.text, q.start, q.end)
    if m is None:
        return False
    return not _ONLY_ONE.search(ctx.text[max(0, q.start - 12) : m.end() - 3])


def _not_a_count(ctx: FactContext, q: Quantity, value: int) -> bool:
    """ "năm" read as five ("30 năm thành lập"), a bare year ("Quý Mão 2023 bình quân")."""
    head = ctx.text[q.start : q.end].casefold()
    if head.startswith("năm "):
        return True
    return 1900 <= value <= 2100 and _FOUR_DIGITS_RE.match(head) is not None


def _whole_word(ctx: FactContext, npos: int, noun: str) -> str:
    """The noun run on to the end of the segmenter's word it cuts: "Hai [phụ] nữ" → "phụ nữ"."""
    if ctx.doc is None or not noun:
        return noun
    sp = ctx.doc.char_span(npos, npos + len(noun), alignment_mode="expand")
    if sp is None or sp.start_char != npos or sp.end_char <= npos + len(noun):
        return noun
    whole = ctx.text[npos : sp.end_char]
    if (
        not whole.islower()
        or len(whole.split()) != len(noun.split()) + 1
        or not all(w.isalpha() for w in whole.split())
    ):
        return noun
    return whole


def find_counts(ctx: FactContext) -> Iterator[Fact]:
    """ "10 chương trình công tác của Thành ủy" → Count(value=10, noun="chương trình").

    Not counts: figures inside an indicator ("31/31 chỉ tiêu"), "một" as an article ("một cách"),
    per-unit figures ("mỗi 2 tuần"), units ("108 MP"), numbers inside names ("Redmi Note 10 Pro").
    """
    indicators = list(find_indicators(ctx))
    inside = [(f.start, f.end) for f in indicators]
    stated = {(f.achieved, f.total) for f in indicators}  # type: ignore[attr-defined]
    overlaps_named = _overlap_test((x.start, x.end) for x in (*ctx.entities, *ctx.dates))
    found = []
    for q in ctx.quantities:
        if q.kind == "count" and isinstance(q.value, int):
            value = q.value
        elif q.kind == "ratio" and q.numerator is not None:
            if (q.numerator, q.denominator) in stated:
                continue  # the indicator restated (headline, subheading)
            value = q.numerator
        else:
            continue
        got = _count_noun(ctx, q)
        if got is None or _not_a_count(ctx, q, value):
            continue
        noun, npos = got
        if any(s <= q.start and q.end <= e for s, e in inside):
            continue
        if overlaps_named(q.start, npos):
            continue  # the number is part of a name or a date
        if _PER_UNIT.match(ctx.text[q.end : q.end + 12]) or _PER_UNIT_BEFORE.search(
            ctx.text[max(0, q.start - 8) : q.start]
        ):
            continue
        if _RATE_AFTER_NOUN.match(ctx.text, npos + len(noun), npos + len(noun) + 12):
            continue  # "185 sinh viên/vạn dân", "2.686 ảnh/km": a rate, not a count
        if _LIMIT_HEAD_RE.match(ctx.text, q.start, q.end):
            continue  # "không quá 6 tầng", "tối đa 15 nguyện vọng": a limit, not a count
        if _is_word_one(ctx, q):
            continue  # "một" is an article unless stressed ("chỉ còn một vùng cước")
        if _UNACCENTED.fullmatch(ctx.text, max(0, q.start - 30), min(len(ctx.text), q.end + 30)):
            continue  # "dang hoc lop 7 pho thong": text without its accents, whose words are no nouns
        if value == 1 and _ONE_MORE_AFTER.match(ctx.text, npos + len(noun), npos + len(noun) + 20):
            continue  # "thêm một lần nữa", "một trận thắng nữa": "once more", not a figure
        before = ctx.text[max(0, q.start - 40) : q.start]
        if _BOTH_BEFORE.search(before[-8:]):
            continue  # "tất cả 18 thuyền viên"
        if _known_pair(ctx.text, q, noun, value, before, npos):
            continue  # "giữa hai nước", "cả hai máy đều …", "của hai người": a pair already named
        if (noun == "lần" or value <= 10) and _PER_EACH_BEFORE.search(before.rpartition(",")[2]):
            continue  # "mỗi ngày ăn 1 quả", "mỗi ngày uống 3 lần"
        if q.kind == "ratio" and q.numerator == 1 and q.denominator and q.denominator <= 10:
            continue  # "1/2 gà", "bằng 1/10 cước": a fraction
        if noun == "lần" and _TIMES_BEFORE.search(ctx.text[max(0, q.start - 16) : q.start]):
            continue
        _, ce = _clause(ctx, q.start, q.end)
        tail = ctx.text[npos : min(ce, npos + 60)]
        context = tail.split(";")[0].split(".")[0].strip(" ,")
        nxt = _LETTERS_RE.match(ctx.text, _skip_space(ctx.text, npos + len(q.noun or "")))
        if nxt and f"{noun} {nxt.group()}".casefold() in _KIN_PAIRS:
            continue  # "hai vợ chồng", "hai anh em"
        noun = _whole_word(ctx, npos, noun)
        f = _mk(Count, ctx, q.start, q.end, value=value, noun=noun, context=context or None)
        # A figure restated in prose is one fact ("2 trường hợp F1" … "2 trường hợp này"); an item
        # of a list ("13 văn bản, 11 báo cáo, 10 chương trình") is a statement of its own.
        listed = _LIST_ITEM_AFTER.match(ctx.text, npos + len(q.noun or "")) is not None
        found.append((f, _key(noun) + ("|list" if listed else "")))
    # A figure restated with the same words is one fact.
    best: dict[tuple[int, str], Fact] = {}
    for f, k in found:
        key = (f.value, k)
        if key not in best or _evidence_order(ctx, f.start) < _evidence_order(ctx, best[key].start):
            best[key] = f
    yield from best.values()


def _context(ctx: FactContext, q: Quantity | Fact) -> str | None:
    s, _ = ctx.sentence_of(q.start)
    words = ctx.text[max(s, q.start - 80) : q.start].split()
    return " ".join(words[-6:]) or None


_RANGE_LOW = regex.compile(
    r"(?:(?<![\p{L}\p{M}])từ\s+)?(?<![\d.,])(?P<num>\d++(?:[.,]\d++)*+)\s*+(?P<mult>nghìn|ngàn|triệu|tỷ|tỉ)?\s*(?:đến|tới|-|–)\s*$",
    regex.IGNORECASE,
)
_LEAD_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*")


def _one_per_statement(ctx: FactContext, facts: list[Fact], key: Callable[[Fact], Any]) -> Iterator[Fact]:
    kept: list[Fact] = []
    kinds_kept: dict[Any, set[str]] = {}  # block kinds of the kept facts, per key
    for f in sorted(facts, key=lambda f: _evidence_order(ctx, f.start)):
        kinds = kinds_kept.setdefault(key(f), set())
        kind = ctx.block_kind(f.start)
        # stated again: in a heading and in the body (one fact, its first statement)
        if (kind == "paragraph" and kinds & {"headline", "subheading"}) or (
            kind in ("headline", "subheading") and "paragraph" in kinds
        ):
            continue
        kinds.add(kind)
        kept.append(f)
    yield from kept


def _range_low(ctx: FactContext, q: Quantity) -> float | int | None:
    """The lower bound of "từ 1 triệu đến 5 triệu đồng" / "250-300 đồng", in the upper bound's units."""
    from .quantities import parse_number

    m = _RANGE_LOW.search(ctx.text, max(0, q.start - 30), q.start, timeout=TIMEOUT)
    up = _LEAD_NUMBER.search(ctx.text, q.start, q.end)
    if m is None or up is None or q.value is None:
        return None
    low = parse_number(m.group("num") + (" " + m.group("mult") if m.group("mult") else ""))
    upper = parse_number(up.group())
    if low is None or not upper:
        return None
    if not m.group("mult"):
        low = low * (q.value / upper)
    return int(low) if float(low).is_integer() else low


def _has_bound(ctx: FactContext, q: Quantity, kind: str, value: float | int) -> bool:
    """Whether the quantity layer already gave the lower bound of the range ending in ``q``."""
    return any(
        x.kind == kind and x.value == value and q.start - 30 <= x.start < q.start for x in ctx.quantities
    )


def find_money(ctx: FactContext) -> Iterator[Fact]:
    """ "1.250 tỷ đồng" → Money(value=1250000000000, currency="VND"); every figure is its own fact.

    Both bounds of a range ("từ 1 triệu đến 5 triệu đồng" → 1000000 and 5000000); a figure restated
    (headline and body) is one fact.
    """
    found: list[Fact] = []
    for q in ctx.quantities:
        if q.kind == "money" and q.value is not None:
            cur = q.currency or "VND"
            found.append(
                _mk(Money, ctx, q.start, q.end, value=q.value, currency=cur, context=_context(ctx, q))
            )
            low = _range_low(ctx, q)
            if low is not None and not _has_bound(ctx, q, "money", low):
                m = _RANGE_LOW.search(ctx.text, max(0, q.start - 30), q.start, timeout=TIMEOUT)
                s = m.start("num") if m else q.start
                found.append(_mk(Money, ctx, s, q.end, value=low, currency=cur, context=_context(ctx, q)))
    yield from _one_per_statement(ctx, found, lambda f: (f.value, f.currency))  # type: ignore[attr-defined]


def find_percents(ctx: FactContext) -> Iterator[Fact]:
    """ "tăng 8,02%" → Percent(value=8.02); a figure restated (headline and body) is one fact."""
    found: list[Fact] = []
    for q in ctx.quantities:
        if q.kind == "percent" and q.value is not None:
            found.append(_mk(Percent, ctx, q.start, q.end, value=q.value, context=_context(ctx, q)))
            low = _range_low(ctx, q)
            if low is not None and not _has_bound(ctx, q, "percent", low):  # "25-80%": both bounds
                m = _RANGE_LOW.search(ctx.text, max(0, q.start - 30), q.start, timeout=TIMEOUT)
                s = m.start("num") if m else q.start
                found.append(_mk(Percent, ctx, s, q.end, value=low, context=_context(ctx, q)))
    yield from _one_per_statement(ctx, found, lambda f: f.value)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- legal_ref

_DOC_TYPES = (
    "Nghị quyết", "Chỉ thị", "Quyết định", "Nghị định", "Thông tư liên tịch", "Thông tư", "Luật", "Bộ luật",
    "Kết luận", "Kế hoạch", "Công điện", "Công văn", "Văn bản", "Biên bản", "Thông báo", "Hướng dẫn",
    "Pháp lệnh", "Hiến pháp", "Quy định", "Chương trình", "Tờ trình", "Đề án",
    "Hiệp định", "Hiệp ước", "Công ước", "Nghị định thư", "Quy chế", "Điều lệ", "Hiến chương",
)  # fmt: skip
# A lowercase word the text glued to a number's issuer code: "Thông tư 11/2021/TT-BGDĐTvề" ("QĐ-TTg" keeps its g).
_GLUED_WORD_AFTER_NUMBER = regex.compile(r"(?<=\p{Lu})\p{Ll}{2,}$")
_DT_ALT = "|".join(regex.escape(d).replace(r"\ ", " ") for d in sorted(_DOC_TYPES, key=len, reverse=True))
_NUMBER = r"\d+(?:[/-][\p{L}\d.&]++)+"
# "Nghị quyết số 12-NQ/TW", "Quyết định số 217", "nghị định 198", "văn bản hướng dẫn số 16"
# A capitalised document word the text glued to the word before: "kèm theoThông tư 10/2021/TT-BGDĐT".
_GLUED_BEFORE = r"(?:(?<![\p{L}\p{M}])|(?<=\p{Ll})(?=\p{Lu}))"
_LEGAL_NUM_RE = regex.compile(
    rf"{_GLUED_BEFORE}(?P<dt>(?i:{_DT_ALT}))(?: (?:hướng dẫn|hỏa tốc|khẩn)| \p{{Lu}}[^,;.()\n\d\"]{{1,60}}?(?= số))?"
    rf"(?: ?số)?[ ]?"
    rf"(?P<num>{_NUMBER}|\d{{1,4}}(?![\d/%]|[.,]\d|\s?(?:năm|tháng|ngày(?! \d)|người|tỷ|triệu|đồng)))"
)
# A document named by subject: "Luật Phòng chống bệnh truyền nhiễm 2007", "Chỉ thị về công tác …"
_LEGAL_SUBJ_RE = regex.compile(
    rf"(?<=[\p{{L}}\p{{M}}\d,;:] |^)(?P<dt>{_DT_ALT})(?P<rest> (?:về|của|Đại hội|Hội nghị|Trung ương|[\p{{Lu}}])"
    rf"(?:(?! và (?:{_DT_ALT}))(?:[^,;.()\n\"]|, (?=chống ))){{2,80}})"
)
_LAW_RE = regex.compile(
    _GLUED_BEFORE
    + r"(?P<dt>Bộ luật|Luật|Pháp lệnh|(?<!(?:Giám|Hội|Đoàn|Trường|Khoa|Viện|Đại học|ĐH) )(?:bộ )?luật(?= \p{Lu})|[Hh]iệp (?:định|ước)(?= \p{Lu}))(?P<rest> (?!(?:sư|phải|sẽ|đã|là|có|được|quy|này|mới|cũng|không|chuyên|nên|cần|cho|"
    r"năm|ban)(?![\p{L}\p{M}]))[\p{L}\p{M}](?:[^,;.()\n\"]|, (?=chống )){2,60})"
)
_MODAL_BEFORE = regex.compile(
    r"(?<![\p{L}\p{M}])(?:sẽ|chưa|phải|có thể|cần|nên|được|ngày|kể từ|khẩn trương|giao|yêu cầu|đề nghị|chờ|để|"
    r"không|nếu)"
    r"\s+(?:\S+\s+){0,2}$"
)
# "UBND tỉnh … ra quyết định", "có công văn", "theo quyết định ngày 19.12.2001 của Bộ GTVT"
_LEGAL_ACT_RE = regex.compile(
    r"(?<![\p{L}\p{M}])(?P<cue>(?:có|ra|ban hành|ký|gửi|theo|tại)) (?P<dt>văn bản|công văn|quyết định|công điện|"
    r"thông báo|nghị định|chỉ thị|Quyết định|Công văn|Công điện|Văn bản|Chỉ thị)"
    r"(?P<rest>(?: (?:hỏa tốc|khẩn|phê duyệt|xử phạt|bổ sung))?(?: (?:ngày|của|do|về|số|phê duyệt|yêu cầu|chỉ đạo)"
    r"(?![\p{L}\p{M}]))?)"
)
_COUNTRY_FIRST = regex.compile(
    r"(?:Việt Nam|VN|Mỹ|Hoa Kỳ|Anh|Pháp|Đức|Nga|Nhật|Trung Quốc|Hàn Quốc|quốc tế|EU|châu Âu)(?![\p{L}\p{M}])"
)
_YEAR_ONLY = regex.compile(r"^(?:19|20)\d\d$")
# Where a document's name ends: "Luật Tổ chức Quốc hội [thì …]", "Luật Giáo dục năm 2019 [quy định …]".
_LAW_NAME_END = regex.compile(
    r"(?P<year>\s(?:năm\s)?(?:19|20)\d\d(?!\d))|\s(?:thì|là|được|đã|sẽ|có|không|cũng|vừa|quy định|lần này|này|"
    r"đề cập|cho|nên|với|khi|để|từ|tại|theo|trong|hiện hành|mới|vẫn|chỉ|đang|phải|cần|nhưng|hay|hoặc|bị|nêu|ghi|"
    r"đó|trên|nói|nhằm|và(?= \p{Ll}))(?![\p{L}\p{M}])"
)
# "Công ty Luật TNHH X", "hãng Luật Y": a law firm, not a law.
_LAW_FIRM_RE = regex.compile(r"(?i:công ty|hãng|văn phòng|đoàn)\s*$|^\s*(?:TNHH|hợp danh)(?![\p{L}\p{M}])")
_LAW_YEAR = regex.compile(r"\s(?:năm\s)?(?:19|20)\d\d$")
# A lowercase document word naming one document by its issuer: "công điện của Ban chỉ đạo …".
_LEGAL_OF_RE = regex.compile(
    r"(?<![\p{L}\p{M}])(?P<dt>quyết định|công văn|công điện|thông báo|chỉ thị|nghị quyết|nghị định|thông tư)"
    r"(?: (?:hỏa tốc|khẩn))? (?:của|do) (?=\p{Lu})"
)
# A decision named by what it decides: "Quyết định giảm án cho …", "ra quyết định xử phạt …".
_DECISION_VERBS = _words(
    "phê duyệt|xử phạt|kỷ luật|giảm án|khởi tố|thành lập|công nhận|bổ nhiệm|thu hồi|cưỡng chế|đình chỉ|"
    "tạm đình chỉ|truy nã|miễn nhiệm|cách chức|giải thể|tặng|trục xuất|ân xá|đặc xá|tạm giữ|tạm giam"
)
_DECISION_ALT = "|".join(sorted(_DECISION_VERBS, key=len, reverse=True))
_DECISION_RE = regex.compile(
    rf"(?<=[\p{{Ll}}\p{{M}},] )(?:(?P<dt>Quyết định) (?:{_DECISION_ALT})|(?P<dt>Nghị quyết|Nghị định|Thông tư|Chỉ thị)"
    r" (?!(?:số|này|trên|đó|mới|của|về|được|đã|là|và|cũng|sẽ|có|thì|nêu|nói|đại hội|hội nghị)(?![\p{L}\p{M}]))(?=\p{Ll}))"
    r"[^,;.()\n\"]{0,40}"
)
_DECISION_AFTER_RE = regex.compile(rf"\s(?:{_DECISION_ALT})(?![\p{{L}}\p{{M}}])")
_DOC_BEFORE_RE = regex.compile(r"(?i:thông báo|công văn|văn bản|tờ trình)\s*$")
# Not one document: "các Công điện của Thủ tướng"; a title, not a law: "vở Luật đời", "phim Luật ngầm".
_NOT_ONE_DOC_BEFORE = regex.compile(
    r"(?<![\p{L}\p{M}])(?:các|những|nhiều|vở|phim|cuốn|tác phẩm|ca khúc|bài hát|truyện|tiểu thuyết|game)\s*$",
    regex.IGNORECASE,
)


def _law_name(rest: str) -> str:
    """ "Giáo dục năm 2019 thì không …" → "Giáo dục năm 2019" (where a document's name ends)."""
    m = _LAW_NAME_END.search(rest, timeout=TIMEOUT)
    if m is None:
        return rest
    return rest[: m.end()] if m.group("year") else rest[: m.start()]


def _doc_type(s: str) -> str:
    for d in _DOC_TYPES:
        if d.casefold() == s.casefold():
            return d
    return s


def _issuer_near(ctx: FactContext, start: int, end: int) -> str | None:
    """The body issuing a document: "… của Bộ GTVT", or the ORG subject before "ra quyết định"."""
    after = [x for x in ctx.within(ctx.entities, end, min(len(ctx.text), end + 40)) if x.label == "ORG"]
    if after and _ISSUER_LINK_RE.match(ctx.text[end : after[0].start] + " "):
        return str(after[0].text)
    s, _ = ctx.sentence_of(start)
    before = [x for x in ctx.within(ctx.entities, s, start) if x.label == "ORG"]
    return str(before[-1].text) if before else None


def _date_near(ctx: FactContext, start: int, end: int) -> str | None:
    """ "… ngày 14/5/2018" just after the reference, else a dated sentence opening ("Ngày 30/4, …")."""
    for d in ctx.within(ctx.dates, end, min(len(ctx.text), end + 30)):
        if d.grain in ("day", "datetime") and d.value:
            return d.value[:10]
    s, _ = ctx.sentence_of(start)
    for d in ctx.within(ctx.dates, s, start):
        if d.grain in ("day", "datetime") and d.value and d.start - s < 20:
            return d.value[:10]
    return None


def find_legal_refs(ctx: FactContext) -> Iterator[Fact]:
    """ "Nghị quyết số 12-NQ/TW" → LegalRef(doc_type="Nghị quyết", number="12-NQ/TW").

    Also "nghị định 198", documents named by subject ("Bộ luật Hình sự 2015" → number None) and
    documents an actor issues ("Ngày 30/4, UBND TP Yên Bái có văn bản hỏa tốc" → Văn bản, date).
    """
    text = ctx.text
    found: list[tuple[Fact, Any]] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in taken)

    for m in _finditer(_LEGAL_NUM_RE, text):
        num = _GLUED_WORD_AFTER_NUMBER.sub("", m.group("num")).rstrip(".-/")  # "…/TT-BGDĐTvề" glued
        bare = num.isdigit()
        if bare and any(q.start == m.start("num") and q.kind == "count" for q in ctx.quantities):
            continue  # "kế hoạch 12 chỉ tiêu"
        if bare and m.group("dt").casefold() in ("luật", "bộ luật") and m.group("dt")[0].islower():
            continue  # "quyết định kỷ luật 2 lãnh đạo"
        if bare and m.group("dt") == "quyết định" and " số" not in m.group() and len(num) <= 2:
            continue  # "Trí quyết định 1 mình đi xe máy về": the verb "decide"
        if bare and (
            _YEAR_ONLY.match(num)
            or (
                " số" not in m.group()
                and m.group("dt")[0].isupper()
                and _doc_type(m.group("dt")) in ("Kế hoạch", "Chương trình", "Luật")
            )
        ):
            continue  # "Luật 2015", "Kế hoạch 5 năm"
        s, e = m.start(), m.start("num") + len(num)
        issuer = _issuer_near(ctx, s, e)
        f = _mk(LegalRef, ctx, s, e, doc_type=_doc_type(m.group("dt")), number=num, issuer=issuer,
                date=_date_near(ctx, s, e))  # fmt: skip
        found.append((f, (f.doc_type, num)))
        taken.append((s, e))
    for rx in (_LAW_RE, _LEGAL_SUBJ_RE):
        for m in _finditer(rx, text):
            if not free(m.start(), m.end()):
                continue
            rest = m.group("rest").strip()
            dt_ = _doc_type(m.group("dt"))
            if m.group("dt")[0].islower() and _COUNTRY_FIRST.match(rest):
                continue  # "luật Việt Nam", "luật Mỹ": a country's law, no one document
            if dt_ in (
                "Kế hoạch",
                "Chương trình",
                "Quy định",
                "Thông báo",
                "Hướng dẫn",
                "Đề án",
                "Văn bản",
            ) and not (rest.startswith("về")):
                continue
            if dt_ in ("Kết luận", "Tờ trình", "Biên bản", "Công văn", "Công điện") and not rest.startswith(
                ("về", "của")
            ):
                continue
            if _DOC_BEFORE_RE.search(text, max(0, m.start() - 12), m.start(), timeout=TIMEOUT):
                continue  # "thông báo Kết luận của …": the notice is the document
            if _NOT_ONE_DOC_BEFORE.search(text, max(0, m.start() - 12), m.start(), timeout=TIMEOUT):
                continue
            if _LAW_FIRM_RE.search(
                text, max(0, m.start() - 12), m.start(), timeout=TIMEOUT
            ) or _LAW_FIRM_RE.match(m.group("rest")):
                continue
            rest = _law_name(rest)
            if len(rest) < 2:
                continue
            im = _CONGRESS_ISSUER_RE.match(rest)
            issuer = im.group(1).strip() if im else None
            e = m.start("rest") + m.group("rest").index(rest) + len(rest)
            f = _mk(LegalRef, ctx, m.start(), e, doc_type=dt_, number=None, issuer=issuer, date=None)
            found.append((f, (dt_, _key(_LAW_YEAR.sub("", rest).replace(",", ""))[:24])))
            taken.append((m.start(), e))
    for m in _finditer(_DECISION_RE, text):  # "kháng nghị hủy Quyết định giảm án cho …"
        if free(m.start(), m.end()):
            f = _mk(LegalRef, ctx, m.start(), m.end(), doc_type=m.group("dt"), number=None,
                    issuer=_issuer_near(ctx, m.start(), m.end()), date=_date_near(ctx, m.start(), m.end()))  # fmt: skip
            found.append((f, (m.group("dt"), m.start())))
            taken.append((m.start(), m.end()))
    for m in _finditer(_LEGAL_OF_RE, text):  # "công điện của Ban chỉ đạo …", "quyết định do … ban hành"
        role = _ROLE_RE.match(text, m.end(), min(len(text), m.end() + 40), timeout=TIMEOUT)
        org = _org_at(ctx, role.end() + 1 if role else m.end(), m.end() + 160)
        if org is None or org.label != "ORG" or not free(m.start(), m.end()):
            continue
        if _NOT_ONE_DOC_BEFORE.search(text, max(0, m.start() - 12), m.start(), timeout=TIMEOUT):
            continue  # "các công điện của Thủ tướng"
        if _MODAL_BEFORE.search(text[max(0, m.start() - 25) : m.start()]):
            continue
        f = _mk(LegalRef, ctx, m.start(), org.end, doc_type=_doc_type(m.group("dt")), number=None,
                issuer=org.text, date=_date_near(ctx, m.start(), org.end))  # fmt: skip
        found.append((f, (f.doc_type, m.start())))
        taken.append((m.start(), org.end))
    for m in _finditer(_LEGAL_ACT_RE, text):
        s = m.start("dt")
        if not free(s, m.end("dt")):
            continue
        if m.group("cue") in ("theo", "tại") and not m.group("rest").strip():
            continue  # "theo quyết định" alone: too vague
        if _MODAL_BEFORE.search(text[max(0, m.start() - 25) : m.start()]):
            continue  # "chưa có quyết định", "sẽ có văn bản": not a document that exists
        e = m.end()
        dt_ = _doc_type(m.group("dt"))
        issuer = _issuer_near(ctx, s, e)
        date = _date_near(ctx, s, e)
        decides = m.group("cue") in ("ra", "ban hành", "ký") and _DECISION_AFTER_RE.match(
            text, m.end("dt"), min(len(text), m.end("dt") + 20)
        )  # "hải quan … đã ra quyết định xử phạt …": one decision, whoever issued it
        if issuer is None and date is None and not decides:
            continue
        f = _mk(LegalRef, ctx, s, e, doc_type=dt_, number=None, issuer=issuer, date=date)
        found.append((f, (dt_, s)))
        taken.append((s, e))
    # "Quyết định 281/QĐ-TTg", later "Quyết định 281": one document
    full = {(k[0], str(k[1]).split("/")[0].split("-")[0]): k for _, k in found if "/" in str(k[1])}
    best: dict[Any, Fact] = {}
    for f, k in found:
        k = full.get(k, k)
        if k not in best or _evidence_order(ctx, f.start) < _evidence_order(ctx, best[k].start):
            best[k] = f
    yield from best.values()


# --------------------------------------------------------------------------- anniversary

_ANNIV_RE = regex.compile(
    r"(?<=kỷ niệm |Kỷ niệm |KỶ NIỆM |mừng |tròn )(?P<n>\d{1,4}) (?i:năm) (?P<occ>[^,;.\n()]{3,80})"
    r"|(?<![\p{L}\p{M}\d])(?P<n>\d{1,4}) năm (?P<occ>(?:(?i:ngày) )?(?:thành lập|truyền thống|giải phóng|chiến thắng|"
    r"tái lập|thống nhất|khởi nghĩa|Cách mạng|ngày sinh|ra đời|xây dựng và phát triển|hình thành)[^,;.\n]{0,60})"
)
# "'Đường lên đỉnh Olympia' tròn 5 năm": the occasion before (read backwards from "tròn"), nothing after.
_ANNIV_TRON_RE = regex.compile(
    r"(?<!(?i:cách đây|đã|vừa|được|mới)) tròn (?P<n>\d{1,4}) năm(?=\s*(?:[,.;!?\n]|$))"
)
_ANNIV_OCC_STOP = ",;.\n()"


def _anniversary_matches(text: str) -> list[tuple[int, int, int, str]]:
    """(start, end, years, occasion) of each anniversary phrase, in text order, not overlapping."""
    out = [(m.start(), m.end(), int(m.group("n")), m.group("occ")) for m in _finditer(_ANNIV_RE, text)]
    for m in _finditer(_ANNIV_TRON_RE, text):
        s = m.start()
        lo = max(0, s - 60)
        for stop in _ANNIV_OCC_STOP:  # the occasion runs back to the nearest stop character
            lo = max(lo, text.rfind(stop, lo, s) + 1)
        if s - lo >= 3:
            out.append((lo, m.end(), int(m.group("n")), text[lo:s]))
    out.sort()
    kept: list[tuple[int, int, int, str]] = []
    for x in out:
        if not kept or x[0] >= kept[-1][1]:
            kept.append(x)
    return kept


def find_anniversaries(ctx: FactContext) -> Iterator[Fact]:
    """ "25 năm ngày thành lập quận" → Anniversary(years=25, occasion="ngày thành lập quận")."""
    found = [
        _mk(Anniversary, ctx, s, e, years=n, occasion=occ.strip())
        for s, e, n, occ in _anniversary_matches(ctx.text)
    ]
    yield from _dedupe(ctx, found, lambda f: f.years)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- quote (reported, not scored)

_SAY = (
    r"khẳng định|cho biết|nói|nhấn mạnh|phát biểu|chia sẻ|cho rằng|đề nghị|yêu cầu|thông tin|bày tỏ|nhận định"
)
_SAY_RE = regex.compile(
    rf"(?P<verb>{_SAY})\s*[,:]\s*(?P<q>\"[^\"\n]{{5,400}}\"|[^\n]{{10,400}}?[.!?](?=\s|$))"
)


_SAY_AFTER_RE = regex.compile(rf"\s*(?P<verb>{_SAY})\s*[.!]")
_SPEAKER_BEFORE_RE = regex.compile(
    r"(?:,|\s-|\s–)\s*(?:(?:ông|bà|anh|chị|đồng chí|GS|TS|PGS)\.?\s+)?$", regex.IGNORECASE
)


def find_quotes(ctx: FactContext) -> Iterator[Fact]:
    """Reported speech, speaker before or after (reported, not scored).

    "đồng chí X khẳng định, công tác … nổi bật." → Quote(speaker="X", verb="khẳng định", text=…);
    ""Chúng tôi sẽ làm", ông X nói." → Quote(speaker="X", verb="nói", text="Chúng tôi sẽ làm").
    """
    out: list[Fact] = []
    for m in _finditer(_SAY_RE, ctx.text):
        s, _ = ctx.sentence_of(m.start())
        pers = [x for x in ctx.within(ctx.entities, s, m.start()) if x.label == "PER"]
        if not pers:
            continue
        q = m.group("q").strip().strip('"')
        out.append(
            _mk(Quote, ctx, pers[-1].start, m.end(), speaker=pers[-1].text, verb=m.group("verb"), text=q)
        )
    for per in ctx.entities:
        if per.label != "PER":
            continue
        after = _SAY_AFTER_RE.match(ctx.text, per.end, min(len(ctx.text), per.end + 30), timeout=TIMEOUT)
        if after is None:
            continue
        s, _ = ctx.sentence_of(per.start)
        lead = _SPEAKER_BEFORE_RE.search(ctx.text, s, per.start, timeout=TIMEOUT)
        if lead is None or lead.start() - s < 5:
            continue
        q = ctx.text[s : lead.start()].strip().strip('"').strip()
        if any(f.start <= per.start < f.end for f in out):
            continue
        out.append(_mk(Quote, ctx, s, after.end(), speaker=per.text, verb=after.group("verb"), text=q))
    yield from sorted(out, key=lambda f: f.start)


# --------------------------------------------------------------------------- entry


def context_from_doc(doc: Any) -> FactContext:
    """A :class:`FactContext` from a Doc processed by the earlier components."""
    ud = doc.user_data
    sentences = tuple(ud.get(KEY_SENTENCES, ()))
    blocks = (
        tuple((b.start_char, b.end_char, b.label_) for b in doc.spans["blocks"])
        if "blocks" in doc.spans
        else ()
    )
    return FactContext(
        text=doc_text(doc),
        sentences=sentences,
        blocks=blocks,
        entities=tuple(ud.get(KEY_ENTITIES, [])),
        dates=tuple(ud.get(KEY_DATES, [])),
        quantities=tuple(ud.get(KEY_QUANTITIES, [])),
        published=ud.get(KEY_PUBLISHED),
        doc=doc,
    )


def extract_facts(doc: Any, registry: FactRegistry | None = None) -> list[Fact]:
    """All facts of the processed ``doc`` (normalised offsets)."""
    return (registry or FactRegistry.builtin()).run(context_from_doc(doc))

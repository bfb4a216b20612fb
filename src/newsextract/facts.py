"""Facts: typed records built from the Doc's sentences, entities, dates and quantities.

Each fact type is a record class (``newsextract.records``) plus an extractor, a callable
that reads a :class:`FactContext` and yields records.  A :class:`FactRegistry` holds them;
users add their own types without editing the package::

    from newsextract.facts import FactRegistry
    from newsextract.records import Fact

    class Award(Fact, frozen=True, kw_only=True, tag="award"):
        key_fields = ("name",)
        name: str = ""

    def find_awards(ctx):
        for m in regex.finditer(r"Huân chương [\\p{Lu}][\\p{L} ]+", ctx.text):
            yield Award(start=m.start(), end=m.end(), evidence=m.group(), name=m.group())

    pipeline = Pipeline(facts=FactRegistry.default().with_type(Award, find_awards))

Entry points in the group ``newsextract_facts`` (``name = "module:register"``, where
``register(registry) -> registry``) are added by :meth:`FactRegistry.default`.

>>> [f.type_name for f in FactRegistry.default().types][:3]
['indicator', 'slogan', 'campaign']
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

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

__all__ = ["FactContext", "FactRegistry", "FactType", "extract_facts"]

log = logging.getLogger(__name__)
TIMEOUT = 2.0

Extractor = Callable[["FactContext"], Iterable[Fact]]


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

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """The sentence containing ``pos`` (or the whole text)."""
        for s, e in self.sentences:
            if s <= pos < e:
                return s, e
        return 0, len(self.text)

    def block_kind(self, pos: int) -> str:
        """The kind of block containing ``pos``."""
        for s, e, k in self.blocks:
            if s <= pos < e:
                return k
        return "paragraph"

    def within(self, items: Sequence[Any], start: int, end: int) -> list[Any]:
        """The items of ``items`` lying inside ``[start, end)``."""
        return [x for x in items if start <= x.start and x.end <= end]


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
                    ctx.doc.user_data.setdefault("newsextract.warnings", []).append(
                        f"facts.{t.type_name}: {type(exc).__name__}: {exc}"
                    )
        return sorted(out, key=lambda f: (f.start, f.end))


# --------------------------------------------------------------------------- helpers


def _finditer(pattern: regex.Pattern[str], text: str, pos: int = 0, endpos: int | None = None) -> list[Any]:
    try:
        return list(pattern.finditer(text, pos, len(text) if endpos is None else endpos, timeout=TIMEOUT))
    except TimeoutError:
        log.warning("fact pattern timed out")
        return []


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
    year = None
    for d in ctx.dates:
        if d.start >= pos:
            break
        if d.value and regex.match(r"^\d{4}", d.value) and d.grain in ("year", "day", "month", "quarter"):
            year = int(d.value[:4])
        elif d.value is None and ctx.published and d.text.casefold() in ("năm qua", "năm ngoái", "năm trước"):
            year = ctx.published.year - 1
    return year


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


_SCOPE_RE = regex.compile(r"^(?:cụ thể )?(?:về |của |thuộc |trong )?(?P<scope>[^;:.()]{3,120}?)(?=[;.:(]| đều| đạt| hoàn thành| vượt|$)")


def _scope(text: str, pos: int, end: int) -> str | None:
    m = _SCOPE_RE.match(text[pos:end].lstrip())
    if not m:
        return None
    scope = m.group("scope").strip(" ,")
    return scope or None


def find_indicators(ctx: FactContext) -> Iterator[Fact]:
    """"31/31 chỉ tiêu … đều đạt và vượt kế hoạch" → Indicator(achieved=31, total=31)."""
    found: list[Fact] = []
    for q in ctx.quantities:
        noun = (q.noun or "").casefold()
        if not noun.startswith(_TARGET_NOUNS):
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
            if not regex.search(r"(?:đạt|hoàn thành|vượt)[^,;.]{0,40}$", before, regex.IGNORECASE):
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
    r"(?P<kind>chủ đề|khẩu hiệu|phương châm|thông điệp)(?:[^\"\n]{0,60})$", regex.IGNORECASE
)
_CAMPAIGN_CUE = regex.compile(
    r"(?P<kind>cuộc vận động|phong trào|chương trình|chiến dịch)(?:[^\"\n,;.]{0,25})$", regex.IGNORECASE
)


def find_slogans(ctx: FactContext) -> Iterator[Fact]:
    """chủ đề công tác năm 2023 "Kỷ cương, …" → Slogan(text="Kỷ cương, …", year=2023)."""
    found = []
    for m in _finditer(_QUOTE_RE, ctx.text):
        before = ctx.text[max(0, m.start() - 80) : m.start()]
        cue = _SLOGAN_CUE.search(before)
        if not cue:
            continue
        kind = cue.group("kind").casefold()
        kind = "chủ đề năm" if kind == "chủ đề" else kind
        ym = regex.search(r"năm (\d{4})", cue.group())
        year = int(ym.group(1)) if ym else None
        s = m.start() - (len(before) - cue.start())
        found.append(_mk(Slogan, ctx, s, m.end(), text=m.group("q").strip(), year=year, kind=kind))
    yield from _dedupe(ctx, found, lambda f: _key(f.text))  # type: ignore[attr-defined]


def find_campaigns(ctx: FactContext) -> Iterator[Fact]:
    """cuộc vận động "Người Việt Nam ưu tiên dùng hàng Việt Nam" → Campaign(name=…)."""
    found = []
    for m in _finditer(_QUOTE_RE, ctx.text):
        before = ctx.text[max(0, m.start() - 50) : m.start()]
        cue = _CAMPAIGN_CUE.search(before)
        if not cue:
            continue
        s = m.start() - (len(before) - cue.start())
        found.append(_mk(Campaign, ctx, s, m.end(), name=m.group("q").strip(), kind=cue.group("kind").casefold()))
    yield from _dedupe(ctx, found, lambda f: _key(f.name))  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- meeting

_MEETING_RE = regex.compile(
    r"(?<![\p{L}\p{M}])(?P<kind>hội nghị|đại hội(?: đại biểu)?|kỳ họp|phiên họp|hội thảo|tọa đàm|họp báo|"
    r"buổi làm việc|lễ kỷ niệm|lễ khai mạc|lễ bế mạc|lễ công bố|lễ ra mắt|lễ phát động|lễ trao|lễ đón nhận|"
    r"lễ khởi công|lễ khánh thành|lễ ký kết|hội đàm|cuộc họp)(?![\p{L}\p{M}])",
    regex.IGNORECASE,
)


def find_meetings(ctx: FactContext) -> Iterator[Fact]:
    """"Ngày 4/1/2023, Ban Chấp hành … tổ chức hội nghị lần thứ 18" → Meeting(kind, ordinal, date)."""
    found = []
    for m in _finditer(_MEETING_RE, ctx.text):
        s, e = ctx.sentence_of(m.start())
        kind = _key(m.group("kind"))
        kind = "đại hội" if kind.startswith("đại hội") else kind
        ordinal = None
        for q in ctx.within(ctx.quantities, m.start(), min(e, m.end() + 40)):
            if q.kind == "ordinal" and q.start - m.end() <= 25 and isinstance(q.value, int):
                ordinal = q.value
                break
        day = None
        for d in ctx.within(ctx.dates, s, e):
            if d.grain in ("day", "datetime") and d.value:
                day = d.value[:10]
                break
        if ordinal is None and day is None:
            continue
        if day is None and ctx.block_kind(m.start()) != "paragraph":
            continue
        org_before = [x for x in ctx.within(ctx.entities, s, m.start()) if x.label == "ORG"]
        org_after = [x for x in ctx.within(ctx.entities, m.end(), e) if x.label == "ORG" and x.start - m.end() < 30]
        organizer = (org_before[-1] if org_before else org_after[0] if org_after else None)
        term = None
        for q in ctx.within(ctx.quantities, s, e):
            if q.kind == "term" and q.first_year and q.last_year:
                term = f"{q.first_year}-{q.last_year}"
                break
        found.append(
            _mk(Meeting, ctx, s, e, kind=kind, ordinal=ordinal, date=day,
                organizer=organizer.text if organizer else None, term=term)
        )  # fmt: skip
    yield from _dedupe(ctx, found, lambda f: (f.kind, f.ordinal, f.date))  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- person_role

_ROLES = (
    "Tổng Bí thư",
    "Phó Bí thư Thường trực",
    "Phó Bí thư",
    "Bí thư",
    "Chủ tịch nước",
    "Phó Chủ tịch nước",
    "Phó Chủ tịch Thường trực",
    "Phó Chủ tịch",
    "Chủ tịch",
    "Phó Thủ tướng",
    "Thủ tướng",
    "Thứ trưởng",
    "Bộ trưởng",
    "Phó Tổng Giám đốc",
    "Tổng Giám đốc",
    "Phó Giám đốc",
    "Giám đốc",
    "Phó Trưởng ban",
    "Trưởng ban",
    "Phó Trưởng phòng",
    "Trưởng phòng",
    "Phó Cục trưởng",
    "Cục trưởng",
    "Vụ trưởng",
    "Viện trưởng",
    "Phó Hiệu trưởng",
    "Hiệu trưởng",
    "Chánh án",
    "Phó Chánh án",
    "Chánh Văn phòng",
    "Chánh Thanh tra",
    "Tổng Thư ký",
    "Trưởng Công an",
    "Phó Trưởng Công an",
    "Chủ nhiệm",
    "Phó Chủ nhiệm",
    "Tư lệnh",
    "Chính ủy",
    "Đại tướng",
    "Thượng tướng",
    "Trung tướng",
    "Thiếu tướng",
    "Đại tá",
    "Thượng tá",
    "Trung tá",
    "Thiếu tá",
    "Đại úy",
    "Thượng úy",
    "Trung úy",
    "Thiếu úy",
    "Tổng thống",
    "Ngoại trưởng",
    "Đại sứ",
    "Người phát ngôn",
    "Trưởng đoàn",
    "Đội trưởng",
    "Trưởng khoa",
    "Thẩm phán",
    "Kiểm sát viên",
    "Điều tra viên",
    "Ủy viên",
    "Đại biểu",
)
_ROLE_ALT = "|".join(regex.escape(r).replace(r"\ ", " ") for r in sorted(_ROLES, key=len, reverse=True))
_ROLE_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?:(?:nguyên|tân) )?(?P<role>(?i:{_ROLE_ALT}))(?![\p{{L}}\p{{M}}])"
)


def _role_at(ctx: FactContext, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group("role"), m.start(), m.end()) for m in _finditer(_ROLE_RE, ctx.text, start, end)]


def _canon_role(role: str) -> str:
    for r in _ROLES:
        if r.casefold() == role.casefold():
            return role if role[0].isupper() else r
    return role


def find_person_roles(ctx: FactContext) -> Iterator[Fact]:
    """đồng chí Trần Thị Phương Hoa, Bí thư Quận uỷ Cầu Giấy → PersonRole(person, role, organization)."""
    found = []
    ents = ctx.entities
    for i, per in enumerate(ents):
        if per.label != "PER":
            continue
        s, e = ctx.sentence_of(per.start)
        # "PER, ROLE ORG" or "PER (ROLE ORG)"
        after = ctx.text[per.end : min(e, per.end + 80)]
        m = regex.match(r"^\s*[,(]\s*", after)
        role_hit = None
        if m:
            hits = _role_at(ctx, per.end + m.end(), min(e, per.end + 80))
            if hits and hits[0][1] == per.end + m.end():
                role_hit = hits[0]
        if role_hit is None:
            # "ROLE (ORG) PER": the role ends right before the name (or before an ORG that does)
            hits = _role_at(ctx, max(s, per.start - 120), per.start)
            for role, rs, re_ in reversed(hits):
                between = ctx.text[re_ : per.start]
                orgs = [x for x in ctx.within(ents, re_, per.start) if x.label == "ORG"]
                rest = between
                for o in orgs:
                    rest = rest.replace(o.text, "")
                if regex.fullmatch(r"[\s,]*(?:(?:tỉnh|thành phố|huyện|quận|xã|phường)[\s\p{L}]{0,30})?[\s,]*", rest):
                    role_hit = (role, rs, re_)
                break
        if role_hit is None:
            continue
        role, rs, re_ = role_hit
        org_ent = next(
            (x for x in ents if x.label in ("ORG", "LOC") and re_ <= x.start <= re_ + 2 and x.end <= e), None
        )
        organization = org_ent.text if org_ent else None
        ev_s = min(per.start, rs)
        ev_e = max(per.end, org_ent.end if org_ent else re_)
        found.append(
            _mk(PersonRole, ctx, ev_s, ev_e, person=per.text, role=_canon_role(role), organization=organization)
        )
    yield from _dedupe(ctx, found, lambda f: (_key(f.person), _key(f.role)))  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- count, money, percent

_COUNT_SKIP_NOUNS = ("năm", "tháng", "ngày", "tuần", "giờ", "phút", "lần", "tuổi", "%")
_PER_UNIT = regex.compile(r"^\s*(?:/|mỗi|một|cho mỗi|trên mỗi)\b")


def find_counts(ctx: FactContext) -> Iterator[Fact]:
    """"10 chương trình công tác của Thành ủy" → Count(value=10, noun="chương trình")."""
    indicators = list(find_indicators(ctx))
    inside = [(f.start, f.end) for f in indicators]
    stated = {(f.achieved, f.total) for f in indicators}  # type: ignore[attr-defined]
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
        noun = (q.noun or "").strip()
        if not noun or noun.casefold().startswith(_COUNT_SKIP_NOUNS):
            continue
        if any(s <= q.start and q.end <= e for s, e in inside):
            continue
        if _PER_UNIT.match(ctx.text[q.end : q.end + 12]):
            continue
        cs, ce = _clause(ctx, q.start, q.end)
        tail = ctx.text[q.end : min(ce, q.end + 60)]
        context = (noun + tail).split(";")[0].split(".")[0].strip(" ,")
        f = _mk(Count, ctx, q.start, q.end, value=value, noun=noun.casefold(), context=context or None)
        nxt = regex.match(r"\s*([\p{L}\p{M}]*)", tail)
        found.append((f, _key(noun + " " + (nxt.group(1) if nxt else ""))))
    # A figure restated with the same words is one fact.
    best: dict[tuple[int, str], Fact] = {}
    for f, k in found:
        key = (f.value, k)  # type: ignore[attr-defined]
        if key not in best or _evidence_order(ctx, f.start) < _evidence_order(ctx, best[key].start):
            best[key] = f
    yield from best.values()


def _context(ctx: FactContext, q: Quantity) -> str | None:
    s, _ = ctx.sentence_of(q.start)
    words = ctx.text[max(s, q.start - 80) : q.start].split()
    return " ".join(words[-6:]) or None


def find_money(ctx: FactContext) -> Iterator[Fact]:
    """"1.250 tỷ đồng" → Money(value=1250000000000, currency="VND"); every figure is its own fact."""
    for q in ctx.quantities:
        if q.kind == "money" and q.value is not None:
            yield _mk(Money, ctx, q.start, q.end, value=q.value, currency=q.currency or "VND", context=_context(ctx, q))


def find_percents(ctx: FactContext) -> Iterator[Fact]:
    """"tăng 8,02%" → Percent(value=8.02)."""
    for q in ctx.quantities:
        if q.kind == "percent" and q.value is not None:
            yield _mk(Percent, ctx, q.start, q.end, value=q.value, context=_context(ctx, q))


# --------------------------------------------------------------------------- legal_ref

_DOC_TYPES = (
    "Nghị quyết",
    "Chỉ thị",
    "Quyết định",
    "Nghị định",
    "Thông tư liên tịch",
    "Thông tư",
    "Luật",
    "Bộ luật",
    "Kết luận",
    "Kế hoạch",
    "Công điện",
    "Công văn",
    "Thông báo",
    "Hướng dẫn",
    "Pháp lệnh",
    "Hiến pháp",
    "Quy định",
    "Chương trình",
)
_DT_ALT = "|".join(regex.escape(d).replace(r"\ ", " ") for d in sorted(_DOC_TYPES, key=len, reverse=True))
_NUMBER = r"\d+(?:[/-][\p{L}\d.&]+)+(?:[/-][\p{L}\d]+)*"
_LEGAL_NUM_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?P<dt>(?i:{_DT_ALT}))(?: số)?[ ]?(?P<num>{_NUMBER})",
)
_LEGAL_SUBJ_RE = regex.compile(
    rf"(?<=[\p{{L}}\p{{M}},;:] )(?P<dt>{_DT_ALT})(?P<rest> (?:về|Đại hội|Hội nghị|Trung ương|[\p{{Lu}}])[^,;.()\n]{{3,80}})"
)


def _doc_type(s: str) -> str:
    for d in _DOC_TYPES:
        if d.casefold() == s.casefold():
            return d
    return s


def find_legal_refs(ctx: FactContext) -> Iterator[Fact]:
    """"Nghị quyết số 12-NQ/TW" → LegalRef(doc_type="Nghị quyết", number="12-NQ/TW")."""
    found = []
    taken: list[tuple[int, int]] = []
    for m in _finditer(_LEGAL_NUM_RE, ctx.text):
        num = m.group("num").rstrip(".-/")
        s, e = m.start(), m.start("num") + len(num)
        date = next(
            (d.value[:10] for d in ctx.within(ctx.dates, e, min(len(ctx.text), e + 30)) if d.grain == "day" and d.value),
            None,
        )
        found.append(_mk(LegalRef, ctx, s, e, doc_type=_doc_type(m.group("dt")), number=num, issuer=None, date=date))
        taken.append((s, e))
    for m in _finditer(_LEGAL_SUBJ_RE, ctx.text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        rest = m.group("rest").strip()
        dt_ = _doc_type(m.group("dt"))
        if dt_ in ("Kế hoạch", "Chương trình", "Quy định", "Thông báo", "Hướng dẫn") and not rest.startswith("về"):
            continue
        issuer = None
        im = regex.match(r"(?:của )?(Đại hội[^,;.()]*|Hội nghị[^,;.()]*)", rest)
        if im:
            issuer = im.group(1).strip()
        found.append(
            _mk(LegalRef, ctx, m.start(), m.end(), doc_type=dt_, number=None, issuer=issuer, date=None)
        )
    yield from _dedupe(
        ctx, found, lambda f: (f.doc_type, f.number or _key(f.evidence)[:40])  # type: ignore[attr-defined]
    )


# --------------------------------------------------------------------------- anniversary

_ANNIV_RE = regex.compile(
    r"(?<![\p{L}\p{M}\d])(?P<n>\d{1,4}) năm (?P<occ>(?:ngày )?(?:thành lập|truyền thống|giải phóng|chiến thắng|"
    r"tái lập|thống nhất|khởi nghĩa|Cách mạng|ngày sinh|ra đời|xây dựng và phát triển|hình thành)[^,;.\n]{0,60})"
)


def find_anniversaries(ctx: FactContext) -> Iterator[Fact]:
    """"25 năm ngày thành lập quận" → Anniversary(years=25, occasion="ngày thành lập quận")."""
    found = []
    for m in _finditer(_ANNIV_RE, ctx.text):
        found.append(
            _mk(Anniversary, ctx, m.start(), m.end(), years=int(m.group("n")), occasion=m.group("occ").strip())
        )
    yield from _dedupe(ctx, found, lambda f: f.years)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- quote (reported, not scored)

_SAY = r"khẳng định|cho biết|nói|nhấn mạnh|phát biểu|chia sẻ|cho rằng|đề nghị|yêu cầu|thông tin|bày tỏ|nhận định"
_SAY_RE = regex.compile(rf"(?P<verb>{_SAY})\s*[,:]\s*(?P<q>\"[^\"\n]{{5,400}}\"|[^\n]{{10,400}}?[.!?](?=\s|$))")


def find_quotes(ctx: FactContext) -> Iterator[Fact]:
    """"đồng chí X khẳng định, công tác … nổi bật." → Quote(speaker="X", verb="khẳng định", text=…)."""
    for m in _finditer(_SAY_RE, ctx.text):
        s, _ = ctx.sentence_of(m.start())
        pers = [x for x in ctx.within(ctx.entities, s, m.start()) if x.label == "PER"]
        if not pers:
            continue
        q = m.group("q").strip().strip('"')
        yield _mk(Quote, ctx, pers[-1].start, m.end(), speaker=pers[-1].text, verb=m.group("verb"), text=q)


# --------------------------------------------------------------------------- entry


def context_from_doc(doc: Any) -> FactContext:
    """A :class:`FactContext` from a Doc processed by the earlier components."""
    ud = doc.user_data
    sentences = tuple((s.start_char, s.end_char) for s in doc.sents) if doc.has_annotation("SENT_START") else ()
    blocks = tuple((b.start_char, b.end_char, b.label_) for b in doc.spans["blocks"]) if "blocks" in doc.spans else ()
    return FactContext(
        text=doc.text,
        sentences=sentences,
        blocks=blocks,
        entities=tuple(ud.get("newsextract.entities", [])),
        dates=tuple(ud.get("newsextract.dates", [])),
        quantities=tuple(ud.get("newsextract.quantities", [])),
        published=ud.get("newsextract.published"),
        doc=doc,
    )


def extract_facts(doc: Any, registry: FactRegistry | None = None) -> list[Fact]:
    """All facts of the processed ``doc`` (normalised offsets)."""
    return (registry or FactRegistry.builtin()).run(context_from_doc(doc))

"""Typed, frozen records of the result schema (one schema, see ``schema/result.schema.json``).

Every span record carries ``start``/``end`` into the caller's text and the ``text``
they select; records round-trip through JSON exactly with :func:`to_json` and
:func:`result_from_json`.

>>> e = Entity(start=0, end=7, text="Hà Nội", label="LOC")
>>> e.label
'LOC'
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal, Union

import msgspec

__all__ = [
    "BUILTIN_FACTS",
    "Anniversary",
    "Block",
    "Campaign",
    "Count",
    "DateSpan",
    "Entity",
    "ErrorInfo",
    "ErrorRecord",
    "Fact",
    "Indicator",
    "LegalRef",
    "Meeting",
    "Money",
    "Percent",
    "PersonRole",
    "Quantity",
    "Quote",
    "Result",
    "Sentence",
    "Slogan",
    "Token",
    "fact_union",
    "result_from_json",
    "result_schema",
    "to_json",
]

EntityLabel = Literal["PER", "ORG", "LOC", "DATE"]
Grain = Literal["day", "datetime", "week", "month", "quarter", "year", "range", "relative-unresolvable"]
Modifier = Literal["nearly", "over", "approx", "under", "at_most"]
BlockKind = Literal["headline", "paragraph", "subheading", "caption", "byline", "chrome", "related"]


class Span(msgspec.Struct, frozen=True, kw_only=True):
    """Base of every record anchored in the text: ``text[start:end] == self.text``."""

    start: int
    end: int
    text: str


class Entity(Span, frozen=True, kw_only=True):
    """A named entity: ``label`` is PER, ORG, LOC or DATE (guideline section 2)."""

    label: EntityLabel


class DateSpan(Span, frozen=True, kw_only=True):
    """A temporal expression with its normalised ``value`` (ISO 8601) and ``grain``.

    ``value`` is ``YYYY-MM-DD`` (day), ``YYYY-MM-DDTHH:MM`` (datetime), ``YYYY-Www``
    (week), ``YYYY-MM`` (month), ``YYYY-Qn`` (quarter), ``YYYY`` (year), ``A/B``
    (range, both ends included) or ``None`` (relative-unresolvable).  A day or
    month whose year is unknown is written ``--MM-DD`` / ``--MM``.
    """

    value: str | None
    grain: Grain


class Quantity(Span, frozen=True, kw_only=True, omit_defaults=True):
    """A numeric expression; ``kind`` says which of the optional fields are set.

    - ``count``: value, noun
    - ``ratio``: numerator, denominator, noun
    - ``percent``: value
    - ``money``: value (in currency units), currency
    - ``quantity``: value, unit
    - ``ordinal``: value
    - ``term``: first_year, last_year
    ``modifier`` is nearly / over / approx / under / at_most or None.
    """

    kind: Literal["count", "ratio", "percent", "money", "quantity", "ordinal", "term"]
    value: float | int | None = None
    noun: str | None = None
    numerator: int | None = None
    denominator: int | None = None
    currency: str | None = None
    unit: str | None = None
    first_year: int | None = None
    last_year: int | None = None
    modifier: Modifier | None = None


class Fact(msgspec.Struct, frozen=True, kw_only=True, tag_field="type"):
    """Base of fact records; subclasses set ``tag`` (the JSON ``type``) and fields.

    ``start``/``end`` is the evidence span and ``evidence`` its text (``text`` is
    left to the fact types whose guideline field is called so: slogan, quote).
    ``key_fields`` names the fields scored by the evaluator (guideline section 4).
    """

    key_fields: ClassVar[tuple[str, ...]] = ()
    start: int
    end: int
    evidence: str


class Indicator(Fact, frozen=True, kw_only=True, tag="indicator"):
    """ "31/31 chỉ tiêu … đều đạt và vượt kế hoạch" → achieved 31, total 31."""

    key_fields: ClassVar[tuple[str, ...]] = ("achieved", "total")
    achieved: int | None = None
    total: int | None = None
    outcome: Literal["met", "exceeded", "met_or_exceeded", "not_met", "unknown"] = "unknown"
    scope: str | None = None
    year: int | None = None


class Slogan(Fact, frozen=True, kw_only=True, tag="slogan"):
    """chủ đề công tác năm 2023 “Kỷ cương, …” → text without quotes, year 2023."""

    key_fields: ClassVar[tuple[str, ...]] = ("text", "year")
    text: str = ""
    year: int | None = None
    kind: str | None = None


class Campaign(Fact, frozen=True, kw_only=True, tag="campaign"):
    """cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” → name, kind."""

    key_fields: ClassVar[tuple[str, ...]] = ("name",)
    name: str = ""
    kind: str | None = None


class Meeting(Fact, frozen=True, kw_only=True, tag="meeting"):
    """ "Ngày 4/1/2023, … tổ chức hội nghị lần thứ 18" → kind, ordinal 18, date."""

    key_fields: ClassVar[tuple[str, ...]] = ("kind", "ordinal", "date")
    kind: str = ""
    ordinal: int | None = None
    date: str | None = None
    organizer: str | None = None
    term: str | None = None


class PersonRole(Fact, frozen=True, kw_only=True, tag="person_role"):
    """đồng chí Trần Thị Phương Hoa, Bí thư Quận uỷ Cầu Giấy → person, role, organization."""

    key_fields: ClassVar[tuple[str, ...]] = ("person", "role")
    person: str = ""
    role: str = ""
    organization: str | None = None


class Count(Fact, frozen=True, kw_only=True, tag="count"):
    """ "10 chương trình công tác của Thành ủy" → value 10, noun "chương trình"."""

    key_fields: ClassVar[tuple[str, ...]] = ("value", "noun")
    value: int = 0
    noun: str = ""
    context: str | None = None


class Money(Fact, frozen=True, kw_only=True, tag="money"):
    """ "1.250 tỷ đồng" → value 1250000000000, currency VND."""

    key_fields: ClassVar[tuple[str, ...]] = ("value", "currency")
    value: float | int = 0
    currency: str = "VND"
    context: str | None = None


class Percent(Fact, frozen=True, kw_only=True, tag="percent"):
    """ "tăng 8,02%" → value 8.02."""

    key_fields: ClassVar[tuple[str, ...]] = ("value",)
    value: float | int = 0
    context: str | None = None


class LegalRef(Fact, frozen=True, kw_only=True, tag="legal_ref"):
    """ "Nghị quyết số 12-NQ/TW" → doc_type Nghị quyết, number "12-NQ/TW"."""

    key_fields: ClassVar[tuple[str, ...]] = ("doc_type", "number")
    doc_type: str = ""
    number: str | None = None
    issuer: str | None = None
    date: str | None = None


class Anniversary(Fact, frozen=True, kw_only=True, tag="anniversary"):
    """ "25 năm ngày thành lập quận" → years 25."""

    key_fields: ClassVar[tuple[str, ...]] = ("years",)
    years: int = 0
    occasion: str | None = None


class Quote(Fact, frozen=True, kw_only=True, tag="quote"):
    """ "đồng chí X khẳng định, …" → speaker, verb, quoted text (reported, not scored)."""

    speaker: str | None = None
    verb: str | None = None
    text: str = ""


BUILTIN_FACTS: tuple[type[Fact], ...] = (
    Indicator,
    Slogan,
    Campaign,
    Meeting,
    PersonRole,
    Count,
    Money,
    Percent,
    LegalRef,
    Anniversary,
    Quote,
)


class Block(msgspec.Struct, frozen=True, kw_only=True):
    """A structural block of the article: headline, paragraph, caption, byline, chrome..."""

    start: int
    end: int
    kind: BlockKind


class Sentence(msgspec.Struct, frozen=True, kw_only=True):
    """A sentence: offsets into the caller's text."""

    start: int
    end: int


class Token(msgspec.Struct, frozen=True, kw_only=True, array_like=True):
    """A word (possibly several syllables): ``[start, end]`` in the caller's text."""

    start: int
    end: int


class Result(msgspec.Struct, frozen=True, kw_only=True):
    """Everything extracted from one article; offsets are into the caller's text."""

    id: str | None = None
    title: str | None = None
    published: str | None = None
    entities: list[Entity] = msgspec.field(default_factory=list)
    dates: list[DateSpan] = msgspec.field(default_factory=list)
    quantities: list[Quantity] = msgspec.field(default_factory=list)
    facts: list[Any] = msgspec.field(default_factory=list)
    warnings: list[str] = msgspec.field(default_factory=list)
    blocks: list[Block] = msgspec.field(default_factory=list)
    sentences: list[Sentence] = msgspec.field(default_factory=list)


class ErrorInfo(msgspec.Struct, frozen=True, kw_only=True):
    """Why an article produced no result: the failing ``stage``, exception ``type`` and message."""

    stage: str
    type: str
    message: str


class ErrorRecord(msgspec.Struct, frozen=True, kw_only=True):
    """The batch output line for an article that failed: ``{"id", "error": {...}}``."""

    id: str | None
    error: ErrorInfo


AnyRecord = Result | ErrorRecord


def fact_union(extra: tuple[type[Fact], ...] = ()) -> Any:
    """The tagged union of the built-in fact types and ``extra`` ones (for decoding)."""
    types = tuple(dict.fromkeys(BUILTIN_FACTS + extra))
    return Union[types]  # noqa: UP007 - a runtime union of classes


def to_json(record: Result | ErrorRecord) -> str:
    """One JSON line (no newline) for a result or an error record.

    >>> to_json(ErrorRecord(id="a1", error=ErrorInfo(stage="input", type="ValueError", message="trống")))
    '{"id":"a1","error":{"stage":"input","type":"ValueError","message":"trống"}}'
    """
    return msgspec.json.encode(record).decode("utf-8")


def result_from_json(data: str | bytes, *, fact_types: tuple[type[Fact], ...] = ()) -> Result:
    """Decode a JSON result line back into a :class:`Result` with typed facts.

    >>> r = Result(id="a1", entities=[Entity(start=0, end=6, text="Hà Nội", label="LOC")])
    >>> result_from_json(to_json(r)) == r
    True
    """
    raw = msgspec.json.decode(data, type=Result)
    facts = msgspec.convert(raw.facts, type=list[fact_union(fact_types)])  # type: ignore[misc]
    return msgspec.structs.replace(raw, facts=facts)


def result_schema() -> dict[str, Any]:
    """The JSON Schema of one output line (``schema/result.schema.json``)."""

    result_cls = msgspec.defstruct(
        "Result",
        [("facts", list[fact_union()], msgspec.field(default_factory=list))],  # type: ignore[misc]
        bases=(Result,),
        frozen=True,
        kw_only=True,
    )
    (result, error), defs = msgspec.json.schema_components(
        [result_cls, ErrorRecord], ref_template="#/$defs/{name}"
    )
    result = {"$ref": "#/$defs/Result"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "newsextract output line: a Result, or an ErrorRecord for an article that failed",
        "anyOf": [result, error],
        "$defs": defs,
    }

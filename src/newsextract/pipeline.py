"""The one pass per article: normalise → segment → Doc → dates, quantities, entities → facts → Result.

Every driver (CLI, batch, evaluate, show, Dask) calls :meth:`Pipeline.extract_article`;
none re-implements a stage.  Spans are found on the normalised text and mapped back
to the caller's text here, in one place.

>>> from newsextract.pipeline import Pipeline
>>> r = Pipeline().extract("Ngày 4/1/2023, Quận ủy Cầu Giấy tổ chức hội nghị.")  # doctest: +SKIP
>>> r.entities[0].text  # doctest: +SKIP
'Ngày 4/1/2023'
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from .io import Article

if TYPE_CHECKING:
    from .facts import FactRegistry
from .normalize import Normalized, normalize
from .records import (
    Block,
    DateSpan,
    Entity,
    ErrorInfo,
    ErrorRecord,
    Fact,
    Quantity,
    Result,
    Sentence,
)
from .segment import KEY_SENTENCES, warm_vocab

__all__ = ["DEFAULT_COMPONENTS", "Pipeline", "StageError", "default_pipeline", "extract"]

log = logging.getLogger(__name__)

DEFAULT_COMPONENTS: tuple[str, ...] = (
    "newsextract_dates",
    "newsextract_quantities",
    "newsextract_entities",
    "newsextract_facts",
)
MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
MAX_CHARS = 5_000_000

# Where components leave their char-level records on the Doc (normalised offsets).
KEY_DATES = "newsextract.dates"
KEY_QUANTITIES = "newsextract.quantities"
KEY_ENTITIES = "newsextract.entities"
KEY_FACTS = "newsextract.facts"
KEY_WARNINGS = "newsextract.warnings"
KEY_PUBLISHED = "newsextract.published"


class StageError(Exception):
    """An article failed in ``stage``; the batch writes it as an error record."""

    def __init__(self, stage: str, cause: BaseException) -> None:
        super().__init__(f"{stage}: {type(cause).__name__}: {cause}")
        self.stage = stage
        self.cause = cause

    def record(self, article_id: str | None) -> ErrorRecord:
        """The ``{"id", "error": {...}}`` line for this failure."""
        return ErrorRecord(
            id=article_id,
            error=ErrorInfo(stage=self.stage, type=type(self.cause).__name__, message=str(self.cause)),
        )


def parse_published(value: str | dt.date | None) -> dt.date | None:
    """An ISO date (``2023-01-05`` or a datetime string) as a date; ``ValueError`` otherwise.

    >>> parse_published("2023-01-05T08:00:00")
    datetime.date(2023, 1, 5)
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError as exc:
        raise ValueError(f"published must be an ISO date (YYYY-MM-DD), got {value!r}") from exc


class Pipeline:
    """The extraction pipeline; models load lazily on first use, once per instance.

    >>> p = Pipeline(components=())
    >>> p.extract("Hà Nội, ngày 4/1").blocks[0].kind  # doctest: +SKIP
    'paragraph'
    """

    def __init__(
        self,
        *,
        components: Sequence[str] = DEFAULT_COMPONENTS,
        models_dir: str | Path | None = None,
        use_ner_model: bool = True,
        facts: FactRegistry | None = None,
    ) -> None:
        self.components = tuple(components)
        self.models_dir = Path(models_dir) if models_dir else MODELS_DIR
        self.use_ner_model = use_ner_model
        self._facts = facts
        self._nlp: Any = None

    @property
    def facts(self) -> FactRegistry:
        """The fact types this pipeline extracts (default: built-ins and entry-point plugins)."""
        if self._facts is None:
            from .facts import FactRegistry

            self._facts = FactRegistry.default()
        return self._facts

    @property
    def nlp(self) -> Any:
        """The spaCy ``Language`` (built on first access)."""
        if self._nlp is None:
            self._nlp = self._build()
        return self._nlp

    def _build(self) -> Any:
        import spacy

        from . import components as _components  # registers the factories

        _ = _components
        nlp = spacy.blank(
            "vi", config={"nlp": {"tokenizer": {"@tokenizers": "newsextract.VietnameseTokenizer.v1"}}}
        )
        nlp.max_length = MAX_CHARS  # our own limit applies (spaCy's default is 1,000,000)
        for name in self.components:
            cfg: dict[str, Any] = {}
            if name == "newsextract_entities":
                cfg = {"models_dir": str(self.models_dir), "use_model": self.use_ner_model}
            nlp.add_pipe(name, config=cfg)
        if "newsextract_facts" in nlp.pipe_names:
            facts_component: Any = nlp.get_pipe("newsextract_facts")
            facts_component.registry = self.facts
        nlp.initialize()
        warm_vocab(nlp.vocab, self.models_dir / "vocab" / "frequent_tokens.txt")
        return nlp

    def make_doc(self, text: str, *, published: dt.date | None = None) -> Any:
        """Run the spaCy pipeline on an already normalised ``text``."""
        doc = self.nlp.make_doc(text)
        doc.user_data[KEY_PUBLISHED] = published
        doc.user_data[KEY_WARNINGS] = []
        for _name, proc in self.nlp.pipeline:
            doc = proc(doc)
        return doc

    def extract(
        self,
        text: str,
        *,
        published: str | dt.date | None = None,
        title: str | None = None,
        id: str | None = None,
    ) -> Result:
        """Extract everything from one article; offsets are into ``text`` as given.

        Raises :class:`StageError` naming the stage that failed.
        """
        if not isinstance(text, str):
            raise StageError("input", TypeError(f"text must be str, not {type(text).__name__}"))
        if len(text) > MAX_CHARS:
            raise StageError("input", ValueError(f"text has {len(text)} characters (limit {MAX_CHARS})"))
        try:
            pub = parse_published(published)
        except ValueError as exc:
            raise StageError("input", exc) from exc
        try:
            norm = normalize(text)
        except Exception as exc:
            raise StageError("normalize", exc) from exc
        # Strings and lexemes the article adds to the vocabulary are freed when the zone closes:
        # a long batch run keeps a flat memory (the Doc does not outlive this call).
        with self.nlp.memory_zone():
            try:
                doc = self.make_doc(norm.text, published=pub)
            except StageError:
                raise
            except Exception as exc:
                raise StageError("pipeline", exc) from exc
            try:
                return self._result(doc, norm, published=pub, title=title, id=id)
            except Exception as exc:
                raise StageError("serialise", exc) from exc

    def extract_article(self, article: Article) -> Result:
        """:meth:`extract` for an :class:`~newsextract.io.Article`."""
        return self.extract(article.text, published=article.published, title=article.title, id=article.id)

    def pipe(self, articles: Iterable[Article]) -> Iterator[Result | ErrorRecord]:
        """Results in input order; an article that fails yields its :class:`ErrorRecord`."""
        for a in articles:
            try:
                yield self.extract_article(a)
            except StageError as exc:
                log.warning("article %s failed: %s", a.id, exc)
                yield exc.record(a.id)

    @staticmethod
    def _result(
        doc: Any, norm: Normalized, *, published: dt.date | None, title: str | None, id: str | None
    ) -> Result:
        original = norm.original

        def span(s: int, e: int) -> tuple[int, int, str]:
            a, b = norm.span_to_original(s, e)
            return a, b, original[a:b]

        def remap(rec: Any) -> Any:
            a, b, t = span(rec.start, rec.end)
            if isinstance(rec, Fact):
                return msgspec.structs.replace(rec, start=a, end=b, evidence=t)
            return msgspec.structs.replace(rec, start=a, end=b, text=t)

        ud = doc.user_data
        blocks = []
        headline = None
        for sp in doc.spans.get("blocks", []):
            a, b, t = span(sp.start_char, sp.end_char)
            blocks.append(Block(start=a, end=b, kind=sp.label_))
            if sp.label_ == "headline" and headline is None:
                headline = t.strip()
        sentences = []
        text = norm.text  # == doc.text, which would rebuild the text from every token
        for s, e in ud.get(KEY_SENTENCES, []):
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                a, b, _ = span(s, e)
                sentences.append(Sentence(start=a, end=b))
        entities: list[Entity] = [remap(e) for e in ud.get(KEY_ENTITIES, [])]
        dates: list[DateSpan] = [remap(d) for d in ud.get(KEY_DATES, [])]
        quantities: list[Quantity] = [remap(q) for q in ud.get(KEY_QUANTITIES, [])]
        facts: list[Fact] = [remap(f) for f in ud.get(KEY_FACTS, [])]
        return Result(
            id=id,
            title=title if title is not None else headline,
            published=published.isoformat() if published else None,
            entities=entities,
            dates=dates,
            quantities=quantities,
            facts=facts,
            warnings=list(ud.get(KEY_WARNINGS, [])),
            blocks=blocks,
            sentences=sentences,
        )


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The shared default :class:`Pipeline` (created on first call, never at import)."""
    return Pipeline()


def extract(
    text: str, *, published: str | dt.date | None = None, title: str | None = None, id: str | None = None
) -> Result:
    """Extract entities, dates, quantities and facts from one Vietnamese news article.

    >>> r = extract("Ngày 4/1/2023, Quận ủy Cầu Giấy tổ chức hội nghị lần thứ 18.")  # doctest: +SKIP
    >>> [(e.text, e.label) for e in r.entities]  # doctest: +SKIP
    [('Ngày 4/1/2023', 'DATE'), ('Quận ủy Cầu Giấy', 'ORG')]
    """
    return default_pipeline().extract(text, published=published, title=title, id=id)

"""spaCy pipeline components: thin wrappers that run each stage on the Doc.

Each component reads what the previous ones left on the Doc and adds its own
records (normalised offsets) to ``doc.user_data`` and a span group for display:
``doc.spans["dates"]``, ``doc.spans["quantities"]``, ``doc.ents``.  Factories are
registered on import of this module and through the ``spacy_factories`` entry points.

>>> import spacy  # doctest: +SKIP
>>> nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "newsextract.VietnameseTokenizer.v1"}}})  # doctest: +SKIP
>>> nlp.add_pipe("newsextract_dates")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .pipeline import KEY_DATES, KEY_ENTITIES, KEY_FACTS, KEY_PUBLISHED, KEY_QUANTITIES
from .segment import doc_text

__all__ = ["DateComponent", "EntityComponent", "FactComponent", "QuantityComponent"]

log = logging.getLogger(__name__)


def _spans(doc: Doc, records: Iterable[Any], label_attr: str) -> list[Span]:
    out = []
    for r in records:
        sp = doc.char_span(r.start, r.end, label=str(getattr(r, label_attr)), alignment_mode="expand")
        if sp is not None:
            out.append(sp)
    return out


class DateComponent:
    """Finds temporal expressions (``doc.spans["dates"]``, label = grain)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from .dates import find_dates

        published: dt.date | None = doc.user_data.get(KEY_PUBLISHED)
        dates = find_dates(doc_text(doc), published=published)
        doc.user_data[KEY_DATES] = dates
        doc.spans["dates"] = _spans(doc, dates, "grain")
        return doc


class QuantityComponent:
    """Finds numbers with their kind (``doc.spans["quantities"]``, label = kind)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from .quantities import find_quantities

        qs = find_quantities(doc_text(doc))
        doc.user_data[KEY_QUANTITIES] = qs
        doc.spans["quantities"] = _spans(doc, qs, "kind")
        return doc


class EntityComponent:
    """PER/ORG/LOC from rules, gazetteers and the trained model, plus DATE from the dates."""

    def __init__(self, nlp: Language, name: str, *, models_dir: str, use_model: bool) -> None:
        from .entities import EntityRecognizer

        self.name = name
        self.recognizer = EntityRecognizer(models_dir=models_dir, use_model=use_model)

    def __call__(self, doc: Doc) -> Doc:
        ents = self.recognizer(doc, doc.user_data.get(KEY_DATES, []))
        doc.user_data[KEY_ENTITIES] = ents
        spans = []
        taken: set[int] = set()
        for sp in _spans(doc, ents, "label"):
            idx = set(range(sp.start, sp.end))
            if idx & taken:
                continue
            taken |= idx
            spans.append(sp)
        doc.set_ents(spans, default="outside")
        return doc


class FactComponent:
    """Builds typed fact records from the Doc, entities, dates and quantities."""

    def __init__(self, nlp: Language, name: str) -> None:
        from .facts import FactRegistry

        self.name = name
        self.registry: FactRegistry = FactRegistry.default()

    def __call__(self, doc: Doc) -> Doc:
        from .facts import extract_facts

        doc.user_data[KEY_FACTS] = extract_facts(doc, self.registry)
        return doc


@Language.factory("newsextract_dates")
def make_dates(nlp: Language, name: str) -> DateComponent:
    """Factory of :class:`DateComponent`."""
    return DateComponent(nlp, name)


@Language.factory("newsextract_quantities")
def make_quantities(nlp: Language, name: str) -> QuantityComponent:
    """Factory of :class:`QuantityComponent`."""
    return QuantityComponent(nlp, name)


@Language.factory("newsextract_entities", default_config={"models_dir": "", "use_model": True})
def make_entities(nlp: Language, name: str, *, models_dir: str, use_model: bool) -> EntityComponent:
    """Factory of :class:`EntityComponent` (``models_dir`` holds gazetteers and the NER model)."""
    return EntityComponent(nlp, name, models_dir=models_dir, use_model=use_model)


@Language.factory("newsextract_facts")
def make_facts(nlp: Language, name: str) -> FactComponent:
    """Factory of :class:`FactComponent`."""
    return FactComponent(nlp, name)

"""newsextract: structured, typed data from Vietnamese news articles, offline.

>>> import newsextract
>>> r = newsextract.extract("Ngày 4/1/2023, Quận ủy Cầu Giấy tổ chức hội nghị.")  # doctest: +SKIP
>>> [(e.text, e.label) for e in r.entities]  # doctest: +SKIP
[('Ngày 4/1/2023', 'DATE'), ('Quận ủy Cầu Giấy', 'ORG')]

Importing the package loads no model: the pipeline is built on first use.
"""

from __future__ import annotations

from .io import Article
from .pipeline import Pipeline, StageError, extract
from .records import (
    DateSpan,
    Entity,
    ErrorRecord,
    Fact,
    Quantity,
    Result,
    result_from_json,
    to_json,
)

__all__ = [
    "Article",
    "DateSpan",
    "Entity",
    "ErrorRecord",
    "Fact",
    "Pipeline",
    "Quantity",
    "Result",
    "StageError",
    "__version__",
    "extract",
    "result_from_json",
    "to_json",
]

__version__ = "0.1.0"

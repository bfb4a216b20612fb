"""Distributed extraction on Dask: a ``dask.bag`` of articles, or a Dask DataFrame partition.

Each worker process builds the pipeline once (a per-process cache keyed by the
factory), whatever the number of tasks it runs.  Articles may be
:class:`~newsextract.io.Article`, mappings ``{"id", "text", ...}`` or JSON-line strings.

>>> import dask.bag as db  # doctest: +SKIP
>>> bag = db.from_sequence([{"id": "a1", "text": "Hà Nội mưa to."}], npartitions=1)  # doctest: +SKIP
>>> extract_bag(bag).compute()[0]["id"]  # doctest: +SKIP
'a1'
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import threading
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

import msgspec

from .batch import BatchOptions, PipelineFactory, PipelineLike, _load, _resolve_factory, extract_item
from .io import Article, InputError, RawHtml, article_from_json, article_from_mapping

if TYPE_CHECKING:
    import pandas as pd
    from dask.bag import Bag
    from dask.dataframe import DataFrame

__all__ = [
    "PARTITION_COLUMNS",
    "extract_bag",
    "extract_dataframe",
    "extract_partition",
    "partition_meta",
    "pipeline_loads",
    "worker_pipeline",
]

log = logging.getLogger(__name__)

PARTITION_COLUMNS: tuple[str, ...] = (
    "id",
    "ok",
    "error_stage",
    "error_type",
    "error_message",
    "n_entities",
    "n_dates",
    "n_quantities",
    "n_facts",
    "result",
)

_CACHE: dict[str, PipelineLike] = {}
_LOADS: dict[str, int] = {}
_LOCK = threading.Lock()


def _factory_key(factory: PipelineFactory) -> str:
    try:
        import cloudpickle

        data = cloudpickle.dumps(factory)
    except Exception:
        data = pickle.dumps(factory)
    return hashlib.sha1(data).hexdigest()


def _factory(pipeline_factory: PipelineFactory | None, use_model: bool) -> PipelineFactory:
    return _resolve_factory(BatchOptions(inputs=[], pipeline_factory=pipeline_factory, use_model=use_model))


def worker_pipeline(factory: PipelineFactory, key: str | None = None) -> PipelineLike:
    """This process's pipeline for ``factory``, built on first use and then reused."""
    key = key or _factory_key(factory)
    with _LOCK:  # threads of one worker share the pipeline and build it once
        pipeline = _CACHE.get(key)
        if pipeline is None:
            log.info("loading the pipeline in process %d", os.getpid())
            pipeline = _CACHE[key] = _load(factory)
            _LOADS[key] = _LOADS.get(key, 0) + 1
    return pipeline


def pipeline_loads() -> int:
    """How many pipelines this process has built (1 per factory on a warm worker)."""
    return sum(_LOADS.values())


def _fallback_id(obj: Any) -> str:
    """A stable id for an item without one: a hash of its content."""
    if isinstance(obj, Mapping):
        obj = obj.get("text")
    data = obj if isinstance(obj, bytes) else str(obj).encode("utf-8", "surrogatepass")
    return "sha1:" + hashlib.sha1(data).hexdigest()[:12]


def _as_item(obj: Any) -> Article | RawHtml | InputError:
    if isinstance(obj, Article | RawHtml | InputError):
        return obj
    fallback = _fallback_id(obj)
    try:
        if isinstance(obj, bytes | str):
            return article_from_json(obj, fallback_id=fallback)
        if isinstance(obj, Mapping):
            return article_from_mapping(obj, fallback_id=fallback)
    except InputError as exc:
        return exc
    return InputError(f"not an article: {type(obj).__name__}", id=fallback, stage="parse", type="TypeError")


def _extract_records(items: Iterable[Any], factory: PipelineFactory, key: str, as_json: bool) -> list[Any]:
    pipeline = worker_pipeline(factory, key)
    out: list[Any] = []
    for obj in items:
        line, _chars, _stage = extract_item(pipeline, _as_item(obj))
        out.append(line.decode() if as_json else msgspec.json.decode(line))
    return out


def extract_bag(
    bag: Bag,
    *,
    pipeline_factory: PipelineFactory | None = None,
    use_model: bool = True,
    as_json: bool = False,
) -> Bag:
    """A bag of output records (dicts, or JSON strings with ``as_json``), one per article, in order.

    Items are articles, mappings or JSON lines, e.g. ``db.read_text("bai/*.jsonl")``; an
    item without an id gets ``sha1:`` and a hash of its text (stable across runs).
    A failed article is ``{"id", "error": {"stage", "type", "message"}}``.

    >>> out = extract_bag(db.read_text("bai_bao/*.jsonl"), as_json=True)  # doctest: +SKIP
    >>> out.to_textfiles("ket_qua/*.jsonl")  # doctest: +SKIP
    """
    factory = _factory(pipeline_factory, use_model)
    key = _factory_key(factory)
    b: Any = bag
    return cast("Bag", b.map_partitions(_extract_records, factory, key, as_json))


def _column(df: pd.DataFrame, name: str | None) -> list[Any]:
    if name is None or name not in df.columns:
        return [None] * len(df)
    import pandas as pd

    return [None if v is None or (not isinstance(v, str) and pd.isna(v)) else v for v in df[name].tolist()]


def extract_partition(
    df: pd.DataFrame,
    *,
    text_column: str = "text",
    id_column: str | None = "id",
    published_column: str | None = "published",
    title_column: str | None = "title",
    pipeline_factory: PipelineFactory | None = None,
    use_model: bool = True,
    cache_key: str | None = None,
) -> pd.DataFrame:
    """Extract one partition (a pandas DataFrame) into the :data:`PARTITION_COLUMNS` frame.

    ``result`` is the full output record as a JSON string; the row index is kept.
    ``cache_key`` identifies the factory in the per-process cache (default: its pickle hash).

    >>> ddf.map_partitions(extract_partition, meta=partition_meta())  # doctest: +SKIP
    """
    import pandas as pd

    factory = _factory(pipeline_factory, use_model)
    pipeline = worker_pipeline(factory, cache_key)
    rows: dict[str, list[Any]] = {c: [] for c in PARTITION_COLUMNS}
    texts = _column(df, text_column)
    ids = _column(df, id_column)
    pubs = _column(df, published_column)
    titles = _column(df, title_column)
    for n, (text, aid, pub, title) in enumerate(zip(texts, ids, pubs, titles, strict=True)):
        rid = str(aid) if aid is not None else f"row:{df.index[n]}"
        item: Article | InputError
        if isinstance(text, str):
            item = Article(
                id=rid,
                text=text,
                published=str(pub) if pub is not None else None,
                title=str(title) if title is not None else None,
            )
        else:
            item = InputError(f"{text_column} is not a string", id=rid, stage="parse", type="MissingText")
        line, _chars, stage = extract_item(pipeline, item)
        rec = msgspec.json.decode(line)
        err = rec.get("error")
        rows["id"].append(rid)
        rows["ok"].append(stage is None)
        rows["error_stage"].append(err["stage"] if err else None)
        rows["error_type"].append(err["type"] if err else None)
        rows["error_message"].append(err["message"] if err else None)
        for k in ("entities", "dates", "quantities", "facts"):
            rows[f"n_{k}"].append(len(rec.get(k) or ()))
        rows["result"].append(line.decode())
    dtypes = partition_meta().dtypes
    return pd.DataFrame({c: pd.Series(rows[c], index=df.index, dtype=dtypes[c]) for c in PARTITION_COLUMNS})


def partition_meta() -> pd.DataFrame:
    """The empty frame describing :func:`extract_partition`'s output (Dask ``meta``)."""
    import pandas as pd

    return pd.DataFrame(
        {
            "id": pd.Series([], dtype=object),
            "ok": pd.Series([], dtype=bool),
            "error_stage": pd.Series([], dtype=object),
            "error_type": pd.Series([], dtype=object),
            "error_message": pd.Series([], dtype=object),
            "n_entities": pd.Series([], dtype="int64"),
            "n_dates": pd.Series([], dtype="int64"),
            "n_quantities": pd.Series([], dtype="int64"),
            "n_facts": pd.Series([], dtype="int64"),
            "result": pd.Series([], dtype=object),
        }
    )


def extract_dataframe(
    ddf: DataFrame,
    *,
    text_column: str = "text",
    id_column: str | None = "id",
    published_column: str | None = "published",
    title_column: str | None = "title",
    pipeline_factory: PipelineFactory | None = None,
    use_model: bool = True,
) -> DataFrame:
    """:func:`extract_partition` over every partition of a Dask DataFrame.

    >>> extract_dataframe(dd.read_parquet("bai_bao.parquet")).to_parquet("ket_qua/")  # doctest: +SKIP
    """
    factory = _factory(pipeline_factory, use_model)
    fn = functools.partial(
        extract_partition,
        text_column=text_column,
        id_column=id_column,
        published_column=published_column,
        title_column=title_column,
        pipeline_factory=factory,
        cache_key=_factory_key(factory),
    )
    d: Any = ddf
    return cast("DataFrame", d.map_partitions(fn, meta=partition_meta()))

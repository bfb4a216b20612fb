"""Batch extraction: many articles in, one JSON line (or Parquet rows) per article out, in input order.

Worker processes each build the pipeline once; the parent reads the inputs, hands out
chunks, and is the only writer.  Nothing is lost: every input record yields exactly one
output line, the result or ``{"id", "error": {"stage", "type", "message"}}``.  Each line
is written with a single ``os.write`` on an ``O_APPEND`` descriptor, so ``resume=True``
continues an interrupted run (``kill -9`` included): the complete lines are counted, a
torn last line is cut away, and that many input records are skipped.

>>> opts = BatchOptions(inputs=["bai_bao.jsonl"], output="ket_qua.jsonl", jobs=2)
>>> opts.format
'jsonl'
"""

from __future__ import annotations

import functools
import importlib
import itertools
import logging
import os
import pickle
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, Protocol, TypeAlias

import msgspec

from .io import Article, InputError, RawHtml, expand_inputs, iter_files, resolve
from .records import ErrorInfo, ErrorRecord, Result

__all__ = [
    "PIPELINE_ENV",
    "BatchOptions",
    "BatchSummary",
    "PipelineLoadError",
    "default_jobs",
    "extract_item",
    "run_batch",
    "scan_output",
    "write_parquet",
]

log = logging.getLogger(__name__)

PIPELINE_ENV = "NEWSEXTRACT_PIPELINE"
"""Environment variable naming a pipeline factory as ``module:callable`` (used when none is given)."""

PARQUET_STAGING = "records.jsonl"
_WARM_UP_TEXT = "Ngày 4/1/2023, Quận ủy Cầu Giấy tổ chức hội nghị lần thứ 18."
Item: TypeAlias = "Article | RawHtml | InputError"


class PipelineLike(Protocol):
    """What the batch needs of a pipeline: :meth:`Pipeline.extract_article`."""

    def extract_article(self, article: Article) -> Result: ...


PipelineFactory = Callable[[], PipelineLike]


class PipelineLoadError(RuntimeError):
    """The pipeline could not be built (in a worker or in process)."""


def default_jobs() -> int:
    """The number of usable cores (``len(os.sched_getaffinity(0))`` where available)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


@dataclass
class BatchOptions:
    """What to read, where to write, and how.

    ``pipeline_factory`` builds the pipeline (once per worker); it must be picklable (a
    top-level callable or a ``functools.partial``) when ``jobs > 1``.  Default: the
    ``NEWSEXTRACT_PIPELINE`` environment variable (``module:callable``) if set, else
    ``Pipeline(use_ner_model=use_model)``.
    """

    inputs: list[str]
    output: str = "-"
    glob: str = "*"
    jobs: int | None = None
    resume: bool = False
    format: Literal["jsonl", "parquet"] | str = "jsonl"
    use_model: bool = True
    progress: Literal["auto", "always", "never"] | str = "auto"
    pipeline_factory: PipelineFactory | None = None
    chunk_size: int = 8
    chunk_chars: int = 200_000
    fsync_every: int = 1000
    mp_context: str = "spawn"
    stdin: IO[bytes] | None = None


@dataclass
class BatchSummary:
    """The outcome of :func:`run_batch`; ``usage_error`` is set when nothing could run."""

    output: str = "-"
    format: str = "jsonl"
    jobs: int = 1
    total: int = 0
    written: int = 0
    resumed: int = 0
    errors: int = 0
    errors_by_stage: Counter[str] = field(default_factory=Counter)
    chars: int = 0
    startup_seconds: float = 0.0
    elapsed: float = 0.0
    worker_restarts: int = 0
    usage_error: str | None = None

    @property
    def articles_per_second(self) -> float:
        """Articles written by this run per second of processing (startup excluded)."""
        return self.written / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def chars_per_second(self) -> float:
        """Characters of article text per second of processing."""
        return self.chars / self.elapsed if self.elapsed > 0 else 0.0

    def describe(self) -> str:
        """One human line, e.g. ``5000 articles (4990 ok, 10 errors: parse 7, input 3) in 12.0s``."""
        if self.usage_error:
            return f"error: {self.usage_error}"
        ok = self.total - self.errors
        err = f"{self.errors} errors"
        if self.errors_by_stage:
            err += ": " + ", ".join(f"{k} {v}" for k, v in sorted(self.errors_by_stage.items()))
        resumed = f", {self.resumed} kept from the previous run" if self.resumed else ""
        return (
            f"{self.total} articles ({ok} ok, {err}){resumed}; this run {self.written} in "
            f"{self.elapsed:.1f}s ({self.articles_per_second:.1f} articles/s, "
            f"{self.chars_per_second:,.0f} chars/s, {self.jobs} worker{'s' if self.jobs != 1 else ''}, "
            f"startup {self.startup_seconds:.1f}s) -> {self.output}"
        )


# --------------------------------------------------------------------------- one article

_ENCODER = msgspec.json.Encoder()


def _error_line(aid: str | None, stage: str, type_: str, message: str) -> bytes:
    return _ENCODER.encode(ErrorRecord(id=aid, error=ErrorInfo(stage=stage, type=type_, message=message)))


def extract_item(pipeline: PipelineLike, item: Item) -> tuple[bytes, int, str | None]:
    """``(json_line, characters, error_stage)`` for one input item; never raises.

    >>> from newsextract.io import Article
    >>> extract_item(None, Article(id="a", text="  "))[0]  # type: ignore[arg-type]
    b'{"id":"a","error":{"stage":"input","type":"EmptyText","message":"article text is empty"}}'
    """
    from .pipeline import StageError

    art = resolve(item)
    if isinstance(art, InputError):
        return _error_line(art.id, art.stage, art.type, str(art)), 0, art.stage
    if not art.text.strip():
        return _error_line(art.id, "input", "EmptyText", "article text is empty"), 0, "input"
    try:
        result = pipeline.extract_article(art)
    except StageError as exc:
        log.warning("article %s failed: %s", art.id, exc)
        return _ENCODER.encode(exc.record(art.id)), len(art.text), exc.stage
    except Exception as exc:
        log.warning("article %s failed: %s: %s", art.id, type(exc).__name__, exc)
        return _error_line(art.id, "pipeline", type(exc).__name__, str(exc)), len(art.text), "pipeline"
    line = _ENCODER.encode(result)
    extra: dict[str, str] = {}
    if art.author is not None:
        extra["author"] = art.author
    if art.carry_text:
        extra["text"] = art.text
    if extra:
        line = line[:-1] + b"," + _ENCODER.encode(extra)[1:]
    return line, len(art.text), None


def _item_id(item: Item) -> str | None:
    aid: str | None = item.id
    return aid


# --------------------------------------------------------------------------- factories


class _ImportedFactory:
    """A picklable factory named ``module:callable`` (imported where it is called)."""

    def __init__(self, spec: str) -> None:
        self.spec = spec

    def __call__(self) -> PipelineLike:
        mod, _, attr = self.spec.partition(":")
        if not mod or not attr:
            raise PipelineLoadError(f"{PIPELINE_ENV} must be 'module:callable', got {self.spec!r}")
        obj = importlib.import_module(mod)
        for part in attr.split("."):
            obj = getattr(obj, part)
        result: PipelineLike = obj()  # type: ignore[operator]
        return result


def _default_factory(use_model: bool) -> PipelineFactory:
    from .pipeline import Pipeline

    return functools.partial(Pipeline, use_ner_model=use_model)


def _resolve_factory(opts: BatchOptions) -> PipelineFactory:
    if opts.pipeline_factory is not None:
        return opts.pipeline_factory
    spec = os.environ.get(PIPELINE_ENV)
    if spec:
        return _ImportedFactory(spec)
    return _default_factory(opts.use_model)


def _load(factory: PipelineFactory) -> PipelineLike:
    """Build the pipeline and load its models now (not on the first article)."""
    pipeline = factory()
    if hasattr(pipeline, "nlp"):
        _ = pipeline.nlp
    try:  # lazily loaded models (the word segmenter) load on the first article
        pipeline.extract_article(Article(id="warm-up", text=_WARM_UP_TEXT))
    except Exception as exc:
        cause = getattr(exc, "cause", exc)
        if isinstance(cause, ImportError):  # a stage is missing: every article would fail
            raise PipelineLoadError(f"{type(cause).__name__}: {cause}") from exc
        log.warning("warm-up extraction failed: %s: %s", type(exc).__name__, exc)
    return pipeline


# --------------------------------------------------------------------------- worker side

_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")
_WORKER_PIPELINE: PipelineLike | None = None
_WORKER_LOAD_ERROR: str | None = None


def _init_worker(factory: PipelineFactory) -> None:
    """Pool initializer: build the pipeline once in this process."""
    global _WORKER_PIPELINE, _WORKER_LOAD_ERROR
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    for var in _THREAD_VARS:  # one process per core: no nested thread pools
        os.environ.setdefault(var, "1")
    _watch_parent()
    try:
        _WORKER_PIPELINE = _load(factory)
    except BaseException as exc:
        _WORKER_LOAD_ERROR = f"{type(exc).__name__}: {exc}"


def _watch_parent() -> None:
    """Exit this worker when the parent dies (``kill -9``) instead of lingering as an orphan."""
    import multiprocessing
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="newsextract-parent-watch", daemon=True).start()


def _worker_pipeline() -> PipelineLike:
    if _WORKER_PIPELINE is None:
        raise PipelineLoadError(_WORKER_LOAD_ERROR or "worker not initialised")
    return _WORKER_PIPELINE


def _work_chunk(items: list[Item]) -> list[tuple[bytes, int, str | None]]:
    pipeline = _worker_pipeline()
    return [extract_item(pipeline, it) for it in items]


def _ping(delay: float) -> int:
    _worker_pipeline()
    time.sleep(delay)
    return os.getpid()


# --------------------------------------------------------------------------- output


class JsonlWriter:
    """Appends whole lines with one ``os.write`` each on an ``O_APPEND`` descriptor."""

    def __init__(self, path: str | None, *, truncate: bool, fsync_every: int = 1000) -> None:
        self.path = path
        self.fsync_every = max(1, fsync_every)
        self._since_sync = 0
        if path is None:
            self.fd = sys.stdout.fileno()
            self._own = False
        else:
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | (os.O_TRUNC if truncate else 0)
            self.fd = os.open(path, flags, 0o644)
            self._own = True

    def write(self, line: bytes) -> None:
        """Write ``line`` and its newline in one system call (looping only on a short write)."""
        data = memoryview(line + b"\n")
        while data:
            n = os.write(self.fd, data)
            data = data[n:]
        self._since_sync += 1
        if self._own and self._since_sync >= self.fsync_every:
            os.fsync(self.fd)
            self._since_sync = 0

    def close(self) -> None:
        """fsync and close (stdout is only flushed)."""
        if self._own:
            os.fsync(self.fd)
            os.close(self.fd)


class _Probe(msgspec.Struct):
    id: str | None = None
    error: ErrorInfo | None = None


@dataclass
class OutputState:
    """What :func:`scan_output` found: complete lines, their error stages, the last id."""

    lines: int = 0
    errors_by_stage: Counter[str] = field(default_factory=Counter)
    last_id: str | None = None
    truncated_bytes: int = 0


def scan_output(path: Path, *, repair: bool = True) -> OutputState:
    """Count the complete lines of an output file; with ``repair`` cut a torn last line away.

    A line is complete when it ends with a newline and is valid JSON; only the last
    line can be torn (each line is written by a single ``os.write``).
    """
    state = OutputState()
    good = 0
    decoder = msgspec.json.Decoder(_Probe)
    with path.open("rb") as fh:
        pos = 0
        for raw in fh:
            end = pos + len(raw)
            try:
                if not raw.endswith(b"\n"):
                    raise ValueError("no trailing newline")
                probe = decoder.decode(raw)
            except (ValueError, msgspec.DecodeError):
                if fh.read(1):  # not the last line: keep it, it cannot be torn
                    log.warning("%s: invalid line at byte %d kept", path, pos)
                    fh.seek(end)
                    state.lines += 1
                    good = pos = end
                    continue
                break
            state.lines += 1
            state.last_id = probe.id
            if probe.error is not None:
                state.errors_by_stage[probe.error.stage] += 1
            good = pos = end
    size = path.stat().st_size
    state.truncated_bytes = size - good
    if repair and size != good:
        log.warning("%s: cutting a torn last line (%d bytes)", path, size - good)
        with path.open("rb+") as fh:
            fh.truncate(good)
            fh.flush()
            os.fsync(fh.fileno())
    return state


# --------------------------------------------------------------------------- parquet

PARQUET_TABLES: tuple[str, ...] = ("articles", "entities", "dates", "quantities", "facts")
_FACT_BASE = ("type", "start", "end", "evidence")


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    key = [("article_index", pa.int64()), ("article_id", pa.string())]
    span = [("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())]
    return {
        "articles": pa.schema(
            [
                *key,
                ("ok", pa.bool_()),
                ("title", pa.string()),
                ("published", pa.string()),
                ("author", pa.string()),
                ("n_sentences", pa.int64()),
                ("warnings", pa.list_(pa.string())),
                ("error_stage", pa.string()),
                ("error_type", pa.string()),
                ("error_message", pa.string()),
            ]
        ),
        "entities": pa.schema([*key, *span, ("label", pa.string())]),
        "dates": pa.schema([*key, *span, ("value", pa.string()), ("grain", pa.string())]),
        "quantities": pa.schema(
            [
                *key,
                *span,
                ("kind", pa.string()),
                ("value", pa.float64()),
                ("noun", pa.string()),
                ("numerator", pa.int64()),
                ("denominator", pa.int64()),
                ("currency", pa.string()),
                ("unit", pa.string()),
                ("first_year", pa.int64()),
                ("last_year", pa.int64()),
                ("modifier", pa.string()),
            ]
        ),
        "facts": pa.schema(
            [
                *key,
                ("type", pa.string()),
                ("start", pa.int64()),
                ("end", pa.int64()),
                ("evidence", pa.string()),
                ("fields", pa.string()),
            ]
        ),
    }


def _rows(index: int, rec: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    aid = rec.get("id")
    key = {"article_index": index, "article_id": aid}
    err = rec.get("error")
    out: dict[str, list[dict[str, Any]]] = {
        "articles": [
            {
                **key,
                "ok": err is None,
                "title": rec.get("title"),
                "published": rec.get("published"),
                "author": rec.get("author"),
                "n_sentences": len(rec.get("sentences") or ()) if err is None else None,
                "warnings": rec.get("warnings") or [],
                "error_stage": err.get("stage") if err else None,
                "error_type": err.get("type") if err else None,
                "error_message": err.get("message") if err else None,
            }
        ]
    }
    out["entities"] = [{**key, **e} for e in rec.get("entities") or ()]
    out["dates"] = [{**key, **d} for d in rec.get("dates") or ()]
    out["quantities"] = [
        {**key, **q, "value": float(q["value"]) if q.get("value") is not None else None}
        for q in rec.get("quantities") or ()
    ]
    out["facts"] = [
        {
            **key,
            **{k: f.get(k) for k in _FACT_BASE},
            "fields": _ENCODER.encode({k: v for k, v in f.items() if k not in _FACT_BASE}).decode(),
        }
        for f in rec.get("facts") or ()
    ]
    return out


def write_parquet(jsonl_path: Path, outdir: Path, *, batch_articles: int = 2000) -> dict[str, Path]:
    """Write the five tables (articles, entities, dates, quantities, facts) of a batch output.

    Rows are joinable on ``article_id`` (and ``article_index``, the 0-based line number);
    fact fields other than type/start/end/evidence are a JSON string column ``fields``.
    Memory stays flat: rows are written in batches of ``batch_articles`` articles.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    schemas = _schemas()
    paths = {name: outdir / f"{name}.parquet" for name in PARQUET_TABLES}
    tmp = {name: p.with_suffix(".parquet.tmp") for name, p in paths.items()}
    writers = {name: pq.ParquetWriter(str(tmp[name]), schemas[name]) for name in PARQUET_TABLES}
    buf: dict[str, list[dict[str, Any]]] = {name: [] for name in PARQUET_TABLES}

    def flush() -> None:
        for name in PARQUET_TABLES:
            if buf[name] or name == "articles":
                writers[name].write_table(pa.Table.from_pylist(buf[name], schema=schemas[name]))
            buf[name] = []

    try:
        with jsonl_path.open("rb") as fh:
            n = 0
            for n, raw in enumerate(fh):
                for name, rows in _rows(n, msgspec.json.decode(raw)).items():
                    buf[name].extend(rows)
                if (n + 1) % batch_articles == 0:
                    flush()
            flush()
    finally:
        for w in writers.values():
            w.close()
    for name in PARQUET_TABLES:
        os.replace(tmp[name], paths[name])
    return paths


# --------------------------------------------------------------------------- progress


class _Progress:
    def __init__(self, enabled: bool, initial: int) -> None:
        self.bar: Any = None
        self.errors = 0
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(
                total=None,
                initial=initial,
                unit=" articles",
                file=sys.stderr,
                dynamic_ncols=True,
                mininterval=0.25,
            )

    def update(self, n: int, errors: int) -> None:
        if self.bar is not None:
            if errors != self.errors:
                self.errors = errors
                self.bar.set_postfix_str(f"errors={errors}", refresh=False)
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# --------------------------------------------------------------------------- drivers


def _chunks(items: Iterable[Item], size: int, max_chars: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    chars = 0
    for it in items:
        chunk.append(it)
        chars += len(it.text) if isinstance(it, Article) else len(it.data) if isinstance(it, RawHtml) else 0
        if len(chunk) >= size or chars >= max_chars:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


Emit = Callable[[list[tuple[bytes, int, str | None]]], None]


def _run_sequential(chunks: Iterator[list[Item]], factory: PipelineFactory, emit: Emit) -> float:
    t = time.perf_counter()
    try:
        pipeline = _load(factory)
    except PipelineLoadError:
        raise
    except Exception as exc:
        raise PipelineLoadError(f"{type(exc).__name__}: {exc}") from exc
    startup = time.perf_counter() - t
    for chunk in chunks:
        emit([extract_item(pipeline, it) for it in chunk])
    return startup


def _new_pool(jobs: int, factory: PipelineFactory, ctx: str) -> ProcessPoolExecutor:
    import multiprocessing

    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context(ctx),
        initializer=_init_worker,
        initargs=(factory,),
    )


class _Parallel:
    def __init__(self, jobs: int, factory: PipelineFactory, ctx: str) -> None:
        self.jobs, self.factory, self.ctx = jobs, factory, ctx
        self.restarts = 0
        self.pool = _new_pool(jobs, factory, ctx)

    def warm_up(self) -> None:
        """Start every worker and wait until its pipeline is loaded."""
        try:
            futs = [self.pool.submit(_ping, 0.3) for _ in range(self.jobs)]
            for f in futs:
                f.result()
        except BrokenProcessPool as exc:
            raise PipelineLoadError(f"a worker process died while loading the pipeline ({exc})") from exc

    def run(self, chunks: Iterator[list[Item]], emit: Emit) -> None:
        pending: deque[tuple[list[Item], Future[list[tuple[bytes, int, str | None]]]]] = deque()
        window = self.jobs * 4
        exhausted = False
        while True:
            while not exhausted and len(pending) < window:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                try:
                    fut = self.pool.submit(_work_chunk, chunk)
                except BrokenProcessPool as exc:  # a worker died since the last result
                    fut = Future()
                    fut.set_exception(exc)
                pending.append((chunk, fut))
            if not pending:
                return
            chunk, fut = pending[0]
            try:
                lines = fut.result()
            except BrokenProcessPool:
                self._recover(list(pending), emit)
                pending.clear()
                continue
            pending.popleft()
            emit(lines)

    def _recover(self, affected: list[tuple[list[Item], Future[Any]]], emit: Emit) -> None:
        """A worker died: keep finished chunks, retry the others one article at a time."""
        log.warning("a worker process died; retrying %d chunks article by article", len(affected))
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.restarts += 1
        solo: ProcessPoolExecutor | None = None
        try:
            for chunk, fut in affected:
                if fut.done() and not fut.cancelled() and fut.exception() is None:
                    emit(fut.result())
                    continue
                for it in chunk:
                    if solo is None:
                        solo = _new_pool(1, self.factory, self.ctx)
                    try:
                        emit(solo.submit(_work_chunk, [it]).result())
                    except BrokenProcessPool:
                        log.error("article %s kills the worker process; recorded as an error", _item_id(it))
                        emit(
                            [
                                (
                                    _error_line(
                                        _item_id(it),
                                        "worker",
                                        "WorkerCrash",
                                        "the worker process died while extracting this article",
                                    ),
                                    0,
                                    "worker",
                                )
                            ]
                        )
                        solo.shutdown(wait=True, cancel_futures=True)
                        solo = None
                        self.restarts += 1
        finally:
            if solo is not None:
                solo.shutdown(wait=True)
        self.pool = _new_pool(self.jobs, self.factory, self.ctx)

    def close(self, *, cancel: bool = False) -> None:
        self.pool.shutdown(wait=True, cancel_futures=cancel)


def _usage(summary: BatchSummary, message: str) -> BatchSummary:
    summary.usage_error = message
    return summary


def run_batch(opts: BatchOptions) -> BatchSummary:
    """Extract every article of ``opts.inputs`` into ``opts.output``; see the module doc.

    Usage problems (a missing input, a bad option, a pipeline that cannot load) are
    reported in ``summary.usage_error``; failed articles are error lines, never raised.
    """
    jobs = opts.jobs if opts.jobs is not None else default_jobs()
    summary = BatchSummary(output=opts.output, format=opts.format, jobs=jobs)
    if jobs < 1:
        return _usage(summary, f"--jobs must be at least 1, got {jobs}")
    if opts.format not in ("jsonl", "parquet"):
        return _usage(summary, f"unknown format {opts.format!r} (jsonl or parquet)")
    to_stdout = opts.output == "-"
    if to_stdout and opts.format == "parquet":
        return _usage(summary, "--format parquet needs --output DIRECTORY")
    if to_stdout and opts.resume:
        return _usage(summary, "--resume needs --output FILE")
    if list(opts.inputs).count("-") > 1:
        return _usage(summary, "stdin ('-') can be read only once")
    try:
        files = expand_inputs(opts.inputs, glob=opts.glob)
    except OSError as exc:
        return _usage(summary, str(exc))
    factory = _resolve_factory(opts)
    if jobs > 1:
        try:
            pickle.dumps(factory)
        except Exception as exc:
            return _usage(summary, f"the pipeline factory must be picklable for jobs > 1: {exc}")

    if opts.format == "parquet":
        outdir = Path(opts.output)
        if outdir.exists() and not outdir.is_dir():
            return _usage(summary, f"{outdir} exists and is not a directory")
        outdir.mkdir(parents=True, exist_ok=True)
        jsonl_path: Path | None = outdir / PARQUET_STAGING
    else:
        jsonl_path = None if to_stdout else Path(opts.output)

    state = OutputState()
    if opts.resume and jsonl_path is not None and jsonl_path.exists():
        state = scan_output(jsonl_path)
        log.info("resuming after %d complete lines of %s", state.lines, jsonl_path)
    summary.resumed = state.lines
    summary.errors = sum(state.errors_by_stage.values())
    summary.errors_by_stage.update(state.errors_by_stage)

    try:
        writer = JsonlWriter(
            str(jsonl_path) if jsonl_path else None, truncate=not opts.resume, fsync_every=opts.fsync_every
        )
    except OSError as exc:
        return _usage(summary, f"cannot write {opts.output}: {exc}")

    items: Iterator[Item] = iter_files(files, stdin=opts.stdin)
    if state.lines:
        skipped = list(itertools.islice(items, state.lines - 1))
        last = next(items, None)
        if last is None or len(skipped) < state.lines - 1:
            log.warning("the output has more lines (%d) than the input has records", state.lines)
        elif _item_id(last) != state.last_id:
            log.warning(
                "resume: output line %d has id %r but input record %d has id %r; did the input change?",
                state.lines,
                state.last_id,
                state.lines,
                _item_id(last),
            )
        del skipped
    chunks = _chunks(items, max(1, opts.chunk_size), opts.chunk_chars)

    show = opts.progress == "always" or (opts.progress == "auto" and sys.stderr.isatty())
    progress = _Progress(show, state.lines)

    def emit(lines: list[tuple[bytes, int, str | None]]) -> None:
        for line, chars, stage in lines:
            writer.write(line)
            summary.written += 1
            summary.chars += chars
            if stage is not None:
                summary.errors += 1
                summary.errors_by_stage[stage] += 1
        progress.update(len(lines), summary.errors)

    t0 = time.perf_counter()
    try:
        if jobs == 1:
            summary.startup_seconds = _run_sequential(chunks, factory, emit)
        else:
            par = _Parallel(jobs, factory, opts.mp_context)
            try:
                par.warm_up()
                summary.startup_seconds = time.perf_counter() - t0
                par.run(chunks, emit)
            except BaseException:
                par.close(cancel=True)
                raise
            par.close()
            summary.worker_restarts = par.restarts
    except PipelineLoadError as exc:
        summary.usage_error = f"cannot load the pipeline: {exc}"
    finally:
        progress.close()
        writer.close()
    summary.elapsed = time.perf_counter() - t0 - summary.startup_seconds
    summary.total = summary.resumed + summary.written
    if summary.usage_error:
        return summary

    if opts.format == "parquet" and jsonl_path is not None:
        write_parquet(jsonl_path, jsonl_path.parent)
    log.info("%s", summary.describe())
    return summary

"""Reading articles: text, JSON Lines (optionally gzipped), HTML pages, directories and stdin.

Every reader yields, in a deterministic order, one item per input record: an
:class:`Article`, or an :class:`InputError` for a record that cannot become one
(never raised), so that a batch writes exactly one output line per input record.
HTML is kept as :class:`RawHtml` by :func:`iter_records` (the costly extraction then
runs in the batch workers); :func:`iter_articles` resolves it in line.

>>> a = Article(id="a1", text="Hà Nội mưa to.", published="2023-01-04")
>>> a.published
'2023-01-04'
>>> article_from_json('{"id": "a2", "text": "Đà Nẵng nắng đẹp."}', fallback_id="f:1").id
'a2'
"""

from __future__ import annotations

import gzip
import logging
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, cast

import msgspec

__all__ = [
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "Article",
    "InputError",
    "RawHtml",
    "article_from_json",
    "article_from_mapping",
    "expand_inputs",
    "iter_articles",
    "iter_files",
    "iter_inputs",
    "iter_records",
    "read_html",
    "read_text_file",
    "resolve",
]

log = logging.getLogger(__name__)

JSONL_SUFFIXES: tuple[str, ...] = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
HTML_SUFFIXES: tuple[str, ...] = (".html", ".htm")
TEXT_SUFFIXES: tuple[str, ...] = (".txt",)
STDIN = "-"


class Article(msgspec.Struct, frozen=True, kw_only=True):
    """One input article: ``text`` exactly as given; ``published`` an ISO date or None.

    ``author`` comes from HTML metadata; ``carry_text`` is set when ``text`` was
    derived (from HTML), so the output record carries the text its offsets refer to.
    """

    id: str | None = None
    text: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    carry_text: bool = False


class RawHtml(msgspec.Struct, frozen=True, kw_only=True):
    """An HTML page not yet extracted (see :func:`resolve`); ``id`` is its stable id."""

    id: str
    data: bytes


class InputError(Exception):
    """An input record that cannot become an :class:`Article` (its ``id`` when known).

    ``stage`` is ``read``, ``decode``, ``parse`` or ``input``; ``type`` names the cause.
    """

    def __init__(self, message: str, *, id: str | None = None, stage: str = "read", type: str = "") -> None:
        super().__init__(message)
        self.id = id
        self.stage = stage
        self.type = type or "InputError"

    def __reduce__(self) -> tuple[Any, ...]:  # picklable across worker processes
        return (_make_input_error, (str(self), self.id, self.stage, self.type))


def _make_input_error(message: str, id: str | None, stage: str, type: str) -> InputError:
    return InputError(message, id=id, stage=stage, type=type)


def _decode(data: bytes, *, id: str | None, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{what}: not UTF-8 ({exc})", id=id, stage="decode", type="UnicodeDecodeError"
        ) from exc


def read_text_file(path: Path, *, id: str | None = None) -> Article:
    """One article from a UTF-8 ``.txt`` file; its id is ``id`` or the file name without suffix."""
    aid = id if id is not None else path.stem
    return Article(id=aid, text=_decode(path.read_bytes(), id=aid, what=str(path)))


def read_html(data: bytes | str, *, id: str | None = None) -> Article:
    """The main text, title, date and author of an HTML page, via trafilatura.

    The article's ``text`` is the text trafilatura returns (offsets refer to it; the
    batch output carries it).  No extractable text raises :class:`InputError`.

    >>> read_html("<html><body><article><p>Hà Nội mưa to.</p></article></body></html>").text  # doctest: +SKIP
    'Hà Nội mưa to.'
    """
    try:
        import trafilatura
    except ImportError as exc:
        raise InputError(
            "HTML input needs trafilatura: pip install 'newsextract[html]'",
            id=id,
            stage="read",
            type="ImportError",
        ) from exc
    try:
        doc = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=True, fast=False
        )
    except Exception as exc:
        raise InputError(
            f"HTML extraction failed: {exc}", id=id, stage="parse", type=type(exc).__name__
        ) from exc
    if doc is None:
        raise InputError("no main text found in the HTML page", id=id, stage="input", type="EmptyText")
    d: Mapping[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else doc
    text = d.get("text") or ""

    def opt(key: str) -> str | None:
        v = d.get(key)
        return str(v).strip() or None if v is not None else None

    return Article(
        id=id,
        text=text,
        title=opt("title"),
        published=opt("date"),
        author=opt("author"),
        carry_text=True,
    )


def resolve(item: Article | RawHtml | InputError) -> Article | InputError:
    """An :class:`Article` (or the :class:`InputError`) for one item of :func:`iter_records`."""
    if isinstance(item, RawHtml):
        try:
            return read_html(item.data, id=item.id)
        except InputError as exc:
            return exc
    return item


def article_from_mapping(obj: Mapping[str, Any], *, fallback_id: str | None) -> Article:
    """An article from a mapping ``{"id", "text", "published"?, "title"?, "author"?}``."""
    aid_raw = obj.get("id")
    aid = str(aid_raw) if aid_raw is not None else fallback_id
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError("record has no string 'text'", id=aid, stage="parse", type="MissingText")

    def opt(key: str) -> str | None:
        v = obj.get(key)
        return str(v) if v is not None else None

    return Article(id=aid, text=text, published=opt("published"), title=opt("title"), author=opt("author"))


def article_from_json(line: bytes | str, *, fallback_id: str) -> Article:
    """An article from one JSON line ``{"id", "text", "published"?, "title"?}``."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"undecodable bytes: {exc}", id=fallback_id, stage="decode", type="UnicodeDecodeError"
            ) from exc
    try:
        obj = msgspec.json.decode(line)
    except msgspec.DecodeError as exc:
        raise InputError(
            f"malformed JSON line: {exc}", id=fallback_id, stage="parse", type="JSONDecodeError"
        ) from exc
    if not isinstance(obj, dict):
        raise InputError("JSON line is not an object", id=fallback_id, stage="parse", type="JSONDecodeError")
    return article_from_mapping(obj, fallback_id=fallback_id)


def _open(path: Path) -> IO[bytes]:
    if path.suffix == ".gz":
        return cast(IO[bytes], gzip.open(path, "rb"))
    return open(path, "rb")


def _iter_jsonl(fh: IO[bytes], stem: str) -> Iterator[Article | InputError]:
    n = 0
    try:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                yield article_from_json(raw, fallback_id=f"{stem}:{n}")
            except InputError as exc:
                yield exc
    except (OSError, EOFError, zlib.error) as exc:  # truncated or corrupt gzip, I/O error
        yield InputError(
            f"{stem}: unreadable after line {n}: {exc}",
            id=f"{stem}:{n + 1}",
            stage="read",
            type=type(exc).__name__,
        )


def _stem(name: str) -> str:
    for suf in (*JSONL_SUFFIXES, *HTML_SUFFIXES, *TEXT_SUFFIXES):
        if name.endswith(suf):
            return name[: -len(suf)]
    return Path(name).stem


def iter_records(path: Path, *, id: str | None = None) -> Iterator[Article | RawHtml | InputError]:
    """Items of one file, in order: ``.jsonl``/``.jsonl.gz`` (one per line), ``.html``, or text.

    ``id`` overrides the id derived from the file name (stem, or ``stem:line``).
    """
    stem = id if id is not None else _stem(path.name)
    name = path.name.lower()
    try:
        if name.endswith(JSONL_SUFFIXES):
            with _open(path) as fh:
                yield from _iter_jsonl(fh, stem)
        elif name.endswith(HTML_SUFFIXES):
            yield RawHtml(id=stem, data=path.read_bytes())
        else:
            yield read_text_file(path, id=stem)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(f"{path}: {exc}", id=stem, stage="read", type=type(exc).__name__)


def iter_articles(path: Path) -> Iterator[Article | InputError]:
    """Articles of a ``.txt``, ``.jsonl``, ``.jsonl.gz`` or ``.html`` file, in order.

    A record that cannot be read is yielded as an :class:`InputError` (never raised).
    """
    for item in iter_records(path):
        yield resolve(item)


def _supported(p: Path) -> bool:
    return p.name.lower().endswith((*JSONL_SUFFIXES, *HTML_SUFFIXES, *TEXT_SUFFIXES))


def expand_inputs(inputs: Iterable[str], *, glob: str = "*") -> list[tuple[str, str | None]]:
    """``(path, id_prefix)`` per input file, in order; ``"-"`` stays as is.

    A directory is searched recursively for files matching ``glob`` with a supported
    suffix, in sorted order (hidden files skipped); their ids are the path relative to
    the directory without suffix.  A missing path raises :class:`FileNotFoundError`.
    """
    out: list[tuple[str, str | None]] = []
    for inp in inputs:
        if inp == STDIN:
            out.append((inp, None))
            continue
        p = Path(inp)
        if p.is_dir():
            files = sorted(
                f
                for f in p.rglob(glob)
                if f.is_file()
                and _supported(f)
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            for f in files:
                rel = f.relative_to(p)
                out.append((str(f), str(rel.parent / _stem(rel.name)) if rel.parent != Path(".") else None))
        elif p.exists():
            out.append((str(p), None))
        else:
            raise FileNotFoundError(f"no such file or directory: {inp}")
    return out


def iter_inputs(
    inputs: Iterable[str], *, glob: str = "*", stdin: IO[bytes] | None = None
) -> Iterator[Article | RawHtml | InputError]:
    """All items of ``inputs`` (files, directories, ``"-"`` for JSON lines on stdin), in order.

    >>> import io
    >>> next(iter_inputs(["-"], stdin=io.BytesIO('{"text": "Huế"}'.encode()))).id
    'stdin:1'
    """
    yield from iter_files(expand_inputs(inputs, glob=glob), stdin=stdin)


def iter_files(
    files: Iterable[tuple[str, str | None]], *, stdin: IO[bytes] | None = None
) -> Iterator[Article | RawHtml | InputError]:
    """All items of the ``(path, id)`` pairs of :func:`expand_inputs`, in order."""
    for path, rid in files:
        if path == STDIN:
            yield from _iter_jsonl(stdin if stdin is not None else sys.stdin.buffer, "stdin")
        else:
            yield from iter_records(Path(path), id=rid)

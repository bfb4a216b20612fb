"""Command line: ``newsextract extract | evaluate | show``.

A thin layer over library functions that return values.  Exit codes: 0 success,
1 some articles failed (their error records are written) or a score fell below its
floor, 2 bad usage or unreadable input, 130 interrupted.

>>> parse_args(["extract", "a.txt", "-o", "out.jsonl"]).output
'out.jsonl'
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

__all__ = ["main", "parse_args"]

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="newsextract",
        description=(
            "Turn Vietnamese news articles into structured data: entities (PER, ORG, LOC, DATE), "
            "normalised dates and quantities, and typed facts, with offsets into your text. "
            "Works offline."
        ),
    )
    p.add_argument("-v", "--verbose", action="count", default=0, help="more logging on stderr (-vv: debug)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ex = sub.add_parser(
        "extract",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "examples:\n"
            "  newsextract extract bai-bao.txt\n"
            "  newsextract extract dump.jsonl.gz -o out.jsonl --jobs 4\n"
            "  newsextract extract pages/ --glob '*.html' -o out.jsonl --resume\n"
            "  newsextract extract dump.jsonl --format parquet -o out/  # tables joinable by article_id\n\n"
            "exit codes: 0 all articles extracted, 1 some error records written, 2 bad usage or unreadable input"
        ),
        help="extract from articles and write one JSON line per article",
        description=(
            "Read articles from .txt files (one article each), .jsonl/.jsonl.gz files "
            '(one {"id", "text", "published"?, "title"?} object per line), .html pages, '
            "directories, or '-' for JSON lines on stdin. Write one JSON line per input "
            'article, in input order: the result, or {"id", "error": {...}} when it failed.'
        ),
    )
    ex.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories, or - for stdin")
    ex.add_argument("-o", "--output", default="-", help="output path (default: stdout)")
    ex.add_argument("--glob", default="*", help="file pattern inside directories (default: *)")
    ex.add_argument(
        "--jobs", "-j", type=int, default=None, help="worker processes (default: the usable cores)"
    )
    ex.add_argument("--resume", action="store_true", help="continue an interrupted run into --output")
    ex.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl", help="output format")
    ex.add_argument("--no-model", action="store_true", help="rules only: skip the statistical NER model")
    ex.add_argument("--progress", choices=["auto", "always", "never"], default="auto", help="progress bar")

    try:
        from . import evaluate as _evaluate
    except ImportError:  # pragma: no cover - evaluate is part of the package
        _evaluate = None  # type: ignore[assignment]
    if _evaluate is not None and hasattr(_evaluate, "add_arguments"):
        ev = sub.add_parser(
            "evaluate",
            help="score extraction against gold annotations",
            description="Score extraction (or --pred predictions) against gold files in the guideline's format.",
        )
        _evaluate.add_arguments(ev)

    sh = sub.add_parser(
        "show",
        help="render one article's extraction as a self-contained HTML page",
        description="Write an HTML page with entities highlighted, dates and quantities, and facts.",
    )
    sh.add_argument("article", help="a .txt file, or a .jsonl file with --id")
    sh.add_argument("--id", default=None, help="which article of a .jsonl file (default: the first)")
    sh.add_argument("-o", "--output", default="-", help="output HTML path (default: stdout)")
    return p


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line (``argv`` defaults to ``sys.argv[1:]``)."""
    return _build_parser().parse_args(argv)


def _configure_logging(verbosity: int) -> None:
    level = logging.WARNING if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def _run_extract(args: argparse.Namespace) -> int:
    from .batch import BatchOptions, run_batch

    opts = BatchOptions(
        inputs=list(args.inputs),
        output=args.output,
        glob=args.glob,
        jobs=args.jobs,
        resume=args.resume,
        format=args.format,
        use_model=not args.no_model,
        progress=args.progress,
    )
    summary = run_batch(opts)
    if summary.usage_error:
        print(f"newsextract: {summary.usage_error}", file=sys.stderr)
        return EXIT_USAGE
    print(summary.describe(), file=sys.stderr)
    return EXIT_FAILURES if summary.errors else EXIT_OK


def _run_show(args: argparse.Namespace) -> int:
    from .pipeline import StageError
    from .show import render_file

    try:
        html = render_file(args.article, article_id=args.id)
    except (LookupError, ValueError) as exc:  # no such --id, unreadable record
        print(f"newsextract show: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StageError as exc:
        print(f"newsextract show: extraction failed: {exc}", file=sys.stderr)
        return EXIT_FAILURES
    if args.output == "-":
        sys.stdout.write(html)
    else:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(html)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = parse_args(argv)
    _configure_logging(args.verbose)
    try:
        if args.command == "extract":
            return _run_extract(args)
        if args.command == "evaluate":
            from . import evaluate

            return int(evaluate.run(args))
        if args.command == "show":
            return _run_show(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        print(f"newsextract: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

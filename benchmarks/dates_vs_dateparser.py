"""Value accuracy of newsextract.dates vs dateparser alone, on the DATE case table.

Run from the repository root: ``.venv/bin/python benchmarks/dates_vs_dateparser.py``.

Cases are ``tests/date_cases.py`` (invented sentences, one expected span, value and
grain each).  For every positive case:

- ours: ``find_dates(sentence, published=…)``; correct when a span with the expected
  text has the expected value and grain;
- dateparser.search: ``search_dates(sentence, languages=["vi"], settings=…)``; correct
  when the dates it finds inside the expected span, formatted at the expected grain
  (two dates for a range), equal the expected value;
- dateparser.parse: ``parse(expected span text, …)`` — the baseline is even given the
  gold span; same formatting.

Relative-unresolvable cases (value null) count as correct for dateparser when it
returns nothing.  Negative cases ("12/12 chỉ tiêu") are reported as false positives.
Also prints the time per 3,000-character article of find_dates + find_quantities.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import statistics
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsextract.dates import find_dates  # noqa: E402
from newsextract.quantities import find_quantities  # noqa: E402


def _load_cases() -> list[Any]:
    spec = importlib.util.spec_from_file_location("date_cases", ROOT / "tests" / "date_cases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cases: list[Any] = module.DATE_CASES
    return cases


def _settings(published: dt.date | None) -> dict[str, Any]:
    s: dict[str, Any] = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        s["RELATIVE_BASE"] = dt.datetime(published.year, published.month, published.day)
    return s


def _fmt(d: dt.datetime, grain: str) -> str:
    if grain == "datetime":
        return d.strftime("%Y-%m-%dT%H:%M")
    if grain == "week":
        iso = d.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if grain == "month":
        return d.strftime("%Y-%m")
    if grain == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if grain == "year":
        return f"{d.year:04d}"
    return d.strftime("%Y-%m-%d")


def _end_grain(value: str) -> str:
    v = value.split("/")[0]
    if "T" in v:
        return "datetime"
    if "-W" in v:
        return "week"
    if "-Q" in v:
        return "quarter"
    return {4: "year", 7: "month"}.get(len(v), "day")


def _dp_value(found: list[tuple[str, dt.datetime]], value: str | None, grain: str) -> str | None:
    if not found:
        return None
    if grain == "range" and value is not None:
        g = _end_grain(value)
        if len(found) < 2:
            return _fmt(found[0][1], g)
        return f"{_fmt(found[0][1], g)}/{_fmt(found[1][1], g)}"
    if value is None:
        return _fmt(found[0][1], "day")
    return _fmt(found[0][1], grain)


def main() -> None:
    warnings.filterwarnings("ignore")
    import dateparser
    from dateparser.search import search_dates

    cases = _load_cases()
    per_grain: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # n, ours, search, parse
    fp = [0, 0, 0]
    negatives = 0
    for sentence, published, span, value, grain in cases:
        pub = dt.date.fromisoformat(published) if published else None
        ours = find_dates(sentence, published=pub)
        settings = _settings(pub)
        try:
            sd = search_dates(sentence, languages=["vi"], settings=settings) or []
        except Exception:  # dateparser raises on some inputs
            sd = []
        if span is None:
            negatives += 1
            fp[0] += bool(ours)
            fp[1] += bool(sd)
            continue
        start = sentence.find(span)
        end = start + len(span)
        inside = [(t, d) for t, d in sd if (k := sentence.find(t)) >= 0 and k < end and k + len(t) > start]
        try:
            parsed = dateparser.parse(span, languages=["vi"], settings=settings)
        except Exception:
            parsed = None
        row = per_grain[grain]
        row[0] += 1
        row[1] += any(d.text == span and d.value == value and d.grain == grain for d in ours)
        row[2] += _dp_value(inside, value, grain) == value
        row[3] += _dp_value([(span, parsed)] if parsed else [], value, grain) == value
    print("DATE value accuracy on tests/date_cases.py (positive cases; span text must match for ours)")
    print("dateparser asked with languages=['vi'], settings DATE_ORDER='DMY', PREFER_DATES_FROM='past',")
    print("RELATIVE_BASE=published (when known); search = dateparser.search.search_dates(sentence),")
    print("parse = dateparser.parse(gold span text).  Range = two dates found, formatted at the gold grain.")
    print(f"{'grain':<24}{'n':>5}{'ours':>9}{'dp.search':>11}{'dp.parse':>10}")
    tot = [0, 0, 0, 0]
    for grain in sorted(per_grain):
        n, a, b, c = per_grain[grain]
        tot = [x + y for x, y in zip(tot, (n, a, b, c), strict=True)]
        print(f"{grain:<24}{n:>5}{a / n:>9.1%}{b / n:>11.1%}{c / n:>10.1%}")
    n = tot[0]
    print(f"{'overall':<24}{n:>5}{tot[1] / n:>9.1%}{tot[2] / n:>11.1%}{tot[3] / n:>10.1%}")
    print(f"negative cases: {negatives}; false positives: ours {fp[0]}, dateparser.search {fp[1]}")
    _timing()


def _timing() -> None:
    corpus = ROOT.parent / "shared" / "corpus" / "dev.jsonl"
    texts: list[str] = []
    if corpus.exists():
        with corpus.open(encoding="utf-8") as fh:
            texts = [json.loads(line)["text"] for line in fh]
    if not texts:
        texts = [" ".join(c[0] for c in _load_cases())]
    joined = "\n".join(texts)
    chunks = [joined[i : i + 3000] for i in range(0, len(joined) - 3000, 3000)][:300]
    pub = dt.date(2023, 1, 5)
    for c in chunks[:5]:  # warm up
        find_dates(c, published=pub)
        find_quantities(c)
    times_d, times_q = [], []
    for c in chunks:
        t0 = time.process_time()
        find_dates(c, published=pub)
        t1 = time.process_time()
        find_quantities(c)
        t2 = time.process_time()
        times_d.append(t1 - t0)
        times_q.append(t2 - t1)
    both = [a + b for a, b in zip(times_d, times_q, strict=True)]
    print(
        f"CPU time (process_time) per 3,000-char article over {len(chunks)} articles: find_dates mean "
        f"{statistics.mean(times_d) * 1e3:.3f} ms, find_quantities mean {statistics.mean(times_q) * 1e3:.3f} ms, "
        f"both mean {statistics.mean(both) * 1e3:.3f} ms, p95 {sorted(both)[int(len(both) * 0.95)] * 1e3:.3f} ms"
    )


if __name__ == "__main__":
    main()

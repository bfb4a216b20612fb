"""No pattern of the DATES and QUANTITIES stages can be driven into super-linear time.

Each adversarial input is fed at two sizes (n and 8n); the best-of-three CPU time of the
larger must stay within a generous multiple of 8× the smaller (linear work), for every
compiled pattern and for the public functions.  A quadratic pattern would show 64×.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
import regex

from newsextract import dates, quantities

ADVERSARIAL = [
    "1",
    "1/",
    "1.",
    "1-",
    "1,",
    "ngày ",
    "ngày ngày ",
    "1/1/",
    "ngày 1/",
    "12 giờ ",
    "thứ hai ",
    "năm ",
    "năm năm ",
    "hai mươi ",
    "1.000.",
    "từ ngày 1/1 đến ",
    "quý I/",
    "nhiệm kỳ 2020 - ",
    "(",
    "a ",
    "tháng ",
    "(1/1)",
    "sáng nay (1/1) ",
    "1/1 xã ",
    "lần thứ 1 ",
    "10% ",
    "5 người ",
    "Tết ",
]

PATTERNS: list[regex.Pattern[str]] = [
    p for mod in (dates, quantities) for name, p in vars(mod).items() if isinstance(p, regex.Pattern)
]

SMALL = 3000
RATIO_LIMIT = 8 * 4  # linear growth is ~8x; allow 4x noise


def _best_time(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def _ratio(fn: Callable[[str], object], unit: str) -> float:
    small = (unit * (SMALL // len(unit) + 1))[:SMALL]
    large = small * 8
    t_small = max(_best_time(lambda: fn(small)), 2e-5)  # floor: timer noise on tiny work
    t_large = _best_time(lambda: fn(large))
    return t_large / t_small


def test_patterns_found() -> None:
    assert len(PATTERNS) >= 15


@pytest.mark.parametrize("unit", ADVERSARIAL)
def test_every_pattern_is_linear(unit: str) -> None:
    for pat in PATTERNS:
        ratio = _ratio(lambda s, p=pat: sum(1 for _ in p.finditer(s, timeout=5)), unit)  # type: ignore[misc]
        assert ratio < RATIO_LIMIT, (pat.pattern[:60], unit, ratio)


@pytest.mark.parametrize("unit", ADVERSARIAL)
def test_public_functions_are_linear(unit: str) -> None:
    assert _ratio(dates.find_dates, unit) < RATIO_LIMIT
    assert _ratio(quantities.find_quantities, unit) < RATIO_LIMIT

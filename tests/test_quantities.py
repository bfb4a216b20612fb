"""Tests of the QUANTITIES stage: the case table, number parsing and property tests."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsextract import quantities
from newsextract.quantities import find_quantities, parse_number, roman_to_int


def _load_cases() -> list[Any]:
    """The shared case table (tests/quantity_cases.py), loaded by path: tests is not a package."""
    path = Path(__file__).with_name("quantity_cases.py")
    spec = importlib.util.spec_from_file_location("quantity_cases", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cases: list[Any] = module.QUANTITY_CASES
    return cases


QUANTITY_CASES = _load_cases()


@pytest.mark.parametrize(("sentence", "span", "kind", "fields"), QUANTITY_CASES)
def test_quantity_case(sentence: str, span: str | None, kind: str, fields: dict[str, Any]) -> None:
    found = find_quantities(sentence)
    if span is None:
        assert found == [], [(q.text, q.kind) for q in found]
        return
    hits = [q for q in found if q.text == span]
    assert hits, [(q.text, q.kind, q.value) for q in found]
    q = hits[0]
    assert q.kind == kind
    for name, expected in fields.items():
        assert getattr(q, name) == expected, (name, getattr(q, name))


def test_case_table_is_large_enough() -> None:
    assert len(QUANTITY_CASES) >= 100


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1.250", 1250),
        ("8,02", 8.02),
        ("1.250,5", 1250.5),
        ("1.000.000", 1000000),
        ("12", 12),
        ("0,5", 0.5),
        ("hai mươi lăm", 25),
        ("ba mươi mốt", 31),
        ("mười", 10),
        ("mười lăm", 15),
        ("trăm", 100),
        ("nghìn", 1000),
        ("một trăm linh năm", 105),
        ("hai nghìn không trăm hai mươi ba", 2023),
        ("năm mươi", 50),
        ("3,5 triệu", 3500000),
        ("1.250 tỷ", 1250000000000),
        ("", None),
        ("abc", None),
        ("1.2.3", None),
        ("hai ba", None),
    ],
)
def test_parse_number(raw: str, value: float | int | None) -> None:
    assert parse_number(raw) == value


@pytest.mark.parametrize(
    ("raw", "value"), [("I", 1), ("IV", 4), ("VI", 6), ("XIII", 13), ("XIX", 19), ("", None), ("ABC", None)]
)
def test_roman_to_int(raw: str, value: int | None) -> None:
    assert roman_to_int(raw) == value


def test_seed_like_paragraph() -> None:
    text = (
        "Quận ủy: 31/31 chỉ tiêu hoàn thành. Quận đã hoàn thành 12 chỉ tiêu về phát triển; "
        "triển khai 10 chương trình công tác và tổ chức hội nghị lần thứ 18, nhiệm kỳ 2020 - 2025."
    )
    got = [(q.text, q.kind) for q in find_quantities(text)]
    assert got == [
        ("31/31 chỉ tiêu", "ratio"),
        ("12 chỉ tiêu", "count"),
        ("10 chương trình", "count"),
        ("lần thứ 18", "ordinal"),
        ("nhiệm kỳ 2020 - 2025", "term"),
    ]


def test_timeout_is_logged_not_raised(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(quantities, "MATCH_TIMEOUT", 1e-9)
    with caplog.at_level(logging.WARNING, logger="newsextract.quantities"):
        out = find_quantities("12 chỉ tiêu, " * 5000)
    assert isinstance(out, list)
    assert any("timed out" in r.getMessage() for r in caplog.records)


_WORDS = st.sampled_from(
    [
        "12",
        "1.250",
        "8,02",
        "%",
        "tỷ",
        "triệu",
        "đồng",
        "USD",
        "km",
        "ha",
        "m2",
        "hơn",
        "gần",
        "khoảng",
        "chỉ tiêu",
        "người",
        "xã",
        "/",
        "-",
        "31/31",
        "lần",
        "thứ",
        "XIII",
        "khóa",
        "nhiệm kỳ",
        "2020",
        "2025",
        "hai",
        "mươi",
        "lăm",
        "năm",
        ",",
        ".",
        "\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=6)), max_size=40))
def test_property_offsets_sorted_non_overlapping(parts: list[str]) -> None:
    text = " ".join(parts)
    last = -1
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text
        assert q.start >= last and q.end > q.start
        last = q.end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_parse_number_never_raises(s: str) -> None:
    parse_number(s)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "phạt tiền từ 1 triệu đến 5 triệu đồng",
            [("1 triệu", "money", 1000000, "VND"), ("5 triệu đồng", "money", 5000000, "VND")],
        ),
        (
            "giá 1 triệu - 2 triệu USD",
            [("1 triệu", "money", 1000000, "USD"), ("2 triệu USD", "money", 2000000, "USD")],
        ),
        # no range: the first number would exceed the second
        ("giá từ 800 đến 1,2 triệu đồng", [("1,2 triệu đồng", "money", 1200000, "VND")]),
        ("từ 5 đến 10 người tham gia", [("10 người", "count", 10, None)]),
    ],
)
def test_range_lower_bounds(text: str, expected: list[tuple[str, str, float, str | None]]) -> None:
    assert [(q.text, q.kind, q.value, q.currency) for q in find_quantities(text)] == expected

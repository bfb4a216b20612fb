"""Tests of the DATES stage: the case table, offsets/property tests and edge inputs."""

from __future__ import annotations

import datetime as dt
import importlib.util
import logging
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsextract import dates
from newsextract.dates import find_dates


def _load_cases() -> list[Any]:
    """The shared case table (tests/date_cases.py), loaded by path: tests is not a package."""
    path = Path(__file__).with_name("date_cases.py")
    spec = importlib.util.spec_from_file_location("date_cases", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cases: list[Any] = module.DATE_CASES
    return cases


DATE_CASES = _load_cases()


def _pub(p: str | None) -> dt.date | None:
    return dt.date.fromisoformat(p) if p else None


@pytest.mark.parametrize(("sentence", "published", "span", "value", "grain"), DATE_CASES)
def test_date_case(
    sentence: str, published: str | None, span: str | None, value: str | None, grain: str
) -> None:
    found = find_dates(sentence, published=_pub(published))
    if span is None:
        assert found == [], [(d.text, d.value) for d in found]
        return
    hits = [d for d in found if d.text == span]
    assert hits, [(d.text, d.value, d.grain) for d in found]
    assert (hits[0].value, hits[0].grain) == (value, grain)


def test_case_table_is_large_enough() -> None:
    assert len(DATE_CASES) >= 150


def test_seed_like_paragraph() -> None:
    text = (
        "Ngày 4/1/2023, Ban Chấp hành Đảng bộ quận Cầu Giấy (Hà Nội) nhiệm kỳ 2020 - 2025 tổ chức "
        "hội nghị lần thứ 18 để tổng kết công tác năm 2022; phương hướng năm 2023."
    )
    got = [(d.text, d.value, d.grain) for d in find_dates(text)]
    assert got == [
        ("Ngày 4/1/2023", "2023-01-04", "day"),
        ("nhiệm kỳ 2020 - 2025", "2020/2025", "range"),
        ("năm 2022", "2022", "year"),
        ("năm 2023", "2023", "year"),
    ]


def test_nearest_occurrence_across_year_end() -> None:
    (d,) = find_dates("Ngày 30/12, đoàn khảo sát.", published=dt.date(2023, 1, 2))
    assert d.value == "2022-12-30"
    (d,) = find_dates("Ngày 2/1, đoàn khảo sát.", published=dt.date(2022, 12, 30))
    assert d.value == "2023-01-02"


@pytest.mark.parametrize(
    "bad", ["", " ", "\n\n", "ngày", "ngày 32/13", "31/2/2023", "\x00\ufffd", "tháng 13/2020"]
)
def test_edge_inputs_do_not_crash(bad: str) -> None:
    for d in find_dates(bad):
        assert bad[d.start : d.end] == d.text


def test_non_string_input() -> None:
    assert find_dates(None) == []  # type: ignore[arg-type]


def test_timeout_is_logged_not_raised(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(dates, "MATCH_TIMEOUT", 1e-9)
    with caplog.at_level(logging.WARNING, logger="newsextract.dates"):
        out = find_dates("ngày 4/1/2023 " * 5000)
    assert isinstance(out, list)
    assert any("timed out" in r.getMessage() for r in caplog.records)


_WORDS = st.sampled_from(
    [
        "ngày",
        "tháng",
        "năm",
        "quý",
        "I",
        "IV",
        "tuần",
        "trước",
        "nay",
        "qua",
        "sáng",
        "chiều",
        "tối",
        "hôm",
        "thứ",
        "hai",
        "bảy",
        "Chủ nhật",
        "từ",
        "đến",
        "và",
        "nhiệm kỳ",
        "giai đoạn",
        "lễ",
        "Tết",
        "(",
        ")",
        ",",
        ".",
        "-",
        "/",
        "h",
        "giờ",
        "SN",
        "đầu",
        "cuối",
        "6",
        "12",
        "2023",
        "1/1",
        "30/4",
        "4.1.2023",
        "2-5/3",
        "17h30",
        "\n",
        "chỉ tiêu",
        "xã",
        "%",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=6)), max_size=40), st.booleans())
def test_property_offsets_sorted_non_overlapping(parts: list[str], with_pub: bool) -> None:
    text = " ".join(parts)
    found = find_dates(text, published=dt.date(2023, 1, 5) if with_pub else None)
    last = -1
    for d in found:
        assert text[d.start : d.end] == d.text
        assert d.start >= last and d.end > d.start
        last = d.end
        if d.value is None:
            assert d.grain == "relative-unresolvable"


@pytest.mark.parametrize(
    "sentence",
    [
        # a year inside a document's number is no date
        "Văn phòng Chính phủ có công văn 1994/VPCP-CCHC về việc rà soát.",
        # ranges of measures are no day and month
        "Hổ đực dài từ 2.6 đến 3.3m, nặng từ 150 đến 360 kg.",
        "Doanh thu thấp hơn thật từ 5-7% những ngày đầu.",
    ],
)
def test_no_date(sentence: str) -> None:
    assert [d.text for d in find_dates(sentence, published=dt.date(2023, 1, 5))] == []

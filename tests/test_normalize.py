"""normalize: a table of Vietnamese cases, and properties (idempotent, offset-exact) on random Unicode."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsextract.normalize import normalize, tone_style

CASES = [
    ("Quận uỷ Cầu Giấy", "Quận ủy Cầu Giấy"),
    ("hoà bình", "hòa bình"),
    ("HOÀ BÌNH", "HÒA BÌNH"),
    ("thuỷ lợi", "thủy lợi"),
    ("khoẻ mạnh", "khỏe mạnh"),
    ("Thuý Kiều", "Thúy Kiều"),
    ("hoàng hôn", "hoàng hôn"),  # closed syllable: unchanged
    ("quý I", "quý I"),  # qu- is a consonant: unchanged
    ("thuyền", "thuyền"),
    ("“Kỷ cương”", '"Kỷ cương"'),
    ("‘a’", "'a'"),
    ("2020 – 2025", "2020 - 2025"),
    ("a\u00a0b", "a b"),
    ("a\r\nb", "a\nb"),
    ("a\rb", "a\nb"),
    ("a\u200bb", "ab"),
    ("mở\u00adrộng", "mởrộng"),
    (unicodedata.normalize("NFD", "Việt Nam"), "Việt Nam"),
    ("", ""),
    ("Bộ KH&amp;ĐT", "Bộ KH&ĐT"),  # HTML references left in scraped text
    ("Tập đoàn T&amp;amp;T Group", "Tập đoàn T&T Group"),  # doubly escaped
    ("&gt; Xem thêm&nbsp;tin", "> Xem thêm tin"),
    ("Vi&#7879;t", "Việt"),
    ("AT&T; R&D &foo; &amp;xy;", "AT&T; R&D &foo; &xy;"),  # not references (or unknown): kept
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_table(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_every_char_maps_back(raw: str, expected: str) -> None:
    n = normalize(raw)
    for i in range(len(n.text)):
        a, b = n.span_to_original(i, i + 1)
        assert 0 <= a < b <= len(raw)


def test_span_maps_to_original_text() -> None:
    raw = "Ngày 4/1/2023,\r\nBí thư Quận uỷ Cầu Giấy “khẳng định”"
    n = normalize(raw)
    s = n.text.index("Quận ủy Cầu Giấy")
    a, b = n.span_to_original(s, s + len("Quận ủy Cầu Giấy"))
    assert raw[a:b] == "Quận uỷ Cầu Giấy"
    s = n.text.index('"khẳng')
    a, b = n.span_to_original(s, s + len('"khẳng định"'))
    assert raw[a:b] == "“khẳng định”"


def test_tone_style() -> None:
    assert tone_style("Quận uỷ và Thành ủy") == "mixed"
    assert tone_style("hòa bình") == "classic"
    assert tone_style("hoà bình") == "new"
    assert tone_style("Hà Nội") == "none"


def test_large_input_linear() -> None:
    raw = (
        "Quận uỷ “Cầu Giấy”\r\n" + unicodedata.normalize("NFD", "Việt Nam ") + "\u00a0"
    ) * 40_000  # ~1.3 MB
    n = normalize(raw)
    assert n.text.startswith("Quận ủy")
    assert n.span_to_original(0, len(n.text)) == (0, len(raw))


def test_rejects_non_str() -> None:
    with pytest.raises(TypeError):
        normalize(b"bytes")  # type: ignore[arg-type]


VIET = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
alphabet = st.one_of(
    st.sampled_from(list(VIET + VIET.upper() + " \r\n\t\u00a0“”‘’–—\u200b\u00ad.,;:-\"'0123456789qQ")),
    st.sampled_from(["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"]),
    st.characters(),
)
texts = st.text(alphabet=alphabet, max_size=300)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_idempotent(raw: str) -> None:
    once = normalize(raw).text
    assert normalize(once).text == once


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_offsets_exact(raw: str) -> None:
    n = normalize(raw)
    assert unicodedata.is_normalized("NFC", n.text)
    assert n.span_to_original(0, len(n.text))[1] <= len(raw)
    prev = (0, 0)
    for i in range(len(n.text)):
        a, b = n.span_to_original(i, i + 1)
        assert 0 <= a < b <= len(raw)
        assert a >= prev[0] and b >= prev[1]  # monotone: spans never cross
        prev = (a, b)
    # Every whitespace-delimited word maps back to an original slice that normalises to it.
    pos = 0
    for word in n.text.split():
        s = n.text.index(word, pos)
        e = s + len(word)
        pos = e
        a, b = n.span_to_original(s, e)
        assert normalize(raw[a:b]).text.strip() == word

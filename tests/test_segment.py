"""segment: block kinds, sentences, words, the spaCy tokenizer; a golden test on the seed article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsextract.normalize import normalize
from newsextract.segment import BlockSpan, VietnameseTokenizer, split_blocks, split_sentences, split_words

GOLDEN = Path(__file__).parent / "golden" / "seed_structure.json"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev.jsonl"


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        (
            "Tiêu đề bài báo\n\nĐoạn một kết thúc.\n\nĐoạn hai kết thúc.",
            ["headline", "paragraph", "paragraph"],
        ),
        (
            "Tiêu đề\nẢnh: Toàn cảnh hội nghị\nẢnh: Toàn cảnh hội nghị\nNội dung.",
            ["headline", "caption", "caption", "paragraph"],
        ),
        (
            "Tiêu đề\nNội dung bài.\nMinh Anh\nPhiên bản di động",
            ["headline", "paragraph", "byline", "chrome"],
        ),
        ("Tiêu đề\nNội dung bài.\nXem thêm: Hà Nội mưa lớn", ["headline", "paragraph", "chrome"]),
        (
            "Tiêu đề\nNội dung bài.\nTập trung 5 nhóm nhiệm vụ\nNội dung tiếp.",
            ["headline", "paragraph", "subheading", "paragraph"],
        ),
        ("Tiêu đề\nNội dung bài.\nTheo TTXVN", ["headline", "paragraph", "byline"]),
        ("Một đoạn duy nhất.", ["paragraph"]),
        ("", []),
    ],
)
def test_block_kinds(text: str, kinds: list[str]) -> None:
    assert [b.kind for b in split_blocks(text)] == kinds


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Hà Nội mưa to. Giao thông ùn tắc.", ["Hà Nội mưa to.", "Giao thông ùn tắc."]),
        ("TP. HCM có mưa. Trời lạnh.", ["TP. HCM có mưa.", "Trời lạnh."]),
        (
            "GS.TS. Nguyễn Văn A phát biểu. Hội nghị bế mạc.",
            ["GS.TS. Nguyễn Văn A phát biểu.", "Hội nghị bế mạc."],
        ),
        (
            "Tăng 8,02% so với năm 2022. Thu 1.250 tỷ đồng.",
            ["Tăng 8,02% so với năm 2022.", "Thu 1.250 tỷ đồng."],
        ),
        ('Ông nói: "Tốt lắm." Sau đó ra về.', ['Ông nói: "Tốt lắm."', "Sau đó ra về."]),
        ("Bị cáo Nguyễn Văn H. (SN 1985) khai nhận.", ["Bị cáo Nguyễn Văn H. (SN 1985) khai nhận."]),
        ("Có thật không? Có! Vậy thì…", ["Có thật không?", "Có!", "Vậy thì…"]),
    ],
)
def test_sentences(text: str, sentences: list[str]) -> None:
    spans = split_sentences(text, [BlockSpan(0, len(text), "paragraph")])
    assert [text[s:e] for s, e in spans] == sentences


def test_words_align_exactly() -> None:
    text = "Bí thư Quận ủy Cầu Giấy phát biểu, tăng 8,02%."
    words = split_words(text, [(0, len(text))])
    got = [text[s:e] for s, e in words]
    assert "Cầu Giấy" in got and "8,02" in got and got[-1] == "."
    assert all(text[s:e] == text[s:e].strip() and e > s for s, e in words)


def test_words_survive_segmenter_rewrites() -> None:
    # A segmenter that rewrites characters (as underthesea does: uỷ → ủy) still aligns.
    text = "Quận uỷ Cầu Giấy"
    words = split_words(text, [(0, len(text))], segmenter=lambda s: ["Quận ủy", "Cầu Giấy"])
    assert [text[s:e] for s, e in words] == ["Quận uỷ", "Cầu Giấy"]


def test_tokenizer_doc_text_and_serialisation() -> None:
    import spacy

    nlp = spacy.blank(
        "vi", config={"nlp": {"tokenizer": {"@tokenizers": "newsextract.VietnameseTokenizer.v1"}}}
    )
    assert isinstance(nlp.tokenizer, VietnameseTokenizer)
    text = "Tiêu đề\n\nNgày 4/1/2023, Quận ủy họp.  Hội nghị bế mạc.\n"
    doc = nlp(text)
    assert doc.text == text
    assert [s.label_ for s in doc.spans["blocks"]] == ["headline", "paragraph"]
    assert [s.text.strip() for s in doc.sents] == [
        "Tiêu đề",
        "Ngày 4/1/2023, Quận ủy họp.",
        "Hội nghị bế mạc.",
    ]
    data = nlp.to_bytes()
    nlp2 = spacy.blank(
        "vi", config={"nlp": {"tokenizer": {"@tokenizers": "newsextract.VietnameseTokenizer.v1"}}}
    )
    nlp2.from_bytes(data)
    assert nlp2(text).text == text


def test_seed_structure_golden(seed_text: str) -> None:
    """Headline, related line, subheadings, captions (twice each), byline and chrome of the seed."""
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    n = normalize(seed_text)
    blocks = split_blocks(n.text)
    got_blocks = [[*n.span_to_original(b.start, b.end), b.kind] for b in blocks]
    assert got_blocks == golden["blocks"]
    sents = [list(n.span_to_original(s, e)) for s, e in split_sentences(n.text, blocks)]
    assert sents == golden["sentences"]
    kinds = [k for _, _, k in got_blocks]
    assert kinds[0] == "headline" and kinds[-2:] == ["byline", "chrome"]
    assert kinds.count("caption") == 6
    byline = next(b for b in got_blocks if b[2] == "byline")
    assert seed_text[byline[0] : byline[1]] == "Hoa Thành"


# --- the fast CRF segmenter must be underthesea's word_tokenize, word for word ------------------

_SEGMENTER_CASES = [
    "Bác sĩ bây giờ có thể thản nhiên báo tin bệnh nhân bị ung thư",
    "Đồng chí Trần Thị Phương Hoa, Bí thư Quận uỷ Cầu Giấy phát biểu.",
    "Ngày 4/1/2023, Ban Chấp hành Đảng bộ quận tổ chức hội nghị lần thứ 18.",
    "TP.HCM: GDP tăng 6,5%; 31/31 chỉ tiêu đạt và vượt kế hoạch.",
    "UBND tỉnh Quảng Ninh chi 1.200 tỷ đồng (khoảng 52 triệu USD).",
    "Hà",  # one token
    "“Kỷ cương, trách nhiệm, hành động”",
    "... !!! ???",
    "9999999999 -12 +7 3G iPhone X-Men ½ ²",
    "HUYỆN ỦY CẦU GIẤY TỔNG KẾT CÔNG TÁC NĂM 2022",
    "email: ban.bientap@baomoi.vn, http://dantri.com.vn/xa-hoi.htm",
    "Ðà Nẵng thuỷ lợi hoà bình",
]


@pytest.fixture(scope="module")
def crf_segmenter():
    from newsextract.segment import CrfSegmenter

    return CrfSegmenter()


@pytest.mark.parametrize("sentence", _SEGMENTER_CASES)
def test_crf_segmenter_equals_word_tokenize(crf_segmenter, sentence: str) -> None:
    from underthesea import word_tokenize

    assert crf_segmenter(sentence) == word_tokenize(sentence)


def test_crf_segmenter_batch_equals_one_by_one(crf_segmenter) -> None:
    # Sentences of one article are decoded together; no feature may leak across them.
    assert crf_segmenter.segment_many(_SEGMENTER_CASES) == [crf_segmenter(s) for s in _SEGMENTER_CASES]
    assert crf_segmenter.segment_many([]) == []
    assert crf_segmenter.segment_many(["", "   "]) == [[], []]


_SYLLABLES = [
    "Hà",
    "Nội",
    "quận",
    "ủy",
    "Cầu",
    "Giấy",
    "hội",
    "nghị",
    "lần",
    "thứ",
    "18",
    "12/3",
    ",",
    ".",
    "“",
    "TP.HCM",
    "ông",
    "ANH",
    "sinh",
    "viên",
    "-",
    "2023",
    "%",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=25))
def test_crf_segmenter_equals_word_tokenize_on_random_sentences(crf_segmenter, words: list[str]) -> None:
    from underthesea import word_tokenize

    sentence = " ".join(words)
    assert crf_segmenter(sentence) == word_tokenize(sentence)


@pytest.mark.corpus
def test_crf_segmenter_equals_word_tokenize_on_dev_corpus(crf_segmenter) -> None:
    from underthesea import word_tokenize

    if not CORPUS.exists():
        pytest.skip("../shared/corpus/dev.jsonl is absent")
    sentences = []
    with CORPUS.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 4:  # a quarter of the articles keeps the test short
                continue
            text = normalize(json.loads(line)["text"]).text
            sentences += [
                text[s:e] for s, e in split_sentences(text, split_blocks(text)) if text[s:e].strip()
            ]
    assert len(sentences) > 1000
    got = crf_segmenter.segment_many(sentences)
    diff = [s for s, g in zip(sentences, got, strict=True) if g != word_tokenize(s)]
    assert diff == []

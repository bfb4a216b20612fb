"""segment: block kinds, sentences, words, the spaCy tokenizer; a golden test on the seed article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsextract.normalize import normalize
from newsextract.segment import BlockSpan, VietnameseTokenizer, split_blocks, split_sentences, split_words

GOLDEN = Path(__file__).parent / "golden" / "seed_structure.json"


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

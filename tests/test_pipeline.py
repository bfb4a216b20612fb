"""The whole pass: offsets exact on the caller's text, the seed article, no network, lazy loading."""

from __future__ import annotations

import socket
import subprocess
import sys
import unicodedata

import msgspec
import pytest

from newsextract import Pipeline, StageError, extract, result_from_json, to_json
from newsextract.records import Fact, Result


def _all_spans(r: Result):
    yield from r.entities
    yield from r.dates
    yield from r.quantities


def assert_offsets_exact(text: str, r: Result) -> None:
    for item in _all_spans(r):
        assert text[item.start : item.end] == item.text, item
    for f in r.facts:
        assert isinstance(f, Fact)
        assert text[f.start : f.end] == f.evidence, f
    for b in r.blocks:
        assert 0 <= b.start < b.end <= len(text)


def test_seed_offsets_title_byline(seed_text: str, seed_result: Result) -> None:
    assert_offsets_exact(seed_text, seed_result)
    assert seed_result.title == "Quận ủy Cầu Giấy: 31/31 chỉ tiêu hoàn thành và vượt mức"
    kinds = [b.kind for b in seed_result.blocks]
    assert "byline" in kinds and "chrome" in kinds and kinds.count("caption") == 6
    per = [e.text for e in seed_result.entities if e.label == "PER"]
    assert "Hoa Thành" in per  # the byline
    # entities in the repeated captions are still reported (both copies)
    assert per.count("Trần Thị Phương Hoa") == 3


def test_seed_entities_exact(seed_gold: dict, seed_result: Result) -> None:
    """Every gold entity of the seed is found with its exact span."""
    gold = {(e["start"], e["end"], e["label"]) for e in seed_gold["entities"]}
    pred = {(e.start, e.end, e.label) for e in seed_result.entities}
    missing = sorted(gold - pred)
    assert not missing, [(s, e, lab, seed_gold["text"][s:e]) for s, e, lab in missing]


@pytest.mark.parametrize(
    "text",
    [
        "Quận uỷ Cầu Giấy\r\nNgày 4/1/2023, đồng chí Trần Thị Phương Hoa phát biểu.",
        unicodedata.normalize("NFD", "Ngày 4/1/2023, Bộ Tài chính công bố tăng 8,02%.\r\n"),
        "\ufeffHÀ NỘI:\u00a0“Kỷ cương” – năm 2023\u200b của UBND TP Hà Nội",
        "",
        "   \r\n\r\n  ",
        "a" * 10_000,
        "ông nguyễn văn an, chủ tịch ubnd tỉnh thái bình, cho biết hôm qua",
        "ÔNG NGUYỄN VĂN AN, CHỦ TỊCH UBND TỈNH THÁI BÌNH, PHÁT BIỂU NGÀY 4/1/2023",
    ],
)
def test_offsets_exact_on_odd_inputs(pipeline: Pipeline, text: str) -> None:
    r = pipeline.extract(text, published="2023-01-05")
    assert_offsets_exact(text, r)


def test_json_round_trip(seed_result: Result) -> None:
    line = to_json(seed_result)
    back = result_from_json(line)
    assert back == seed_result
    assert to_json(back) == line


def test_bad_published_is_a_clear_error(pipeline: Pipeline) -> None:
    with pytest.raises(StageError, match="ISO date"):
        pipeline.extract("Hà Nội", published="hôm qua")


def test_non_str_is_a_clear_error(pipeline: Pipeline) -> None:
    with pytest.raises(StageError, match="must be str"):
        pipeline.extract(b"bytes")  # type: ignore[arg-type]


def test_no_network(monkeypatch: pytest.MonkeyPatch, seed_text: str) -> None:
    """Building a fresh pipeline and extracting never opens a socket."""

    def guard(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket, "create_connection", guard)
    monkeypatch.setattr(socket, "getaddrinfo", guard)
    r = Pipeline().extract(seed_text)
    assert r.entities


def test_import_loads_no_model() -> None:
    code = (
        "import sys, newsextract; "
        "bad=[m for m in sys.modules if m.split('.')[0] in ('spacy','underthesea','torch','dateparser')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_extract_function_and_schema_file() -> None:
    import json
    from pathlib import Path

    from newsextract.records import result_schema

    r = extract("Ngày 4/1/2023, Quận ủy Cầu Giấy tổ chức hội nghị.", published="2023-01-05")
    assert any(e.label == "ORG" and e.text == "Quận ủy Cầu Giấy" for e in r.entities)
    path = Path(__file__).resolve().parents[1] / "schema" / "result.schema.json"
    assert json.loads(path.read_text(encoding="utf-8")) == result_schema(), (
        "regenerate schema/result.schema.json"
    )
    msgspec.json.decode(to_json(r))


def test_vocabulary_stays_flat_over_articles(pipeline) -> None:
    """Strings an article adds are freed after it: a long batch run does not grow the vocab."""
    tags = [a + b for a in "bcdghklmnt" for b in "aeiou"][:30]  # new, unseen syllables each time
    texts = [f"Ông Nguyễn Văn Tê{t} thăm xã Khôngcó{t}, huyện Mộtchỗ{t}." for t in tags]
    pipeline.extract(texts[0])
    before = len(pipeline.nlp.vocab.strings)
    for t in texts[1:]:
        r = pipeline.extract(t)
        assert any(e.text.startswith("Nguyễn Văn") for e in r.entities)
    assert len(pipeline.nlp.vocab.strings) == before


def test_frequent_tokens_are_permanent(pipeline) -> None:
    # warm_vocab put the common words in the vocabulary for good (outside any zone).
    pipeline.extract("Hội nghị diễn ra tại Hà Nội.")
    assert "hội nghị" in pipeline.nlp.vocab.strings and "của" in pipeline.nlp.vocab.strings


def test_models_dir_as_a_string() -> None:
    from newsextract.pipeline import MODELS_DIR, Pipeline

    p = Pipeline(models_dir=str(MODELS_DIR), use_ner_model=False)
    assert [e.text for e in p.extract("Ông Nguyễn Văn An đến Hà Nội.").entities] == [
        "Nguyễn Văn An",
        "Hà Nội",
    ]

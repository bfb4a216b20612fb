"""Round trips of newsextract.interchange: Label Studio, doccano, spaCy DocBin, CoNLL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsextract import interchange as ix
from newsextract.evaluate import GoldArticle, GoldError, gold_from_dict
from newsextract.records import DateSpan, Entity, Result

TEXT_A = (
    "Ngày 12/3/2024, UBND tỉnh Quảng Ninh tổ chức hội nghị lần thứ 5.\n"
    "Ông Phạm Văn Hùng phát biểu tại Hạ Long."
)
TEXT_B = "Bà Nguyễn Thị Lan, Giám đốc Sở Giáo dục, cho biết năm 2023 có 12 trường đạt chuẩn."


def sp(text: str, sub: str, label: str, **extra: Any) -> dict[str, Any]:
    s = text.index(sub)
    return {"start": s, "end": s + len(sub), "label": label, "text": sub, **extra}


def articles() -> list[GoldArticle]:
    a = gold_from_dict(
        {
            "id": "qn-1",
            "text": TEXT_A,
            "title": "Hội nghị",
            "published": "2024-03-13",
            "entities": [
                sp(TEXT_A, "Ngày 12/3/2024", "DATE", value="2024-03-12", grain="day"),
                sp(TEXT_A, "UBND tỉnh Quảng Ninh", "ORG"),
                sp(TEXT_A, "Phạm Văn Hùng", "PER"),
                sp(TEXT_A, "Hạ Long", "LOC"),
            ],
            "facts": [
                {
                    "type": "meeting",
                    "kind": "hội nghị",
                    "ordinal": 5,
                    "date": "2024-03-12",
                    "start": 0,
                    "end": 65,
                }
            ],
        }
    )
    b = gold_from_dict(
        {
            "id": "gd-2",
            "text": TEXT_B,
            "entities": [
                sp(TEXT_B, "Nguyễn Thị Lan", "PER"),
                sp(TEXT_B, "Sở Giáo dục", "ORG"),
                sp(TEXT_B, "năm 2023", "DATE"),
            ],
        }
    )
    c = gold_from_dict({"id": "trong", "text": "Không có thực thể nào.", "entities": []})
    d = gold_from_dict({"id": "chua-gan", "text": "Chưa gán nhãn.", "facts": []})
    return [a, b, c, d]


def test_label_studio_round_trip(tmp_path: Path) -> None:
    arts = articles()
    path = tmp_path / "ls.json"
    ix.write_label_studio(arts, path)
    tasks = json.loads(path.read_text(encoding="utf-8"))
    item = tasks[0]["annotations"][0]["result"][1]
    assert item["type"] == "labels" and item["value"]["labels"] == ["ORG"]
    assert item["value"]["text"] == "UBND tỉnh Quảng Ninh"
    assert tasks[3]["annotations"] == []
    assert ix.read_label_studio(path) == arts


def test_label_studio_predictions_and_real_export() -> None:
    arts = articles()[:1]
    res = Result(
        entities=[Entity(start=16, end=36, text=TEXT_A[16:36], label="ORG")],
        dates=[DateSpan(start=0, end=14, text=TEXT_A[:14], value="2024-03-12", grain="day")],
    )
    [task] = ix.to_label_studio(arts, predictions=[res])
    assert len(task["predictions"][0]["result"]) == 2
    # as Label Studio exports it: a cancelled annotation, another region type, numeric task id
    export = [
        {
            "id": 7,
            "data": {"text": TEXT_B},
            "annotations": [
                {"was_cancelled": True, "result": []},
                {
                    "result": [
                        {
                            "type": "labels",
                            "value": {"start": 3, "end": 17, "text": "Nguyễn Thị Lan", "labels": ["PER"]},
                        },
                        {"type": "choices", "value": {"choices": ["ok"]}},
                    ]
                },
            ],
            "predictions": [],
        }
    ]
    [g] = ix.from_label_studio(export)
    assert g.id == "7" and g.entities is not None and [e.text for e in g.entities] == ["Nguyễn Thị Lan"]
    [p] = ix.from_label_studio(
        [{"data": {"text": TEXT_A}, "predictions": task["predictions"]}], use_predictions=True
    )
    assert p.entities is not None and len(p.entities) == 2
    minimal = [
        {
            "id": 1,
            "text": TEXT_B,
            "label": [{"start": 3, "end": 17, "text": "Nguyễn Thị Lan", "labels": ["PER"]}],
        }
    ]
    assert ix.from_label_studio(minimal)[0].entities == g.entities
    bad = [
        {
            "data": {"text": TEXT_B},
            "annotations": [
                {
                    "result": [
                        {"type": "labels", "value": {"start": 3, "end": 17, "text": "Lan", "labels": ["PER"]}}
                    ]
                }
            ],
        }
    ]
    with pytest.raises(GoldError, match="3-17"):
        ix.from_label_studio(bad)


@pytest.mark.parametrize("style", ["label", "entities"])
def test_doccano_round_trip(tmp_path: Path, style: str) -> None:
    arts = articles()
    path = tmp_path / "dc.jsonl"
    ix.write_doccano(arts, path, style=style)  # type: ignore[arg-type]
    first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    if style == "label":
        assert first["label"][1] == [16, 36, "ORG"]
    else:
        assert first["entities"][1] == {"id": 1, "start_offset": 16, "end_offset": 36, "label": "ORG"}
    assert ix.read_doccano(path) == arts


def test_doccano_import_plain() -> None:
    [g] = ix.from_doccano([{"id": 3, "text": TEXT_B, "label": [[3, 17, "PER"]]}])
    assert g.id == "3" and g.entities is not None and g.entities[0].text == "Nguyễn Thị Lan"
    with pytest.raises(GoldError, match="'3'"):
        ix.from_doccano([{"id": 3, "text": TEXT_B, "label": [[3, 170, "PER"]]}])


def token_aligned(art: GoldArticle, bounds: set[tuple[int, int]]) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label) for e in art.entities or () if (e.start, e.end) in bounds]


def test_docbin_round_trip(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    arts = articles()[:3]
    # "Sở Giáo dục," ends before a comma the blank tokenizer splits off: aligned. Add an unaligned span too.
    extra = gold_from_dict(
        {"id": "x", "text": "Thăm TP.HCMhôm qua.", "entities": [{"start": 5, "end": 11, "label": "LOC"}]}
    )
    path = tmp_path / "gold.spacy"
    assert ix.write_docbin([*arts, extra], path) == 0
    back = ix.read_docbin(path)
    assert [b.id for b in back] == ["qn-1", "gd-2", "trong", "x"]
    for a, b in zip(arts, back, strict=False):
        assert b.text == a.text
        assert [(e.start, e.end, e.label) for e in b.entities or ()] == [
            (e.start, e.end, e.label) for e in a.entities or ()
        ]
    assert back[0].title == "Hội nghị" and back[0].published == "2024-03-13"
    # expanded to the token: never smaller than the gold span
    [e] = back[3].entities or ()
    assert e.start <= 5 and e.end >= 11 and e.label == "LOC"


def test_conll_round_trip_with_given_segmenter(tmp_path: Path) -> None:
    arts = articles()[:3]

    def seg(sentence: str) -> list[str]:  # syllables, with punctuation split off
        return sentence.replace(",", " ,").replace(".", " .").split()

    path = tmp_path / "gold.conll"
    ix.write_conll(arts, path, segmenter=seg)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# id = qn-1"
    assert "Quảng\tI-ORG" in lines and "UBND\tB-ORG" in lines and "" in lines
    docs = ix.read_conll(path)
    assert [d.id for d in docs] == ["qn-1", "gd-2", "trong"]
    assert len(docs[0].sentences) == 2  # two lines of text
    for a, d in zip(arts, docs, strict=True):
        got = [(e.start, e.end, e.label) for e in ix.conll_entities(a.text, d)]
        assert got == [(e.start, e.end, e.label) for e in a.entities or ()]


@pytest.mark.slow
def test_conll_with_underthesea_words(tmp_path: Path) -> None:
    pytest.importorskip("underthesea")
    arts = articles()[:2]
    path = tmp_path / "gold.conll"
    ix.write_conll(arts, path)
    text = path.read_text(encoding="utf-8")
    assert "Phạm_Văn_Hùng\tB-PER" in text or "Phạm\tB-PER" in text
    for a, d in zip(arts, ix.read_conll(path), strict=True):
        from newsextract.segment import split_blocks, split_sentences, split_words

        words = split_words(a.text, split_sentences(a.text, split_blocks(a.text)))
        starts, ends = {s for s, _ in words}, {e for _, e in words}
        aligned = {(e.start, e.end) for e in a.entities or () if e.start in starts and e.end in ends}
        got = {(e.start, e.end, e.label) for e in ix.conll_entities(a.text, d)}
        want = set(token_aligned(a, aligned))
        assert want and want <= got

"""Tests of newsextract.evaluate: hand-computed cases, nervaluate and seqeval cross-checks."""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
from pathlib import Path
from typing import Any

import msgspec
import pytest

from newsextract import evaluate as ev
from newsextract.evaluate import GoldArticle, GoldError, gold_from_dict, score_articles
from newsextract.records import Count, DateSpan, Entity, Meeting, Money, Result

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "000_7a4dca285e0ca61f.gold.jsonl"
TEXT = (
    "Ngày 5/3/2024, ông Nguyễn Văn An, Giám đốc Sở Y tế tỉnh Bắc Ninh, "
    "đã đến thăm Bệnh viện Đa khoa Thuận Thành."
)


def span(text: str, sub: str, label: str, nth: int = 0, **extra: Any) -> dict[str, Any]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return {"start": start, "end": start + len(sub), "label": label, "text": sub, **extra}


def ent(text: str, sub: str, label: str, nth: int = 0) -> Entity:
    d = span(text, sub, label, nth)
    return Entity(start=d["start"], end=d["end"], text=sub, label=label)  # type: ignore[arg-type]


def gold_article(entities: list[dict[str, Any]] | None = None, facts: list[dict[str, Any]] | None = None,
                 text: str = TEXT, aid: str = "bai-1") -> GoldArticle:  # fmt: skip
    d: dict[str, Any] = {"id": aid, "text": text}
    if entities is not None:
        d["entities"] = entities
    if facts is not None:
        d["facts"] = facts
    return gold_from_dict(d)


def hand_case() -> tuple[GoldArticle, Result]:
    g = gold_article(
        [
            span(TEXT, "Ngày 5/3/2024", "DATE"),
            span(TEXT, "Nguyễn Văn An", "PER"),
            span(TEXT, "Sở Y tế tỉnh Bắc Ninh", "ORG"),
            span(TEXT, "Bệnh viện Đa khoa Thuận Thành", "ORG"),
        ]
    )
    p = Result(
        id="bai-1",
        entities=[
            ent(TEXT, "Nguyễn Văn An", "PER"),
            ent(TEXT, "Nguyễn Văn An", "PER"),  # duplicate: a false alarm
            ent(TEXT, "Bắc Ninh", "LOC"),  # overlaps an ORG: label mismatch, no partial credit
            ent(TEXT, "Bệnh viện Đa khoa", "ORG"),  # partial
        ],
        dates=[DateSpan(start=5, end=13, text="5/3/2024", value="2024-03-05", grain="day")],  # partial
    )
    return g, p


# --------------------------------------------------------------------------- entities


def test_hand_computed_strict_and_partial() -> None:
    g, p = hand_case()
    r = score_articles([g], [p])
    s, pa = r.entities.strict, r.entities.partial
    assert (s["micro"].gold, s["micro"].pred, s["micro"].tp) == (4, 5, 1)
    assert s["micro"].precision == pytest.approx(1 / 5)
    assert s["micro"].recall == pytest.approx(1 / 4)
    assert s["micro"].f1 == pytest.approx(2 * 0.2 * 0.25 / 0.45)
    assert (s["PER"].gold, s["PER"].pred, s["PER"].tp) == (1, 2, 1)
    assert (s["LOC"].gold, s["LOC"].pred, s["LOC"].tp) == (0, 1, 0)
    assert (s["ORG"].gold, s["ORG"].pred, s["ORG"].tp) == (2, 1, 0)
    assert (s["DATE"].gold, s["DATE"].pred, s["DATE"].tp) == (1, 1, 0)
    # partial: DATE and ORG overlaps count in full; LOC "Bắc Ninh" has the wrong label
    assert (pa["micro"].tp, pa["micro"].overlap) == (3, 2)
    assert pa["micro"].precision == pytest.approx(3 / 5)
    assert pa["micro"].recall == pytest.approx(3 / 4)
    assert pa["ORG"].recall == pytest.approx(1 / 2)
    assert pa["DATE"].f1 == 1.0
    assert pa["PER"].half_credit() == pytest.approx((0.5, 1.0, 2 / 3))
    d = r.to_dict()
    assert set(d) == {"entities", "dates", "facts"}
    assert set(d["entities"]) == {"strict", "partial"}
    assert list(d["entities"]["strict"]) == ["micro", "PER", "ORG", "LOC", "DATE"]
    assert {"precision", "recall", "f1"} <= set(d["entities"]["strict"]["micro"])
    assert d["entities"]["partial"]["micro"]["overlap"] == 2


def test_errors_list_misses_and_false_alarms_with_context() -> None:
    g, p = hand_case()
    r = score_articles([g], [p])
    kinds = sorted((e.kind, e.label, e.text) for e in r.errors if e.category == "entity")
    assert ("false_alarm", "PER", "Nguyễn Văn An") in kinds
    assert ("false_alarm", "LOC", "Bắc Ninh") in kinds
    assert ("miss", "ORG", "Sở Y tế tỉnh Bắc Ninh") in kinds
    assert ("miss", "DATE", "Ngày 5/3/2024") in kinds
    assert len(kinds) == 7  # 3 misses (DATE, 2 ORG) + 4 false alarms (PER dup, LOC, ORG, DATE)
    miss = next(e for e in r.errors if e.text == "Sở Y tế tỉnh Bắc Ninh")
    assert miss.left.endswith("Giám đốc ") and miss.right.startswith(", đã đến")
    assert len(miss.left) <= 40 and len(miss.right) <= 40
    assert "LOC 'Bắc Ninh'" in miss.detail
    assert "[Sở Y tế tỉnh Bắc Ninh]" in miss.render()


def test_exact_match_wins_over_earlier_overlap() -> None:
    g = gold_article([span(TEXT, "Nguyễn Văn An", "PER")])
    p = Result(entities=[ent(TEXT, "Nguyễn Văn", "PER"), ent(TEXT, "Nguyễn Văn An", "PER")])
    r = score_articles([g], [p])
    assert r.entities.strict["PER"].tp == 1
    assert (r.entities.partial["PER"].tp, r.entities.partial["PER"].overlap) == (1, 0)
    assert r.entities.partial["PER"].pred == 2


def test_empty_gold_and_predictions() -> None:
    empty = gold_article([], [])
    r = score_articles([empty], [None])
    assert r.entities.strict["micro"].to_dict()["f1"] == 0.0
    assert r.facts["micro"].gold == 0
    r = score_articles([], [])
    assert r.articles == 0 and r.entities.strict["micro"].pred == 0
    # predictions but nothing annotated as present: all false alarms
    _, p = hand_case()
    r = score_articles([empty], [p])
    assert r.entities.strict["micro"].pred == 5 and r.entities.strict["micro"].precision == 0.0


def test_not_annotated_is_not_scored() -> None:
    _, p = hand_case()
    r = score_articles([gold_article(None, None)], [p])
    assert r.entities.strict["micro"].pred == 0
    assert r.facts["micro"].pred == 0


def test_date_entities_from_dates_list_not_double_counted() -> None:
    g = gold_article([span(TEXT, "Ngày 5/3/2024", "DATE")])
    e = ent(TEXT, "Ngày 5/3/2024", "DATE")
    d = DateSpan(start=0, end=13, text="Ngày 5/3/2024", value="2024-03-05", grain="day")
    r = score_articles([g], [Result(entities=[e], dates=[d])])
    assert r.entities.strict["DATE"].pred == 1 and r.entities.strict["DATE"].tp == 1


# --------------------------------------------------------------------------- dates


def test_date_value_and_grain_accuracy() -> None:
    text = "Sáng 4/1, hội nghị khai mạc; quý I/2024 sẽ tổng kết, năm 2023 đã xong."
    g = gold_article(
        [
            span(text, "Sáng 4/1", "DATE", value="2024-01-04", grain="day"),
            span(text, "quý I/2024", "DATE", value="2024-Q1", grain="quarter"),
            span(text, "năm 2023", "DATE", value="2023", grain="year"),
            span(text, "năm 2023", "DATE"),  # no value: counted in gold, not in accuracy
        ][:3],
        text=text,
    )
    p = Result(
        dates=[
            DateSpan(start=0, end=8, text="Sáng 4/1", value="2024-01-04", grain="datetime"),
            DateSpan(start=29, end=39, text="quý I/2024", value="2024-Q2", grain="quarter"),
        ]
    )
    r = score_articles([g], [p])
    d = r.dates.to_dict()
    assert (d["gold"], d["found"], d["gold_with_value"]) == (3, 2, 3)
    assert (d["value_correct"], d["value_total"]) == (1, 2)
    assert (d["grain_correct"], d["grain_total"]) == (1, 2)
    assert d["value_accuracy"] == 0.5
    kinds = {e.kind for e in r.errors}
    assert {"wrong_value", "wrong_grain", "miss"} <= kinds


def test_dates_without_gold_values_report_none() -> None:
    g = gold_article([span(TEXT, "Ngày 5/3/2024", "DATE")])
    r = score_articles([g], [hand_case()[1]])
    assert r.dates.value_accuracy is None and r.dates.to_dict()["value_total"] == 0


# --------------------------------------------------------------------------- facts


def fact(ftype: str, **fields: Any) -> dict[str, Any]:
    return {"type": ftype, "start": 0, "end": 10, **fields}


def test_fact_matching_rules() -> None:
    gold = [
        fact("count", value=10, noun="chương trình", context="x"),
        fact("count", value=3, noun="nhóm chỉ tiêu"),
        fact("meeting", kind="hội nghị", ordinal=18, date="--01-04"),
        fact("meeting", kind="kỳ họp", ordinal=6, date="--05-20"),
        fact("money", value=1250000000000, currency="VND"),
        fact("person_role", person="Trần Thị Phương Hoa", role="Bí thư", organization="Quận uỷ Cầu Giấy"),
        fact("slogan", text="Kỷ cương, trách nhiệm", year=2023),
        fact("quote", speaker="X", text="..."),
    ]
    pred = [
        Count(start=0, end=5, evidence="", value=10, noun="chương trình công tác"),  # prefix
        Count(start=0, end=5, evidence="", value=3, noun="nhóm"),  # the other way round
        Meeting(start=0, end=5, evidence="", kind="Hội nghị", ordinal=18, date="2023-01-04"),  # any year
        Meeting(start=0, end=5, evidence="", kind="kỳ  họp", ordinal=6, date=None),  # null
        Money(start=0, end=5, evidence="", value=1.25e12, currency="VND"),  # numbers as numbers
        {"type": "person_role", "person": "trần thị  phương hoa", "role": "BÍ THƯ", "start": 1, "end": 2},
        {"type": "slogan", "text": "Kỷ cương,  trách nhiệm", "year": "2023"},
        {"type": "quote", "speaker": "Y", "text": "khác"},
    ]
    g = gold_article(facts=gold)
    r = score_articles([g], [Result(facts=pred)])
    f = r.facts
    assert f["micro"].gold == 7 and f["micro"].pred == 7  # quotes are not scored
    assert f["micro"].tp == 7
    assert f["count"].f1 == 1.0 and f["meeting"].f1 == 1.0
    assert "quote" not in f


def test_fact_mismatches_and_one_to_one() -> None:
    gold = [
        fact("count", value=10, noun="chương trình"),
        fact("meeting", kind="hội nghị", ordinal=18, date="2023-01-04"),
    ]
    pred = [
        {"type": "count", "value": 10, "noun": "chương trình"},
        {"type": "count", "value": 10, "noun": "chương trình"},  # duplicate: false alarm
        {"type": "count", "value": 11, "noun": "chương trình"},
        {"type": "meeting", "kind": "hội nghị", "ordinal": 18, "date": None},  # gold has a full date
        {"type": "anniversary", "years": 25},
    ]
    r = score_articles([gold_article(facts=gold)], [Result(facts=pred)])
    assert (r.facts["count"].gold, r.facts["count"].pred, r.facts["count"].tp) == (1, 3, 1)
    assert (r.facts["meeting"].tp, r.facts["anniversary"].pred) == (0, 1)
    assert r.facts["micro"].precision == pytest.approx(1 / 5)
    assert r.facts["micro"].recall == pytest.approx(1 / 2)
    assert sum(1 for e in r.errors if e.category == "fact" and e.kind == "false_alarm") == 4


def test_fact_matching_is_maximum_not_greedy() -> None:
    gold = [
        fact("count", value=10, noun="chương trình"),
        fact("count", value=10, noun="chương trình công tác"),
    ]
    pred = [
        {"type": "count", "value": 10, "noun": "chương trình công tác toàn khóa"},  # matches both
        {"type": "count", "value": 10, "noun": "chương trình mới"},  # matches the first only
    ]
    r = score_articles([gold_article(facts=gold)], [Result(facts=pred)])
    assert r.facts["count"].tp == 2


def test_month_day_date_only_matches_same_day() -> None:
    g = {"kind": "hội nghị", "ordinal": None, "date": "--01-04"}
    assert ev.fact_matches("meeting", g, {**g, "date": "--01-04"})
    assert ev.fact_matches("meeting", g, {**g, "date": "1999-01-04"})
    assert not ev.fact_matches("meeting", g, {**g, "date": "2023-04-01"})
    assert not ev.fact_matches("meeting", g, {**g, "ordinal": 1})


# --------------------------------------------------------------------------- independent implementations


def random_flat(rng: random.Random, length: int, labels: list[str]) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    while True:
        pos += rng.randint(0, 12)
        size = rng.randint(1, 9)
        if pos + size > length:
            return out
        out.append((pos, pos + size, rng.choice(labels)))
        pos += size


def random_case(
    rng: random.Random,
) -> tuple[GoldArticle, Result, list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    text = "x" * 150
    labels = ["PER", "ORG", "LOC"]
    gold = random_flat(rng, len(text), labels)
    if rng.random() < 0.5:  # predictions near the gold: exact, shifted, relabelled
        pred = []
        for s, e, lab in gold:
            roll = rng.random()
            if roll < 0.4:
                pred.append((s, e, lab))
            elif roll < 0.7:
                pred.append((s, max(s + 1, e - rng.randint(0, 2)), lab))
            elif roll < 0.85:
                pred.append((s, e, rng.choice(labels)))
    else:
        pred = random_flat(rng, len(text), labels)
    g = gold_from_dict(
        {"id": "r", "text": text, "entities": [{"start": s, "end": e, "label": lab} for s, e, lab in gold]}
    )
    p = Result(entities=[Entity(start=s, end=e, text=text[s:e], label=lab) for s, e, lab in pred])  # type: ignore[arg-type]
    return g, p, gold, pred


def test_against_nervaluate_random() -> None:
    nervaluate = pytest.importorskip("nervaluate")
    rng = random.Random(20240105)
    for _ in range(60):
        docs = [random_case(rng) for _ in range(rng.randint(1, 3))]
        r = score_articles([d[0] for d in docs], [d[1] for d in docs], labels=["PER", "ORG", "LOC"])
        # nervaluate's ends are inclusive
        true = [[{"label": lab, "start": s, "end": e - 1} for s, e, lab in d[2]] for d in docs]
        pred = [[{"label": lab, "start": s, "end": e - 1} for s, e, lab in d[3]] for d in docs]
        if not any(true) or not any(pred):
            continue
        out = nervaluate.Evaluator(true, pred, tags=["PER", "ORG", "LOC"], loader="dict").evaluate()
        ov = out["overall"]["strict"]
        assert r.entities.strict["micro"].precision == pytest.approx(ov.precision)
        assert r.entities.strict["micro"].recall == pytest.approx(ov.recall)
        assert r.entities.strict["micro"].f1 == pytest.approx(ov.f1)
        for lab, res in out["entities"].items():
            st, pa = r.entities.strict[lab], r.entities.partial[lab]
            assert st.precision == pytest.approx(res["strict"].precision)
            assert st.recall == pytest.approx(res["strict"].recall)
            assert st.tp == res["strict"].correct
            # within one label nervaluate's partial = ours with half credit for overlaps
            assert pa.tp - pa.overlap == res["partial"].correct
            assert pa.overlap == res["partial"].partial
            assert pa.half_credit() == pytest.approx(
                (res["partial"].precision, res["partial"].recall, res["partial"].f1)
            )


def test_hand_case_against_nervaluate() -> None:
    nervaluate = pytest.importorskip("nervaluate")
    g, p = hand_case()
    spans = ev._pred_spans(p)
    true = [[{"label": e.label, "start": e.start, "end": e.end - 1} for e in g.entities or ()]]
    pred = [[{"label": s.label, "start": s.start, "end": s.end - 1} for s in spans]]
    out = nervaluate.Evaluator(true, pred, tags=list(ev.LABELS), loader="dict").evaluate()
    r = score_articles([g], [p])
    assert r.entities.strict["micro"].precision == pytest.approx(out["overall"]["strict"].precision)
    assert r.entities.strict["micro"].recall == pytest.approx(out["overall"]["strict"].recall)
    for lab, res in out["entities"].items():
        assert r.entities.partial[lab].half_credit() == pytest.approx(
            (res["partial"].precision, res["partial"].recall, res["partial"].f1)
        )


def char_bio(length: int, spans: list[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * length
    for s, e, lab in spans:
        tags[s] = "B-" + lab
        for i in range(s + 1, e):
            tags[i] = "I-" + lab
    return tags


def test_strict_equals_seqeval_random() -> None:
    seqeval_metrics = pytest.importorskip("seqeval.metrics")
    rng = random.Random(7)
    for _ in range(40):
        docs = [random_case(rng) for _ in range(rng.randint(1, 3))]
        if not any(d[2] for d in docs) or not any(d[3] for d in docs):
            continue
        r = score_articles([d[0] for d in docs], [d[1] for d in docs], labels=["PER", "ORG", "LOC"])
        y_true = [char_bio(150, d[2]) for d in docs]
        y_pred = [char_bio(150, d[3]) for d in docs]
        s = r.entities.strict["micro"]
        assert s.precision == pytest.approx(seqeval_metrics.precision_score(y_true, y_pred))
        assert s.recall == pytest.approx(seqeval_metrics.recall_score(y_true, y_pred))
        assert s.f1 == pytest.approx(seqeval_metrics.f1_score(y_true, y_pred))


# --------------------------------------------------------------------------- gold loading


def test_offset_mismatch_is_a_clear_error() -> None:
    bad = span(TEXT, "Nguyễn Văn An", "PER")
    bad["text"] = "Nguyễn Văn Ân"
    with pytest.raises(GoldError) as exc:
        gold_article([bad], aid="bai-loi")
    msg = str(exc.value)
    assert "bai-loi" in msg and f"{bad['start']}-{bad['end']}" in msg
    with pytest.raises(GoldError, match=r"'bai-2'.*span 100-300"):
        gold_article([{"start": 100, "end": 300, "label": "ORG"}], aid="bai-2")
    with pytest.raises(GoldError, match="unknown label"):
        gold_article([{"start": 0, "end": 4, "label": "MISC"}])


def write_corpus(tmp_path: Path, texts: dict[str, str]) -> Path:
    p = tmp_path / "corpus.jsonl"
    p.write_text(
        "".join(json.dumps({"id": k, "text": v}, ensure_ascii=False) + "\n" for k, v in texts.items())
    )
    return p


def test_offset_only_annotations_with_corpus(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, {"bao-1": TEXT})
    ann = tmp_path / "ann"
    ann.mkdir()
    sha = hashlib.sha1(TEXT.encode("utf-8")).hexdigest()
    ents = [{k: v for k, v in span(TEXT, "Nguyễn Văn An", "PER").items() if k != "text"}]
    (ann / "bao-1.json").write_text(json.dumps({"id": "bao-1", "sha1": sha, "entities": ents, "facts": []}))
    [g] = ev.load_gold([ann], corpus=corpus)
    assert g.text == TEXT and g.entities is not None and g.entities[0].text == "Nguyễn Văn An"
    (ann / "bao-1.json").write_text(json.dumps({"id": "bao-1", "sha1": "0" * 40, "entities": ents}))
    with pytest.raises(GoldError, match=r"bao-1.*sha1"):
        ev.load_gold([ann], corpus=corpus)
    (ann / "bao-1.json").write_text(json.dumps({"id": "khong-co", "entities": ents}))
    with pytest.raises(GoldError, match="khong-co"):
        ev.load_gold([ann], corpus=corpus)
    with pytest.raises(ev.CorpusNotFoundError, match="--corpus"):
        ev.load_gold([ann], corpus=tmp_path / "missing.jsonl")


def test_offset_only_annotations_across_corpus_files(tmp_path: Path) -> None:
    """Ids are looked up file by file (a gzip file read as such); a later file is read only when needed."""
    first = write_corpus(tmp_path, {"bao-1": TEXT})
    second = tmp_path / "bulk.jsonl.gz"
    with gzip.open(second, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "bao-2", "text": "Ông Trần Văn Bình"}, ensure_ascii=False) + "\n")
    ann = tmp_path / "ann"
    ann.mkdir()
    (ann / "bao-1.json").write_text(json.dumps({"id": "bao-1", "entities": [], "facts": []}))
    [g] = ev.load_gold([ann], corpus=[tmp_path / "absent.jsonl", first, tmp_path / "unread.jsonl"])
    assert g.text == TEXT  # the missing third file was never needed
    (ann / "bao-2.json").write_text(
        json.dumps({"id": "bao-2", "entities": [{"start": 4, "end": 17, "label": "PER"}], "facts": []})
    )
    gold = ev.load_gold([ann], corpus=[first, second])
    assert [a.id for a in gold] == ["bao-1", "bao-2"]
    assert gold[1].entities is not None and gold[1].entities[0].text == "Trần Văn Bình"
    with pytest.raises(ev.CorpusNotFoundError, match="no corpus file"):
        ev.load_gold([ann], corpus=[tmp_path / "a.jsonl", tmp_path / "b.jsonl.gz"])


def test_gold_jsonl_edge_cases(tmp_path: Path) -> None:
    empty = tmp_path / "empty.gold.jsonl"
    empty.write_text("")
    assert ev.load_gold([empty]) == []
    dup = tmp_path / "dup.gold.jsonl"
    line = json.dumps({"id": "a", "text": "Hà Nội", "entities": []}, ensure_ascii=False)
    dup.write_text(line + "\n" + line + "\n")
    with pytest.raises(GoldError, match="duplicate"):
        ev.load_gold([dup])
    broken = tmp_path / "broken.gold.jsonl"
    broken.write_text('{"id": "a", "text": \n')
    with pytest.raises(GoldError, match=r"broken\.gold\.jsonl:1"):
        ev.load_gold([broken])
    with pytest.raises(FileNotFoundError):
        ev.load_gold([tmp_path / "nope.jsonl"])


@pytest.mark.corpus
def test_dev_train_annotations_load() -> None:
    corpus = ev.default_corpus_paths()
    ann = Path(__file__).resolve().parents[1] / "annotations"
    trains = [d for d in (ann / "dev" / "train", ann / "bulk" / "train") if d.is_dir() and any(d.iterdir())]
    if not all(c.is_file() for c in corpus) or not trains:
        pytest.skip("needs ../shared/corpus/{dev.jsonl,bulk.jsonl.gz} and annotations/*/train")
    gold = ev.load_gold(trains)
    assert gold and all(g.entities is not None for g in gold)
    r = ev.evaluate_articles(gold, {g.id: ev.gold_as_result(g) for g in gold})
    assert r.entities.strict["micro"].f1 == 1.0


# --------------------------------------------------------------------------- predictions and run


def test_read_predictions_and_evaluate(tmp_path: Path) -> None:
    g, p = hand_case()
    pred = tmp_path / "pred.jsonl"
    lines = [msgspec.json.encode(msgspec.structs.replace(p, id="bai-1")).decode()]
    lines.append(json.dumps({"id": "bai-9", "error": {"stage": "x", "type": "E", "message": "m"}}))
    pred.write_text("\n".join(lines) + "\n")
    preds = ev.read_predictions(pred)
    assert preds["bai-9"] is None and preds["bai-1"] is not None
    from_file = ev.evaluate_articles([g], pred)
    direct = score_articles([g], [p])
    assert from_file.to_dict() == direct.to_dict()
    calls: list[str | None] = []

    def fake_extract(
        text: str, *, published: str | None = None, title: str | None = None, id: str | None = None
    ) -> Result:
        calls.append(id)
        return p

    assert ev.evaluate_articles([g], fake_extract).to_dict() == direct.to_dict()
    assert calls == ["bai-1"]

    def failing(text: str, **kw: Any) -> Result:
        raise RuntimeError("hỏng")

    r = ev.evaluate_articles([g], failing)
    assert r.entities.strict["micro"].pred == 0 and any("hỏng" in w for w in r.warnings)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    r = ev.evaluate_articles([g], empty)
    assert r.entities.strict["micro"].recall == 0.0 and any("no prediction" in w for w in r.warnings)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "entities": [{"start": "a"}]}\n')
    with pytest.raises(ev.PredictionError, match=r"bad\.jsonl:1"):
        ev.read_predictions(bad)


def cli(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    ev.add_arguments(parser)
    return parser.parse_args(list(argv))


def write_gold(path: Path, arts: list[GoldArticle]) -> Path:
    path.write_text(
        "".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in arts), encoding="utf-8"
    )
    return path


def test_run_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    g, p = hand_case()
    gold = write_gold(tmp_path / "g.gold.jsonl", [g])
    pred = tmp_path / "p.jsonl"
    pred.write_text(msgspec.json.encode(p).decode().replace('"id":null', '"id":"bai-1"') + "\n")
    out_json = tmp_path / "report.json"
    assert ev.run(cli(str(gold), "--pred", str(pred), "--json", str(out_json), "--errors")) == 0
    shown = capsys.readouterr().out
    assert "strict" in shown and "Errors (" in shown and "Sở Y tế tỉnh Bắc Ninh" in shown
    data = json.loads(out_json.read_text())
    assert data["entities"]["strict"]["micro"]["precision"] == pytest.approx(0.2)
    assert data["errors"]
    assert ev.run(cli(str(gold), "--pred", str(pred), "--min-f1", "0.9")) == 1
    assert ev.run(cli(str(gold), "--pred", str(gold))) == 0  # a gold file read as predictions
    assert ev.run(cli(str(tmp_path / "missing.jsonl"), "--pred", str(pred))) == 2
    bad = tmp_path / "bad.gold.jsonl"
    bad.write_text(
        json.dumps({"id": "z", "text": "abc", "entities": [{"start": 0, "end": 9, "label": "LOC"}]})
    )
    assert ev.run(cli(str(bad), "--pred", str(pred))) == 2
    assert "'z'" in capsys.readouterr().err


def test_seed_against_itself(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not SEED.is_file():
        pytest.skip("needs ../shared/seeds")
    [g] = ev.load_gold([SEED])
    r = ev.evaluate_articles([g], {g.id: ev.gold_as_result(g)})
    d = r.to_dict()
    assert d["entities"]["strict"]["micro"]["f1"] == 1.0
    assert d["entities"]["partial"]["micro"]["f1"] == 1.0
    assert d["facts"]["micro"]["f1"] == 1.0 and d["facts"]["micro"]["gold"] == 22
    assert d["dates"]["found"] == d["dates"]["gold"]
    assert r.errors == ()


def test_bio_to_spans_and_alignment() -> None:
    text = "Quận uỷ  Cầu Giấy họp"
    offs = ev._align_words(text, 0, len(text), ["Quận ủy", "Cầu Giấy", "họp"])
    assert [text[s:e] for s, e in offs] == ["Quận uỷ", "Cầu Giấy", "họp"]
    assert ev.bio_to_spans(["B-ORG", "I-ORG", "O"], offs) == [(0, 17, "ORG")]
    assert ev.bio_to_spans(["B-ORG", "B-ORG", "I-LOC"], offs) == [
        (0, 7, "ORG"),
        (9, 17, "ORG"),
        (18, 21, "LOC"),
    ]


@pytest.mark.slow
def test_underthesea_baseline_offsets() -> None:
    pytest.importorskip("underthesea")
    text = "Đồng chí Lê Văn Bình, Bí thư Tỉnh uỷ Nam Định, đã tới thăm Hà Nội.\nÔng Phạm Minh Đức phát biểu."
    r = ev.underthesea_baseline(text, id="b")
    assert r.entities, "underthesea found nothing"
    for e in r.entities:
        assert text[e.start : e.end] == e.text and e.label in ev.BASELINE_LABELS
    assert any(e.text == "Hà Nội" for e in r.entities)
    g = gold_article([span(text, "Hà Nội", "LOC"), span(text, "Lê Văn Bình", "PER")], text=text, aid="b")
    rep = ev.evaluate_articles([g], ev.underthesea_baseline, labels=ev.BASELINE_LABELS, facts_and_dates=False)
    assert rep.facts == {} and rep.entities.strict["LOC"].tp == 1
    table = ev.render_comparison([rep, rep])
    assert "micro" in table and "PER" in table

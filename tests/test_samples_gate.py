"""CI gate: scores on the bundled samples must not fall below the pinned floors (tests/samples_floors.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsextract.evaluate import evaluate_articles, load_gold

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests" / "samples_floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report(pipeline: Any) -> dict[str, Any]:
    gold = load_gold(sorted((ROOT / "samples").glob("*.gold.jsonl")))
    assert len(gold) >= 30
    return evaluate_articles(gold, pipeline.extract).to_dict()


def _get(d: dict[str, Any], dotted: str) -> float:
    for part in dotted.split("."):
        d = d[part]
    return float(d)  # type: ignore[arg-type]


@pytest.mark.parametrize("metric", [k for k in FLOORS if not k.startswith("_")])
def test_score_not_below_floor(report: dict[str, Any], metric: str) -> None:
    value = _get(report, metric)
    assert value >= FLOORS[metric], f"{metric} fell to {value:.3f} (floor {FLOORS[metric]})"

"""Shared fixtures: paths to the shared corpus and seed (tests that need them skip when absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_TXT = SHARED / "seeds" / "000_7a4dca285e0ca61f.txt"
SEED_GOLD = SHARED / "seeds" / "000_7a4dca285e0ca61f.gold.jsonl"
CORPUS = SHARED / "corpus" / "dev.jsonl"
SAMPLES = sorted((ROOT / "samples").glob("*.gold.jsonl"))


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED_TXT.exists():
        pytest.skip("../shared/seeds is absent")
    return SEED_TXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    if not SEED_GOLD.exists():
        pytest.skip("../shared/seeds is absent")
    return json.loads(SEED_GOLD.read_text(encoding="utf-8").splitlines()[0])


@pytest.fixture(scope="session")
def pipeline():
    from newsextract.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_result(pipeline, seed_text):
    return pipeline.extract(seed_text, id="seed")

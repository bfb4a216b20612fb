"""Dask: a bag of articles and DataFrame partitions on a local two-process cluster."""

from __future__ import annotations

import hashlib
import os
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask.bag")
pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

from newsextract.dask import extract_bag, extract_dataframe, extract_partition, pipeline_loads
from newsextract.io import Article

FAKES = textwrap.dedent(
    """
    import os

    from newsextract.pipeline import StageError
    from newsextract.records import Entity, Result


    class FakePipeline:
        def extract_article(self, a):
            if "BOOM" in a.text:
                raise StageError("facts", RuntimeError("boom"))
            return Result(id=a.id, published=a.published,
                          entities=[Entity(start=0, end=3, text=a.text[:3], label="LOC")],
                          warnings=[f"pid={os.getpid()}"])


    def fake():
        return FakePipeline()
    """
)


@pytest.fixture(scope="module")
def fakes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    d = tmp_path_factory.mktemp("dask_fakes")
    (d / "nx_dask_fakes.py").write_text(FAKES, encoding="utf-8")
    sys.path.insert(0, str(d))
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(d), *([old] if old else [])])
    import nx_dask_fakes

    yield nx_dask_fakes
    sys.path.remove(str(d))
    sys.modules.pop("nx_dask_fakes", None)
    if old is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = old


@pytest.fixture(scope="module")
def client(fakes: Any) -> Iterator[Client]:
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as c,
    ):
        yield c


ROWS = [{"id": f"d{i}", "text": f"Huế {i}", "published": "2023-01-04"} for i in range(40)]


def test_bag_on_two_worker_processes(client: Client, fakes: Any) -> None:
    items: list[Any] = [
        *ROWS,
        '{"id": "j", "text": "Vinh"}',
        "{broken",
        {"id": "e", "text": ""},
        Article(id="x", text="BOOM Đà Lạt"),
    ]
    bag = db.from_sequence(items, npartitions=8)
    out = extract_bag(bag, pipeline_factory=fakes.fake).compute()
    broken_id = "sha1:" + hashlib.sha1(b"{broken").hexdigest()[:12]
    assert [r["id"] for r in out] == [*(r["id"] for r in ROWS), "j", broken_id, "e", "x"]
    assert [r["error"]["stage"] for r in out if "error" in r] == ["parse", "input", "facts"]
    pids = {r["warnings"][0] for r in out if "warnings" in r}
    assert len(pids) == 2  # both worker processes did work
    loads = client.run(pipeline_loads)
    assert sorted(loads.values()) == [1, 1]  # one pipeline per worker, not per task
    extract_bag(bag, pipeline_factory=fakes.fake).compute()
    assert sorted(client.run(pipeline_loads).values()) == [1, 1]


def test_bag_as_json_lines(client: Client, fakes: Any) -> None:
    out = extract_bag(db.from_sequence(ROWS[:3], npartitions=2), pipeline_factory=fakes.fake, as_json=True)
    lines = out.compute()
    assert all(isinstance(x, str) and x.startswith('{"id":"d') for x in lines)


def test_dataframe_partitions(client: Client, fakes: Any) -> None:
    pdf = pd.DataFrame([*ROWS, {"id": "e", "text": "  ", "published": None}, {"id": "n", "text": None}])
    ddf = dd.from_pandas(pdf, npartitions=4)
    res = extract_dataframe(ddf, pipeline_factory=fakes.fake).compute()
    assert res["id"].tolist() == pdf["id"].tolist()
    assert res["ok"].tolist() == [True] * 40 + [False, False]
    assert res["error_stage"].tolist()[-2:] == ["input", "parse"]
    assert res["n_entities"].iloc[0] == 1 and '"label":"LOC"' in res["result"].iloc[0]


def test_partition_without_cluster(fakes: Any, tmp_path: Path) -> None:
    pdf = pd.DataFrame({"text": ["Hà Nội", "BOOM"]}, index=[10, 11])
    res = extract_partition(pdf, pipeline_factory=fakes.fake)
    assert res.index.tolist() == [10, 11] and res["id"].tolist() == ["row:10", "row:11"]
    assert res["error_stage"].tolist() == [None, "facts"]

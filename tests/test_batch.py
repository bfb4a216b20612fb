"""Batch extraction: order, one line per input, errors, workers, crashes, resume, Parquet, CLI."""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsextract.batch import BatchOptions, run_batch, scan_output
from newsextract.cli import main

ROOT = Path(__file__).resolve().parents[1]

FAKES = textwrap.dedent(
    '''
    """Fake pipelines for the batch tests (importable by spawned workers)."""
    import os
    import time

    from newsextract.pipeline import StageError
    from newsextract.records import Entity, Meeting, Result, Sentence


    class FakePipeline:
        def __init__(self, delay: float = 0.0) -> None:
            self.delay = delay
            log = os.environ.get("NX_FAKE_LOADS")
            if log:
                with open(log, "a") as fh:
                    fh.write(f"{os.getpid()}\\n")

        def extract_article(self, a):
            if self.delay:
                time.sleep(self.delay)
            if "BOOM" in a.text:
                raise StageError("entities", RuntimeError("boom"))
            if "CRASH" in a.text:
                os._exit(3)
            n = min(len(a.text), 6)
            return Result(
                id=a.id,
                title=a.title,
                published=a.published,
                entities=[Entity(start=0, end=n, text=a.text[:n], label="LOC")],
                facts=[Meeting(start=0, end=n, evidence=a.text[:n], kind="hội nghị", ordinal=18)],
                sentences=[Sentence(start=0, end=len(a.text))],
            )


    def fake():
        return FakePipeline(float(os.environ.get("NX_FAKE_DELAY", "0")))


    def broken():
        raise RuntimeError("no model here")
    '''
)


@pytest.fixture(scope="module")
def fakes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    d = tmp_path_factory.mktemp("fakes")
    (d / "nx_fakes.py").write_text(FAKES, encoding="utf-8")
    sys.path.insert(0, str(d))
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(d), *([old] if old else [])])
    import nx_fakes

    yield nx_fakes
    sys.path.remove(str(d))
    sys.modules.pop("nx_fakes", None)
    if old is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = old


def write_jsonl(path: Path, rows: list[dict[str, Any] | bytes]) -> Path:
    with path.open("wb") as fh:
        for r in rows:
            fh.write(r if isinstance(r, bytes) else json.dumps(r, ensure_ascii=False).encode())
            fh.write(b"\n")
    return path


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def mixed_input(tmp_path: Path) -> Path:
    big = "Hà Nội mưa to. " * (2_000_000 // 15)
    rows: list[dict[str, Any] | bytes] = [
        {"id": "a1", "text": "Ngày 4/1/2023, Quận ủy Cầu Giấy tổ chức hội nghị.", "published": "2023-01-04"},
        b'{"id": "hong", "text": ',
        {"id": "rong", "text": "   "},
        {"id": "no", "text": "BOOM ở Đà Nẵng"},
        b"\xff\xfe\xfd",
        {"id": "lon", "text": big},
        {"text": "Cần Thơ nắng đẹp."},
    ]
    return write_jsonl(tmp_path / "in.jsonl", rows)


EXPECTED_IDS = ["a1", "in:2", "rong", "no", "in:5", "lon", "in:7"]


def check_mixed(out: Path) -> None:
    recs = read_lines(out)
    assert [r["id"] for r in recs] == EXPECTED_IDS
    errs = {r["id"]: r["error"]["stage"] for r in recs if "error" in r}
    assert errs == {"in:2": "parse", "rong": "input", "no": "entities", "in:5": "decode"}
    assert recs[0]["published"] == "2023-01-04" and recs[0]["entities"][0]["text"] == "Ngày 4"
    assert recs[5]["sentences"][0]["end"] > 1_900_000


def test_sequential_every_line_accounted(tmp_path: Path, fakes: Any) -> None:
    out = tmp_path / "out.jsonl"
    s = run_batch(
        BatchOptions(
            inputs=[str(mixed_input(tmp_path))], output=str(out), jobs=1, pipeline_factory=fakes.fake
        )
    )
    assert s.usage_error is None
    assert (s.total, s.written, s.errors) == (7, 7, 4)
    assert dict(s.errors_by_stage) == {"parse": 1, "input": 1, "entities": 1, "decode": 1}
    assert "7 articles (3 ok, 4 errors" in s.describe()
    check_mixed(out)


def test_parallel_same_output_and_one_load_per_worker(
    tmp_path: Path, fakes: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    inp = mixed_input(tmp_path)
    seq, par = tmp_path / "seq.jsonl", tmp_path / "par.jsonl"
    run_batch(BatchOptions(inputs=[str(inp)], output=str(seq), jobs=1, pipeline_factory=fakes.fake))
    loads = tmp_path / "loads.txt"
    monkeypatch.setenv("NX_FAKE_LOADS", str(loads))
    s = run_batch(
        BatchOptions(
            inputs=[str(inp), str(inp)], output=str(par), jobs=2, chunk_size=2, pipeline_factory=fakes.fake
        )
    )
    assert s.usage_error is None and s.total == 14 and s.errors == 8
    assert par.read_bytes() == seq.read_bytes() * 2
    pids = loads.read_text().split()
    assert len(pids) == len(set(pids)) == 2


def _run_with_a_crash(tmp_path: Path, fakes: Any, *, n: int, crash_at: int, chunk_size: int) -> Any:
    """Run ``n`` articles with 2 workers, the one at ``crash_at`` killing its worker; check that
    every article has its line, in order, and only the killer is an error record."""
    rows: list[dict[str, Any] | bytes] = [{"id": f"b{i}", "text": f"Bài {i} ở Huế"} for i in range(n)]
    rows[crash_at] = {"id": "chet", "text": "CRASH ngay"}
    inp = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    s = run_batch(
        BatchOptions(
            inputs=[str(inp)], output=str(out), jobs=2, chunk_size=chunk_size, pipeline_factory=fakes.fake
        )
    )
    recs = read_lines(out)
    assert [r["id"] for r in recs] == [r["id"] for r in rows if isinstance(r, dict)]
    assert recs[crash_at]["error"]["stage"] == "worker" and s.errors == 1
    assert all("error" not in r for i, r in enumerate(recs) if i != crash_at)
    return s


def test_worker_crash_is_isolated(tmp_path: Path, fakes: Any) -> None:
    s = _run_with_a_crash(tmp_path, fakes, n=30, crash_at=11, chunk_size=3)
    assert s.worker_restarts >= 1


def test_pool_broken_between_results_loses_nothing(
    tmp_path: Path, fakes: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker dies while later chunks are being submitted: ``submit`` itself raises
    BrokenProcessPool (the race behind a once-flaky crash test), deterministically here."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    import newsextract.batch as batch

    pipe = fakes.fake()

    class FakePool:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.broken = False

        def submit(self, fn: Any, *args: Any) -> Future[Any]:
            if self.broken:
                raise BrokenProcessPool("a child process terminated abruptly")
            fut: Future[Any] = Future()
            if fn is batch._ping:
                fut.set_result(0)
            elif any(b"CRASH" in repr(it).encode() for it in args[0]):
                self.broken = True
                fut.set_exception(BrokenProcessPool("a child process terminated abruptly"))
            else:
                fut.set_result([batch.extract_item(pipe, it) for it in args[0]])
            return fut

        def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
            pass

    monkeypatch.setattr(batch, "_new_pool", lambda *a, **k: FakePool())
    _run_with_a_crash(tmp_path, fakes, n=40, crash_at=5, chunk_size=2)


def test_pipeline_that_cannot_load_is_a_usage_error(tmp_path: Path, fakes: Any) -> None:
    inp = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Huế"}])
    for jobs in (1, 2):
        s = run_batch(
            BatchOptions(
                inputs=[str(inp)], output=str(tmp_path / "o.jsonl"), jobs=jobs, pipeline_factory=fakes.broken
            )
        )
        assert s.usage_error and "no model here" in s.usage_error


def test_usage_errors(tmp_path: Path, fakes: Any) -> None:
    def err(**kw: Any) -> str | None:
        base: dict[str, Any] = {"inputs": [str(tmp_path)], "pipeline_factory": fakes.fake, "jobs": 1}
        return run_batch(BatchOptions(**{**base, **kw})).usage_error

    assert err(inputs=[str(tmp_path / "khong-co.jsonl")], output=str(tmp_path / "o.jsonl"))
    assert err(output="-", format="parquet")
    assert err(output="-", resume=True)
    assert err(jobs=0)
    assert err(jobs=2, pipeline_factory=lambda: None)  # not picklable


def test_resume_cuts_torn_line_and_appends_rest(tmp_path: Path, fakes: Any) -> None:
    rows: list[dict[str, Any] | bytes] = [{"id": f"r{i}", "text": f"Tin số {i}"} for i in range(20)]
    inp = write_jsonl(tmp_path / "in.jsonl", rows)
    full = tmp_path / "full.jsonl"
    run_batch(BatchOptions(inputs=[str(inp)], output=str(full), jobs=1, pipeline_factory=fakes.fake))
    lines = full.read_bytes().splitlines(keepends=True)
    for cut in (b"", lines[7][:10], lines[7][:-1]):  # clean stop, torn line, missing newline
        part = tmp_path / "part.jsonl"
        part.write_bytes(b"".join(lines[:7]) + cut)
        st = scan_output(part, repair=False)
        assert st.lines == 7 and st.last_id == "r6"
        s = run_batch(
            BatchOptions(
                inputs=[str(inp)], output=str(part), jobs=1, resume=True, pipeline_factory=fakes.fake
            )
        )
        assert (s.resumed, s.written, s.total) == (7, 13, 20)
        assert part.read_bytes() == full.read_bytes()


def test_resume_counts_previous_errors(tmp_path: Path, fakes: Any) -> None:
    inp = mixed_input(tmp_path)
    out = tmp_path / "out.jsonl"
    run_batch(BatchOptions(inputs=[str(inp)], output=str(out), jobs=1, pipeline_factory=fakes.fake))
    data = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(data[:4]))
    s = run_batch(
        BatchOptions(inputs=[str(inp)], output=str(out), jobs=1, resume=True, pipeline_factory=fakes.fake)
    )
    assert (s.resumed, s.errors) == (4, 4)
    check_mixed(out)


def test_parquet_tables_join_by_article_id(tmp_path: Path, fakes: Any) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    outdir = tmp_path / "pq"
    s = run_batch(
        BatchOptions(
            inputs=[str(mixed_input(tmp_path))],
            output=str(outdir),
            format="parquet",
            jobs=1,
            pipeline_factory=fakes.fake,
        )
    )
    assert s.usage_error is None
    tables = {
        n: pd.read_parquet(outdir / f"{n}.parquet")
        for n in ("articles", "entities", "dates", "quantities", "facts")
    }
    arts = tables["articles"]
    assert arts["article_id"].tolist() == EXPECTED_IDS
    assert arts["ok"].tolist() == [True, False, False, False, False, True, True]
    assert arts.loc[arts.article_id == "rong", "error_stage"].item() == "input"
    ents = tables["entities"].merge(arts, on="article_id")
    assert set(ents["article_id"]) == {"a1", "lon", "in:7"} and ents["label"].eq("LOC").all()
    facts = tables["facts"]
    assert facts["type"].eq("meeting").all()
    assert json.loads(facts["fields"].iloc[0])["ordinal"] == 18
    assert len(tables["dates"]) == 0 and "grain" in tables["dates"].columns


def test_html_and_stdin_and_directory(tmp_path: Path, fakes: Any) -> None:
    html = (Path(__file__).parent / "test_io.py").read_text(encoding="utf-8").split('HTML = """')[1]
    d = tmp_path / "pages"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / "trang.html").write_text(html.split('"""')[0], encoding="utf-8")
    (d / "a.txt").write_text("Hải Phòng mưa.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    stdin = io.BytesIO('{"id": "s", "text": "Nghệ An"}\n'.encode())
    s = run_batch(
        BatchOptions(inputs=[str(d), "-"], output=str(out), jobs=1, pipeline_factory=fakes.fake, stdin=stdin)
    )
    assert s.errors == 0
    recs = read_lines(out)
    assert [r["id"] for r in recs] == ["a", "sub/trang", "s"]
    page = recs[1]
    assert page["author"] == "Nguyễn Văn A" and page["published"] == "2023-01-04"
    e = page["entities"][0]
    assert page["text"][e["start"] : e["end"]] == e["text"]
    assert "text" not in recs[0]


def test_progress_only_when_asked(tmp_path: Path, fakes: Any, capsys: pytest.CaptureFixture[str]) -> None:
    inp = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Huế"}, {"id": "b", "text": ""}])
    run_batch(
        BatchOptions(
            inputs=[str(inp)],
            output=str(tmp_path / "o.jsonl"),
            jobs=1,
            pipeline_factory=fakes.fake,
            progress="auto",
        )
    )
    assert capsys.readouterr().err == ""
    run_batch(
        BatchOptions(
            inputs=[str(inp)],
            output=str(tmp_path / "o.jsonl"),
            jobs=1,
            pipeline_factory=fakes.fake,
            progress="always",
        )
    )
    err = capsys.readouterr().err
    assert "2 articles" in err and "errors=1" in err


def test_cli_exit_codes(
    tmp_path: Path, fakes: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSEXTRACT_PIPELINE", "nx_fakes:fake")
    good = write_jsonl(tmp_path / "good.jsonl", [{"id": "a", "text": "Huế"}])
    out = tmp_path / "o.jsonl"
    assert main(["extract", str(good), "-o", str(out), "-j", "1"]) == 0
    assert main(["extract", str(mixed_input(tmp_path)), "-o", str(out), "-j", "1"]) == 1
    assert "7 articles" in capsys.readouterr().err
    assert main(["extract", str(tmp_path / "khong-co"), "-o", str(out)]) == 2


def test_kill_9_then_resume(tmp_path: Path, fakes: Any) -> None:
    rows: list[dict[str, Any] | bytes] = [{"id": f"k{i:02d}", "text": f"Bài {i}: Hà Nội"} for i in range(40)]
    rows[13] = b"{broken"
    inp = tmp_path / "in.jsonl.gz"
    inp.write_bytes(gzip.compress(write_jsonl(tmp_path / "raw.jsonl", rows).read_bytes()))
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "NEWSEXTRACT_PIPELINE": "nx_fakes:fake", "NX_FAKE_DELAY": "0.1"}
    cmd = [sys.executable, "-m", "newsextract.cli", "extract", str(inp), "-o", str(out), "-j", "2"]
    proc = subprocess.Popen(
        cmd, env=env, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 8):
        time.sleep(0.02)
    try:
        import psutil

        children = psutil.Process(proc.pid).children(recursive=True)
    except ImportError:
        children = []
    os.kill(proc.pid, signal.SIGKILL)  # the parent only: its workers must notice and exit
    proc.wait()
    _gone, alive = psutil.wait_procs(children, timeout=10) if children else ([], [])
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    assert not alive, "worker processes outlived their parent"
    done = out.read_bytes().count(b"\n")
    assert 8 <= done < 40
    env["NX_FAKE_DELAY"] = "0"
    r = subprocess.run([*cmd, "--resume"], env=env, cwd=ROOT, capture_output=True, timeout=120)
    assert r.returncode == 1, r.stderr  # the broken line is an error record
    ids = [rec["id"] for rec in read_lines(out)]
    assert ids == [f"k{i:02d}" if i != 13 else "in:14" for i in range(40)]


def test_real_segmentation_pipeline(tmp_path: Path) -> None:
    from newsextract.pipeline import Pipeline

    inp = write_jsonl(
        tmp_path / "in.jsonl", [{"id": "a", "text": "Hà Nội mưa to. Trời rét đậm."}, {"id": "b", "text": ""}]
    )
    out = tmp_path / "o.jsonl"
    s = run_batch(
        BatchOptions(
            inputs=[str(inp)],
            output=str(out),
            jobs=1,
            pipeline_factory=functools.partial(Pipeline, components=()),
        )
    )
    recs = read_lines(out)
    assert s.errors == 1 and [r["id"] for r in recs] == ["a", "b"]
    assert [(x["start"], x["end"]) for x in recs[0]["sentences"]] == [(0, 14), (15, 28)]


def test_default_pipeline(tmp_path: Path) -> None:
    try:
        from newsextract.pipeline import Pipeline

        Pipeline(use_ner_model=False).extract("Ngày 4/1/2023, Quận ủy Cầu Giấy họp.")
    except Exception as exc:  # the stages are not there yet
        pytest.skip(f"default pipeline unavailable: {exc}")
    inp = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {
                "id": "a",
                "text": "Ngày 4/1/2023, Quận ủy Cầu Giấy tổ chức hội nghị lần thứ 18.",
                "published": "2023-01-05",
            }
        ],
    )
    out = tmp_path / "o.jsonl"
    s = run_batch(BatchOptions(inputs=[str(inp)], output=str(out), jobs=1, use_model=False))
    assert s.usage_error is None and s.errors == 0
    [rec] = read_lines(out)
    text = "Ngày 4/1/2023, Quận ủy Cầu Giấy tổ chức hội nghị lần thứ 18."
    assert all(text[e["start"] : e["end"]] == e["text"] for e in rec["entities"])

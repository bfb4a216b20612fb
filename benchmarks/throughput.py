"""Throughput of batch extraction vs underthesea, on the same articles in the same run.

Usage::

    .venv/bin/python benchmarks/throughput.py --limit 300 [--jobs N] [--no-model] [--robustness]

Prints articles/s and characters/s of the whole pipeline (``run_batch``: reading,
extraction, writing; model loading excluded) with 1 worker and with all workers, the
peak RSS (and whether it stays flat), and underthesea's ``word_tokenize`` alone and its
CRF ``ner()``, each called per sentence on the same articles, as ratios.
Skips (exit 0) when ``../shared/corpus/bulk.jsonl.gz`` is absent.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "bulk.jsonl.gz"


@dataclass
class RssSampler:
    """Samples the RSS of this process and its children every ``interval`` seconds."""

    interval: float = 0.2
    samples: list[tuple[float, int, int]] = field(default_factory=list)  # (t, total, max per process)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> RssSampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()

    def _run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        me = psutil.Process()
        t0 = time.perf_counter()
        while not self._stop.is_set():
            rss = []
            for p in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    rss.append(p.memory_info().rss)
            self.samples.append((time.perf_counter() - t0, sum(rss), max(rss)))
            self._stop.wait(self.interval)

    def report(self) -> str:
        if not self.samples:
            import resource

            mb = (
                max(
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                )
                / 1024
            )
            return f"peak RSS (largest process) {mb:.0f} MB (install psutil for the time series)"
        total = max(s[1] for s in self.samples) / 2**20
        per = max(s[2] for s in self.samples) / 2**20
        n = len(self.samples)
        # flatness: peak of the middle third vs the last third (after start-up)
        mid = max((s[1] for s in self.samples[n // 3 : 2 * n // 3]), default=0) / 2**20
        end = max((s[1] for s in self.samples[2 * n // 3 :]), default=0) / 2**20
        return (
            f"peak RSS {total:.0f} MB total, {per:.0f} MB largest process; "
            f"middle third {mid:.0f} MB -> last third {end:.0f} MB"
        )


def load(limit: int | None) -> list[dict[str, Any]]:
    rows = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and len(rows) >= limit:
                break
            rows.append(json.loads(line))
    return rows


def run_pipeline(path: Path, jobs: int, use_model: bool) -> tuple[Any, str]:
    from newsextract.batch import BatchOptions, run_batch

    with tempfile.TemporaryDirectory() as d, RssSampler() as rss:
        s = run_batch(
            BatchOptions(
                inputs=[str(path)],
                output=str(Path(d) / "out.jsonl"),
                jobs=jobs,
                use_model=use_model,
                progress="never",
            )
        )
    if s.usage_error:
        sys.exit(f"pipeline failed: {s.usage_error}")
    return s, rss.report()


def time_underthesea(texts: list[str]) -> dict[str, float]:
    from underthesea import ner, sent_tokenize, word_tokenize

    sents = [s for t in texts for s in sent_tokenize(t)]
    word_tokenize("Hà Nội mưa to.")
    ner("Hà Nội mưa to.")
    t = time.perf_counter()
    for s in sents:
        word_tokenize(s)
    wt = time.perf_counter() - t
    t = time.perf_counter()
    for s in sents:
        ner(s)
    nr = time.perf_counter() - t
    return {"sentences": len(sents), "word_tokenize": wt, "ner": nr}


def robustness(tmp: Path, use_model: bool, jobs: int) -> str:
    from newsextract.batch import BatchOptions, run_batch

    big = "Ngày 4/1/2023, Quận ủy Cầu Giấy tổ chức hội nghị lần thứ 18 với 1.250 tỷ đồng. " * 26_000
    inp = tmp / "robust.jsonl"
    with inp.open("wb") as fh:
        fh.write(json.dumps({"id": "ok1", "text": "Hà Nội mưa to."}, ensure_ascii=False).encode() + b"\n")
        fh.write(b'{"id": "hong", "text": \xff\n')
        fh.write(json.dumps({"id": "rong", "text": ""}).encode() + b"\n")
        fh.write(json.dumps({"id": "lon", "text": big}, ensure_ascii=False).encode() + b"\n")
        fh.write(json.dumps({"id": "ok2", "text": "Đà Nẵng nắng đẹp."}, ensure_ascii=False).encode() + b"\n")
    out = tmp / "robust.out.jsonl"
    t = time.perf_counter()
    s = run_batch(
        BatchOptions(inputs=[str(inp)], output=str(out), jobs=jobs, use_model=use_model, progress="never")
    )
    ids = [json.loads(x).get("id") for x in out.read_text(encoding="utf-8").splitlines()]
    ok = ids == ["ok1", "robust:2", "rong", "lon", "ok2"]
    return (
        f"robustness: {len(big) / 1e6:.1f} MB article + corrupt line + empty article -> {len(ids)}/5 lines, "
        f"ids {'in order' if ok else ids}, errors {dict(s.errors_by_stage)}, {time.perf_counter() - t:.1f}s"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="first N articles of the corpus (default: all)")
    ap.add_argument(
        "--jobs", type=int, default=None, help="workers for the parallel run (default: usable cores)"
    )
    ap.add_argument("--no-model", action="store_true", help="rules only (no statistical NER model)")
    ap.add_argument("--skip-ner", action="store_true", help="skip the (slow) underthesea ner() baseline")
    ap.add_argument("--robustness", action="store_true", help="also run the corrupt/empty/2 MB file")
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"skipped: corpus not found at {CORPUS}")
        return 0

    from newsextract.batch import default_jobs
    from newsextract.pipeline import Pipeline

    jobs = args.jobs or default_jobs()
    use_model = not args.no_model
    rows = load(args.limit)
    texts = [r["text"] for r in rows if isinstance(r.get("text"), str)]
    chars = sum(map(len, texts))
    comps = ", ".join(Pipeline().components)
    print(f"corpus: {CORPUS.name}, {len(rows)} articles, {chars:,} chars; cpus {os.cpu_count()}, jobs {jobs}")
    print(f"pipeline components: {comps}; NER model {'on' if use_model else 'off'}")

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "bench.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        s1, rss1 = run_pipeline(path, 1, use_model)
        print(
            f"pipeline, 1 worker : {s1.articles_per_second:8.1f} articles/s "
            f"{s1.chars_per_second:12,.0f} chars/s "
            f"({s1.written} articles, {s1.errors} errors, {s1.elapsed:.1f}s + load {s1.startup_seconds:.1f}s)"
        )
        print(f"  memory: {rss1}")
        sn, rssn = run_pipeline(path, jobs, use_model)
        print(
            f"pipeline, {jobs} workers: {sn.articles_per_second:8.1f} articles/s "
            f"{sn.chars_per_second:12,.0f} chars/s "
            f"({sn.written} articles, {sn.elapsed:.1f}s + start-up {sn.startup_seconds:.1f}s)"
        )
        print(f"  memory: {rssn}")
        ut = {"sentences": 0.0, "word_tokenize": 0.0, "ner": 0.0}
        if args.skip_ner:
            from underthesea import sent_tokenize, word_tokenize

            sents = [s for t in texts for s in sent_tokenize(t)]
            word_tokenize("Hà Nội")
            t = time.perf_counter()
            for s in sents:
                word_tokenize(s)
            ut = {"sentences": len(sents), "word_tokenize": time.perf_counter() - t, "ner": 0.0}
        else:
            ut = time_underthesea(texts)
        n = len(texts)
        wt_aps = n / ut["word_tokenize"]
        print(
            f"underthesea word_tokenize per sentence: {wt_aps:8.1f} articles/s "
            f"{chars / ut['word_tokenize']:12,.0f} "
            f"chars/s ({int(ut['sentences'])} sentences)"
        )
        if ut["ner"]:
            ner_aps = n / ut["ner"]
            print(
                f"underthesea ner() per sentence       : {ner_aps:8.1f} articles/s "
                f"{chars / ut['ner']:12,.0f} chars/s"
            )
        print("ratios (articles/s):")
        if ut["ner"]:
            print(
                f"  pipeline 1 worker / underthesea ner()     = "
                f"{s1.articles_per_second / ner_aps:6.2f}  (target >= 10)"
            )
        print(
            f"  pipeline 1 worker / word_tokenize alone   = "
            f"{s1.articles_per_second / wt_aps:6.2f}  (target >= 0.5)"
        )
        print(
            f"  pipeline {jobs} workers / 1 worker            = "
            f"{sn.articles_per_second / s1.articles_per_second:6.2f}  (target >= 1.7 for 2)"
        )
        if args.robustness:
            print(robustness(Path(d), use_model, jobs))
    return 0


if __name__ == "__main__":
    sys.exit(main())

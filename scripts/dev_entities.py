"""Development check of the entity layer on the TRAIN annotations and the seed (never held-out).

The model is trained on train, so rules+model is honest only on the validation tenth
(``--val``: the validation tenth of train_ner.py, ``train_data.is_validation`` of the article id).
Rules-only (``--rules-only``) is honest on every train file.

Tokens, blocks and dates are computed once per article by the pipeline and cached in
``--cache`` (``--refresh`` rebuilds it); each run then re-runs only the entity stage.

``--time N`` measures the CPU time (time.process_time) of the NER model alone and of the whole
entity stage per article over the first N articles of ../shared/corpus/bulk.jsonl.gz
(tokenisation is done beforehand and not counted).

``--no-mined`` drops mined.tsv (names memorised from the training part), so rules-only on all
train files then shows what carries over to unseen articles.

Usage: .venv/bin/python scripts/dev_entities.py [--val] [--rules-only] [--no-mined] [--errors N]
       [--labels PER,ORG,LOC,DATE] [--model DIR] [--combine default] [--refresh] [--time 50]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import pickle
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsextract.entities import MODEL_LABELS, EntityRecognizer  # noqa: E402
from newsextract.normalize import normalize  # noqa: E402
from newsextract.pipeline import KEY_DATES, Pipeline  # noqa: E402
from newsextract.segment import KEY_TEXT, KEY_TOKENS, KEY_WORDS  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from train_data import corpus_records, is_validation, train_files  # noqa: E402

SEED = ROOT.parent / "shared/seeds/000_7a4dca285e0ca61f.gold.jsonl"


def val_files() -> list[Path]:
    """The validation tenth of train_ner.py (``train_data.is_validation`` of the article id)."""
    return [p for p in train_files() if is_validation(p.stem)]  # files are named by article id


def load(paths: list[Path]) -> list[dict[str, Any]]:
    corpus = corpus_records()
    out = []
    for p in paths:
        if "heldout" in p.parts:
            raise SystemExit("refusing to read held-out annotations")
        if p.suffix == ".jsonl":
            for line in p.open(encoding="utf-8"):
                out.append(json.loads(line))
            continue
        rec = json.loads(p.read_text(encoding="utf-8"))
        d = corpus[rec["id"]]
        rec["text"] = d["text"]
        rec.setdefault("published", d.get("published"))
        out.append(rec)
    return out


def prepare(arts: list[dict[str, Any]], cache: Path, refresh: bool) -> dict[str, Any]:
    """Per article: normalised text, tokens, blocks and dates (cached)."""
    data: dict[str, Any] = {}
    if cache.exists() and not refresh:
        data = pickle.loads(cache.read_bytes())
    missing = [
        a
        for a in arts
        if a["id"] not in data or data[a["id"]]["text"] != a["text"] or "user_data" not in data[a["id"]]
    ]
    if missing:
        pipe = Pipeline(components=["newsextract_dates"], use_ner_model=False)
        for art in missing:
            norm = normalize(art["text"])
            pub = dt.date.fromisoformat(art["published"][:10]) if art.get("published") else None
            doc = pipe.make_doc(norm.text, published=pub)
            data[art["id"]] = {
                "text": art["text"],
                "norm": norm,
                "words": [t.text for t in doc],
                "spaces": [bool(t.whitespace_) for t in doc],
                "blocks": [(b.start_char, b.end_char, b.label_) for b in doc.spans.get("blocks", [])]
                if "blocks" in doc.spans
                else [],
                "sents": [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [],
                "dates": list(doc.user_data.get(KEY_DATES, [])),
                # what the tokenizer stores for the later stages (segmenter words, tokens, text)
                "user_data": {k: doc.user_data[k] for k in (KEY_WORDS, KEY_TOKENS, KEY_TEXT)},
            }
        cache.write_bytes(pickle.dumps(data))
    return data


def run_entities(rec: EntityRecognizer, item: dict[str, Any], vocab: Any) -> list[tuple[int, int, str]]:
    from spacy.tokens import Doc, Span

    doc = Doc(vocab, words=item["words"], spaces=item["spaces"])
    if item["sents"]:
        starts = set(item["sents"])
        for t in doc:
            t.is_sent_start = t.idx in starts
    spans = []
    for s, e, lab in item["blocks"]:
        sp = doc.char_span(s, e, label=lab, alignment_mode="expand")
        if sp is not None:
            spans.append(Span(doc, sp.start, sp.end, label=lab))
    doc.spans["blocks"] = spans
    doc.user_data.update(item["user_data"])
    ents = rec(doc, item["dates"])
    out: list[tuple[int, int, str]] = []
    norm = item["norm"]
    for e in ents:
        a, b = norm.span_to_original(e.start, e.end)
        out.append((a, b, e.label))
    return out


def time_model(rec: EntityRecognizer, n: int) -> None:
    """Per-article CPU time of the model and of the whole entity stage on n bulk articles."""
    import gzip
    import time

    from newsextract.segment import VietnameseTokenizer

    with gzip.open(ROOT.parent / "shared" / "corpus" / "bulk.jsonl.gz", "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for _, line in zip(range(n), fh, strict=False)]
    import spacy

    tok = VietnameseTokenizer(spacy.blank("xx").vocab)
    docs = [tok(normalize(t).text) for t in texts]
    rec.model_entities(docs[0])  # loads the model
    best_m = best_all = float("inf")
    for _ in range(3):  # best of three runs
        t0 = time.process_time()
        for d in docs:
            rec.model_entities(d)
        t1 = time.process_time()
        for d in docs:
            rec(d, [])
        t2 = time.process_time()
        best_m, best_all = min(best_m, t1 - t0), min(best_all, t2 - t1)
    print(
        f"{len(docs)} bulk articles: model {1000 * best_m / len(docs):.1f} ms/article, "
        f"entity stage (rules+model) {1000 * best_all / len(docs):.1f} ms/article (CPU, best of 3)"
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rules-only", action="store_true")
    ap.add_argument("--val", action="store_true", help="only the validation tenth (honest for rules+model)")
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--all-errors", action="store_true", help="print every error, sorted")
    ap.add_argument("--labels", default="PER,ORG,LOC,DATE")
    ap.add_argument("--files", nargs="*")
    ap.add_argument("--model", help="models dir holding ner/ (default models/)")
    ap.add_argument("--no-seed", action="store_true")
    ap.add_argument("--model-labels", default=",".join(MODEL_LABELS), help="labels the model may add")
    ap.add_argument("--cache", default="/tmp/newsextract_dev_entities.pkl")
    ap.add_argument("--refresh", action="store_true")
    ap.add_argument(
        "--no-mined",
        action="store_true",
        help="without mined.tsv (names memorised from train): how the rules carry over to unseen text",
    )
    ap.add_argument("--time", type=int, default=0, help="time the model on N bulk articles and exit")
    a = ap.parse_args()
    if a.time:
        time_model(EntityRecognizer(models_dir=a.model, model_labels=a.model_labels.split(",")), a.time)
        return 0
    labels = set(a.labels.split(","))
    if a.files:
        files = [Path(f) for f in a.files]
    elif a.val:
        files = val_files()
    else:
        files = train_files()
    if not a.no_seed and not a.val:
        files.append(SEED)
    arts = load(files)
    data = prepare(arts, Path(a.cache), a.refresh)
    import spacy

    vocab = spacy.blank("xx").vocab
    models_dir = a.model
    if a.no_mined:
        import shutil
        import tempfile

        src = Path(a.model) if a.model else ROOT / "models"
        tmp = Path(tempfile.mkdtemp(prefix="newsextract_nomined_"))
        shutil.copytree(src / "gazetteers", tmp / "gazetteers")
        (tmp / "gazetteers" / "mined.tsv").unlink()
        if (src / "ner").exists():
            (tmp / "ner").symlink_to(src / "ner")
        models_dir = str(tmp)
    rec = EntityRecognizer(
        models_dir=models_dir, use_model=not a.rules_only, model_labels=a.model_labels.split(",")
    )
    tp: collections.Counter[str] = collections.Counter()
    fp: collections.Counter[str] = collections.Counter()
    fn: collections.Counter[str] = collections.Counter()
    errs = []
    for art in arts:
        preds = run_entities(rec, data[art["id"]], vocab)
        gold = {(e["start"], e["end"], e["label"]) for e in art["entities"] if e["label"] in labels}
        pred = {x for x in preds if x[2] in labels}
        for x in gold & pred:
            tp[x[2]] += 1
        t = art["text"]
        for x in pred - gold:
            fp[x[2]] += 1
            errs.append(("FP", art["id"], x, t[x[0] : x[1]], t[max(0, x[0] - 40) : x[1] + 40]))
        for x in gold - pred:
            fn[x[2]] += 1
            errs.append(("FN", art["id"], x, t[x[0] : x[1]], t[max(0, x[0] - 40) : x[1] + 40]))
    print(f"{len(arts)} articles, {'rules only' if a.rules_only else 'rules+model'}")
    for lab in [*sorted(labels), "micro"]:
        t_ = sum(tp.values()) if lab == "micro" else tp[lab]
        f_ = sum(fp.values()) if lab == "micro" else fp[lab]
        n_ = sum(fn.values()) if lab == "micro" else fn[lab]
        p = t_ / (t_ + f_) if t_ + f_ else 0.0
        r = t_ / (t_ + n_) if t_ + n_ else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{lab:6s} P={p:.3f} R={r:.3f} F1={f1:.3f}  tp={t_} fp={f_} fn={n_}")
    if a.all_errors:
        sel = sorted(errs, key=lambda e: (e[1], e[2][0], e[0]))
    else:
        random.seed(0)
        sel = random.sample(errs, min(a.errors, len(errs)))
    for e in sel:
        ctx = e[4].replace("\r", " ").replace("\n", " ")
        print(e[0], e[2][2], repr(e[3]), "|", ctx)
    return 0


if __name__ == "__main__":
    sys.exit(main())

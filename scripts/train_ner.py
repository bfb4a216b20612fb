"""Train the statistical NER layer (PER/ORG/LOC) shipped in models/ner.

Reads ONLY annotations/dev/train/*.json and annotations/bulk/train/*.json (offsets into
../shared/corpus/dev.jsonl and bulk.jsonl.gz; scripts/train_data.py); the
held-out annotations are never read.  A fixed tenth of the train files (crc32 of the article
id, ``train_data.is_validation``) is the validation part that picks the best epoch.  Tokens are
the pipeline's own (normalise → VietnameseTokenizer), so the model sees at run time what it saw
here.

The shipped models/ner was made by (CPU, about 55 minutes on 1,066 train files: 234 dev + 832
bulk, with rule work running alongside; seeded):

    .venv/bin/python scripts/train_ner.py --epochs 30 --seed 0 --dropout 0.3 --batch 4 --depth 3

→ best validation F1 0.833 (model alone, 109 validation docs) at epoch 25; with the rule layer
(``scripts/dev_entities.py --val``, the same 109 articles, names mined from the other files)
strict micro F1 over PER/ORG/LOC/DATE: model labels PER+ORG:strict 0.883 (shipped, MODEL_LABELS),
PER 0.883, PER+LOC 0.882, PER+ORG 0.880, PER+ORG+LOC 0.880, rules alone 0.870; the previous model
(877 files) with the same rules and names: PER+ORG:strict 0.882.  The model before it (970 files
then, 877 trained, 93 validation docs): best F1 0.835; PER+LOC 0.886, PER 0.885, PER+ORG:strict
0.884, PER+ORG+LOC 0.883, PER+ORG 0.882, rules alone 0.877;
its previous model (788 files) with the same rules and names then:
PER+ORG:strict 0.884, PER 0.882 (its PER F1 0.911 against 0.920).  The model before (874 files
then, 788 trained, 86 validation docs): best F1 0.825; PER+ORG:strict 0.882 (on 89 articles), PER
0.879, PER+LOC 0.879, PER+ORG 0.878, PER+ORG+LOC 0.877, rules alone 0.874; the one before it (655
files) with the same rules and names: PER 0.879, PER+ORG:strict 0.881.  Earlier (730 files, 75 validation docs): best F1 0.818;
PER 0.867, PER+ORG:strict 0.868, PER+LOC 0.867, PER+ORG 0.866, rules alone 0.859.  The one before
(682 files, 70 validation docs, earlier rules): best F1 0.804;
PER 0.834, PER+ORG:strict 0.836, PER+LOC 0.835, PER+ORG+LOC 0.834, PER+ORG 0.832, rules alone 0.823.
The validation tenth is fixed by a hash of the article id (``train_data.is_validation``) since that
model; before it, it was every tenth file by sorted id, so it moved when files were added and figures
of different rounds were on different articles.  The model before it (522 files, 53 validation docs): PER 0.803, PER+ORG
0.792, PER+ORG:strict 0.798, PER+ORG+LOC 0.796, rules alone 0.803; before that (455 files, 46
docs): PER+ORG 0.834, PER+ORG:strict 0.831, PER 0.830, rules alone 0.833; (378 files, 38 docs):
PER+ORG 0.776, PER+ORG:strict 0.772, PER 0.771, PER+ORG:strict+LOC 0.766, rules alone 0.769.  A
model trained on 282 files against the one trained on 234 dev files, on 96 bulk articles neither
had seen, rules unchanged: 78.7 vs 78.8 on one batch, 76.3 vs 74.1 on the other (PER 75.3 vs 68.0).

Earlier, on the validation tenth of the 234 dev train files (previous model): 0.830 with PER and
strict ORG (PER only 0.834, PER+LOC 0.838, rules alone 0.833); of the 208 train files: 0.828,
0.823, 0.800, 0.812 — on 21-24 articles these differences are noise.

Compared on the validation tenth of the 160 train files (second round; rules+model strict micro F1):
    --depth 3, model labels PER                        0.829   (shipped then)
    --depth 3, model labels PER,LOC                    0.801
    default depth 4, model labels PER                  0.808   (model alone 0.723)
    default depth 4, model labels PER,LOC              0.802
Earlier, on the 112-file train set: depth 4 0.834, --width 64 --depth 2 0.745, static vectors
(--vectors build --vec-dim 64) 0.815.

``--vectors build`` tokenises ../shared/corpus/bulk.jsonl.gz (5,000 unannotated articles;
normalise → split_blocks/split_sentences/split_words, about 6 minutes on 2 processes), trains
word2vec with gensim (skip-gram, window 5, 5 epochs, one worker, seeded, crc32 word hashing, so
reproducible; ``pip install -e '.[train]'``) and keeps at most --vec-rows rows; the files are
cached in --vec-dir.  ``--vectors FILE`` loads such a file again.  The vectors go into the
model's vocab and the tok2vec uses them (``pretrained_vectors``).  ``--final`` trains on every
train file for exactly --epochs (no validation part, so no honest score of its own).

Usage: .venv/bin/python scripts/train_ner.py [--epochs 30] [--out models/ner] [--seed 0]
       [--dropout 0.3] [--batch 4] [--width 96] [--depth 4] [--embed-size 2000] [--hidden 64]
       [--vectors none|build|FILE] [--vec-dim 64] [--vec-rows 30000] [--vec-min-count 3] [--final]
       .venv/bin/python scripts/train_ner.py --mine-gazetteer   # writes gazetteers/mined.tsv, org_lower.txt

``--mine-gazetteer`` collects the gold PER/ORG/LOC strings of the training part (never the
validation tenth) that are labelled that way at most of their occurrences, for the rule
layer's exact-match gazetteer, and the lowercase syllables inside gold ORG names that seldom
follow one (``org_lower.txt``).  Until the eleventh round the syllables skipped every tenth file
by position instead of the validation tenth, so some validation articles fed them; both lists now
leave out the same tenth (5,405 names, 482 syllables on the 1,066 files).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import spacy  # noqa: E402
from spacy.tokens import Doc  # noqa: E402
from spacy.training import Example  # noqa: E402
from spacy.util import fix_random_seed, minibatch  # type: ignore[attr-defined]  # noqa: E402

from newsextract.normalize import normalize  # noqa: E402
from newsextract.segment import VietnameseTokenizer  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from train_data import corpus_records, is_validation, train_files  # noqa: E402

LABELS = ("PER", "ORG", "LOC")


def to_normalised(n: Any, start: int, end: int) -> tuple[int, int] | None:
    """Normalised offsets of an original span (inverse of the offset map)."""
    om = n.offsets
    if om.starts is None:
        return start, end
    s = e = None
    for i in range(len(om.starts)):
        if s is None and om.starts[i] >= start:
            s = i if om.starts[i] == start else None
            if s is None:
                return None
        if om.ends[i] == end:
            e = i + 1
            break
    if s is None or e is None:
        return None
    return s, e


def load_docs(
    tokenizer: VietnameseTokenizer, vocab: Any
) -> list[tuple[str, Doc, list[tuple[int, int, str]]]]:
    corpus = corpus_records()
    out = []
    for p in train_files():
        rec = json.loads(p.read_text(encoding="utf-8"))
        text = corpus[rec["id"]]["text"]
        n = normalize(text)
        doc = tokenizer(n.text)
        ents = []
        for e in rec.get("entities", []):
            if e["label"] not in LABELS:
                continue
            sp = to_normalised(n, e["start"], e["end"])
            if sp:
                ents.append((sp[0], sp[1], e["label"]))
        words = [t.text for t in doc]
        spaces = [bool(t.whitespace_) for t in doc]
        mdoc = Doc(vocab, words=words, spaces=spaces)
        out.append((rec["id"], mdoc, ents))
    return out


def make_example(doc: Doc, ents: list[tuple[int, int, str]]) -> Example:
    ref = doc.copy()
    spans = []
    used: set[int] = set()
    for s, e, lab in ents:
        sp = ref.char_span(s, e, label=lab, alignment_mode="contract")
        if sp is None or any(i in used for i in range(sp.start, sp.end)):
            continue
        used.update(range(sp.start, sp.end))
        spans.append(sp)
    ref.set_ents(spans, default="outside")
    return Example(doc, ref)


def mine_gazetteer(out: Path, min_precision: float = 0.6) -> int:
    """Write ``text<TAB>label<TAB>gold<TAB>occurrences`` for reliable gold strings of the train part."""
    import collections

    import regex

    nlp = spacy.blank("xx")
    tok = VietnameseTokenizer(nlp.vocab)
    data = load_docs(tok, nlp.vocab)
    gold: collections.Counter[tuple[str, str]] = collections.Counter()
    texts = []
    for i, doc, ents in data:
        if is_validation(i):  # validation tenth: never mined
            continue
        texts.append(doc.text)
        for s, e, lab in ents:
            gold[(doc.text[s:e], lab)] += 1
    rows = []
    for (name, lab), n in sorted(gold.items()):
        name = " ".join(name.split())
        if len(name) < 2 or "\n" in name:
            continue
        syl = name.split()
        # one capitalised syllable ("Anh", "Nam") is too ambiguous; abbreviations are fine
        if (
            len(syl) == 1
            and not (name.isupper() and len(name) >= 3)
            and not regex.search(r"\p{Lu}.*\p{Lu}", name)
        ):
            continue
        if not name[0].isupper() and not name[0].isdigit():
            continue
        pat = regex.compile(rf"(?<![\p{{L}}\p{{M}}\d]){regex.escape(name)}(?![\p{{L}}\p{{M}}\d])")
        occ = sum(len(pat.findall(t)) for t in texts)
        if occ and n / occ >= min_precision:
            rows.append(f"{name}\t{lab}\t{n}\t{occ}")
    # a string labelled two ways keeps its most frequent label
    best: dict[str, tuple[int, str]] = {}
    for r in rows:
        name, lab, n_gold, _occ = r.split("\t")
        if name not in best or int(n_gold) > best[name][0]:
            best[name] = (int(n_gold), r)
    out.write_text(
        "# text\tlabel\tgold\toccurrences  (generated by scripts/train_ner.py --mine-gazetteer; train part only)\n"
        + "\n".join(r for _n, r in sorted(best.values(), key=lambda x: x[1]))
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(best)} names written to {out}")
    # lowercase syllables inside organisation names ("Sở Giao thông vận tải", "Cục Hợp tác quốc
    # tế"), not ones that usually follow a name ("và", "trong")
    inside: collections.Counter[str] = collections.Counter()
    after: collections.Counter[str] = collections.Counter()
    for i, doc, ents in data:
        if is_validation(i):  # the same validation tenth as the names (it was every tenth file before)
            continue
        for s, e, lab in ents:
            if lab != "ORG":
                continue
            for w in doc.text[s:e].split()[1:]:
                if regex.fullmatch(r"[\p{Ll}\p{M}]+", w):
                    inside[w] += 1
            m = regex.match(r"[ ]([\p{Ll}\p{M}]+)", doc.text[e:])
            if m:
                after[m.group(1)] += 1
    low = sorted(w for w, n in inside.items() if after[w] * 2 < n or (after[w] == 0 and n >= 1))
    (out.parent / "org_lower.txt").write_text(
        "# lowercase syllables of organisation names (generated by scripts/train_ner.py --mine-gazetteer)\n"
        + "\n".join(low)
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(low)} lowercase organisation syllables written")
    return 0


BULK = ROOT.parent / "shared" / "corpus" / "bulk.jsonl.gz"
VECTORS_NAME = "newsextract_w2v_bulk"


def _segment_article(text: str) -> list[list[str]]:
    """Word tokens per sentence of one article, exactly as the pipeline tokenises it."""
    from newsextract.segment import split_blocks, split_sentences, split_words

    t = normalize(text).text
    sents = split_sentences(t, split_blocks(t))
    out = []
    for s, e in sents:
        words = [t[a:b] for a, b in split_words(t, [(s, e)]) if t[a:b].strip()]
        if words:
            out.append(words)
    return out


def segment_bulk(cache: Path, procs: int = 2) -> Path:
    """Tokenise ../shared/corpus/bulk.jsonl.gz once: one sentence a line, words tab-separated."""
    import gzip
    import multiprocessing

    if cache.exists():
        return cache
    with gzip.open(BULK, "rt", encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    t0 = time.time()
    tmp = cache.with_suffix(".part")
    with multiprocessing.Pool(procs) as pool, gzip.open(tmp, "wt", encoding="utf-8") as out:
        for k, sents in enumerate(pool.imap(_segment_article, texts, chunksize=20)):  # keeps order
            for words in sents:
                out.write("\t".join(w.replace("\t", " ") for w in words) + "\n")
            if (k + 1) % 500 == 0:
                print(f"  segmented {k + 1}/{len(texts)} bulk articles  {time.time() - t0:.0f}s", flush=True)
    tmp.rename(cache)
    return cache


def _stable_hash(s: str) -> int:
    """gensim seeds each word's initial vector with this; Python's hash() is salted per run."""
    import zlib

    return zlib.crc32(s.encode("utf-8"))


def build_vectors(out: Path, dim: int, rows: int, min_count: int, seed: int, tokens: Path) -> Path:
    """word2vec (skip-gram, gensim, one worker: reproducible) on the segmented bulk corpus.

    Writes the word2vec text format, most frequent words first, at most ``rows`` rows.
    """
    import gzip

    from gensim.models import Word2Vec

    class Sents:
        def __iter__(self):  # type: ignore[no-untyped-def]
            with gzip.open(tokens, "rt", encoding="utf-8") as fh:
                for line in fh:
                    yield line.rstrip("\n").split("\t")

    t0 = time.time()
    w2v = Word2Vec(
        Sents(),
        vector_size=dim,
        window=5,
        min_count=min_count,
        max_final_vocab=rows,
        sg=1,
        negative=5,
        epochs=5,
        workers=1,
        seed=seed,
        hashfxn=_stable_hash,
    )
    kv = w2v.wv
    print(f"  word2vec: {len(kv)} words x {dim} in {time.time() - t0:.0f}s", flush=True)
    with out.open("w", encoding="utf-8") as fh:
        words = kv.index_to_key[:rows]
        fh.write(f"{len(words)} {dim}\n")
        for w in words:
            # words hold spaces ("Cầu Giấy"): the separator before the numbers is a tab
            fh.write(w + "\t" + " ".join(f"{x:.5f}" for x in kv[w]) + "\n")
    return out


def load_vectors(nlp: Any, path: Path) -> int:
    """Put a vectors file of build_vectors into nlp.vocab (keys: the token text, case kept)."""
    import numpy

    with path.open(encoding="utf-8") as fh:
        n, dim = map(int, fh.readline().split())
        keys = []
        data = numpy.zeros((n, dim), dtype="float32")
        for i, line in enumerate(fh):
            w, nums = line.rstrip("\n").split("\t")
            keys.append(w)
            data[i] = numpy.asarray(nums.split(), dtype="float32")
    from spacy.vectors import Vectors

    vectors = Vectors(strings=nlp.vocab.strings, data=data, keys=keys, name=VECTORS_NAME)
    nlp.vocab.vectors = vectors
    return n


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--out", default=str(ROOT / "models" / "ner"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--width", type=int, default=96, help="tok2vec width")
    ap.add_argument("--depth", type=int, default=4, help="tok2vec CNN depth")
    ap.add_argument("--embed-size", type=int, default=2000, help="hash embedding rows")
    ap.add_argument("--hidden", type=int, default=64, help="NER hidden width")
    ap.add_argument(
        "--vectors",
        default="none",
        help="static word vectors: 'none', 'build' (word2vec on the bulk corpus, see --vec-*), "
        "or a file written by a previous build",
    )
    ap.add_argument("--vec-dim", type=int, default=64)
    ap.add_argument("--vec-rows", type=int, default=30000)
    ap.add_argument("--vec-min-count", type=int, default=3)
    ap.add_argument("--vec-dir", default="/tmp/newsextract_vectors", help="cache of tokens and vectors")
    ap.add_argument(
        "--final",
        action="store_true",
        help="train on ALL train files for exactly --epochs (no validation, no epoch choice)",
    )
    ap.add_argument(
        "--mine-gazetteer", action="store_true", help="write models/gazetteers/mined.tsv and exit"
    )
    a = ap.parse_args()
    if a.mine_gazetteer:
        return mine_gazetteer(ROOT / "models" / "gazetteers" / "mined.tsv")
    random.seed(a.seed)
    fix_random_seed(a.seed)
    nlp = spacy.blank("xx")
    vec_note = ""
    if a.vectors != "none":
        if a.vectors == "build":
            vdir = Path(a.vec_dir)
            vdir.mkdir(parents=True, exist_ok=True)
            tokens = segment_bulk(vdir / "bulk_tokens.tsv.gz")
            vfile = vdir / f"w2v_d{a.vec_dim}_r{a.vec_rows}_m{a.vec_min_count}_s{a.seed}.txt"
            if not vfile.exists():
                build_vectors(vfile, a.vec_dim, a.vec_rows, a.vec_min_count, a.seed, tokens)
        else:
            vfile = Path(a.vectors)
        nvec = load_vectors(nlp, vfile)
        fix_random_seed(a.seed)
        vec_note = (
            f" Static vectors '{VECTORS_NAME}': {nvec} words x {nlp.vocab.vectors.shape[1]}, word2vec "
            f"(gensim skip-gram, window 5, 5 epochs, min_count {a.vec_min_count}, seed {a.seed}, 1 worker) "
            f"on the 5,000 unannotated articles of ../shared/corpus/bulk.jsonl.gz, normalised and "
            f"segmented by newsextract (split_blocks/split_sentences/split_words); rebuilt by the "
            f"command below (--vectors build)."
        )
    tok = VietnameseTokenizer(nlp.vocab)
    data = load_docs(tok, nlp.vocab)
    val_ids = set() if a.final else {i for i, _, _ in data if is_validation(i)}
    train = [make_example(d, e) for i, d, e in data if i not in val_ids]
    val = [make_example(d, e) for i, d, e in data if i in val_ids]
    print(f"train docs {len(train)}, validation docs {len(val)}", flush=True)
    ner: Any = nlp.add_pipe(
        "ner",
        config={
            "model": {
                "@architectures": "spacy.TransitionBasedParser.v2",
                "state_type": "ner",
                "extra_state_tokens": False,
                "hidden_width": a.hidden,
                "maxout_pieces": 2,
                "use_upper": True,
                "tok2vec": {
                    "@architectures": "spacy.HashEmbedCNN.v2",
                    "pretrained_vectors": a.vectors != "none",
                    "width": a.width,
                    "depth": a.depth,
                    "embed_size": a.embed_size,
                    "window_size": 1,
                    "maxout_pieces": 3,
                    "subword_features": True,
                },
            }
        },
    )
    for lab in LABELS:
        ner.add_label(lab)
    optimizer = nlp.initialize(lambda: train)
    cmd = (
        f".venv/bin/python scripts/train_ner.py --epochs {a.epochs} --seed {a.seed} "
        f"--dropout {a.dropout} --batch {a.batch} --width {a.width} --depth {a.depth} "
        f"--embed-size {a.embed_size} --hidden {a.hidden}"
        + (
            f" --vectors build --vec-dim {a.vec_dim} --vec-rows {a.vec_rows} --vec-min-count {a.vec_min_count}"
            if a.vectors != "none"
            else ""
        )
        + (" --final" if a.final else "")
    )
    nlp.meta["name"] = "newsextract_ner"
    nlp.meta["version"] = "0.1.0"
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    best = -1.0
    best_epoch = 0
    t0 = time.time()
    for epoch in range(a.epochs):
        random.shuffle(train)
        losses: dict[str, float] = {}
        for batch in minibatch(train, size=a.batch):  # type: ignore[no-untyped-call]
            nlp.update(batch, sgd=optimizer, drop=a.dropout, losses=losses)
        if a.final:
            print(
                f"epoch {epoch + 1:2d} loss {losses.get('ner', 0):8.1f}  {time.time() - t0:.0f}s", flush=True
            )
            continue
        scores = nlp.evaluate(val)
        f = scores.get("ents_f") or 0.0
        print(
            f"epoch {epoch + 1:2d} loss {losses.get('ner', 0):8.1f} val P {scores['ents_p']:.3f} "
            f"R {scores['ents_r']:.3f} F {f:.3f}  {time.time() - t0:.0f}s",
            flush=True,
        )
        if f > best:
            best, best_epoch = f, epoch + 1
            nlp.meta["description"] = (
                f"PER/ORG/LOC NER trained by scripts/train_ner.py on {len(train)} annotated articles; "
                f"validation F1 {best:.3f} at epoch {best_epoch} ({len(val)} docs). Command: {cmd}.{vec_note}"
            )
            nlp.to_disk(a.out)
    if a.final:
        nlp.meta["description"] = (
            f"PER/ORG/LOC NER trained by scripts/train_ner.py on all {len(train)} annotated train articles "
            f"for {a.epochs} epochs (no validation part). Command: {cmd}.{vec_note}"
        )
        nlp.to_disk(a.out)
        print(f"trained on all {len(train)} docs for {a.epochs} epochs; saved to {a.out}")
        return 0
    print(f"best validation F1 {best:.3f} at epoch {best_epoch}; saved to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

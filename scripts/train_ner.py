"""Train the statistical NER layer (PER/ORG/LOC) shipped in models/ner.

Reads ONLY annotations/dev/train/*.json (offsets into ../shared/corpus/dev.jsonl); the
held-out annotations are never read.  A fixed tenth of the train files (by sorted id)
is the validation part that picks the best epoch.  Tokens are the pipeline's own
(normalise → VietnameseTokenizer), so the model sees at run time what it saw here.

The shipped models/ner was made by (CPU, about 9 minutes; bit-identical on a rerun):

    .venv/bin/python scripts/train_ner.py --epochs 30 --seed 0 --dropout 0.3 --batch 4

→ best validation F1 0.537 (model alone) at epoch 18; with the rule layer
(``scripts/dev_entities.py --val``) strict micro F1 0.82 over PER/ORG/LOC/DATE.

Usage: .venv/bin/python scripts/train_ner.py [--epochs 30] [--out models/ner] [--seed 0]
       [--dropout 0.3] [--batch 4]
       .venv/bin/python scripts/train_ner.py --mine-gazetteer   # writes gazetteers/mined.tsv, org_lower.txt

``--mine-gazetteer`` collects the gold PER/ORG/LOC strings of the training part (never the
validation tenth) that are labelled that way at most of their occurrences, for the rule
layer's exact-match gazetteer.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import spacy  # noqa: E402
from spacy.tokens import Doc  # noqa: E402
from spacy.training import Example  # noqa: E402

from newsextract.normalize import normalize  # noqa: E402
from newsextract.segment import VietnameseTokenizer  # noqa: E402

LABELS = ("PER", "ORG", "LOC")


def to_normalised(n, start: int, end: int) -> tuple[int, int] | None:
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


def load_docs(tokenizer: VietnameseTokenizer, vocab) -> list[tuple[str, Doc, list[tuple[int, int, str]]]]:
    corpus = {}
    with (ROOT.parent / "shared" / "corpus" / "dev.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            corpus[d["id"]] = d["text"]
    out = []
    for p in sorted((ROOT / "annotations" / "dev" / "train").glob("*.json")):
        rec = json.loads(p.read_text(encoding="utf-8"))
        text = corpus[rec["id"]]
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
    for k, (_i, doc, ents) in enumerate(data):
        if k % 10 == 0:  # validation tenth: never mined
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
        name, lab, n, _occ = r.split("\t")
        if name not in best or int(n) > best[name][0]:
            best[name] = (int(n), r)
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
    for k, (_i, doc, ents) in enumerate(data):
        if k % 10 == 0:
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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--out", default=str(ROOT / "models" / "ner"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument(
        "--mine-gazetteer", action="store_true", help="write models/gazetteers/mined.tsv and exit"
    )
    a = ap.parse_args()
    if a.mine_gazetteer:
        return mine_gazetteer(ROOT / "models" / "gazetteers" / "mined.tsv")
    random.seed(a.seed)
    spacy.util.fix_random_seed(a.seed)
    nlp = spacy.blank("xx")
    tok = VietnameseTokenizer(nlp.vocab)
    data = load_docs(tok, nlp.vocab)
    val_ids = {i for k, (i, _, _) in enumerate(data) if k % 10 == 0}
    train = [make_example(d, e) for i, d, e in data if i not in val_ids]
    val = [make_example(d, e) for i, d, e in data if i in val_ids]
    print(f"train docs {len(train)}, validation docs {len(val)}", flush=True)
    ner = nlp.add_pipe("ner")
    for lab in LABELS:
        ner.add_label(lab)
    optimizer = nlp.initialize(lambda: train)
    best = -1.0
    best_epoch = 0
    t0 = time.time()
    for epoch in range(a.epochs):
        random.shuffle(train)
        losses: dict[str, float] = {}
        for batch in spacy.util.minibatch(train, size=a.batch):
            nlp.update(batch, sgd=optimizer, drop=a.dropout, losses=losses)
        scores = nlp.evaluate(val)
        f = scores.get("ents_f") or 0.0
        print(
            f"epoch {epoch + 1:2d} loss {losses.get('ner', 0):8.1f} val P {scores['ents_p']:.3f} "
            f"R {scores['ents_r']:.3f} F {f:.3f}  {time.time() - t0:.0f}s",
            flush=True,
        )
        if f > best:
            best, best_epoch = f, epoch + 1
            nlp.meta["name"] = "newsextract_ner"
            nlp.meta["version"] = "0.1.0"
            nlp.meta["description"] = (
                f"PER/ORG/LOC NER trained by scripts/train_ner.py on {len(train)} annotated dev articles; "
                f"validation F1 {best:.3f} at epoch {best_epoch} ({len(val)} docs). "
                f"Command: .venv/bin/python scripts/train_ner.py --epochs {a.epochs} --seed {a.seed} "
                f"--dropout {a.dropout} --batch {a.batch}"
            )
            nlp.to_disk(a.out)
    print(f"best validation F1 {best:.3f} at epoch {best_epoch}; saved to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Gold annotations to and from the tools people annotate in.

- Label Studio JSON (import and export): one task per article, ``data.text`` and
  ``annotations[0].result`` items of type ``labels`` with ``value.start/end/text/labels``;
  the article id, title, published date and facts ride in ``data`` and a DATE's
  ``value``/``grain`` in the item's ``meta``, so gold → Label Studio → gold is lossless.
  Results of a :class:`~newsextract.records.Result` can be exported as ``predictions``.
  The JSON-MIN export (``{"text", "label": [{start, end, labels}]}``) is read too.
- doccano JSONL (import and export): ``{"text", "label": [[start, end, "LABEL"], ...]}``
  or the newer ``{"text", "entities": [{"start_offset", "end_offset", "label"}]}``;
  extra keys (id, title, published, facts, date_values) keep the round trip lossless.
- spaCy DocBin (export, and read back): ``doc.ents`` from character spans with
  ``alignment_mode="expand"`` over a blank ``xx`` tokenizer.
- CoNLL (export, and read back): BIO tags over underthesea words, ``word<TAB>tag`` one
  token per line, syllables of a word joined by ``_``, a blank line between sentences
  and a ``# id = ...`` line before each article.

Every import goes through :func:`newsextract.evaluate.gold_from_dict`, so offsets that
do not match the text raise :class:`~newsextract.evaluate.GoldError`.

>>> from newsextract.evaluate import gold_from_dict
>>> d = {"id": "a", "text": "Bộ Tài chính họp.", "entities": [{"start": 0, "end": 12, "label": "ORG"}]}
>>> g = gold_from_dict(d)
>>> to_doccano([g])[0]["label"]
[[0, 12, 'ORG']]
>>> from_doccano(to_doccano([g])) == [g]
True
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from newsextract.evaluate import GoldArticle, GoldEntity, GoldError, gold_from_dict
from newsextract.records import Result

__all__ = [
    "ConllDocument",
    "conll_entities",
    "conll_lines",
    "from_doccano",
    "from_label_studio",
    "read_conll",
    "read_docbin",
    "read_doccano",
    "read_label_studio",
    "to_doccano",
    "to_label_studio",
    "write_conll",
    "write_docbin",
    "write_doccano",
    "write_label_studio",
]

log = logging.getLogger(__name__)

Segmenter = Callable[[str], list[str]]


def _entity_dict(e: GoldEntity) -> dict[str, Any]:
    return {"start": e.start, "end": e.end, "label": e.label, "text": e.text}


def _meta(article: GoldArticle) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if article.title is not None:
        out["title"] = article.title
    if article.published is not None:
        out["published"] = article.published
    return out


def _facts(article: GoldArticle) -> list[dict[str, Any]] | None:
    d = article.to_dict()
    facts = d.get("facts")
    return None if facts is None else list(facts)


# --------------------------------------------------------------------------- Label Studio


def _ls_items(
    spans: Iterable[tuple[int, int, str, str, dict[str, Any]]], from_name: str, to_name: str
) -> list[Any]:
    items = []
    for n, (s, e, label, text, meta) in enumerate(spans):
        item: dict[str, Any] = {
            "id": f"e{n}",
            "from_name": from_name,
            "to_name": to_name,
            "type": "labels",
            "value": {"start": s, "end": e, "text": text, "labels": [label]},
        }
        if meta:
            item["meta"] = meta
        items.append(item)
    return items


def to_label_studio(
    articles: Sequence[GoldArticle],
    *,
    predictions: Sequence[Result | None] | None = None,
    model_version: str = "newsextract",
    from_name: str = "label",
    to_name: str = "text",
) -> list[dict[str, Any]]:
    """Label Studio tasks of ``articles`` (and of their predicted entities, if given).

    >>> from newsextract.evaluate import gold_from_dict
    >>> d = {"id": "a", "text": "Hà Nội", "entities": [{"start": 0, "end": 6, "label": "LOC"}]}
    >>> g = gold_from_dict(d)
    >>> to_label_studio([g])[0]["annotations"][0]["result"][0]["value"]
    {'start': 0, 'end': 6, 'text': 'Hà Nội', 'labels': ['LOC']}
    """
    if predictions is not None and len(predictions) != len(articles):
        raise ValueError(f"{len(articles)} articles but {len(predictions)} predictions")
    tasks = []
    for i, art in enumerate(articles):
        data: dict[str, Any] = {"text": art.text, "id": art.id, **_meta(art)}
        facts = _facts(art)
        if facts is not None:
            data["facts"] = facts
        task: dict[str, Any] = {"data": data, "annotations": []}
        if art.entities is not None:
            spans = [
                (
                    e.start,
                    e.end,
                    e.label,
                    e.text,
                    {k: v for k, v in (("value", e.value), ("grain", e.grain)) if v is not None},
                )
                for e in art.entities
            ]
            task["annotations"].append({"result": _ls_items(spans, from_name, to_name)})
        res = predictions[i] if predictions is not None else None
        if res is not None:
            pspans: list[tuple[int, int, str, str, dict[str, Any]]] = [
                (e.start, e.end, str(e.label), e.text, {}) for e in res.entities
            ]
            have = {(e.start, e.end) for e in res.entities}
            pspans += [
                (d.start, d.end, "DATE", d.text, {"value": d.value, "grain": d.grain})
                for d in res.dates
                if (d.start, d.end) not in have
            ]
            task["predictions"] = [
                {"model_version": model_version, "result": _ls_items(pspans, from_name, to_name)}
            ]
        tasks.append(task)
    return tasks


def _ls_entities(result: Iterable[Mapping[str, Any]], aid: str) -> list[dict[str, Any]]:
    ents = []
    for item in result:
        value = item.get("value") or {}
        labels = value.get("labels")
        if item.get("type", "labels") != "labels" and not labels:
            continue  # relations, choices, text areas…
        if not labels:
            continue
        if len(labels) > 1:
            log.warning(
                "%s: region %s-%s has labels %s; the first is kept",
                aid,
                value.get("start"),
                value.get("end"),
                labels,
            )
        d: dict[str, Any] = {"start": value.get("start"), "end": value.get("end"), "label": labels[0]}
        if value.get("text") is not None:
            d["text"] = value["text"]
        meta = item.get("meta") or {}
        for k in ("value", "grain"):
            if isinstance(meta, Mapping) and meta.get(k) is not None:
                d[k] = meta[k]
        ents.append(d)
    return ents


def from_label_studio(
    data: Any, *, text_key: str = "text", use_predictions: bool = False
) -> list[GoldArticle]:
    """Gold articles of Label Studio tasks (a list, one task, or JSON-MIN records).

    The first annotation that is not cancelled is the gold; with ``use_predictions``
    a task without annotations takes its first prediction.
    """
    tasks = data if isinstance(data, list) else [data]
    out = []
    for n, task in enumerate(tasks):
        if not isinstance(task, Mapping):
            raise GoldError(f"Label Studio task {n} is not an object")
        if "data" not in task and text_key in task:  # JSON-MIN export
            d = dict(task)
            aid = str(d.get("id", f"ls-{n}"))
            labels = d.get("label")
            rec: dict[str, Any] = {
                k: v for k, v in d.items() if k not in ("label", "annotator", "annotation_id")
            }
            rec["id"] = aid
            rec["text"] = d[text_key]
            if labels is not None:
                rec["entities"] = _ls_entities(({"value": x} for x in labels), aid)
            out.append(gold_from_dict(rec, source=f"label studio task {n}"))
            continue
        tdata = task.get("data") or {}
        aid = str(tdata.get("id") if tdata.get("id") is not None else task.get("id", f"ls-{n}"))
        rec = {"id": aid, "text": tdata.get(text_key)}
        for k in ("title", "published", "facts"):
            if tdata.get(k) is not None:
                rec[k] = tdata[k]
        anns = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
        if not anns and use_predictions:
            anns = list(task.get("predictions") or [])
        if anns:
            if len(anns) > 1:
                log.info("%s: %d annotations; the first is the gold", aid, len(anns))
            rec["entities"] = _ls_entities(anns[0].get("result") or [], aid)
        out.append(gold_from_dict(rec, source=f"label studio task {n}"))
    return out


def write_label_studio(articles: Sequence[GoldArticle], path: str | Path, **kwargs: Any) -> None:
    """Write :func:`to_label_studio` tasks as a JSON file."""
    tasks = to_label_studio(articles, **kwargs)
    Path(path).write_text(json.dumps(tasks, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read_label_studio(path: str | Path, **kwargs: Any) -> list[GoldArticle]:
    """Read a Label Studio JSON export (see :func:`from_label_studio`)."""
    return from_label_studio(json.loads(Path(path).read_text(encoding="utf-8")), **kwargs)


# --------------------------------------------------------------------------- doccano


def to_doccano(
    articles: Sequence[GoldArticle], *, style: Literal["label", "entities"] = "label"
) -> list[dict[str, Any]]:
    """doccano records: ``label`` ``[[start, end, "LABEL"]]`` or ``entities`` with ``*_offset``."""
    out = []
    for art in articles:
        rec: dict[str, Any] = {"id": art.id, "text": art.text}
        if art.entities is not None:
            if style == "label":
                rec["label"] = [[e.start, e.end, e.label] for e in art.entities]
            else:
                rec["entities"] = [
                    {"id": n, "start_offset": e.start, "end_offset": e.end, "label": e.label}
                    for n, e in enumerate(art.entities)
                ]
            values = [[e.start, e.end, e.value, e.grain] for e in art.entities if e.value or e.grain]
            if values:
                rec["date_values"] = values
        rec.update(_meta(art))
        facts = _facts(art)
        if facts is not None:
            rec["facts"] = facts
        out.append(rec)
    return out


def from_doccano(records: Iterable[Mapping[str, Any]]) -> list[GoldArticle]:
    """Gold articles of doccano records (both ``label`` and ``entities`` forms)."""
    out = []
    for n, r in enumerate(records):
        aid = str(r.get("id", f"doccano-{n}"))
        text = r.get("text", r.get("data"))
        rec: dict[str, Any] = {"id": aid, "text": text}
        for k in ("title", "published", "facts"):
            if r.get(k) is not None:
                rec[k] = r[k]
        ents: list[dict[str, Any]] | None = None
        if r.get("entities") is not None:
            ents = [
                {"start": e["start_offset"], "end": e["end_offset"], "label": e["label"]}
                for e in r["entities"]
            ]
        else:
            raw = r.get("label", r.get("labels"))
            if raw is not None:
                ents = []
                for item in raw:
                    if not isinstance(item, list | tuple) or len(item) != 3:
                        raise GoldError(f"doccano span {item!r} is not [start, end, label]", article=aid)
                    ents.append({"start": item[0], "end": item[1], "label": item[2]})
        if ents is not None:
            values = {(v[0], v[1]): (v[2], v[3]) for v in r.get("date_values") or []}
            for e in ents:
                v = values.get((e["start"], e["end"]))
                if v is not None:
                    e["value"], e["grain"] = v
            rec["entities"] = ents
        out.append(gold_from_dict(rec, source=f"doccano record {n}"))
    return out


def write_doccano(
    articles: Sequence[GoldArticle], path: str | Path, *, style: Literal["label", "entities"] = "label"
) -> None:
    """Write doccano JSONL."""
    with Path(path).open("w", encoding="utf-8") as fh:
        for rec in to_doccano(articles, style=style):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def read_doccano(path: str | Path) -> list[GoldArticle]:
    """Read doccano JSONL."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return from_doccano(json.loads(x) for x in lines if x.strip())


# --------------------------------------------------------------------------- spaCy DocBin


def write_docbin(articles: Sequence[GoldArticle], path: str | Path, *, nlp: Any = None) -> int:
    """Write a spaCy ``.spacy`` DocBin; returns how many entities were dropped (overlaps after
    expanding to token boundaries).  ``doc.user_data`` keeps id, title and published."""
    import spacy  # imported lazily: heavy
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    nlp = nlp if nlp is not None else spacy.blank("xx")
    db = DocBin(store_user_data=True)
    dropped = 0
    for art in articles:
        doc = nlp.make_doc(art.text)
        spans = []
        for e in art.entities or ():
            span = doc.char_span(e.start, e.end, label=e.label, alignment_mode="expand")
            if span is None:
                dropped += 1
                continue
            spans.append(span)
        kept = filter_spans(spans)
        dropped += len(spans) - len(kept)
        doc.ents = kept
        doc.user_data["id"] = art.id
        for k, v in _meta(art).items():
            doc.user_data[k] = v
        db.add(doc)
    db.to_disk(path)
    if dropped:
        log.warning("DocBin %s: %d entities dropped (overlapping after token expansion)", path, dropped)
    return dropped


def read_docbin(path: str | Path, *, nlp: Any = None) -> list[GoldArticle]:
    """Gold articles (entities only) of a ``.spacy`` DocBin."""
    import spacy
    from spacy.tokens import DocBin

    nlp = nlp if nlp is not None else spacy.blank("xx")
    out = []
    for n, doc in enumerate(DocBin().from_disk(path).get_docs(nlp.vocab)):
        ud = doc.user_data
        rec = {
            "id": ud.get("id", f"docbin-{n}"),
            "text": doc.text,
            "entities": [{"start": e.start_char, "end": e.end_char, "label": e.label_} for e in doc.ents],
        }
        for k in ("title", "published"):
            if ud.get(k) is not None:
                rec[k] = ud[k]
        out.append(gold_from_dict(rec, source=f"{path} doc {n}"))
    return out


# --------------------------------------------------------------------------- CoNLL


@dataclass(frozen=True, slots=True)
class ConllDocument:
    """One article read from CoNLL: its id and sentences of ``(token, tag)``."""

    id: str | None
    sentences: tuple[tuple[tuple[str, str], ...], ...]


def _words(text: str, segmenter: Segmenter | None) -> list[list[tuple[int, int]]]:
    from newsextract.segment import split_blocks, split_sentences, split_words

    out = []
    for s, e in split_sentences(text, split_blocks(text)):
        words = split_words(text, [(s, e)], segmenter)
        if words:
            out.append(words)
    return out


def conll_lines(article: GoldArticle, *, segmenter: Segmenter | None = None) -> list[str]:
    """CoNLL lines of one article: ``# id = …``, then ``word<TAB>BIO`` per word, a blank line per sentence.

    ``segmenter`` (default underthesea's ``word_tokenize``) splits a sentence into words.

    >>> from newsextract.evaluate import gold_from_dict
    >>> d = {"id": "a", "text": "Ông Lê Văn Tám đến", "entities": [{"start": 4, "end": 14, "label": "PER"}]}
    >>> g = gold_from_dict(d)
    >>> conll_lines(g, segmenter=str.split)[1:6]
    ['Ông\\tO', 'Lê\\tB-PER', 'Văn\\tI-PER', 'Tám\\tI-PER', 'đến\\tO']
    """
    text = article.text
    ents = sorted(article.entities or (), key=lambda e: (e.start, e.end))
    lines = [f"# id = {article.id}"]
    unaligned = 0
    claimed: set[tuple[int, int]] = set()
    for sentence in _words(text, segmenter):
        tags = ["O"] * len(sentence)
        for e in ents:
            idx = [
                i for i, (s, t) in enumerate(sentence) if s < e.end and e.start < t and (s, t) not in claimed
            ]
            if not idx:
                continue
            if sentence[idx[0]][0] != e.start or sentence[idx[-1]][1] != e.end:
                unaligned += 1
            for k, i in enumerate(idx):
                tags[i] = ("B-" if k == 0 else "I-") + e.label
                claimed.add(sentence[i])
        for (s, t), tag in zip(sentence, tags, strict=True):
            lines.append(f"{'_'.join(text[s:t].split())}\t{tag}")
        lines.append("")
    if unaligned:
        log.info("%s: %d entities not on word boundaries (expanded to whole words)", article.id, unaligned)
    return lines


def write_conll(
    articles: Sequence[GoldArticle], path: str | Path, *, segmenter: Segmenter | None = None
) -> None:
    """Write CoNLL BIO over underthesea words (see :func:`conll_lines`)."""
    with Path(path).open("w", encoding="utf-8") as fh:
        for art in articles:
            fh.write("\n".join(conll_lines(art, segmenter=segmenter)) + "\n")


def read_conll(path: str | Path) -> list[ConllDocument]:
    """Documents of a CoNLL file (``# id = …`` starts one; a file without it is one document)."""
    docs: list[ConllDocument] = []
    cur_id: str | None = None
    sents: list[tuple[tuple[str, str], ...]] = []
    sent: list[tuple[str, str]] = []
    started = False

    def flush_sentence() -> None:
        nonlocal sent
        if sent:
            sents.append(tuple(sent))
            sent = []

    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.rstrip("\n")
        if line.startswith("# id = "):
            flush_sentence()
            if started:
                docs.append(ConllDocument(cur_id, tuple(sents)))
            cur_id, sents, started = line[len("# id = ") :].strip(), [], True
            continue
        if not line.strip():
            flush_sentence()
            continue
        if line.startswith("-DOCSTART-"):
            continue
        parts = line.split("\t") if "\t" in line else line.split()
        sent.append((parts[0], parts[-1] if len(parts) > 1 else "O"))
        started = True
    flush_sentence()
    if started:
        docs.append(ConllDocument(cur_id, tuple(sents)))
    return docs


def conll_entities(text: str, doc: ConllDocument) -> list[GoldEntity]:
    """Entities of a CoNLL document as character spans of ``text`` (tokens aligned in order).

    >>> d = ConllDocument("a", ((("Ông", "O"), ("Lê_Văn_Tám", "B-PER"), ("đến", "O")),))
    >>> conll_entities("Ông Lê Văn Tám đến", d)
    [GoldEntity(start=4, end=14, label='PER', text='Lê Văn Tám', value=None, grain=None)]
    """
    from newsextract.evaluate import bio_to_spans

    pos = 0
    out: list[GoldEntity] = []
    for sentence in doc.sentences:
        offsets: list[tuple[int, int]] = []
        for token, _ in sentence:
            while pos < len(text) and text[pos].isspace():
                pos += 1
            spaced = token.replace("_", " ")
            if text.startswith(spaced, pos):
                offsets.append((pos, pos + len(spaced)))
                pos += len(spaced)
                continue
            if text.startswith(token, pos):
                offsets.append((pos, pos + len(token)))
                pos += len(token)
                continue
            need, s = sum(1 for c in spaced if not c.isspace()), pos
            while pos < len(text) and need > 0:
                if not text[pos].isspace():
                    need -= 1
                pos += 1
            offsets.append((s, pos))
        tags = [t for _, t in sentence]
        out.extend(GoldEntity(s, e, lab, text[s:e]) for s, e, lab in bio_to_spans(tags, offsets))
    return out

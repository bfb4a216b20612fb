"""Article structure, sentences and words of a normalised text, and the spaCy tokenizer.

Scraped news is a headline, paragraphs, image captions (often repeated), subheadings,
a byline and site chrome ("Phiên bản di động", "Xem thêm:", related-article lines).
:func:`split_blocks` labels each line; :func:`split_sentences` splits the blocks;
:func:`split_words` runs underthesea's word segmenter per sentence and aligns its words
back to exact offsets (it rewrites some characters, so its strings are never trusted).

>>> [b.kind for b in split_blocks("Hà Nội: 31/31 chỉ tiêu\\n\\nNgày 4/1, hội nghị diễn ra.\\n\\nHoa Thành")]
['headline', 'paragraph', 'byline']
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

__all__ = [
    "BlockSpan",
    "CrfSegmenter",
    "VietnameseTokenizer",
    "create_tokenizer",
    "doc_text",
    "frequent_tokens",
    "split_blocks",
    "split_sentences",
    "split_words",
]

log = logging.getLogger(__name__)

# Lines that belong to the website, not the article.
KEY_SENTENCES = "newsextract.sentences"
KEY_WORDS = "newsextract.words"
KEY_TEXT = "newsextract.text"
KEY_TOKENS = "newsextract.tokens"

_CHROME_RE = regex.compile(
    r"^(?:phiên bản (?:di động|desktop|máy tính)|xem thêm|tin liên quan|bài liên quan|tin cùng chuyên mục"
    r"|bình luận|chia sẻ|đăng nhập|đăng ký|trang chủ|theo dõi|bản quyền|in bài|gửi bài|lên đầu trang"
    r"|quay lại|từ khóa|tags?|copyright|©|nguồn:|đọc thêm|xem tiếp|tin mới|tin nổi bật|tải ứng dụng"
    r"|facebook|twitter|zalo|email|like|share)\b",
    regex.IGNORECASE | regex.V1,
)
_TERMINAL = ".!?…:;\"')»]"
_WORD_RE = regex.compile(r"\S+")
_BYLINE_WORD = regex.compile(r"^(?:\p{Lu}[\p{Ll}\p{M}]*\.?|\p{Lu}\.(?:\p{Lu}\.)*|\(\p{Lu}[\p{L}\p{M}.]*\)?)$")


@dataclass(frozen=True, slots=True)
class BlockSpan:
    """A line-level block of the normalised text: ``kind`` as in :class:`records.Block`."""

    start: int
    end: int
    kind: str


def _lines(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as ``(start, end)`` without outer whitespace."""
    out = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    return out


def _key(s: str) -> str:
    return " ".join(s.casefold().split())


def _is_byline(s: str) -> bool:
    words = s.split()
    if not 1 <= len(words) <= 5 or len(s) > 40 or s[-1] in ".!?:;,":
        return s.startswith("Theo ") and len(s) <= 40
    return all(_BYLINE_WORD.match(w) for w in words) or (s.startswith("Theo ") and len(s) <= 40)


def split_blocks(text: str) -> list[BlockSpan]:
    """Label each line of ``text`` as headline, paragraph, subheading, caption, byline,
    related (a scraped line of related-article headlines) or chrome.

    >>> [b.kind for b in split_blocks("Tiêu đề\\nẢnh hội nghị\\nẢnh hội nghị\\nPhiên bản di động")]
    ['headline', 'caption', 'caption', 'chrome']
    """
    lines = _lines(text)
    kinds: list[str] = ["paragraph"] * len(lines)
    strs = [text[s:e] for s, e in lines]
    keys = [_key(x) for x in strs]
    for i, s in enumerate(strs):
        if _CHROME_RE.match(s):
            kinds[i] = "chrome"
    # Captions: a line repeated at once (scraped pages print the caption twice).
    for i in range(len(lines) - 1):
        if keys[i] == keys[i + 1] and kinds[i] != "chrome":
            kinds[i] = kinds[i + 1] = "caption"
    content = [i for i in range(len(lines)) if kinds[i] != "chrome"]
    if content:
        last = content[-1]
        if len(content) > 1 and kinds[last] == "paragraph" and _is_byline(strs[last]):
            kinds[last] = "byline"
        first = content[0]
        if (
            len(content) > 1
            and kinds[first] == "paragraph"
            and len(strs[first]) <= 250
            and (strs[first][-1] not in ".!?…" or len(strs[first]) <= 120)
        ):
            kinds[first] = "headline"
    for i in content:
        if kinds[i] != "paragraph":
            continue
        s = strs[i]
        if s[-1] in _TERMINAL:
            continue
        kinds[i] = "subheading" if len(s) <= 120 else "related"
    return [BlockSpan(s, e, k) for (s, e), k in zip(lines, kinds, strict=False)]


# A sentence ends at . ! ? … (with closing quotes/brackets) before a space and a capital,
# a digit or an opening quote/bracket — unless the word before is an abbreviation.
_SENT_END_RE = regex.compile(r"[.!?…]+[\"')\]»]*(?=\s+[\"'(\[«]?[\p{Lu}\d])")
_ABBREV = frozenset(
    [
        "tp",
        "tp.hcm",
        "gs",
        "ts",
        "pgs",
        "ths",
        "bs",
        "ks",
        "ths",
        "th.s",
        "ts.bs",
        "gs.ts",
        "pgs.ts",
        "ls",
        "ncs",
        "st",
        "mr",
        "mrs",
        "ms",
        "dr",
        "p",
        "q",
        "tt",
        "kts",
        "cn",
        "vs",
        "v.v",
        "gđ",
        "pgđ",
        "tổng",
        "gđ",
        "ctcp",
        "ubnd",
        "nxb",
        "hn",
        "hcm",
        "no",
        "tr",
    ]
)
_ONE_LETTER_RE = regex.compile(r"(?:^|\s)\p{Lu}$")


def split_sentences(text: str, blocks: Iterable[BlockSpan]) -> list[tuple[int, int]]:
    """Sentences of the blocks, as ``(start, end)`` offsets of ``text``.

    Headlines, captions, subheadings, bylines and chrome are one sentence each.

    >>> t = "Ông Nguyễn Văn A. Trần cho biết. TP.HCM có 8,02% tăng."
    >>> [t[s:e] for s, e in split_sentences(t, [BlockSpan(0, len(t), "paragraph")])]
    ['Ông Nguyễn Văn A. Trần cho biết.', 'TP.HCM có 8,02% tăng.']
    """
    out: list[tuple[int, int]] = []
    for b in blocks:
        if b.kind != "paragraph":
            out.append((b.start, b.end))
            continue
        start = b.start
        chunk = text[b.start : b.end]
        for m in _SENT_END_RE.finditer(chunk):
            before = chunk[max(0, m.start() - 40) : m.start()]  # the word before, not the whole paragraph
            word = before.rsplit(None, 1)[-1] if before.strip() else ""
            if word.casefold().rstrip(".") in _ABBREV or _ONE_LETTER_RE.search(before):
                continue
            end = b.start + m.end()
            out.append((start, end))
            nxt = end
            while nxt < b.end and text[nxt].isspace():
                nxt += 1
            start = nxt
        if start < b.end:
            out.append((start, b.end))
    return out


_PUNCT_TAIL_RE = regex.compile(r"(.*?\w)([.,;:!?\"')\]»]+)")


def _align(text: str, start: int, end: int, words: list[str]) -> list[tuple[int, int]]:
    """Offsets of ``words`` (underthesea output) in ``text[start:end]``.

    underthesea may rewrite characters (uỷ → ủy) but keeps the count of non-space
    characters, so a word that does not match literally consumes as many characters.
    """
    spans: list[tuple[int, int]] = []
    pos = start
    for w in words:
        while pos < end and text[pos].isspace():
            pos += 1
        if pos >= end:
            break
        if text.startswith(w, pos):
            spans.append((pos, pos + len(w)))
            pos += len(w)
            continue
        need = sum(1 for c in w if not c.isspace())
        s = pos
        while pos < end and need > 0:
            if not text[pos].isspace():
                need -= 1
            pos += 1
        spans.append((s, pos))
    if pos < end and text[pos:end].strip():
        # Whatever the segmenter dropped becomes whitespace-separated words.
        for m in _WORD_RE.finditer(text, pos, end):
            spans.append(m.span())
    return spans


def _split_punct(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split punctuation glued to the end of a word ("USD." → "USD" ".")."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        m = _PUNCT_TAIL_RE.fullmatch(text, s, e)
        if m and m.end(1) < e and text[s:e].casefold().rstrip(".") not in _ABBREV:
            out.append((s, m.end(1)))
            out.append((m.end(1), e))
        else:
            out.append((s, e))
    return out


WordSegmenter = Callable[[str], list[str]]

_INT_RE = regex.compile(r"[+-]?[0-9]+")
_TEMPLATE_RE = regex.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\.(lower|isdigit|istitle|is_in_dict))?")
_PROBES = (
    "Ông Nguyễn Văn An, Bí thư Quận ủy Cầu Giấy, phát biểu tại hội nghị lần thứ 18.",
    "Năm 2023, TP.HCM hoàn thành 31/31 chỉ tiêu; GDP tăng 6,5% so với cùng kỳ.",
    "Bác sĩ bây giờ có thể thản nhiên báo tin bệnh nhân bị ung thư",
)


def _is_int32(tok: str) -> bool:
    return _INT_RE.fullmatch(tok) is not None and -(2**31) <= int(tok) < 2**31


class CrfSegmenter:
    """underthesea's word segmentation model, run over a whole article at once.

    Same model files, same features and the same Viterbi decoding as
    ``underthesea.word_tokenize`` (checked on probe sentences at load and on the whole
    dev corpus by the tests), about five times faster: features are looked up per
    article in a few NumPy operations instead of one Rust→Python string list per token.

    >>> seg = CrfSegmenter()                                      # doctest: +SKIP
    >>> seg.segment_many(["Bác sĩ báo tin bệnh nhân bị ung thư"])  # doctest: +SKIP
    [['Bác sĩ', 'báo tin', 'bệnh nhân', 'bị', 'ung thư']]
    """

    _CACHE_LIMIT = 200_000

    def __init__(self, model_dir: Path | None = None) -> None:
        import joblib
        import numpy as np
        import pycrfsuite
        from underthesea.pipeline import word_tokenize as ut_ws
        from underthesea.pipeline.text_normalize.character_normalize import (
            normalize_characters_in_text,
        )
        from underthesea.pipeline.text_normalize.token_normalize import token_normalize
        from underthesea.pipeline.word_tokenize import regex_tokenize

        model_dir = model_dir or Path(ut_ws.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"
        tagger = pycrfsuite.Tagger()
        tagger.open(str(model_dir / "models.bin"))
        info = tagger.info()
        templates: list[str] = list(joblib.load(model_dir / "features.bin"))
        dictionary = joblib.load(model_dir / "dictionary.bin")
        self._dictionary = frozenset(dictionary)
        self._np = np
        self._pattern = regex_tokenize.patterns
        self._char_normalize = normalize_characters_in_text
        self._token_normalize = token_normalize
        self._tokens: dict[str, str] = {}
        tr = info.transitions
        self._trans = tuple(
            float(tr.get((a, b), 0.0))
            for a, b in (("B-W", "B-W"), ("B-W", "I-W"), ("I-W", "B-W"), ("I-W", "I-W"))
        )
        weights: dict[str, dict[str, list[float]]] = {}
        for (attr, label), w in info.state_features.items():
            name, _, value = attr.partition("=")
            weights.setdefault(name, {}).setdefault(value, [0.0, 0.0])[label != "B-W"] = w
        groups: dict[tuple[str, int], list[tuple[int, str]]] = {}
        for f in templates:
            m = _TEMPLATE_RE.fullmatch(f)
            if m is None:
                raise ValueError(f"unknown feature template {f!r} in {model_dir}")
            i = int(m.group(1))
            k = (int(m.group(2)) if m.group(2) is not None else i) - i
            if f in weights:
                groups.setdefault((m.group(3) or "", k), []).append((i, f))
        # One group per (attribute, window width): a value → row index and a weight matrix
        # rows × templates × labels, with two extra rows for BOS and EOS.
        self._groups: list[tuple[str, int, dict[str, int], Any, Any, int, int]] = []
        for (kind, k), temps in groups.items():
            values = sorted({v for _, f in temps for v in weights[f]} - {"BOS", "EOS"})
            index = {v: r + 1 for r, v in enumerate(values)}
            bos_row, eos_row = len(values) + 1, len(values) + 2
            mat = np.zeros((len(values) + 3, len(temps), 2))
            for c, (_, f) in enumerate(temps):
                for v, wv in weights[f].items():
                    mat[bos_row if v == "BOS" else eos_row if v == "EOS" else index[v], c] = wv
            offs = np.array([i for i, _ in temps])
            self._groups.append((kind, k, index, mat, offs, bos_row, eos_row))
        # The decoding must be underthesea's: check it on a few sentences against pycrfsuite.
        from underthesea_core import CRFFeaturizer

        featurizer = CRFFeaturizer(templates, dictionary)
        for sent in _PROBES:
            toks = self.tokenize(sent)
            want = tagger.tag(featurizer.process([[[t] for t in toks]])[0])
            got = ["B-W" if y == 0 else "I-W" for y in self._tag_many([toks])[0]]
            if got != want:
                raise RuntimeError(f"CrfSegmenter disagrees with underthesea on {sent!r}")

    def tokenize(self, sentence: str) -> list[str]:
        """underthesea's syllable tokenizer (``regex_tokenize.tokenize``), its cache bounded."""
        cache = self._tokens
        if len(cache) > self._CACHE_LIMIT:
            cache.clear()
        out = []
        for m in self._pattern.finditer(self._char_normalize(sentence)):
            tok = m.group(1)
            norm = cache.get(tok)
            if norm is None:
                norm = cache[tok] = self._token_normalize(tok)
            out.append(norm)
        return out

    def __call__(self, sentence: str) -> list[str]:
        return self.segment_many([sentence])[0]

    def segment_many(self, sentences: Sequence[str]) -> list[list[str]]:
        """Words of each sentence, as ``underthesea.word_tokenize`` returns them."""
        toks = [self.tokenize(s) for s in sentences]
        out = []
        for ts, tags in zip(toks, self._tag_many(toks), strict=True):
            words: list[str] = []
            for tok, y in zip(ts, tags, strict=True):
                if y == 1 and words:
                    words[-1] += " " + tok
                else:
                    words.append(tok)
            out.append(words)
        return out

    def _strings(self, kind: str, k: int, toks: list[str], cache: dict[tuple[str, int], Any]) -> list[str]:
        """Token (``kind`` "") or lowercase (``"lower"``) strings of every window of k + 1 tokens."""
        col: list[str] | None = cache.get((kind, k))
        if col is None:
            n = len(toks)
            base = (
                toks
                if kind == ""
                else self._strings("lower", 0, toks, cache)
                if k
                else [t.lower() for t in toks]
            )
            windows = (base[s : max(s, n - k + s)] for s in range(k + 1))
            col = base if k == 0 else [" ".join(x) for x in zip(*windows, strict=True)]
            cache[(kind, k)] = col
        return col

    def _rows(
        self, kind: str, k: int, toks: list[str], cache: dict[tuple[str, int], Any], index: dict[str, int]
    ) -> Any:
        """Row of the weight matrix for each window of k + 1 tokens (0: value never seen)."""
        np = self._np
        if kind in ("", "lower"):
            strings = self._strings(kind, k, toks, cache)
            # map() calls index.get(value, 0) in C, no Python frame per token
            return np.fromiter(
                map(index.get, strings, itertools.repeat(0)), dtype=np.int64, count=len(strings)
            )
        n = len(toks)
        if kind == "is_in_dict":
            dic = self._dictionary
            strings = self._strings("lower", k, toks, cache)
            flags = np.fromiter(map(dic.__contains__, strings), dtype=bool, count=len(strings))
        elif kind in ("istitle", "isdigit"):
            # underthesea_core: "title" = the first character is unchanged by upper-casing;
            # "digit" = parses as a 32-bit signed integer.  A window is "True" when all its tokens are.
            one = cache.get((kind, 0))
            if one is None:
                test = (lambda t: t[:1].upper() == t[:1]) if kind == "istitle" else _is_int32
                one = cache[(kind, 0)] = np.fromiter((test(t) for t in toks), dtype=bool)
            flags = one[: max(n - k, 0)].copy()
            for s in range(1, k + 1):
                flags &= one[s : s + len(flags)]
        else:
            raise ValueError(f"unknown feature attribute {kind!r}")
        return np.where(flags, index.get("True", 0), index.get("False", 0))

    def _tag_many(self, sentences: list[list[str]]) -> list[list[int]]:
        """Tags (0 = B-W, 1 = I-W) of each sentence's tokens."""
        np = self._np
        toks = [t for s in sentences for t in s]
        n = len(toks)
        if n == 0:
            return [[] for _ in sentences]
        lens = np.array([len(s) for s in sentences], dtype=np.int64)
        ends = np.cumsum(lens)
        starts = ends - lens
        sid = np.repeat(np.arange(len(sentences)), lens)
        s0, s1 = starts[sid][:, None], ends[sid][:, None]
        pos = np.arange(n)[:, None]
        cache: dict[tuple[str, int], Any] = {}
        emis = np.zeros((n, 2))
        for kind, k, index, mat, offs, bos_row, eos_row in self._groups:
            ids = np.zeros(n + 1, dtype=np.int64)  # the last slot stands for "outside the text"
            if n > k:
                ids[: n - k] = self._rows(kind, k, toks, cache, index)
            a = pos + offs[None, :]
            rows = np.where(a < s0, bos_row, np.where(a + k >= s1, eos_row, ids[np.clip(a, 0, n)]))
            emis += mat[rows, np.arange(len(offs))[None, :]].sum(axis=1)
        sb, si = emis[:, 0].tolist(), emis[:, 1].tolist()
        return [self._viterbi(sb, si, s, e) for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]

    def _viterbi(self, sb: list[float], si: list[float], s: int, e: int) -> list[int]:
        """crfsuite's first-order Viterbi over two labels (the first maximum wins ties)."""
        if e <= s:
            return []
        bb, bi, ib, ii = self._trans
        pb, pi = sb[s], si[s]
        back: list[tuple[int, int]] = []
        for t in range(s + 1, e):
            x, y = pb + bb, pi + ib
            fb, nb = (0, x) if x >= y else (1, y)
            x, y = pb + bi, pi + ii
            fi, ni = (0, x) if x >= y else (1, y)
            back.append((fb, fi))
            pb, pi = nb + sb[t], ni + si[t]
        y = 0 if pb >= pi else 1
        out = [y]
        for fb, fi in reversed(back):
            y = fb if y == 0 else fi
            out.append(y)
        out.reverse()
        return out


@lru_cache(maxsize=1)
def _underthesea_segmenter() -> WordSegmenter:
    try:
        return CrfSegmenter()
    except Exception as exc:  # another underthesea model layout: use its own function
        log.warning("fast word segmenter unavailable (%s); using underthesea.word_tokenize", exc)
    from underthesea import word_tokenize  # imported lazily: it loads a model

    def seg(sentence: str) -> list[str]:
        return list(word_tokenize(sentence))

    return seg


def split_words(
    text: str, sentences: Iterable[tuple[int, int]], segmenter: WordSegmenter | None = None
) -> list[tuple[int, int]]:
    """Words of each sentence as ``(start, end)`` offsets (multi-syllable words keep spaces).

    >>> t = "Ông Nguyễn Văn An tổ chức hội nghị."
    >>> [t[s:e] for s, e in split_words(t, [(0, len(t))])][-3:]
    ['tổ chức', 'hội nghị', '.']
    """
    seg = segmenter or _underthesea_segmenter()
    spans = [(s, e) for s, e in sentences if text[s:e].strip()]
    found: list[list[str] | None] = [None] * len(spans)
    many = getattr(seg, "segment_many", None)
    if many is not None:
        try:
            found = list(many([text[s:e] for s, e in spans]))
        except Exception:  # fall back to one sentence at a time
            log.warning("segment_many failed; segmenting sentence by sentence", exc_info=True)
    out: list[tuple[int, int]] = []
    for (s, e), words in zip(spans, found, strict=True):
        if words is None:
            sentence = text[s:e]
            try:
                words = seg(sentence)
            except Exception:  # the segmenter must never lose a sentence
                words = sentence.split()
        out.extend(_split_punct(text, _align(text, s, e, words)))
    return out


class VietnameseTokenizer:
    """spaCy tokenizer: blocks, sentences and words of a normalised article.

    ``doc.text`` equals the input; ``doc.spans["blocks"]`` holds the blocks labelled by
    kind and sentence starts are set.  Registered as ``newsextract.VietnameseTokenizer.v1``.
    """

    def __init__(self, vocab: Any, segmenter: WordSegmenter | None = None) -> None:
        self.vocab = vocab
        self._segmenter = segmenter

    @property
    def segmenter(self) -> WordSegmenter:
        if self._segmenter is None:
            self._segmenter = _underthesea_segmenter()
        return self._segmenter

    def __call__(self, text: str) -> Any:
        from spacy.tokens import Doc

        blocks = split_blocks(text)
        sentences = split_sentences(text, blocks)
        words = split_words(text, sentences, self.segmenter)
        sent_starts = {s for s, _ in sentences}
        toks: list[str] = []
        spaces: list[bool] = []
        starts: list[bool | int | None] = []
        pos = 0

        def gap(upto: int) -> None:
            nonlocal pos
            g = text[pos:upto]
            if not g:
                return
            if toks and g[0] == " " and not spaces[-1] and not toks[-1].isspace():
                spaces[-1] = True
                g = g[1:]
            if g:
                toks.append(g)
                spaces.append(False)
                starts.append(len(toks) == 1)  # the Doc's first token
            pos = upto

        for s, e in words:
            gap(s)
            toks.append(text[s:e])
            spaces.append(False)
            starts.append(s in sent_starts or len(toks) == 1)
            pos = e
        gap(len(text))
        doc = Doc(self.vocab, words=toks, spaces=spaces, sent_starts=starts) if toks else Doc(self.vocab)
        group = []
        for b in blocks:
            span = doc.char_span(b.start, b.end, label=b.kind, alignment_mode="expand")
            if span is not None:
                group.append(span)
        doc.spans["blocks"] = group
        # Char offsets the later stages read without re-iterating the Doc's tokens.
        doc.user_data[KEY_SENTENCES] = sentences
        doc.user_data[KEY_WORDS] = words
        # ``doc.text`` joins every token (creating Token objects): read this instead.
        doc.user_data[KEY_TEXT] = text
        # The Doc's token strings and trailing-space flags, to build another Doc without
        # iterating this one (``[t.text for t in doc]``, ``[bool(t.whitespace_) for t in doc]``).
        doc.user_data[KEY_TOKENS] = (toks, spaces)
        return doc

    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> VietnameseTokenizer:
        return self

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        return None

    def from_disk(self, path: Any, **kwargs: Any) -> VietnameseTokenizer:
        return self


@lru_cache(maxsize=4)
def frequent_tokens(path: Path) -> tuple[str, ...]:
    """The token list of ``models/vocab/frequent_tokens.txt`` (``scripts/build_vocab.py``), read once."""
    if not path.is_file():
        log.warning("%s is absent: every article rebuilds its lexemes (slower, same results)", path)
        return ()
    return tuple(w for w in path.read_text(encoding="utf-8").splitlines() if w)


def warm_vocab(vocab: Any, path: Path) -> int:
    """Add the lexemes of frequent tokens to ``vocab`` for good; returns how many.

    :meth:`Pipeline.extract` frees what an article adds to the vocabulary (a memory zone),
    so the common words ("hội nghị", "tỉnh", "năm") must be there before any zone opens,
    or each article would rebuild them.
    """
    words = frequent_tokens(path)
    for w in words:
        vocab[w]  # creates the lexeme, outside any memory zone
    return len(words)


def doc_text(doc: Any) -> str:
    """``doc.text`` without rebuilding it from the tokens (when the tokenizer stored it)."""
    text = doc.user_data.get(KEY_TEXT)
    return text if isinstance(text, str) else str(doc.text)


def create_tokenizer() -> Callable[[Any], VietnameseTokenizer]:
    """The factory behind ``{"@tokenizers": "newsextract.VietnameseTokenizer.v1"}``."""

    def make(nlp: Any) -> VietnameseTokenizer:
        return VietnameseTokenizer(nlp.vocab)

    return make

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

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

__all__ = [
    "BlockSpan",
    "VietnameseTokenizer",
    "create_tokenizer",
    "doc_text",
    "split_blocks",
    "split_sentences",
    "split_words",
]

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


@lru_cache(maxsize=1)
def _underthesea_segmenter() -> WordSegmenter:
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
    out: list[tuple[int, int]] = []
    for s, e in sentences:
        sentence = text[s:e]
        if not sentence.strip():
            continue
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


def doc_text(doc: Any) -> str:
    """``doc.text`` without rebuilding it from the tokens (when the tokenizer stored it)."""
    text = doc.user_data.get(KEY_TEXT)
    return text if isinstance(text, str) else str(doc.text)


def create_tokenizer() -> Callable[[Any], VietnameseTokenizer]:
    """The factory behind ``{"@tokenizers": "newsextract.VietnameseTokenizer.v1"}``."""

    def make(nlp: Any) -> VietnameseTokenizer:
        return VietnameseTokenizer(nlp.vocab)

    return make

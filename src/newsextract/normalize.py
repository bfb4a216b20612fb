"""Text normalisation with an exact offset map back to the caller's text.

Normalisation makes the text uniform for the later stages, never for the caller:
every span found in the normalised text is mapped back with :class:`OffsetMap`.

- Unicode NFC (NFD input, stray combining marks);
- one tone-mark placement style, the classic one that underthesea also uses:
  hoà → hòa, uỷ → ủy, thuỷ → thủy, khoẻ → khỏe (only in open syllables, so
  "hoàng", "quý", "thuyền" are untouched);
- quotes “ ” « » ‘ ’ → ``"`` and ``'``; dashes – — − → ``-``;
- spaces: NBSP and other Unicode spaces, tabs and control characters → a space;
  CRLF and CR → ``\\n``; zero-width characters and soft hyphens are removed;
- HTML character references left in scraped text: "Bộ KH&amp;ĐT" → "Bộ KH&ĐT"
  (also doubly escaped ones, "&amp;amp;"; unknown names stay as they are).

The function is idempotent: ``normalize(normalize(t).text).text == normalize(t).text``.

>>> n = normalize("Quận uỷ Cầu Giấy\\r\\n“Kỷ cương”")
>>> n.text
'Quận ủy Cầu Giấy\\n"Kỷ cương"'
>>> n.span_to_original(17, 27)
(18, 28)
"""

from __future__ import annotations

import html
import unicodedata
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex

__all__ = ["Normalized", "OffsetMap", "normalize", "tone_style"]

_SPACE_CHARS = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\v\f\x85"
_DELETE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_DQUOTES = "“”„‟«»″〝〞＂"
_SQUOTES = "‘’‚‛′`"
_DASHES = "‐‑‒–—―−"
_CONTROLS = (
    "".join(chr(c) for c in range(0x20) if chr(c) not in "\n\r")
    + "\x7f"
    + "".join(chr(c) for c in range(0x80, 0xA0) if c != 0x85)
)

_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}  # huyền sắc hỏi ngã nặng


@lru_cache(maxsize=1)
def _tone_tables() -> dict[str, str]:
    """Pairs in new style → classic style, e.g. "oà" → "òa"."""
    to_classic: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for f in (first, first.upper()):
            for s in (second, second.upper()):
                for tone in _TONES:
                    new = f + unicodedata.normalize("NFC", s + tone)
                    old = unicodedata.normalize("NFC", f + tone) + s
                    to_classic[new] = old
    return to_classic


def _space_table() -> dict[str, str]:
    table = {c: " " for c in _SPACE_CHARS + _CONTROLS}
    table.update({c: "" for c in _DELETE_CHARS})
    table.update({c: '"' for c in _DQUOTES})
    table.update({c: "'" for c in _SQUOTES})
    table.update({c: "-" for c in _DASHES})
    table.update({"\r\n": "\n", "\r": "\n"})
    return table


_CHAR_TABLE = _space_table()
_CHAR_RE = regex.compile(
    "\r\n|[" + regex.escape("".join(k for k in _CHAR_TABLE if len(k) == 1), special_only=True) + "]"
)
# A base character with its combining marks, or a lone mark: the unit that NFC recomposes.
_CLUSTER_RE = regex.compile(r"[^\p{M}]?\p{M}+")
# oa / oe / uy with the tone on the second vowel, not after q (qu- is a consonant),
# and not followed by a letter (a closed syllable keeps the tone on the second vowel).
_GRAPHEME_RE = regex.compile(r"\X")
# An HTML character reference, with any number of "amp;" layers of double escaping.
_ENTITY_RE = regex.compile(r"&(?:amp;)*(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_TONE_RE = regex.compile(r"(?<![qQ])(?:[oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?![\p{L}\p{M}])")


_CLASSIC_RE = regex.compile(r"(?<![qQ])(?:[òóỏõọÒÓỎÕỌ][aAeE]|[ùúủũụÙÚỦŨỤ][yY])(?![\p{L}\p{M}])")


def tone_style(text: str) -> str:
    """Which tone placement a text uses: ``"classic"`` (hòa), ``"new"`` (hoà), ``"mixed"`` or ``"none"``.

    >>> tone_style("Quận uỷ và Thành ủy")
    'mixed'
    """
    new = bool(_TONE_RE.search(text))
    classic = bool(_CLASSIC_RE.search(text))
    if new and classic:
        return "mixed"
    return "new" if new else "classic" if classic else "none"


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets of the normalised text back to the caller's text.

    ``starts[i]``/``ends[i]`` are where normalised character ``i`` comes from in the
    original (a replaced run maps all its characters to the whole run).  An empty map
    is the identity; ``length`` is the original text's length.
    """

    length: int
    starts: array[int] | None = None
    ends: array[int] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalised span ``[start, end)``."""
        if self.starts is None or self.ends is None:
            return start, end
        n = len(self.starts)
        if not 0 <= start <= end <= n:
            raise IndexError(f"span {start}-{end} outside the normalised text (length {n})")
        if end == start:
            s = self.starts[start] if start < n else self.length
            return s, s
        return self.starts[start], self.ends[end - 1]

    def after(self, length: int, pieces: list[tuple[int, int, int]]) -> OffsetMap:
        """The map after replacing ``pieces`` (start, end, new length) of this map's text."""
        if not pieces:
            return self
        old_s = self.starts if self.starts is not None else array("q", range(length))
        old_e = self.ends if self.ends is not None else array("q", range(1, length + 1))
        new_s, new_e = array("q"), array("q")
        pos = 0
        for s, e, k in pieces:
            new_s.extend(old_s[pos:s])
            new_e.extend(old_e[pos:s])
            if k:
                new_s.extend(array("q", [old_s[s]]) * k)
                new_e.extend(array("q", [old_e[e - 1]]) * k)
            pos = e
        new_s.extend(old_s[pos:])
        new_e.extend(old_e[pos:])
        return OffsetMap(self.length, new_s, new_e)


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised text and the map of its offsets back to ``original``."""

    original: str
    text: str
    offsets: OffsetMap

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """``(start, end)`` in the original text of the normalised span ``[start, end)``."""
        return self.offsets.span(start, end)

    @property
    def changed(self) -> bool:
        """Whether normalisation changed anything."""
        return self.text != self.original


def _unescape(ref: str) -> str:
    """An HTML character reference decoded until it no longer changes ("&amp;amp;" → "&")."""
    while True:
        new = html.unescape(ref)
        if new == ref:
            return new
        ref = new


def _nfc(piece: str) -> str:
    return unicodedata.normalize("NFC", piece)


def _substitute(
    text: str, omap: OffsetMap, pattern: regex.Pattern[str], repl: Callable[[str], str]
) -> tuple[str, OffsetMap]:
    """Replace every match of ``pattern`` by ``repl(match)``, keeping the offset map exact."""
    out: list[str] = []
    pieces: list[tuple[int, int, int]] = []
    pos = 0
    for m in pattern.finditer(text):
        s, e = m.span()
        g = m.group()
        new = repl(g)
        if new == g:
            continue
        out.append(text[pos:s])
        out.append(new)
        if len(new) != e - s:  # one-to-one replacements keep every offset
            pieces.append((s, e, len(new)))
        pos = e
    if not out:
        return text, omap
    out.append(text[pos:])
    return "".join(out), omap.after(len(text), pieces)


def _tone_substitute(text: str) -> str:
    to_classic = _tone_tables()
    return str(_TONE_RE.sub(lambda m: to_classic.get(m.group(), m.group()), text))


def normalize(text: str) -> Normalized:
    """Normalise ``text`` for extraction and keep an exact offset map.

    >>> normalize("Thuỷ\\u00a0hoà").text
    'Thủy hòa'
    """
    if not isinstance(text, str):
        raise TypeError(f"normalize() needs str, not {type(text).__name__}")
    current = text
    omap = OffsetMap(len(text))
    for _ in range(4):  # one round converges except for pathological mark sequences
        before = current
        if "&" in current:
            current, omap = _substitute(current, omap, _ENTITY_RE, _unescape)
        current, omap = _substitute(current, omap, _CHAR_RE, _CHAR_TABLE.__getitem__)
        if not unicodedata.is_normalized("NFC", current):
            current, omap = _substitute(current, omap, _CLUSTER_RE, _nfc)
            if not unicodedata.is_normalized("NFC", current):
                # Singletons and compositions without marks: per grapheme cluster.
                current, omap = _substitute(current, omap, _GRAPHEME_RE, _nfc)
        current = _tone_substitute(current)  # same length, one to one
        if current == before:
            break
    return Normalized(original=text, text=current, offsets=omap)

"""QUANTITIES stage: numbers of Vietnamese news with their kind, value and unit.

:func:`find_quantities` finds counts ("10 chương trình"), ratios ("31/31 chỉ
tiêu"), percents ("8,02%"), money ("1.250 tỷ đồng" = 1.25e12 VND), measured
quantities ("15 km"), ordinals ("lần thứ 18", "khóa XIII", "kỳ họp thứ hai") and
terms ("nhiệm kỳ 2020 - 2025"), each with its modifier ("gần", "hơn", "khoảng",
"dưới", "tối đa").  :func:`parse_number` reads Vietnamese number formats ("1.250"
= 1250, "8,02" = 8.02, "hai mươi lăm" = 25) and :func:`roman_to_int` Roman
numerals.  Patterns are precompiled, bounded (linear time) and run with a
``timeout``.

>>> [(q.text, q.kind, q.value, q.currency) for q in find_quantities("Tổng vốn 35,6 triệu USD.")]
[('35,6 triệu USD', 'money', 35600000, 'USD')]
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator

import regex

from newsextract.dates import prev_token, scan_windows, windows
from newsextract.records import Modifier, Quantity

__all__ = ["MATCH_TIMEOUT", "find_quantities", "parse_number", "roman_to_int"]

log = logging.getLogger(__name__)

#: Seconds allowed to one pattern scan of one text (regex ``timeout=``).
MATCH_TIMEOUT = 1.0

_F = regex.IGNORECASE | regex.VERSION0

# ---------------------------------------------------------------- number words
_DIGIT_WORDS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "nhăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
_SCALES = {"nghìn": 1000, "ngàn": 1000, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

_W_NUM = r"(?:không|một|mốt|hai|ba|bốn|tư|năm|lăm|nhăm|sáu|bảy|bẩy|tám|chín|mười|mươi|trăm|linh|lẻ)"
# A number in words: a leading word that can start a number, then up to 8 more words.
_WORD_NUMBER = r"(?:(?:hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười|một)(?: " + _W_NUM + r"){0,8}(?![\w]))"
_DIGITS = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
_MULT = r"(?:nghìn tỷ|nghìn tỉ|ngàn tỷ|ngàn tỉ|nghìn|ngàn|triệu|tỷ|tỉ)"
_CURRENCY = (
    r"(?:đồng|VNĐ|VND|đ|USD|đôla Australia|đô la Australia|đôla Úc|đô la Úc|đô la Mỹ|đô la|đôla|đô|"
    r"EUR|euro|bảng Anh|bảng|yên|yen|JPY|nhân dân tệ|NDT|CNY|AUD|GBP|SGD|won|KRW|rúp)"
)
_UNIT = (
    r"(?:km2|km²|km/h|km|m2|m²|m3|m³|ha|hecta|héc-ta|tấn|tạ|kg|gam|gram|g|lít|ml|MW|kW|kWh|MWh|GW|"
    r"mét vuông|mét khối|mét|m|cm|mm|độ C|°C|TEU|thùng|hải lý|dặm)"
)
_MODIFIER = r"(?:gần như|gần|hơn|trên|khoảng|chừng|xấp xỉ|dưới|tối đa|không quá|không tới|ước tính|ước)"

_QTY_TAIL = (
    r"(?: ?[-–] ?(?P<num2>" + _DIGITS + r")(?!/))?"
    r"(?: (?P<mult>" + _MULT + r")(?![\w]))?"
    r"(?:(?P<pct> ?%| phần trăm)|(?P<sp> ?)(?P<cur>"
    + _CURRENCY
    + r")(?![\w])|(?P<usp> ?)(?P<unit>"
    + _UNIT
    + r")(?![\w²³])|(?P<noun> [^\W\d_]+(?: [^\W\d_]+){0,3}))?"
    r"(?![\w]|[.,]\d|[\-–]\d)"
)
_P_QTY_DIGITS = regex.compile(r"(?<![\w.,/\-])(?P<num>" + _DIGITS + r")(?!/)" + _QTY_TAIL, _F)
_P_QTY_WORDS = regex.compile(r"(?<![\w.,/\-])(?P<num>" + _WORD_NUMBER + r")" + _QTY_TAIL, _F)
_P_RATIO = regex.compile(
    r"(?<![\w.,/\-])(?:(?P<mod>" + _MODIFIER + r") )?(?P<a>\d{1,4})/(?P<b>\d{1,4})"
    r"(?P<noun> [^\W\d_]+(?: [^\W\d_]+){0,3})(?![\w/])",
    _F,
)
_ROMAN_RX = r"(?-i:[IVXLC]{1,7})"
_ORD_WORD = (
    r"(?:nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười(?: (?:một|hai|ba|bốn|lăm|năm|sáu|bảy|tám|chín))?)"
)
_P_ORD = regex.compile(
    r"(?<!\w)(?:(?P<head>lần|kỳ họp|phiên họp|phiên|đợt|khóa|khoá|kỳ|vòng|hạng|xếp|đứng|năm|ngày|"
    r"Hội nghị|hội nghị|Đại hội|đại hội) )?thứ (?P<ov>\d{1,3}|" + _ROMAN_RX + r"|" + _ORD_WORD + r")(?!\w)"
    r"|(?<!\w)(?P<head2>khóa|khoá|Khóa|Khoá|Đại hội|Hội nghị Trung ương|Quốc hội khóa) (?P<rom>"
    + _ROMAN_RX
    + r")(?!\w)",
    _F,
)
_P_TERM = regex.compile(
    r"(?<!\w)(?P<w>nhiệm kỳ|giai đoạn|niên (?:khóa|khoá)|năm học|mùa giải|thời kỳ|kế hoạch 5 năm) "
    r"(?P<y1>\d{4}) ?[-–] ?(?P<y2>\d{4}|\d{2})(?![\w]|[.,/\-]\d)",
    _F,
)
_RX_RATIO_ANCHOR = regex.compile(r"\d/\d")
_NUMBER_WORD_ANCHORS = (
    "hai ",
    "ba ",
    "bốn ",
    "năm ",
    "sáu ",
    "bảy ",
    "bẩy ",
    "tám ",
    "chín ",
    "mười",
    "một ",
)
_ORDINAL_ANCHORS = ("thứ ", "khóa ", "khoá ", "đại hội ", "hội nghị trung ương")
_TERM_ANCHORS = ("nhiệm kỳ", "giai đoạn", "niên kh", "năm học", "mùa giải", "thời kỳ", "kế hoạch 5")


# ---------------------------------------------------------------- nouns
# Two-syllable heads kept whole ("chỉ tiêu"), one-syllable classifiers that take
# the next noun ("chiếc xe", "nhóm nhiệm vụ").
_COMPOUNDS = frozenset(
    """chỉ tiêu|chương trình|văn bản|báo cáo|kế hoạch|nhiệm vụ|trường hợp|học sinh|sinh viên|giáo viên|
bệnh viện|công trình|dự án|doanh nghiệp|hộ dân|người dân|cán bộ|đảng viên|đại biểu|bệnh nhân|ca bệnh|
xe buýt|máy bay|tàu ngầm|tàu chiến|thủy thủ|nhân viên|lực lượng|cơ sở|điểm trường|cây xanh|điện kế|
công nhân|lao động|tỉnh thành|địa phương|đơn vị|tổ chức|gia đình|hộ gia đình|căn hộ|ngôi nhà|công ty|
mô hình|đề án|nghị quyết|quyết định|tác phẩm|vận động viên|cầu thủ|bàn thắng|huy chương|giải pháp|
nội dung|ý kiến|kiến nghị|thủ tục|hồ sơ|sản phẩm|phương tiện|vụ việc|vụ án|đối tượng|tuyến đường|
trạm y tế|cơ sở y tế|chốt cứu hộ|điểm giữ trẻ|ca mắc|ca nhiễm|mẫu xét nghiệm|lượt khách|du khách|
quốc gia|thành viên|chi bộ|tổ dân phố|khu dân cư|giường bệnh|bác sĩ|chiến sĩ|thí sinh|trẻ em""".replace(
        "\n", ""
    ).split("|")
)
_COUNT_NOUNS = frozenset(
    [
        "người",
        "lần",
        "xã",
        "phường",
        "tỉnh",
        "huyện",
        "quận",
        "thành",
        "phố",
        "nước",
        "hộ",
        "trường",
        "lớp",
        "em",
        "cháu",
        "cách",
        "loại",
        "dạng",
        "bước",
        "tầng",
        "ngày",
        "khu",
        "điểm",
        "tàu",
        "xe",
        "tuyến",
        "cầu",
        "ca",
        "vụ",
        "đội",
        "nhóm",
        "mục",
        "lĩnh",
        "vực",
        "cấp",
        "bên",
        "phe",
        "nhà",
        "ngôi",
        "căn",
        "chiếc",
        "con",
        "cái",
        "trận",
        "hiệp",
        "bàn",
        "vòng",
        "giải",
        "lượt",
        "tấn",
        "ván",
        "đợt",
        "khóa",
        "kỳ",
        "nội",
        "dung",
        "ý",
        "câu",
        "bài",
        "chữ",
        "dòng",
        "trang",
        "cuốn",
        "quyển",
        "mặt",
        "giai",
        "đoạn",
        "vấn",
        "đề",
        "yêu",
        "cầu",
        "nguyên",
        "tắc",
        "điều",
        "kiện",
        "mục",
        "tiêu",
        "sách",
        "máy",
        "cây",
    ]
)
_COMPOUND_FIRST = frozenset(c.split()[0] for c in _COMPOUNDS)
_CLASSIFIERS = frozenset(
    ["chiếc", "con", "cái", "tên", "nhóm", "bộ", "tòa", "ngôi", "căn", "cuốn", "quyển", "bức"]
)
_NOT_NOUN = frozenset(
    [
        "năm",
        "tháng",
        "ngày",
        "tuần",
        "giờ",
        "phút",
        "giây",
        "tuổi",
        "trong",
        "và",
        "của",
        "với",
        "là",
        "thì",
        "mà",
        "được",
        "đã",
        "sẽ",
        "đang",
        "có",
        "cho",
        "tại",
        "từ",
        "đến",
        "tới",
        "theo",
        "về",
        "như",
        "trên",
        "dưới",
        "hơn",
        "gần",
        "khoảng",
        "nay",
        "qua",
        "này",
        "đó",
        "kia",
        "các",
        "những",
        "mỗi",
        "mọi",
        "số",
        "so",
        "bị",
        "vào",
        "ra",
        "lên",
        "xuống",
        "đi",
        "lại",
        "nữa",
        "thêm",
        "rưỡi",
    ]
)
_COUNTABLE_TIME = frozenset(["lần", "lượt", "vòng", "hiệp", "trận", "đợt", "kỳ", "phiên"])
_SKIP_BEFORE = frozenset(
    [
        "năm",
        "ngày",
        "tháng",
        "quý",
        "số",
        "khóa",
        "khoá",
        "sn",
        "điều",
        "khoản",
        "lúc",
        "mục",
        "chương",
        "phần",
        "hạng",
        "thứ",
        "phòng",
        "lô",
        "kỳ",
        "quận",
        "phường",
    ]
)

_MOD_MAP: dict[str, Modifier] = {
    "gần": "nearly",
    "gần như": "approx",
    "hơn": "over",
    "trên": "over",
    "khoảng": "approx",
    "chừng": "approx",
    "xấp xỉ": "approx",
    "ước tính": "approx",
    "ước": "approx",
    "dưới": "under",
    "không tới": "under",
    "tối đa": "at_most",
    "không quá": "at_most",
}
# Modifiers before a number, longest first, each with its trailing space.
_MODIFIERS_BEFORE = tuple(sorted((k + " " for k in _MOD_MAP), key=len, reverse=True))
_CUR_MAP = {
    "đồng": "VND",
    "vnđ": "VND",
    "vnd": "VND",
    "đ": "VND",
    "usd": "USD",
    "đô la mỹ": "USD",
    "đô la": "USD",
    "đôla": "USD",
    "đô": "USD",
    "eur": "EUR",
    "euro": "EUR",
    "bảng anh": "GBP",
    "bảng": "GBP",
    "gbp": "GBP",
    "yên": "JPY",
    "yen": "JPY",
    "jpy": "JPY",
    "nhân dân tệ": "CNY",
    "ndt": "CNY",
    "cny": "CNY",
    "aud": "AUD",
    "đôla australia": "AUD",
    "đô la australia": "AUD",
    "đôla úc": "AUD",
    "đô la úc": "AUD",
    "sgd": "SGD",
    "won": "KRW",
    "krw": "KRW",
    "rúp": "RUB",
}
_UNIT_MAP = {
    "km²": "km2",
    "m²": "m2",
    "m³": "m3",
    "hecta": "ha",
    "héc-ta": "ha",
    "°c": "độ C",
    "gram": "g",
    "gam": "g",
}


# ---------------------------------------------------------------- numbers
def roman_to_int(s: str) -> int | None:
    """Value of an upper-case Roman numeral, or None.

    >>> roman_to_int("XIII"), roman_to_int("VI"), roman_to_int("ABC")
    (13, 6, None)
    """
    s = s.strip()
    if not s or len(s) > 15 or any(c not in _ROMAN for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN[c]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total if total > 0 else None


def _int_if_whole(x: float) -> float | int:
    return int(x) if x == int(x) else x


def _parse_digits(s: str) -> float | int | None:
    if not s or not s.isascii() or not s[0].isdigit() or len(s) > 40:
        return None
    if "." in s and "," in s:
        int_part, _, frac = s.partition(",")
        groups = int_part.split(".")
        if frac.isdigit() and all(g.isdigit() for g in groups) and all(len(g) == 3 for g in groups[1:]):
            return _int_if_whole(float("".join(groups) + "." + frac))
        return None
    if "." in s:
        groups = s.split(".")
        if all(g.isdigit() for g in groups):
            if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
                return int("".join(groups))
            if len(groups) == 2:
                return _int_if_whole(float(s))
        return None
    if "," in s:
        groups = s.split(",")
        if len(groups) == 2 and all(g.isdigit() for g in groups):
            return _int_if_whole(float(groups[0] + "." + groups[1]))
        if len(groups) > 2 and all(g.isdigit() for g in groups) and all(len(g) == 3 for g in groups[1:]):
            return int("".join(groups))
        return None
    return int(s) if s.isdigit() else None


def _parse_words(words: list[str]) -> int | None:
    total = 0
    current = 0
    seen = False
    has_cur = False
    prev_unit = False
    for w in words:
        if w in ("linh", "lẻ"):
            continue
        if w == "mươi":
            current = (current or 1) * 10 if current < 10 else current
            prev_unit = False
        elif w == "trăm":
            current = (current if has_cur else 1) * 100
            prev_unit = False
        elif w in _SCALES:
            total += (current if has_cur else 1) * _SCALES[w]
            current = 0
            has_cur = False
            prev_unit = False
        elif w in _DIGIT_WORDS:
            v = _DIGIT_WORDS[w]
            if prev_unit and v != 10:
                return None  # "hai ba" is not a number
            if v == 10:
                current += 10
            else:
                current += v
            prev_unit = v != 10
            has_cur = True
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(s: str) -> float | int | None:
    """Parse a Vietnamese number: digits ("1.250", "8,02", "1.250,5") or words.

    A trailing multiplier (nghìn, triệu, tỷ…) multiplies.

    >>> parse_number("1.250"), parse_number("8,02"), parse_number("1.250,5")
    (1250, 8.02, 1250.5)
    >>> parse_number("hai mươi lăm"), parse_number("ba mươi mốt"), parse_number("3,5 triệu")
    (25, 31, 3500000)
    """
    if not isinstance(s, str):
        return None
    words = s.strip().lower().split()
    if not words:
        return None
    mult = 1
    while len(words) > 1 and words[-1] in _SCALES:
        mult *= _SCALES[words.pop()]
    if len(words) == 1 and words[0][:1].isdigit():
        v = _parse_digits(words[0])
    else:
        v = _parse_words(words)
        if v is not None and mult == 1:
            return v
    if v is None:
        return None
    out = v * mult
    return _int_if_whole(round(out, 6)) if isinstance(out, float) else out


# ---------------------------------------------------------------- scanning
def _scan(pattern: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
    try:
        yield from pattern.finditer(text, timeout=MATCH_TIMEOUT)
    except TimeoutError:
        log.warning("quantity pattern timed out on a text of %d characters; partial result", len(text))


def _prev_word(text: str, pos: int) -> str:
    tok = prev_token(text, pos)
    return tok if tok[:1].isalnum() else ""


def _modifier_before(text: str, pos: int) -> tuple[Modifier | None, int]:
    """The modifier word(s) right before ``pos`` ("hơn ", "tối đa ") and where they start."""
    pre = text[max(0, pos - 12) : pos].lower()
    for w in _MODIFIERS_BEFORE:
        if pre.endswith(w):
            start = pos - len(w)
            if start == 0 or not text[start - 1].isalnum():
                return _MOD_MAP[w[:-1]], start
    return None, pos


def _head_noun(raw: str) -> tuple[str, int] | None:
    """The counted noun at the start of ``raw`` (" chỉ tiêu về …") and its length in ``raw``."""
    words = raw.split()
    if not words:
        return None
    low = [w.lower() for w in words]
    if low[0] in _NOT_NOUN or not words[0][0].isalpha():
        return None
    if any(not w.islower() for w in words[1:2]):
        n = 1  # "5 người Việt Nam": stop before a name
    elif any(" ".join(low[:k]) in _COMPOUNDS for k in (4, 3, 2) if len(low) >= k):
        n = next(k for k in (4, 3, 2) if len(low) >= k and " ".join(low[:k]) in _COMPOUNDS)
    elif low[0] in _CLASSIFIERS and len(low) >= 2 and (low[1] in _COUNT_NOUNS or low[1] in _COMPOUND_FIRST):
        n = 3 if len(low) >= 3 and " ".join(low[1:3]) in _COMPOUNDS else 2
    else:
        n = 1
    noun_words = words[:n]
    length = len(" ".join(noun_words)) + 1  # leading space
    return " ".join(noun_words).lower(), length


def _modifier(raw: str | None) -> Modifier | None:
    return _MOD_MAP.get(" ".join(raw.lower().split())) if raw else None


def _qty_matches(text: str, low: str) -> list[Quantity]:
    out: list[Quantity] = []
    word_spans = windows(text, low, _NUMBER_WORD_ANCHORS, None, before=0, after=110)
    for m in itertools.chain(_scan(_P_QTY_DIGITS, text), scan_windows(_P_QTY_WORDS, text, word_spans)):
        g = m.groupdict()
        if not (g["pct"] or g["cur"] or g["unit"] or g["noun"] or g["mult"]):
            continue  # a bare number: nothing to report
        num_raw = g["num"]
        is_word = not num_raw[0].isdigit()
        mult_raw = (g["mult"] or "").lower()
        mult = 1
        for w in mult_raw.split():
            mult *= _SCALES[w]
        v1 = parse_number(num_raw)
        v2 = parse_number(g["num2"]) if g["num2"] else None
        if v1 is None or (g["num2"] and v2 is None):
            continue
        mod, start = _modifier_before(text, m.start("num"))
        prev = _prev_word(text, start)
        pct = g["pct"] is not None
        cur = g["cur"]
        unit = g["unit"]
        if is_word and not (pct or cur or unit or g["noun"] or mult_raw):
            continue
        if is_word and num_raw.lower() == "năm" and not (g["noun"] or cur or pct or unit or mult_raw):
            continue
        values = [v1] if v2 is None else [v1, v2]
        if pct:
            out.extend(_range_items(text, m, start, values, "percent", mod))
            continue
        if cur:
            currency = _CUR_MAP.get(cur.lower(), cur.upper())
            scaled = [_int_if_whole(round(v * mult, 6)) for v in values]
            out.extend(_range_items(text, m, start, scaled, "money", mod, currency=currency))
            continue
        if unit:
            u = _UNIT_MAP.get(unit.lower(), unit)
            scaled = [_int_if_whole(round(v * mult, 6)) for v in values]
            out.extend(_range_items(text, m, start, scaled, "quantity", mod, unit=u))
            continue
        if (prev in _SKIP_BEFORE and not text[max(0, start - 9) : start].lower().endswith("tổng số ")) or v2:
            continue  # "năm 2023", "số 12"; ranges "1-2 câu" are not counts
        if g["noun"] is None:
            if mult_raw and m.end() < len(text) and not text[m.end()].isalnum():
                # "500 tỉ." — a bare amount in a money context is VND
                out.append(
                    _item(text, start, m.end("mult"), "money", _int_if_whole(v1 * mult), mod, currency="VND")
                )
            continue
        head = _head_noun(g["noun"])
        if head is None:
            continue
        noun, length = head
        if noun in ("năm", "tháng", "ngày", "tuần", "giờ", "phút", "tuổi"):
            continue
        if (
            is_word
            and noun not in _COMPOUNDS
            and noun not in _COUNT_NOUNS
            and noun.split()[0] not in _CLASSIFIERS
        ):
            continue  # "năm học", "ba mẹ": a word number needs a known counted noun
        value = _int_if_whole(round(v1 * mult, 6))
        if not isinstance(value, int):
            continue
        end = m.start("noun") + length
        out.append(_item(text, start, end, "count", value, mod, noun=noun))
    return out


def _item(
    text: str,
    start: int,
    end: int,
    kind: str,
    value: float | int | None,
    mod: Modifier | None,
    **kw: str | int | None,
) -> Quantity:
    return Quantity(start=start, end=end, text=text[start:end], kind=kind, value=value, modifier=mod, **kw)  # type: ignore[arg-type]


def _range_items(
    text: str,
    m: regex.Match[str],
    start: int,
    values: list[float | int],
    kind: str,
    mod: Modifier | None,
    **kw: str | None,
) -> list[Quantity]:
    """One item, or two for a range "10-20%": the first number's span, then the rest."""
    if len(values) == 1:
        return [_item(text, start, m.end(), kind, values[0], mod, **kw)]
    first = _item(text, start, m.end("num"), kind, values[0], mod, **kw)
    second = _item(text, m.start("num2"), m.end(), kind, values[1], None, **kw)
    return [first, second]


def _ratio_matches(text: str, low: str) -> list[Quantity]:
    out: list[Quantity] = []
    spans = windows(text, low, (), _RX_RATIO_ANCHOR, before=24, after=64)
    for m in scan_windows(_P_RATIO, text, spans):
        a, b = int(m.group("a")), int(m.group("b"))
        if not 0 <= a <= b or b == 0:
            continue
        prev = _prev_word(text, m.start())
        if prev in ("ngày", "sáng", "chiều", "tối", "trưa", "đêm", "hôm", "số", "tháng", "dịp", "lễ"):
            continue
        head = _head_noun(m.group("noun"))
        if head is None:
            continue
        noun, length = head
        start = m.start("mod") if m.group("mod") else m.start("a")
        end = m.start("noun") + length
        out.append(
            Quantity(
                start=start,
                end=end,
                text=text[start:end],
                kind="ratio",
                numerator=a,
                denominator=b,
                noun=noun,
                modifier=_modifier(m.group("mod")),
            )
        )
    return out


def _ordinal_words(raw: str) -> int | None:
    low = " ".join(raw.lower().split())
    if low == "nhất":
        return 1
    if low == "tư":
        return 4
    return parse_number(low) if not low.isdigit() else int(low)  # type: ignore[return-value]


def _ordinal_matches(text: str, low: str) -> list[Quantity]:
    out: list[Quantity] = []
    for m in scan_windows(_P_ORD, text, windows(text, low, _ORDINAL_ANCHORS, None, before=24, after=48)):
        if m.group("rom"):
            value: int | None = roman_to_int(m.group("rom"))
        else:
            raw = m.group("ov")
            head = (m.group("head") or "").lower()
            if not head:
                continue  # "thứ hai" alone is a weekday or "secondly"
            if raw.isupper() and raw.isalpha():
                value = roman_to_int(raw)
            else:
                v = _ordinal_words(raw)
                value = v if isinstance(v, int) else None
        if value is None or value <= 0:
            continue
        out.append(Quantity(start=m.start(), end=m.end(), text=m.group(0), kind="ordinal", value=value))
    return out


def _term_matches(text: str, low: str) -> list[Quantity]:
    out: list[Quantity] = []
    for m in scan_windows(_P_TERM, text, windows(text, low, _TERM_ANCHORS, None, before=8, after=40)):
        y1 = int(m.group("y1"))
        raw2 = m.group("y2")
        y2 = int(raw2) if len(raw2) == 4 else (y1 // 100) * 100 + int(raw2)
        if not y1 < y2 <= y1 + 50:
            continue
        out.append(
            Quantity(start=m.start(), end=m.end(), text=m.group(0), kind="term", first_year=y1, last_year=y2)
        )
    return out


def find_quantities(text: str) -> list[Quantity]:
    """Find the quantities of ``text``: sorted, non-overlapping, exact offsets.

    >>> [(q.text, q.kind, q.value, q.noun) for q in find_quantities("hoàn thành 12 chỉ tiêu")]
    [('12 chỉ tiêu', 'count', 12, 'chỉ tiêu')]
    >>> [(q.kind, q.numerator, q.denominator) for q in find_quantities("31/31 chỉ tiêu đều đạt")]
    [('ratio', 31, 31)]
    """
    if not isinstance(text, str) or not text:
        return []
    # priority: terms, ordinals and ratios before plain numbers
    low = text.lower()
    ordered = (
        _term_matches(text, low)
        + _ordinal_matches(text, low)
        + _ratio_matches(text, low)
        + _qty_matches(text, low)
    )
    taken: list[Quantity] = []
    occupied = bytearray(len(text))  # 1 = taken; keeps the selection linear
    for q in ordered:
        if q.end <= q.start:
            continue
        if occupied.find(1, q.start, q.end) < 0:
            taken.append(q)
            occupied[q.start : q.end] = b"\x01" * (q.end - q.start)
    taken.sort(key=lambda q: q.start)
    return taken

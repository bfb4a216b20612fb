"""DATES stage: temporal expressions of Vietnamese news, with ISO values and grains.

:func:`find_dates` finds DATE spans by the guideline's boundaries (section 2, rules 6
and 10) and normalises each to a ``value``/``grain`` pair (see
:class:`newsextract.records.DateSpan`): ``4/1/2023`` → day ``2023-01-04``,
``17h30 ngày 28/9`` → datetime, ``tuần trước`` → ISO week, ``quý I/2023`` →
quarter, ``nhiệm kỳ 2020 - 2025`` → range ``2020/2025``.  Relative expressions are
anchored on ``published``; without it they get grain ``relative-unresolvable``.

The work is done by a few precompiled :mod:`regex` patterns (bounded quantifiers
only, so matching is linear in the text) that find *atoms*, followed by one linear
pass that joins atoms into ranges ("từ … đến …"), holiday names ("Quốc khánh 2/9")
and bracketed dates ("Sáng nay (29/12)").  Every match call carries a ``timeout``.

>>> [(d.text, d.value, d.grain) for d in find_dates("Ngày 4/1/2023, quận tổ chức hội nghị.")]
[('Ngày 4/1/2023', '2023-01-04', 'day')]
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

import regex

from newsextract.records import DateSpan, Grain

__all__ = ["MATCH_TIMEOUT", "find_dates"]

log = logging.getLogger(__name__)

#: Seconds allowed to one pattern scan of one text (regex ``timeout=``).
MATCH_TIMEOUT = 1.0

_F = regex.IGNORECASE | regex.VERSION0

# ---------------------------------------------------------------- pattern pieces
# The text is normalised (single spaces), so a space in a pattern is one space.
_DAYPART = r"(?:chiều tối|rạng sáng|sáng sớm|nửa đêm|xế chiều|sáng|trưa|chiều|tối|đêm|khuya)"
_CLOCK = r"(?:\d{1,2}(?: ?(?:giờ|h|g)(?: ?\d{1,2}(?: ?(?:phút|p|'))?)?|:\d{2}))(?!\w)"
_WEEKDAY = r"(?:thứ (?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ nhật(?! bản(?!\w)))"  # not "Dân chủ Nhật Bản"
# "tới" (coming) but not "tới nay" (until now), which ends a range: "Từ đầu năm [tới nay]"
_TOWARD = r"tới(?! nay(?!\w))"
_END = r"(?![\w]|[/.\-–]\d)"
# After a four-digit year a glued word may follow ("năm 2020của" in scraped text).
_END_YEAR = r"(?:(?<=\d{4})(?![\d]|[/.\-–]\d)|(?<!\d{4})(?![\w]|[/.\-–]\d))"
_NUM = r"(?:\d{1,3}|một|hai|ba|bốn|sáu|bảy|tám|chín|mười)"
_UNIT = r"(?:năm|tháng|tuần|ngày)"
_CAN_CHI = (
    r"(?:Giáp|Ất|Bính|Đinh|Mậu|Kỷ|Canh|Tân|Nhâm|Quý) "
    r"(?:Tý|Sửu|Dần|Mão|Mẹo|Thìn|Tỵ|Tị|Ngọ|Mùi|Thân|Dậu|Tuất|Hợi)"
)


def _rx(*parts: str) -> regex.Pattern[str]:
    return regex.compile("".join(parts), _F)


_P_DAY = _rx(
    # not inside a decimal range: "3,4-3,5%" holds no date "4-3"
    r"(?<!\d,)(?:(?<![\p{L}\d/.\-–])|(?<=\d)(?=ngày \d))",
    r"(?:(?:(?P<clock0>",
    _CLOCK,
    r")(?: ?[-–] ?| (?:đến|tới) ))?(?P<clock>",
    _CLOCK,
    r") (?:(?P<dp1>",
    _DAYPART,
    r") )?)?",
    r"(?:(?P<dp2>",
    _DAYPART,
    r") )?(?:(?P<ngay1>ngày|hôm) )?",
    r"(?:(?P<wd>",
    _WEEKDAY,
    r")(?:, ?| | ?- ?))?(?:(?P<ngay2>ngày) )?",
    r"(?:(?P<dand>\d{1,2})(?:, \d{1,2}){0,6}(?P<conj> và|,| đến(?: ngày)?| tới(?: ngày)?) )?",
    r"(?:(?P<d>\d{1,2})(?: ?[-–] ?(?P<dto>\d{1,2})(?=[/.]\d))?",
    r"(?P<sep>[/.\-–]) ?(?P<m>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}(?!\d))| năm (?P<y3>\d{4}))?",
    r"(?: ?[-–] ?(?P<d2>\d{1,2})(?P<sep2>[/.])(?P<m2>\d{1,2})(?:(?P=sep2)(?P<y2>\d{4}))?)?",
    r"|(?P<wdd>\d{1,2}) tháng (?P<wm>\d{1,2}|[IVX]{1,4})(?:(?: ?năm | ?[/,] ?)(?P<wy>\d{4}))?)",
    # "ngày 16/4 tới (đây)" (not "tháng 10.2005 tới 4.2006": a range's "to")
    r"(?: (?P<dmrel>" + _TOWARD + r"|này|vừa qua|vừa rồi|sắp tới)(?: đây)?(?!\w| \d))?",
    _END_YEAR,
    r"(?!,\d)",
)
_P_REL = _rx(
    r"(?<!\w)(?:(?P<clock>",
    _CLOCK,
    r") )?",
    r"(?:(?:buổi )?(?P<dp>",
    _DAYPART,
    r") (?P<rel1>nay|qua|mai|hôm qua|hôm nay|hôm kia|ngày mai|cùng ngày|hôm sau)",
    r"|(?P<rel2>(?:ngày )?hôm (?:nay|qua|kia)|ngày hôm (?:sau|trước)|ngày (?:mai|kia)|cùng ngày))(?!\w)",
)
_P_WEEKDAY = _rx(
    r"(?<!\w)(?:(?P<clock>",
    _CLOCK,
    r") )?(?:(?P<dp>",
    _DAYPART,
    r") )?(?:(?P<ngay>ngày) )?",
    r"(?P<wd>",
    _WEEKDAY,
    r")",
    r"(?: (?P<wrel>tuần (?:trước|qua|này|sau|"
    + _TOWARD
    + r"|vừa qua|rồi)|vừa qua|"
    + _TOWARD
    + r"|này|trước|rồi))?(?!\w)",
)
_P_WEEK = _rx(
    r"(?<!\w)(?:(?P<part>đầu|cuối|giữa) )?(?:(?P<n>hai|ba|bốn|[2-4]) )?tuần ",
    r"(?P<rel>trước|qua|này|sau|" + _TOWARD + r"|vừa qua|rồi|liền trước)(?!\w)",
)
_P_MONTH = _rx(
    r"(?<!\w)(?:hết )?(?:(?P<part>đầu|cuối|giữa|trung tuần|thượng tuần|hạ tuần) )?tháng ",
    r"(?:(?P<m>\d{1,2}|[IVX]{1,4}|giêng|chạp)(?![\w])",
    r"(?:(?: ?[/.\-–] ?| năm |, )(?P<y>\d{4})| năm (?P<yrel>nay|ngoái|trước|qua|" + _TOWARD + r"|sau))?",
    r"(?: (?P<mrel>này|" + _TOWARD + r"|trước|vừa qua|vừa rồi)(?: đây)?(?!\w| \d))?",
    r"|(?P<rel>trước|này|sau|" + _TOWARD + r"|qua|vừa qua|rồi)(?!\w))",
    _END,
)
_P_HALF = _rx(
    r"(?<!\w)(?:(?P<n>\d{1,2}|ba|sáu|chín|mười một|mười) tháng|(?P<half>nửa)) (?P<part>đầu|cuối|sau) năm",
    r"(?: (?P<y>\d{4})(?!\w)| (?P<rel>nay|ngoái|qua|trước|" + _TOWARD + r"|sau)(?!\w))?(?![\w]|[/.\-–]\d)",
)
_P_QUARTER = _rx(
    r"(?<!\w)(?:(?:hết|đầu|cuối|giữa) )?quý (?:(?P<q>IV|I{1,3}|[1-4])(?!\w)(?:(?: ?[/\-–] ?| năm | )(?P<y>\d{4}))?",
    r"(?: (?P<past>vừa rồi|vừa qua)(?!\w))?",
    r"|(?P<rel>này|trước|" + _TOWARD + r"|sau|vừa qua))",
    _END,
)
_P_YEAR = _rx(
    r"(?<!\w)(?:(?:những (?:ngày|tháng|tuần) )?(?P<part>đầu|cuối|giữa|(?:mùa )?(?:hè|xuân|đông)) )?(?:năm (?:tài chính )?(?P<y>\d{4})",
    r"(?:(?P<sep> ?[-–] ?| và )(?P<y2>\d{4}))?",
    r"|(?:(?P<n>\d{1,2}|hai|ba|bốn|năm|mười) )?năm ",
    r"(?P<rel>nay|ngoái|qua|trước đây|trước|" + _TOWARD + r"|sau|kia|vừa qua|vừa rồi|rồi)",
    # "đầu năm", "cuối năm" alone: the year of the article ("Từ đầu năm đến nay", "đến cuối năm")
    r"|năm(?P<bare>)(?=[,.;:)]| (?:đến|tới) nay|$| (?:thì|đã|sẽ|và|nhưng|cũng|vẫn)(?!\w)))(?![\w]|[.,/\-–]\d)",
)
_P_TERM = _rx(
    r"(?<!\w)(?P<w>nhiệm kỳ|giai đoạn|niên (?:khóa|khoá)|năm học|mùa (?:giải|bóng|vụ)|thời kỳ) ",
    r"(?:năm )?(?P<y1>\d{4}) ?[-–] ?(?P<y2>\d{4}(?!\d)|\d{2}(?!\w))(?![.,/\-–]\d)",
)
_P_BAREYEAR = _rx(
    r"(?<![\w.,/\-–:])(?P<y>(?:1[89]|20)\d{2})(?: ?[-–] ?(?P<y2>(?:1[89]|20)\d{2}))?(?![\w]|[.,/\-–]\d|/\w)"
)
_P_DECADE = _rx(
    r"(?<!\w)(?:(?P<part>đầu|cuối|giữa) )?(?:(?:những )?(?:thập (?:niên|kỷ) (?P<dec>\d{4}|\d0)",
    r"(?: (?:của )?thế kỷ (?P<c1>[IVX]{1,5}|\d{1,2}))?",
    r"|năm (?P<dec2>\d0) (?:của )?thế kỷ (?P<c2>[IVX]{1,5}|\d{1,2}))",
    r"|những năm (?P<dec4>(?:1[89]|20)\d0|[1-9]0)(?!\d|[/.,\-–]\d|[ ](?:của[ ])?thế kỷ)",
    r"|thế kỷ (?P<c3>[IVX]{1,5}|\d{1,2}))(?!\w)",
)
_P_HOLIDAY = _rx(
    r"(?<!\w)(?:(?P<pre>(?:những )?ngày cận|cận|ngày|đêm|chiều tối|sáng|trưa|chiều|tối|khuya) )?",
    # "ông già Noel" is Santa Claus, no date
    r"(?P<h>Tết Dương lịch|Tết Nguyên (?:đán|Đán)|Tết Trung thu|Tết|Quốc khánh|Giáng sinh|(?<![Gg]ià )Noel|Trung thu",
    r"|Giỗ Tổ Hùng Vương|Rằm tháng (?:Giêng|Bảy|\d{1,2})|Quốc tế Lao động|lễ tình nhân|Valentine",
    r"|làm việc đầu(?: tiên)?(?: của)? năm mới|năm mới|Xuân",
    r"|Nhà giáo Việt Nam|Quốc tế Phụ nữ|Phụ nữ Việt Nam|Thương binh,? Liệt sĩ|Báo chí Cách mạng Việt Nam",
    r"|Thầy thuốc Việt Nam|Quốc tế Thiếu nhi|Giải phóng miền Nam",
    r"|(?:mùng|mồng) \d{1,2} tháng (?:Giêng|Chạp|\d{1,2})(?: âm lịch)?|(?:(?:mùng|mồng) )?\d{1,2} Tết)",
    r"(?: (?P<cc>",
    _CAN_CHI,
    r"))?(?: (?P<rel>vừa rồi|vừa qua|này|"
    + _TOWARD
    + r"|năm (?:nay|ngoái|trước|"
    + _TOWARD
    + r"|sau)|năm (?P<y>\d{4})|(?P<y4>\d{4}))(?!\w))?",
    r"(?!\w)",
)
_P_AGO = _rx(
    r"(?<!\w)(?:(?P<ago>cách đây|trước đó) (?P<n1>",
    _NUM,
    r") (?P<u1>",
    _UNIT,
    r")|(?P<n2>",
    _NUM,
    r") (?P<u2>tháng|ngày) (?P<rel>trước|sau)(?: đây)?)(?!\w)",
)
_P_SEASON = _rx(
    r"(?<!\w)(?:(?P<w>mùa (?:bóng|giải)) (?P<rel>vừa qua|vừa rồi|này|trước|" + _TOWARD + r"|sau)",
    r"|(?:(?:đầu|cuối|giữa) )?(?P<hk>học (?:kỳ|kì)) (?P<n>II|I|[12])(?: năm học (?P<y1>\d{4}) ?[-–] ?(?P<y2>\d{4}))?)(?!\w)",
)

# Small anchored patterns of the joining pass (applied to short slices only).
_RX_FROM = _rx(r"(?:^|(?<!\w))từ $")
_RX_FROM_NOW = _rx(r"(?:^|(?<!\w))từ (?:nay|bây giờ) (?:đến|tới) $")
_RX_TO = _rx(r"^(?: (?:cho )?(?:đến|tới)(?: hết)? | ?[-–] ?)$")
_RX_YEAR_RANGE_START = _rx(r"(?<!\w)từ (?:năm )?(?:1[89]|20)\d{2} (?:đến|tới) $")
_RX_SEASON_BEFORE = _rx(
    r"(?<!\w)(?:(?:[Đđ]ầu|[Cc]uối|[Gg]iữa) )?(?:[Mm]ùa (?:giải|bóng|[Hh]è|[Xx]uân|[Tt]hu|[Đđ]ông)|(?:xuân |thu )?hè"
    r"|thu đông|Xuân Hè|Thu Đông) $"
)
_RX_MONTHS_BEFORE = _rx(r"(?<![\w.,])\d{1,2} tháng $")
_RX_YEAR_REL_AFTER = _rx(r" năm (nay|ngoái|trước|tới|sau)(?!\w)")
_RX_THAT_AFTER = _rx(r" đó(?!\w)")
_RX_TO_NOW = _rx(r"^ (?:đến|tới) (?:nay|hiện nay|bây giờ)(?!\w)")
_RX_DASH = _rx(r"^ ?[-–] ?$")
_RX_AND = _rx(r"^(?: và|,) $")
_RX_HOLIDAY_PRE = _rx(
    r"(?:^|(?<!\w))(?:Đại lễ|ngày lễ|(?:kỳ |kì )?nghỉ lễ|lễ|Tết Dương lịch|Giỗ Tổ Hùng Vương) $"
)
_RX_LUNAR = _rx(r"^ ?(?:\( ?âm lịch ?\)|âm lịch)(?!\w)")
_RX_BRACKET_RANGE = _rx(r"^ ?\((?:1[89]|20)\d{2} ?- ?(?:1[89]|20)\d{2}\)")
_RX_DIGITS = _rx(r"\d+")
_RX_BRACKET_DM = _rx(r"^ ?\(\d{1,2}[/.\-]\d{1,2}")
_RX_BRACKET_OPEN = _rx(r" ?\(")
_RX_NGAY_START = _rx(r"ngày|hôm")
_RX_SPACED_RANGE = _rx(r"\d ?- \d|\d - ?\d| (?:đến|tới) |\dh ?- ?\d|[/.]\d{1,2} ?- ?\d{1,2}[/.]")
_RX_SAME_PERIOD = _rx(r"(?:^|(?<!\w))cùng (?:kỳ|kì|quý|tháng|thời điểm) $")
_RX_COMMA = _rx(r", ")
_RX_GENERIC_PAIR = _rx(r"(?:^|(?<!\w))thứ (?:bảy|bẩy|7) (?:và|hoặc|,) ?$")
_RX_COMPARISON = _rx(r"^ (?:\w+ )?hơn(?!\w)")
_RX_DATE_AFTER = _rx(r"^ (?P<d>\d{1,2})(?P<s>[/.\-])(?P<m>\d{1,2})(?:(?P=s)(?P<y>\d{4}))?(?![\w]|[/.\-–]\d)")

_RX_DAY_ANCHOR = _rx(r"(?<!\d)\d{1,2}(?:[/.\-–] ?\d{1,2}(?!\d)| tháng)")
_WINDOW_MARGIN = 60  # longer than any atom's reach from its anchor

# Each pattern with its anchors: every match contains one (keywords are lowercase).
_ANCHORS: tuple[tuple[regex.Pattern[str], tuple[str, ...], regex.Pattern[str] | None], ...] = (
    (_P_DAY, (), _RX_DAY_ANCHOR),
    (_P_REL, (" nay", " qua", " mai", " kia", "cùng ngày", "hôm "), None),
    (_P_WEEKDAY, ("thứ ", "chủ nhật"), None),
    (_P_WEEK, ("tuần ",), None),
    (_P_MONTH, ("tháng ",), None),
    (_P_HALF, ("tháng đầu", "tháng cuối", "nửa "), None),
    (_P_QUARTER, ("quý ",), None),
    (_P_YEAR, ("năm",), None),
    (_P_TERM, ("nhiệm kỳ", "giai đoạn", "niên kh", "năm học", "mùa ", "thời kỳ"), None),
    (_P_BAREYEAR, (), None),
    (_P_DECADE, ("thập ", "thế kỷ", "những năm"), None),
    (
        _P_HOLIDAY,
        (
            "tết",
            "khánh",
            "giáng sinh",
            "noel",
            "trung thu",
            "giỗ tổ",
            "rằm",
            "lao động",
            "mùng",
            "mồng",
            "năm mới",
            "tình nhân",
            "valentine",
            "xuân ",
            "nhà giáo",
            "phụ nữ",
            "thương binh",
            "báo chí",
            "thầy thuốc",
            "thiếu nhi",
            "giải phóng",
        ),
        None,
    ),
    (_P_AGO, ("cách đây", "trước đó", "tháng sau", "tháng trước", "ngày sau", "ngày trước"), None),
    (_P_SEASON, ("mùa ", "học k"), None),
)

# ---------------------------------------------------------------- word lists
_WD_INDEX = {"hai": 0, "2": 0, "ba": 1, "3": 1, "tư": 2, "4": 2, "năm": 3, "5": 3, "sáu": 4, "6": 4}
_WD_INDEX |= {"bảy": 5, "bẩy": 5, "7": 5}
_NUM_WORDS = {"hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "chín": 9, "mười": 10, "mười một": 11}
_NUM_WORDS |= {"một": 1, "bảy": 7, "tám": 8}
# Words that end a spelled-out number ("hai mươi lăm năm qua", "bảy năm qua"): a duration follows.
_NUMBER_TAIL = frozenset(["một", "hai", "ba", "bốn", "sáu", "bảy", "bẩy", "tám", "chín", "mười", "mươi"])
_NUMBER_TAIL |= {"lăm", "mốt", "tư", "mấy", "vài", "chục", "trăm"}
_CAN = {"giáp": 0, "ất": 1, "bính": 2, "đinh": 3, "mậu": 4, "kỷ": 5, "canh": 6, "tân": 7, "nhâm": 8, "quý": 9}
_CHI = {"tý": 0, "sửu": 1, "dần": 2, "mão": 3, "mẹo": 3, "thìn": 4, "tỵ": 5, "tị": 5, "ngọ": 6, "mùi": 7}
_CHI |= {"thân": 8, "dậu": 9, "tuất": 10, "hợi": 11}
# Named days written with their date ("Ngày Nhà giáo Việt Nam 20/11"); alone they are not DATEs.
_NAMED_DAYS = frozenset(
    [
        "nhà giáo việt nam",
        "quốc tế phụ nữ",
        "phụ nữ việt nam",
        "thương binh liệt sĩ",
        "thương binh, liệt sĩ",
        "báo chí cách mạng việt nam",
        "thầy thuốc việt nam",
        "quốc tế thiếu nhi",
        "giải phóng miền nam",
    ]
)
_DAYPARTS = frozenset(["sáng", "trưa", "chiều", "tối", "khuya", "chiều tối", "đêm", "ngày"])
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# Words after which a bare "d/m" is a date ("dịp 30/4", "từ 1-6", "(29/12)").
_PREP_BEFORE_DM = frozenset(
    [
        "từ",
        "đến",
        "tới",
        "vào",
        "dịp",
        "lễ",
        "trước",
        "sau",
        "hết",
        "và",
        "hôm",
        "ngày",
        "đêm",
        "chiều",
        "sáng",
        "tối",
        "trưa",
        "hạn",
        "khánh",
        "vương",
        "lịch",
        "động",
        "kiện",
        "(",
        ",",
        ":",
        ";",
        "-",
        "\n",
    ]
)
_NOUNISH_AFTER_DM = frozenset(
    [
        "chỉ",
        "xã",
        "phường",
        "người",
        "hộ",
        "trường",
        "tỉnh",
        "huyện",
        "quận",
        "đơn",
        "vị",
        "cơ",
        "câu",
        "bài",
        "học",
        "em",
        "ca",
        "thành",
        "xe",
        "trận",
        "điểm",
        "lần",
        "tuần",
        "quả",
        "giờ",
        "phút",
        "ngày",
        "tháng",
        "năm",
        "bàn",
    ]
)
# Words that cannot precede a bare year ("hơn 2000", "số 2015").
_BAD_BEFORE_YEAR = frozenset(
    [
        "số",
        "khoảng",
        "hơn",
        "gần",
        "trên",
        "dưới",
        "đa",
        "lần",
        "thứ",
        "có",
        "lên",
        "xuống",
        "đạt",
        "tổng",
        "mã",
        "điểm",
        "phòng",
        "nhà",
        "được",
        "là",
        "cho",
        "gồm",
        "mất",
        "với",
        "còn",
        "chỉ",
        "tăng",
        "giảm",
        "thu",
        "chi",
        "tiêu",
        "đồng",
        "giá",
        "loại",
        "trong",
        "hạng",
        "top",
        "nhóm",
        "kỳ",
        "khóa",
        "khoá",
        "quý",
        "tháng",
        "ngày",
        "khoản",
        "điều",
    ]
)
# Words that may follow a bare year ("Bộ luật Hình sự 2015 quy định…").
_OK_AFTER_YEAR = frozenset(
    [
        "với",
        "quy",
        "là",
        "và",
        "của",
        "tại",
        "đã",
        "được",
        "sẽ",
        "có",
        "thì",
        "khi",
        "cho",
        "về",
        "ở",
        "do",
        "mà",
        "này",
        "cũng",
        "đều",
        "vẫn",
        "nhằm",
        "gặp",
        "diễn",
        "sửa",
        "ban",
        "vừa",
        "mới",
        "trở",
        "đang",
        "đến",
        "tới",
        "xin",
    ]
)
_BIG_NUMBERS = frozenset(["trăm", "nghìn", "ngàn", "vạn", "triệu", "tỷ", "tỉ"])
_VAGUE_BEFORE = frozenset(["những", "các", "nhiều", "mấy", "bao", "vài", "chục", "trăm"])
_DURATION_BEFORE = frozenset(["vòng", "trong", "mất", "suốt", "hơn", "gần", "khoảng", "sau"])
_ORDINAL_HEADS = frozenset(
    ["lần", "kỳ", "khóa", "khoá", "họp", "phiên", "dịch", "đợt", "hạng", "vị", "xếp", "đứng", "vòng", "giải"]
)

_Kind = Literal[
    "day", "rel", "weekday", "week", "month", "half", "quarter", "year", "range", "holiday", "other"
]


@dataclass(frozen=True)
class _Day:
    """An explicit day: year may be unknown (resolved later); clock optional."""

    d: int
    m: int
    y: int | None
    hh: int | None = None
    mi: int | None = None


@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    kind: _Kind
    value: str | None = None
    grain: Grain = "relative-unresolvable"
    day: _Day | None = None  # explicit day (kind "day")
    day2: _Day | None = None  # last day of an explicit day range ("2-5/3")
    clock: tuple[int, int] | None = None  # clock of a relative/weekday atom


# ---------------------------------------------------------------- helpers
def _roman(s: str) -> int | None:
    s = s.upper()
    if not s or any(c not in _ROMAN for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN[c]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total


def _int_or_roman(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    return _roman(s)


def _clock(raw: str | None, daypart: str | None) -> tuple[int, int] | None:
    if not raw:
        return None
    digits = _RX_DIGITS.findall(raw)
    hh = int(digits[0])
    mi = int(digits[1]) if len(digits) > 1 else 0
    dp = (daypart or "").lower()
    if (
        (dp in ("chiều", "tối", "xế chiều") and hh < 12)
        or (dp == "đêm" and 6 <= hh < 12)
        or (dp == "trưa" and hh <= 2)
    ):
        hh += 12
    if hh == 24 and mi == 0:
        hh = 0
    if hh > 23 or mi > 59:
        return None
    return hh, mi


def _valid_dm(d: int, m: int, y: int | None = None) -> bool:
    try:
        dt.date(y if y is not None else 2000, m, d)
    except ValueError:
        return False
    return y is None or 1800 <= y <= 2200


def _nearest_day(d: int, m: int, pub: dt.date) -> dt.date:
    best: dt.date | None = None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            c = dt.date(y, m, d)
        except ValueError:
            continue
        if best is None or abs((c - pub).days) < abs((best - pub).days):
            best = c
    assert best is not None  # 29/2 exists in a leap year within three years? not always
    return best


def _nearest_month_year(m: int, pub: dt.date) -> int:
    return min(
        (pub.year - 1, pub.year, pub.year + 1), key=lambda y: abs(y * 12 + m - pub.year * 12 - pub.month)
    )


def _day_value(day: _Day, pub: dt.date | None) -> tuple[str, Grain]:
    """Value of an explicit day; the year comes from the text, else from ``pub``, else ``--MM-DD``."""
    if day.y is not None:
        base = f"{day.y:04d}-{day.m:02d}-{day.d:02d}"
    elif pub is not None:
        try:
            base = _nearest_day(day.d, day.m, pub).isoformat()
        except AssertionError:
            base = f"--{day.m:02d}-{day.d:02d}"
    else:
        base = f"--{day.m:02d}-{day.d:02d}"
    if day.hh is not None:
        return f"{base}T{day.hh:02d}:{day.mi or 0:02d}", "datetime"
    return base, "day"


def _date_value(d: dt.date, clock: tuple[int, int] | None) -> tuple[str, Grain]:
    if clock is not None:
        return f"{d.isoformat()}T{clock[0]:02d}:{clock[1]:02d}", "datetime"
    return d.isoformat(), "day"


def _week_value(d: dt.date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def prev_token(text: str, pos: int) -> str:
    """The word (lowercased) or punctuation mark just before ``pos``, skipping up to two spaces."""
    i = pos
    lim = max(0, pos - 2)
    while i > lim and text[i - 1] == " ":
        i -= 1
    if i == 0:
        return "\n"
    j = i
    floor = max(0, i - 24)
    while j > floor and text[j - 1].isalnum():
        j -= 1
    return text[j:i].lower() if j < i else text[i - 1]


def _prev_word(text: str, pos: int) -> str:
    return prev_token(text, pos)


def _next_word(text: str, pos: int) -> str:
    i = pos + 1 if text[pos : pos + 1] == " " else pos
    if i >= len(text):
        return ""
    if not text[i].isalnum():
        return text[i] if not text[i].isspace() else ""
    j = i
    ceil = min(len(text), i + 24)
    while j < ceil and text[j].isalnum():
        j += 1
    return text[i:j]


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _grain_rank(grain: Grain) -> int:
    return {"datetime": 0, "day": 1, "week": 2, "month": 3, "quarter": 4, "year": 5}.get(grain, 9)


def _coarsen(value: str, grain: Grain, target: Grain) -> str:
    """Express ``value`` at a coarser ``target`` grain (day → month → year)."""
    if grain == target:
        return value
    if target == "day":
        return value[: value.index("T")] if "T" in value else value
    if target == "month" and grain in ("day", "datetime"):
        return value[:7]
    if target == "year" and grain in ("day", "datetime", "month", "quarter", "week"):
        return value[:4]
    return value


# ---------------------------------------------------------------- atom builders
def _year4(raw: str) -> int:
    y = int(raw)
    if len(raw) == 2:
        y += 1900 if y >= 40 else 2000
    return y


_MEASURE_RANGE_AFTER = regex.compile(
    r"[ ]?%|[ ](?:đến|tới|-)[ ]\d+(?:[.,]\d+)?[ ]?(?:%|m|cm|mm|km|kg|g|tấn|lít|độ)(?![\p{L}])", regex.V1
)


def _bare_dm_ok(text: str, m: regex.Match[str], sep: str) -> bool:
    """Context test for a day/month written without any date word ("dịp 30/4", "(29/12)")."""
    prev = _prev_word(text, m.start())
    if prev not in _PREP_BEFORE_DM:
        return False
    if sep == "." and prev not in ("(", "từ", "đến", "tới", "vào", "dịp"):
        return False  # "5.4" alone is too often a decimal number
    nxt = _next_word(text, m.end()).lower()
    if _MEASURE_RANGE_AFTER.match(text, m.end()):
        return False  # "từ 2.6 đến 3.3m", "tăng 5-7%": a range of measures
    return nxt not in _NOUNISH_AFTER_DM and m.group(0) != "24/7"


def _atom_day(text: str, m: regex.Match[str], pub: dt.date | None) -> _Atom | None:
    g = m.groupdict()
    if g["d"] is not None:
        d, mo = int(g["d"]), int(g["m"])
        y = _year4(g["y"]) if g["y"] else (int(g["y3"]) if g["y3"] else None)
    else:
        d = int(g["wdd"])
        mo_i = _int_or_roman(g["wm"])
        if mo_i is None:
            return None
        mo = mo_i
        y = int(g["wy"]) if g["wy"] else None
    if not _valid_dm(d, mo, y):
        return None
    has_prefix = bool(g["clock"] or g["dp1"] or g["dp2"] or g["ngay1"] or g["ngay2"] or g["wd"])
    if g["y"] and len(g["y"]) == 2 and g["sep"] == ".":
        return None
    if (
        not has_prefix
        and y is None
        and not g["dmrel"]
        and g["d"] is not None
        and not _bare_dm_ok(text, m, g["sep"])
    ):
        return None
    if has_prefix and _prev_word(text, m.start()) in ("mỗi", "một"):
        return None  # "mỗi ngày 2-3 lần"
    if (
        g["dand"]
        and not (g["ngay1"] or g["ngay2"])
        and not (g["conj"].split()[0] in ("đến", "tới") and _prev_word(text, m.start()) == "từ")
        # "(8 đến 11-11)": a bracketed span of days
        and not (
            g["conj"].split()[0] in ("đến", "tới")
            and text[m.start() - 1 : m.start()] == "("
            and text[m.end() : m.end() + 1] == ")"
        )
    ):
        return None
    dp = g["dp1"] or g["dp2"]
    clk = _clock(g["clock"], dp)
    day = _Day(d, mo, y, clk[0] if clk else None, clk[1] if clk else None)
    if g["clock0"]:
        clk0 = _clock(g["clock0"], dp)
        if clk0 is None or clk is None:
            return None
        return _range_of_days(m.start(), m.end(), replace(day, hh=clk0[0], mi=clk0[1]), day, pub)
    if g["d2"] is not None:
        y2 = int(g["y2"]) if g["y2"] else None
        b = _Day(int(g["d2"]), int(g["m2"]), y2)
        if not _valid_dm(b.d, b.m, b.y) or (y is not None and y2 is None):
            return None
        end = m.start("dmrel") - 1 if g["dmrel"] else m.end()
        return _range_of_days(m.start(), end, replace(day, hh=None, mi=None), b, pub)
    day2: _Day | None = None
    first = day
    if g["dto"] is not None:
        dto = int(g["dto"])
        if not (dto > d and _valid_dm(dto, mo, y)):
            return None
        day2 = _Day(dto, mo, y)
    if g["dand"] is not None:
        da = int(g["dand"])
        if not (da < d and _valid_dm(da, mo, y)):
            return None
        first, day2 = _Day(da, mo, y), day
    if day2 is not None:
        return _range_of_days(m.start(), m.end(), first, day2, pub)
    value, grain = _day_value(day, pub)
    return _Atom(m.start(), m.end(), "day", value, grain, day=day)


def _range_of_days(start: int, end: int, a: _Day, b: _Day, pub: dt.date | None) -> _Atom:
    if a.y is None and b.y is not None:
        a = replace(a, y=b.y - 1 if (a.m, a.d) > (b.m, b.d) else b.y)
    elif a.y is None and b.y is None and pub is not None:
        try:
            yb = _nearest_day(b.d, b.m, pub).year
            b = replace(b, y=yb)
            a = replace(a, y=yb - 1 if (a.m, a.d) > (b.m, b.d) else yb)
        except AssertionError:
            pass
    va, ga = _day_value(a, pub)
    vb, gb = _day_value(b, pub)
    if ga != gb:
        va, vb = _coarsen(va, ga, "day"), _coarsen(vb, gb, "day")
    return _Atom(start, end, "range", f"{va}/{vb}", "range", day=a, day2=b)


def _rel_offset(word: str) -> int:
    w = " ".join(word.lower().split())
    if w.endswith("kia"):
        return 2 if "ngày" in w and "hôm" not in w else -2
    if w.endswith("qua"):
        return -1
    if w.endswith("mai"):
        return 1
    return 0


def _atom_rel(text: str, m: regex.Match[str], pub: dt.date | None) -> _Atom | None:
    g = m.groupdict()
    rel = g["rel1"] or g["rel2"]
    if _prev_word(text, m.start()) == "hơn" or _RX_COMPARISON.match(text[m.end() : m.end() + 24]):
        return None  # "ngày hôm nay tốt hơn ngày hôm qua": generic comparison
    clk = _clock(g["clock"], g["dp"])
    if pub is None or "cùng" in rel.lower():  # "cùng ngày" refers to a date of the story
        return _Atom(m.start(), m.end(), "rel", None, "relative-unresolvable", clock=clk)
    value, grain = _date_value(pub + dt.timedelta(days=_rel_offset(rel)), clk)
    return _Atom(m.start(), m.end(), "rel", value, grain, clock=clk)


def _weekday_index(wd: str) -> int:
    w = " ".join(wd.lower().split())
    if w == "chủ nhật":
        return 6
    return _WD_INDEX[w.split(" ", 1)[1]]


def _atom_weekday(text: str, m: regex.Match[str], pub: dt.date | None) -> _Atom | None:
    g = m.groupdict()
    wd = " ".join(g["wd"].lower().split())
    rel = " ".join((g["wrel"] or "").lower().split())
    if not (
        g["dp"] or g["ngay"] or rel or wd == "chủ nhật" or _RX_BRACKET_DM.match(text[m.end() : m.end() + 8])
    ):
        return None
    if _prev_word(text, m.start()) in _ORDINAL_HEADS:
        return None
    if (
        wd == "chủ nhật"
        and not (g["dp"] or g["ngay"] or rel)
        and _RX_GENERIC_PAIR.search(text[max(0, m.start() - 16) : m.start()])
    ):
        return None  # "hai ngày nghỉ thứ bảy và chủ nhật": any weekend
    clk = _clock(g["clock"], g["dp"])
    if pub is None:
        return _Atom(m.start(), m.end(), "weekday", None, "relative-unresolvable", clock=clk)
    idx = _weekday_index(wd)
    monday = pub - dt.timedelta(days=pub.weekday())
    if rel.startswith("tuần"):
        shift = {"trước": -7, "qua": -7, "rồi": -7, "vừa qua": -7, "này": 0, "sau": 7, "tới": 7}[rel[5:]]
        day = monday + dt.timedelta(days=shift + idx)
    elif rel in ("vừa qua", "trước", "rồi"):
        day = pub - dt.timedelta(days=(pub.weekday() - idx) % 7 or 7)
    elif rel == "tới":
        day = pub + dt.timedelta(days=(idx - pub.weekday()) % 7 or 7)
    elif rel == "này":
        day = monday + dt.timedelta(days=idx)
    else:
        back = (pub.weekday() - idx) % 7
        day = pub - dt.timedelta(days=back) if back <= 3 else pub + dt.timedelta(days=7 - back)
    value, grain = _date_value(day, clk)
    return _Atom(m.start(), m.end(), "weekday", value, grain, clock=clk)


def _atom_week(text: str, m: regex.Match[str], pub: dt.date | None) -> _Atom | None:
    g = m.groupdict()
    rel = " ".join(g["rel"].lower().split())
    n_raw = (g["n"] or "").lower()
    n = int(n_raw) if n_raw.isdigit() else _NUM_WORDS.get(n_raw, 1)
    if n_raw and rel not in ("trước", "sau", "tới"):
        return None  # "2 tuần qua" is a duration
    if _prev_word(text, m.start()) in _VAGUE_BEFORE:
        return None
    if pub is None:
        return _Atom(m.start(), m.end(), "week", None, "relative-unresolvable")
    if n_raw and rel in ("sau", "tới"):
        return _Atom(m.start(), m.end(), "week", None, "relative-unresolvable") if rel == "sau" else None
    sign = {"trước": -1, "qua": -1, "rồi": -1, "vừa qua": -1, "liền trước": -1, "này": 0, "sau": 1, "tới": 1}[
        rel
    ]
    return _Atom(m.start(), m.end(), "week", _week_value(pub + dt.timedelta(days=7 * n * sign)), "week")


def _atom_month(text: str, m: regex.Match[str], pub: dt.date | None) -> _Atom | None:
    g = m.groupdict()
    prev = _prev_word(text, m.start())
    if prev == "nhất" and not g["part"]:
        return None  # "Cầu thủ xuất sắc nhất tháng 10": an award title
    if g["m"] is not None:
        mraw = g["m"].lower()
        if mraw in ("giêng", "chạp"):  # lunar months
            return _Atom(m.start(), m.end(), "month", None, "relative-unresolvable")
        mo = _int_or_roman(g["m"])
        if mo is None or not 1 <= mo <= 12:
            return None
        if prev.isdigit() and not g["part"]:
            return None  # "3 tháng 5 ..." — not a month name
        if g["y"]:
            y = int(g["y"])
            return _Atom(m.start(), m.end(), "month", f"{y:04d}-{mo:02d}", "month")
        if g["yrel"]:
            if pub is None:
                return _Atom(m.start(), m.end(), "month", None, "relative-unresolvable")
            y = _year_rel(g["yrel"].lower(), pub)
            return _Atom(m.start(), m.end(), "month", f"{y:04d}-{mo:02d}", "month")
        if pub is None:
            return _Atom(m.start(), m.end(), "month", f"--{mo:02d}", "month")
        mrel = (g["mrel"] or "").lower()
        if mrel == "này":
            y = pub.year
        elif mrel == "tới":
            y = pub.year if mo >= pub.month else pub.year + 1
        elif mrel:
            y = pub.year if mo <= pub.month else pub.year - 1
        else:
            y = _nearest_month_year(mo, pub)
        return _Atom(m.start(), m.end(), "month", f"{y:04d}-{mo:02d}", "month")
    if prev in _VAGUE_BEFORE or prev.isdigit() or prev in _NUM_WORDS:
        return None
    if pub is None:
        return _Atom(m.start(), m.end(), "month", None, "relative-unresolvable")
    rel = " ".join(g["rel"].lower().split())
    k = {"trước": -1, "qua": -1, "rồi": -1, "vừa qua": -1, "này": 0, "sau": 1, "tới": 1}[rel]
    y, mo = _add_months(pub.year, pub.month, k)
    return _Atom(m.start(), m.end(), "month", f"{y:04d}-{mo:02d}", "month")


_YEAR_OFFSET = {"nay": 0, "mới": 0, "ngoái": -1, "qua": -1, "trước": -1, "rồi": -1, "vừa qua": -1, "kia": -2}
_YEAR_OFFSET |= {"vừa rồi": -1, "trước đây": -1}


def _year_rel(rel: str, pub: dt.date) -> int:
    return pub.year + _YEAR_OFFSET.get(rel, 1)


def _atom_half(m: regex.Match[str], pub: dt.date | None) -> _Atom | None:
    g = m.groupdict()
    part = g["part"].lower()
    if g["half"]:
        n = 6
    else:
        raw = " ".join(g["n"].lower().split())
        n = int(raw) if raw.isdigit() else _NUM_WORDS.get(raw, 0)
    if not 1 <= n <= 11 or (part == "sau" and not g["half"]):
        return None
    if g["y"]:
        y: int | None = int(g["y"])
    elif pub is not None:
        y = _year_rel(" ".join((g["rel"] or "nay").lower().split()), pub)
    else:
        y = None
    if y is None:
        return _Atom(m.start(), m.end(), "half", None, "relative-unresolvable")
    first, last = (1, n) if part == "đầu" else (13 - n, 12)
    return _Atom(m.start(), m.end(), "half", f"{y:04d}-{first:02d}/{y:04d}-{last:02d}", "range")


def _atom_quarter(m: regex.Match[str], pub: dt.date | None) -> _Atom | None:
    g = m.groupdict()
    if g["q"] is not None:
        q = _int_or_roman(g["q"].upper())
        if q is None or not 1 <= q <= 4:
            return None
        if g["y"]:
            return _Atom(m.start(), m.end(), "quarter", f"{g['y']}-Q{q}", "quarter")
        if pub is None:
            return _Atom(m.start(), m.end(), "quarter", None, "relative-unresolvable")
        # "quý III vừa rồi" in April: last year's
        year = pub.year - 1 if g["past"] and q > (pub.month - 1) // 3 else pub.year
        return _Atom(m.start(), m.end(), "quarter", f"{year:04d}-Q{q}", "quarter")
    if pub is None:
        return _Atom(m.start(), m.end(), "quarter", None, "relative-unresolvable")
    rel = " ".join(g["rel"].lower().split())
    k = {"này": 0, "trước": -1, "vừa qua": -1}.get(rel, 1)
    n = pub.year * 4 + (pub.month - 1) // 3 + k
    return _Atom(m.start(), m.end(), "quarter", f"{n // 4:04d}-Q{n % 4 + 1}", "quarter")


def _atom_year(text: str, m: regex.Match[str], pub: dt.date | None) -> _Atom | None:
    g = m.groupdict()
    n_raw = (g["n"] or "").lower()
    if g["y"] is not None:
        if n_raw:
            return None  # "3 năm 2020" — odd; let the bare-year rule decide
        y = int(g["y"])
        if g["y2"]:
            y2 = int(g["y2"])
            if not y < y2 <= y + 100:
                return None
            return _Atom(m.start(), m.end(), "year", f"{y:04d}/{y2:04d}", "range")
        return _Atom(m.start(), m.end(), "year", f"{y:04d}", "year")
    if g["bare"] is not None:
        if (g["part"] or "").lower() not in ("đầu", "cuối", "giữa"):
            return None
        value = f"{pub.year:04d}" if pub is not None else None
        return _Atom(m.start(), m.end(), "year", value, "year" if value else "relative-unresolvable")
    rel = " ".join(g["rel"].lower().split())
    prev = _prev_word(text, m.start())
    if prev in _VAGUE_BEFORE and not g["part"] and not n_raw:
        return None
    if not n_raw and not g["part"] and (prev in _NUMBER_TAIL or prev in _BIG_NUMBERS or prev.isdigit()):
        return None  # "bảy năm qua", "hai mươi lăm năm qua": durations; "66 triệu năm trước"
    if n_raw and rel == "nay":
        return None  # "ba năm nay", "90 năm nay": durations up to now
    if n_raw:
        if rel in ("tới", "qua") and _RX_BRACKET_RANGE.match(text[m.end() : m.end() + 16]):
            return _Atom(m.start(), m.end(), "rel", None, "relative-unresolvable")  # "5 năm tới (2006-2010)"
        if rel not in ("trước", "sau", "trước đây"):
            return None  # "25 năm qua" is a duration
        n = int(n_raw) if n_raw.isdigit() else _NUM_WORDS.get(n_raw, 0)
        if rel == "sau" or pub is None:
            return _Atom(m.start(), m.end(), "year", None, "relative-unresolvable")
        return _Atom(m.start(), m.end(), "year", f"{pub.year - n:04d}", "year")
    if pub is None:
        return _Atom(m.start(), m.end(), "year", None, "relative-unresolvable")
    return _Atom(m.start(), m.end(), "year", f"{_year_rel(rel, pub):04d}", "year")


def _atom_term(m: regex.Match[str]) -> _Atom | None:
    y1 = int(m.group("y1"))
    raw2 = m.group("y2")
    y2 = int(raw2) if len(raw2) == 4 else (y1 // 100) * 100 + int(raw2)
    if not y1 < y2 <= y1 + 50:
        return None
    return _Atom(m.start(), m.end(), "range", f"{y1:04d}/{y2:04d}", "range")


def _atom_bare_year(text: str, m: regex.Match[str]) -> _Atom | None:
    prev = _prev_word(text, m.start())
    nxt = _next_word(text, m.end())
    if prev in _BAD_BEFORE_YEAR or prev.isdigit():
        return None
    # the end of "từ năm 1510 đến [1513] dưới …" is a year whatever follows
    # … and so is the year of a season: "hè 2021 sôi động", "mùa giải 2021 khép lại"
    range_end = (
        _RX_YEAR_RANGE_START.search(text[max(0, m.start() - 20) : m.start()]) is not None
        or _RX_SEASON_BEFORE.search(text[max(0, m.start() - 24) : m.start()]) is not None
    )
    if (
        nxt
        and nxt[0].isalnum()
        and not nxt[0].isupper()
        and nxt.lower() not in _OK_AFTER_YEAR
        and not range_end
    ):
        return None
    if nxt[:1].isdigit():
        return None
    y = int(m.group("y"))
    if m.group("y2"):
        y2 = int(m.group("y2"))
        if not y < y2 <= y + 50:
            return None
        return _Atom(m.start(), m.end(), "year", f"{y:04d}/{y2:04d}", "range")
    if prev == "sn" or prev == "(" or y <= 2100:
        return _Atom(m.start(), m.end(), "year", f"{y:04d}", "year")
    return None


def _atom_decade(m: regex.Match[str]) -> _Atom | None:
    g = m.groupdict()
    cent_raw = g["c1"] or g["c2"] or g["c3"]
    cent = _int_or_roman(cent_raw.upper()) if cent_raw else None
    if g["dec4"] is not None:  # "những năm 90": the 1900s unless before 30
        raw = g["dec4"]
        start = int(raw) if len(raw) == 4 else (1900 if int(raw) >= 30 else 2000) + int(raw)
        return _Atom(m.start(), m.end(), "other", f"{start:04d}/{start + 9:04d}", "range")
    if g["dec"] is not None or g["dec2"] is not None:
        raw = g["dec"] or g["dec2"]
        if len(raw) == 4:
            start = int(raw)
        elif cent is not None:
            start = (cent - 1) * 100 + int(raw)
        else:
            return None
        if start % 10:
            return None
        return _Atom(m.start(), m.end(), "other", f"{start:04d}/{start + 9:04d}", "range")
    if cent is None or not 1 <= cent <= 30:
        return None
    return _Atom(m.start(), m.end(), "other", f"{(cent - 1) * 100 + 1:04d}/{cent * 100:04d}", "range")


_FIXED_HOLIDAYS = {"tết dương lịch": (1, 1), "quốc khánh": (9, 2), "giáng sinh": (12, 25), "noel": (12, 25)}
_FIXED_HOLIDAYS["quốc tế lao động"] = (5, 1)
_FIXED_HOLIDAYS |= {"lễ tình nhân": (2, 14), "valentine": (2, 14), "nhà giáo việt nam": (11, 20)}
_FIXED_HOLIDAYS |= {"quốc tế phụ nữ": (3, 8), "phụ nữ việt nam": (10, 20), "thương binh liệt sĩ": (7, 27)}
_FIXED_HOLIDAYS |= {"thương binh, liệt sĩ": (7, 27), "báo chí cách mạng việt nam": (6, 21)}
_FIXED_HOLIDAYS |= {
    "thầy thuốc việt nam": (2, 27),
    "quốc tế thiếu nhi": (6, 1),
    "giải phóng miền nam": (4, 30),
}


def _can_chi_year(raw: str, pub: dt.date | None) -> int | None:
    """The Gregorian year of a sexagenary year name ("Bính Tuất" → 2006), the one nearest ``pub``."""
    if pub is None:
        return None
    can, chi = raw.lower().split()
    base = next(y for y in range(1984, 2044) if (y - 4) % 10 == _CAN[can] and (y - 4) % 12 == _CHI[chi])
    return min((base + 60 * k for k in range(-3, 3)), key=lambda y: abs(y - pub.year))


def _atom_holiday(text: str, m: regex.Match[str], pub: dt.date | None) -> _Atom | None:
    h = " ".join(m.group("h").lower().split())
    pre = (m.group("pre") or "").lower()
    cc = m.group("cc")
    y_raw = m.group("y") or m.group("y4")
    if h[:1].isdigit() and not (pre in _DAYPARTS or h.startswith(("mùng", "mồng"))):
        return None  # "3 Tết" alone may count holidays; "tối 30 Tết" is a day
    if (
        h in ("tết", "xuân", "năm mới")
        and not (pre.endswith("cận") or m.group("rel") or cc)
        and (h != "năm mới" or _prev_word(text, m.start()) in _VAGUE_BEFORE | {"một", "mừng", "chúc"})
    ):
        return None  # "dịp tết", "ăn tết", "Xuân" (a name), "một năm mới": generic
    if h == "giao thừa" and pre != "đêm":
        return None
    if h.startswith("làm việc") and pre != "ngày":
        return None  # "Ngày làm việc đầu năm mới" is a day; the phrase alone is not
    if h == "quốc khánh" and not pre and m.group("h")[-5:-4] == "K":
        prev = _prev_word(text, m.start())
        before = text[max(0, m.start() - len(prev) - 1) : m.start()].strip()
        if before[:1].isupper() and prev not in ("ngày", "lễ", "đại", "dịp", "mừng"):
            return None  # "Đặng Quốc Khánh": a person's name
    if h in _NAMED_DAYS:
        after = _RX_DATE_AFTER.match(text[m.end() : m.end() + 16])
        if pre != "ngày" or after is None or (int(after["m"]), int(after["d"])) != _FIXED_HOLIDAYS[h]:
            return None  # "Ngày Nhà giáo Việt Nam 20/11" is one DATE; the name alone is not
        day = _Day(int(after["d"]), int(after["m"]), int(after["y"]) if after["y"] else None)
        value, grain = _day_value(day, pub)
        return _Atom(m.start(), m.end() + after.end(), "holiday", value, grain, day=day)
    if cc or (y_raw and h not in _FIXED_HOLIDAYS):
        y_cc = int(y_raw) if y_raw else _can_chi_year(cc, pub)
        yval = None if y_cc is None else f"{y_cc:04d}"
        return _Atom(m.start(), m.end(), "holiday", yval, "year" if yval else "relative-unresolvable")
    if h in _FIXED_HOLIDAYS:
        mo, d = _FIXED_HOLIDAYS[h]
        y = int(y_raw) if y_raw else None
        value, grain = _day_value(_Day(d, mo, y), pub)
        return _Atom(m.start(), m.end(), "holiday", value, grain, day=_Day(d, mo, y))
    return _Atom(m.start(), m.end(), "holiday", None, "relative-unresolvable")


def _atom_ago(text: str, m: regex.Match[str], pub: dt.date | None) -> _Atom | None:
    """ "cách đây 14 năm", "2 tháng trước" (from ``published``); "Trước đó 2 ngày", "2 tháng sau" (story)."""
    g = m.groupdict()
    n_raw = (g["n1"] or g["n2"]).lower()
    unit = (g["u1"] or g["u2"]).lower()
    n = int(n_raw) if n_raw.isdigit() else _NUM_WORDS.get(n_raw, 0)
    if g["n2"] is not None and _prev_word(text, m.start()) in _VAGUE_BEFORE | _DURATION_BEFORE:
        return None  # "trong vòng 10 ngày sau đó": a duration
    if not 1 <= n <= 200:
        return None
    back = (g["ago"] or "").lower() == "cách đây" or (g["rel"] or "").lower() == "trước"
    if pub is None or not back:
        return _Atom(m.start(), m.end(), "rel", None, "relative-unresolvable")
    if unit == "năm":
        return _Atom(m.start(), m.end(), "year", f"{pub.year - n:04d}", "year")
    if unit == "tháng":
        y, mo = _add_months(pub.year, pub.month, -n)
        return _Atom(m.start(), m.end(), "month", f"{y:04d}-{mo:02d}", "month")
    if unit == "tuần":
        return _Atom(m.start(), m.end(), "week", _week_value(pub - dt.timedelta(days=7 * n)), "week")
    return _Atom(m.start(), m.end(), "rel", (pub - dt.timedelta(days=n)).isoformat(), "day")


def _atom_season(m: regex.Match[str]) -> _Atom | None:
    """ "Mùa bóng vừa qua", "học kỳ I" (relative to the story); "học kỳ II năm học 2022-2023"."""
    g = m.groupdict()
    if g["y1"] is not None:
        y1, y2 = int(g["y1"]), int(g["y2"])
        if y2 != y1 + 1:
            return None
        return _Atom(m.start(), m.end(), "other", f"{y1:04d}/{y2:04d}", "range")
    return _Atom(m.start(), m.end(), "other", None, "relative-unresolvable")


# ---------------------------------------------------------------- scanning
def _scan(
    pattern: regex.Pattern[str], text: str, pos: int = 0, endpos: int | None = None
) -> Iterator[regex.Match[str]]:
    try:
        end = len(text) if endpos is None else endpos
        # A guard against runaway matching, not a limit on long texts: 1 s per 100,000 characters.
        yield from pattern.finditer(text, pos, end, timeout=MATCH_TIMEOUT * max(1.0, (end - pos) / 100_000))
    except TimeoutError:
        log.warning("pattern timed out on a text of %d characters; partial result", len(text))


def windows(
    text: str,
    low: str,
    keywords: tuple[str, ...],
    anchor: regex.Pattern[str] | None = None,
    before: int = _WINDOW_MARGIN,
    after: int = _WINDOW_MARGIN,
) -> list[tuple[int, int]]:
    """Stretches of ``text`` around the anchors of one pattern (keywords in ``low``, ``anchor`` hits).

    Every match of a pattern contains one of its anchors and reaches at most
    ``before``/``after`` characters from it, so scanning only these stretches finds the same matches as a full
    scan; stretch ends fall on spaces, where the patterns' lookaheads agree.
    """
    n = len(text)
    if len(low) != n:
        return [(0, n)]
    points: list[int] = []
    for kw in keywords:
        i = low.find(kw)
        while i >= 0:
            points.append(i)
            i = low.find(kw, i + 1)
    if anchor is not None:
        points.extend(m.start() for m in _scan(anchor, text))
    if not points:
        return []
    points.sort()
    out: list[tuple[int, int]] = []
    for p in points:
        s, e = max(0, p - before), min(n, p + after)
        if s > 0:
            s = max(text.rfind(" ", 0, s), text.rfind("\n", 0, s)) + 1
        if e < n:
            k = text.find(" ", e)
            e = n if k < 0 else k
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def scan_windows(
    pattern: regex.Pattern[str], text: str, spans: list[tuple[int, int]]
) -> Iterator[regex.Match[str]]:
    """Matches of ``pattern`` inside each stretch of ``spans`` (each call with a timeout)."""
    for s, e in spans:
        yield from _scan(pattern, text, s, e)


def _atoms(text: str, pub: dt.date | None) -> list[_Atom]:
    found: list[_Atom] = []
    low = text.lower()
    for pat, keywords, anchor in _ANCHORS:
        spans = [(0, len(text))] if not keywords and anchor is None else windows(text, low, keywords, anchor)
        for m in scan_windows(pat, text, spans):
            try:
                atom = _build(pat, text, m, pub)
            except (ValueError, KeyError, IndexError, OverflowError):
                atom = None
            if atom is not None and atom.end > atom.start:
                found.append(atom)
    # longest first, then leftmost: keep non-overlapping atoms
    found.sort(key=lambda a: (a.start - a.end, a.start))
    taken: list[_Atom] = []
    occupied = bytearray(len(text))  # 1 = taken; keeps the selection linear
    for a in found:
        if occupied.find(1, a.start, a.end) < 0:
            taken.append(a)
            occupied[a.start : a.end] = b"\x01" * (a.end - a.start)
    taken.sort(key=lambda a: a.start)
    return taken


def _build(pat: regex.Pattern[str], text: str, m: regex.Match[str], pub: dt.date | None) -> _Atom | None:
    if pat is _P_DAY:
        return _atom_day(text, m, pub)
    if pat is _P_REL:
        return _atom_rel(text, m, pub)
    if pat is _P_WEEKDAY:
        return _atom_weekday(text, m, pub)
    if pat is _P_WEEK:
        return _atom_week(text, m, pub)
    if pat is _P_MONTH:
        return _atom_month(text, m, pub)
    if pat is _P_HALF:
        return _atom_half(m, pub)
    if pat is _P_QUARTER:
        return _atom_quarter(m, pub)
    if pat is _P_YEAR:
        return _atom_year(text, m, pub)
    if pat is _P_TERM:
        return _atom_term(m)
    if pat is _P_BAREYEAR:
        return _atom_bare_year(text, m)
    if pat is _P_DECADE:
        return _atom_decade(m)
    if pat is _P_AGO:
        return _atom_ago(text, m, pub)
    if pat is _P_SEASON:
        return _atom_season(m)
    return _atom_holiday(text, m, pub)


# ---------------------------------------------------------------- joining
def _with_day(a: _Atom, day: _Day, end: int, pub: dt.date | None, start: int | None = None) -> _Atom:
    if a.clock is not None and day.hh is None:
        day = replace(day, hh=a.clock[0], mi=a.clock[1])
    value, grain = _day_value(day, pub)
    return _Atom(a.start if start is None else start, end, "day", value, grain, day=day)


def _join_range(a: _Atom, b: _Atom, start: int, end: int, pub: dt.date | None) -> _Atom | None:
    if a.kind == "day" and b.kind == "day" and a.day is not None and b.day is not None:
        return _range_of_days(start, end, a.day, b.day, pub)
    if a.value is None or b.value is None:
        return _Atom(start, end, "range", None, "relative-unresolvable")
    va, vb, ga, gb = a.value, b.value, a.grain, b.grain
    if ga == "range" or gb == "range":
        va, vb = va.split("/")[0], vb.split("/")[-1]
        ga = gb = "year" if len(va) == 4 and len(vb) == 4 else "range"
        if ga == "range":
            return _Atom(start, end, "range", f"{va}/{vb}", "range")
    if ga != gb:
        target = ga if _grain_rank(ga) > _grain_rank(gb) else gb
        if target in ("week", "quarter"):
            target = "year"
        va, vb = _coarsen(va, ga, target), _coarsen(vb, gb, target)
    return _Atom(start, end, "range", f"{va}/{vb}", "range")


def _now_atom(pub: dt.date | None, pos: int) -> _Atom:
    if pub is None:
        return _Atom(pos, pos, "rel", None, "relative-unresolvable")
    return _Atom(pos, pos, "rel", pub.isoformat(), "day")


def _join(text: str, atoms: list[_Atom], pub: dt.date | None) -> list[_Atom]:
    # pass 1: "Sáng nay (29/12)", "Quốc khánh 2/9", "lễ 30/4", "… âm lịch"
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if (
            b is not None
            and b.kind == "day"
            and b.day is not None
            and a.kind in ("rel", "weekday", "holiday", "week")
            and _RX_BRACKET_OPEN.fullmatch(text[a.end : b.start])
            and text[b.end : b.end + 1] == ")"
        ):
            out.append(_with_day(a, b.day, b.end + 1, pub))
            i += 2
            continue
        if (
            b is not None
            and b.kind == "day"
            and b.day is not None
            and b.day.hh is None
            and a.kind == "rel"
            and a.grain in ("day", "datetime", "relative-unresolvable")
            and _RX_COMMA.fullmatch(text[a.end : b.start])
            and (a.value is None or b.value is None or a.value[:10] == b.value[:10])
        ):
            out.append(_with_day(a, b.day, b.end, pub))  # "Hôm qua, 21/4"
            i += 2
            continue
        after = (
            _RX_DATE_AFTER.match(text[a.end : a.end + 16])
            if a.kind == "rel" and a.grain in ("day", "datetime", "relative-unresolvable")
            else None
        )
        if after is not None and _valid_dm(int(after["d"]), int(after["m"])):
            # "hôm nay 1/10", "6h40 sáng nay 27/4": the day the relative word names, unbracketed
            day = _Day(int(after["d"]), int(after["m"]), int(after["y"]) if after["y"] else None)
            with_day = _with_day(a, day, a.end + after.end(), pub)
            if a.value is None or with_day.value is None or a.value[:10] == with_day.value[:10]:
                out.append(with_day)
                i += 2 if b is not None and b.start < with_day.end else 1
                continue
        if (
            b is not None
            and a.kind == "rel"
            and b.grain == "range"
            and text[a.end : b.start] in (" (", "(")
            and text[b.end : b.end + 1] == ")"
        ):
            out.append(replace(b, start=a.start, end=b.end + 1))
            i += 2
            continue
        if (
            b is not None
            and a.kind == "holiday"
            and a.day is not None
            and b.kind in ("day", "range")
            and text[a.end : b.start] in (" ", "\u00a0")
        ):
            out.append(replace(b, start=a.start))
            i += 2
            continue
        if a.kind in ("day", "range"):
            pre = _RX_HOLIDAY_PRE.search(text[max(0, a.start - 24) : a.start])
            if pre is not None:
                a = replace(a, start=a.start - (len(pre.group(0))))
        if a.kind == "year" and text[a.start : a.start + 3].lower() == "năm":
            same = _RX_SAME_PERIOD.search(text[max(0, a.start - 24) : a.start])
            if same is not None:
                a = replace(a, start=a.start - len(same.group(0)))  # "cùng kỳ năm 2021"
        lunar = _RX_LUNAR.match(text[a.end : a.end + 16])
        if lunar is not None and a.kind in ("day", "month", "holiday", "range"):
            a = _Atom(a.start, a.end + lunar.end(), "other", None, "relative-unresolvable")
        out.append(a)
        i += 1
    # pass 2: ranges "từ A đến B", "A - B", "A và B", "từ A đến nay", "từ nay đến B"
    res: list[_Atom] = []
    i = 0
    while i < len(out):
        a = out[i]
        b = out[i + 1] if i + 1 < len(out) else None
        before = text[max(0, a.start - 24) : a.start]
        has_from = _RX_FROM.search(before)
        if b is not None:
            between = text[a.end : b.start]
            joined: _Atom | None = None
            if has_from is not None and _RX_TO.match(between):
                joined = _join_range(a, b, a.start - len(has_from.group(0)), b.end, pub)
            elif (
                a.kind in ("day", "range")
                and b.kind in ("day", "range")
                and a.day is not None
                and b.day is not None
                and (
                    _RX_DASH.match(between)
                    or (_RX_AND.match(between) and not _RX_NGAY_START.match(text[b.start : b.end]))
                )
                and a.day.hh is None
                and b.day.hh is None
            ):
                joined = _join_range(a, b, a.start, b.end, pub)
            if joined is not None:
                res.append(joined)
                i += 2
                continue
        if has_from is not None:
            now = _RX_TO_NOW.match(text[a.end : a.end + 24])
            if now is not None:
                end = a.end + now.end()
                joined = _join_range(a, _now_atom(pub, end), a.start - len(has_from.group(0)), end, pub)
                if joined is not None:
                    res.append(joined)
                    i += 1
                    continue
        if has_from is not None and a.grain == "range" and _RX_SPACED_RANGE.search(text[a.start : a.end]):
            a = replace(a, start=a.start - len(has_from.group(0)))  # "từ năm 2006 - 2015"
        from_now = _RX_FROM_NOW.search(before)
        if from_now is not None:
            start = a.start - len(from_now.group(0))
            joined = _join_range(_now_atom(pub, start), a, start, a.end, pub)
            if joined is not None:
                res.append(joined)
                i += 1
                continue
        res.append(a)
        i += 1
    return res


def _widen(text: str, a: _Atom, pub: dt.date | None, floor: int) -> _Atom:
    """``a`` with the words around it that belong to the date, never reaching before ``floor``
    (the end of the date before it): "[9 tháng] năm nay", "quý 4 [năm nay]", "[mùa giải] 2021",
    "hai năm trước [đó]"."""
    if a.kind == "year":
        months = _RX_MONTHS_BEFORE.search(text[max(0, a.start - 12) : a.start])
        if months is not None and a.start - len(months.group(0)) >= floor:
            # "[9 tháng năm nay]", "[3 tháng đầu năm 2021]"
            a = replace(a, start=a.start - len(months.group(0)))
    year_rel = _RX_YEAR_REL_AFTER.match(text, a.end) if a.kind in ("quarter", "day") else None
    if year_rel is not None and a.value is not None and a.value[:1] != "-":
        # "[quý 4 năm nay]", "[hôm 14/11 năm ngoái]": the year is the relative one
        rel_value: str | None = None
        if pub is not None:
            y = pub.year + {"nay": 0, "ngoái": -1, "trước": -1, "tới": 1, "sau": 1}[year_rel.group(1)]
            rel_value = f"{y:04d}{a.value[4:]}"
        a = replace(
            a,
            end=year_rel.end(),
            value=rel_value,
            grain=a.grain if rel_value else "relative-unresolvable",
        )
    if a.kind == "year" and text[a.start : a.end].isdigit():
        season = _RX_SEASON_BEFORE.search(text[max(0, a.start - 24) : a.start])
        if season is not None and a.start - len(season.group(0)) >= floor:
            a = replace(a, start=a.start - len(season.group(0)))  # "[mùa giải 2021]", "[hè 2021]"
    if (
        _RX_THAT_AFTER.match(text, a.end)
        and text[a.start : a.end].endswith(("trước", "sau"))
        and not text[a.start : a.end].lower().startswith("vài")
    ):
        # "hai năm trước đó", "1 năm sau đó": counted from another event, not the article's day
        a = replace(a, end=a.end + 3, value=None, grain="relative-unresolvable")
    return a


def find_dates(text: str, *, published: dt.date | None = None) -> list[DateSpan]:
    """Find the DATE expressions of ``text``: sorted, non-overlapping, exact offsets.

    Relative expressions ("hôm qua", "tuần trước") are resolved against
    ``published``; without it their grain is ``relative-unresolvable``.

    >>> [(d.text, d.value) for d in find_dates("Sáng nay (29/12), hội nghị khai mạc.",
    ...                                        published=dt.date(2022, 12, 29))]
    [('Sáng nay (29/12)', '2022-12-29')]
    >>> [(d.value, d.grain) for d in find_dates("tổ chức vào tuần trước", published=dt.date(2023, 1, 5))]
    [('2022-W52', 'week')]
    """
    if not isinstance(text, str) or not text:
        return []
    pub = published if isinstance(published, dt.date) else None
    if isinstance(pub, dt.datetime):
        pub = pub.date()
    atoms = _join(text, _atoms(text, pub), pub)
    spans: list[DateSpan] = []
    last_end = -1
    last_day: str | None = None  # the story's last explicit day, for "chiều cùng ngày"
    for a in atoms:
        if a.start < last_end or a.end <= a.start:
            continue
        if a.value is not None and a.grain in ("day", "datetime") and a.kind == "day":
            last_day = a.value[:10]
        elif a.value is None and last_day is not None and "cùng ngày" in text[a.start : a.end].lower():
            value = last_day
            if a.clock is not None and value[:1] != "-":
                value = f"{value}T{a.clock[0]:02d}:{a.clock[1]:02d}"
            a = replace(a, value=value, grain="datetime" if "T" in value else "day")
        a = _widen(text, a, pub, last_end)
        grain: Grain = a.grain if a.value is not None else "relative-unresolvable"
        spans.append(
            DateSpan(start=a.start, end=a.end, text=text[a.start : a.end], value=a.value, grain=grain)
        )
        last_end = a.end
    return spans

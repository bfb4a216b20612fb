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

from newsextract.dates import prev_token, windows
from newsextract.entities import _is_foreign
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
    r"EUR|euro|bảng Anh|bảng|yên|yen|JPY|nhân dân tệ|NDT|CNY|AUD|GBP|SGD|won|KRW|rúp|baht|bạt|THB|ringgit|MYR|"
    r"rupee|INR|HKD|CAD|CHF|franc Thụy Sĩ)"
)
# Units; single letters are case-sensitive ("5G" is a network, not five grams).
_UNIT = (
    r"(?:km2|km²|km/h|km/giờ|km|m2|m²|m3|m³|m/s|ha|hecta|héc-ta|tấn|tạ|kg|mg|gam|gram|lít|ml|"
    r"kWh|kW|kV|MWh|MW|GWh|GW|mAh|GHz|MHz|Hz|GB|MB|TB|KB|MP|megapixel|inch|"
    r"mét vuông|mét khối|mét|cm|mm|độ C|°C|TEU|thùng|hải lý|dặm|(?-i:g|m|W|V))"
)
_MODIFIER = r"(?:gần như|gần|hơn|trên|khoảng|chừng|xấp xỉ|dưới|tối đa|không quá|không tới|ước tính|ước)"

_QTY_TAIL = (
    r"(?: ?[-–] ?(?P<num2>" + _DIGITS + r")(?!/))?"
    r"(?: ?(?P<mult>" + _MULT + r")(?![\w]))?"
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
quốc gia|thành viên|chi bộ|tổ dân phố|khu dân cư|giường bệnh|bác sĩ|chiến sĩ|thí sinh|trẻ em|
bị can|bị cáo|bị hại|tiêu chí|tiêu chuẩn|mục tiêu|yêu cầu|điều kiện|lĩnh vực|giai đoạn|vấn đề|nguyên tắc|
thành phố|thành phần|thành tựu|gói thầu|thẻ vàng|thẻ đỏ|cổ phiếu|trái phiếu|giám đốc|giám định viên|
nhân vật|nhân khẩu|đầu sách|đầu mối|hc vàng|hc bạc|hc đồng|huy chương vàng|huy chương bạc|huy chương đồng|
thuyền viên|trung tâm|bộ phận|giải thưởng|trận đấu|câu hỏi|khó khăn|khả năng|kiến thức|nghệ sĩ|khuynh hướng|bộ phim|bài thơ|bài hát|ca khúc|chỗ ngồi|
chuyên gia|chuyên viên|nhà hàng|nhà máy|nhà ga|nhà nghỉ|nhà báo|nhà thơ|nhà khoa học|nhà đầu tư|
nhà cung cấp|nhà tài trợ|nhà văn|cây cầu|tiểu phẩm|kỹ năng|loại hình|cá nhân|kỷ lục|khu vực|
khu công nghiệp|khu đô thị|cụm công nghiệp|nền tảng|giảng viên|học viên|nguyện vọng|trò chơi|trợ lý|
lễ hội|vị trí|lợi ích|gian hàng|hợp đồng|cửa hàng|siêu thị|cơ quan|hộ chiếu|đội tuyển|
câu lạc bộ|đạo diễn|thanh niên|võ sư|giả thiết|giả thuyết|cú sút|vùng cước|đoàn tàu|ga ngầm|hồ bơi|
bánh xe|đĩa sắt|nền văn hóa|tướng công an|người đàn ông|người phụ nữ|cô gái|chàng trai|em bé|
hành khách|phóng viên|tình nguyện viên|điều dưỡng|quân nhân|binh sĩ|cảnh sát|ngư dân|tàu cá|
ô tô|chuyến bay|đường bay|tên lửa|vũ khí|sân bay|bến cảng|cảng biển|
trường học|trường đại học|lớp học|phòng học|môn thi|môn học|phần thi|bài thi|bài tập|văn phòng|
thông tư|nghị định|bộ luật|điều luật|chính sách|dịch vụ|ứng dụng|tài khoản|thiết bị|điện thoại|
phiên bản|mẫu xe|phiên giao dịch|sự kiện|hoạt động|công việc|việc làm|ngân hàng|tập đoàn|thương hiệu|
ca tử vong|ca dương tính|ca nghi nhiễm|ca nhiễm mới|loại virus|con số|tầng hầm|tầng ngầm|hạng mục|
tác giả|đề tài|bằng sáng chế|bằng khen|nhà biệt thự|hiện vật|công dân|lao động nữ|đoàn viên|hội viên|cử tri|ứng viên|ứng cử viên|thôn bản|
buôn làng|ngôi làng|làng nghề|căn nhà|phòng trọ|tòa nhà|tòa tháp|ngôi chùa|ngôi sao|
trận thắng|trận thua|trận hòa|bàn thua|điểm số|vòng đấu|ván đấu|lượt trận|quả bóng|cú đúp""".replace(
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
        "ý",
        "câu",
        "bài",
        "chữ",
        "dòng",
        "trang",
        "cuốn",
        "quyển",
        "mặt",
        "đoạn",
        "cầu",
        "điều",
        "mục",
        "sách",
        "máy",
        "cây",
    ]
)
_COMPOUND_FIRST = frozenset(c.split()[0] for c in _COMPOUNDS)
_CLASSIFIERS = frozenset(
    ["chiếc", "con", "cái", "tên", "nhóm", "bộ", "tòa", "ngôi", "căn", "cuốn", "quyển", "bức"]
)
# First words of the nouns a restricted number word ("năm", "một", "chín", "bẩy") may count.
_NOUN_STARTS = _COUNT_NOUNS | _COMPOUND_FIRST | _CLASSIFIERS
_RESTRICTED_WORDS = frozenset(["năm", "một", "chín", "bẩy"])
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
        "ở",
        "để",
        "do",
        "cũng",
        "mới",
        "vẫn",
        "khi",
        "hoặc",
        "hay",
        "chứ",
        "nên",
        "đều",
        "cùng",
        "còn",
        "rồi",
        "bằng",
        "nhằm",
        "thuộc",
        "kèm",
        "nói",
        "gồm",
        "nếu",
        "vì",
        "nhưng",
        "sau",
        "trước",
        "tức",
        "chính",
        "mình",
        "không",
        "vừa",
        "đây",
        # adjectives, verbs and conjunctions that follow a number ending something else:
        # "hiệp 1 [xuất] sắc", "Exynos 990 [tương] tự", "bảo hiểm 3 [trị] giá", "tổng đài 1022 [nhận]"
        "xuất",
        "tương",
        "trị",
        "nhận",
        "song",
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
        "lớp",
        "khối",
        "tổ",
        "ấp",
        "tầng",
        # a number naming one of a series: "hiệp 1", "vòng 2", "bảng A"
        "hiệp",
        "vòng",
        "bảng",
    ]
)

# Number words that are numbers whatever follows ("năm" is also "year", "một" also "a").
# ("chín" is also "ripe", "bẩy" also "to lever": they need a known noun, as "năm" and "một" do.)
_NUMERIC_WORD_STARTS = frozenset(["hai", "ba", "bốn", "sáu", "bảy", "tám", "mười"])
# Words after a number word that show it is no number ("ba mẹ", "ba lô", "chín muồi").
_NOT_AFTER_NUMBER_WORD = frozenset(
    [
        "mẹ",
        "má",
        "tôi",
        "mình",
        "nó",
        "chúng",
        "lô",
        "gác",
        "hoa",
        "kích",
        "toong",
        "láp",
        "rọi",
        "chắn",
        "muồi",
        "rộ",
        "mọng",
        "tới",
        "kỹ",
        "nhừ",
        "vàng",
        "đỏ",
        "mấy",
    ]
)
# Words before a number word that show it is part of a name or an idiom ("ngã sáu", "bộ ba", "đòn bẩy").
_NOT_BEFORE_NUMBER_WORD = frozenset(["ngã", "bộ", "đòn", "tụm", "dao"])
_NOT_BEFORE_CHIN = frozenset(
    [
        "ăn",
        "nấu",
        "luộc",
        "hấp",
        "lúa",
        "quả",
        "trái",
        "hạt",
        "đã",
        "chưa",
        "rất",
        "khá",
        "đủ",
        "nghĩ",
        "chín",
    ]
)
# Words inside a number in words ("năm" left out: "mỗi năm hai lần").
_WORD_NUMBER_PARTS = frozenset(
    [*(w for w in _DIGIT_WORDS if w != "năm"), "mươi", "trăm", "linh", "lẻ", *_SCALES]
)
# "số" before a number that is no label: "tổng số 50 người", "trong số 82 triệu dân", "trúng số 2 lần".
_COUNTING_SO = ("tổng số ", "trong số ", "trúng số ")
# Words before a number that make it a label ("Nghị định 178", "quốc lộ 1").
_LABELS_BEFORE = (
    "nghị định ",
    "thông tư ",
    "chỉ thị ",
    "nghị quyết ",
    "công văn ",
    "quốc lộ ",
    "tỉnh lộ ",
    "luật ",
)
# Compounds that are also verbs: after a year they are no counted noun ("năm 2007 quyết định").
_VERBAL_COMPOUNDS = frozenset(["hoạt động", "quyết định", "báo cáo", "tổ chức", "kiến nghị", "lao động"])
# Between the numbers of a range, with its spaces.
_RANGE_JOINS = (" đến ", " tới ", " - ", " – ", "-", "–")

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
_MODIFIER_LAST_WORDS = frozenset(k.split()[-1] for k in _MOD_MAP)
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
    "baht": "THB",
    "bạt": "THB",
    "thb": "THB",
    "ringgit": "MYR",
    "myr": "MYR",
    "rupee": "INR",
    "inr": "INR",
    "hkd": "HKD",
    "cad": "CAD",
    "chf": "CHF",
    "franc thụy sĩ": "CHF",
}
# Canonical spelling of a unit, by its lowercase form.
_UNIT_MAP = {
    "km²": "km2",
    "m²": "m2",
    "m³": "m3",
    "hecta": "ha",
    "héc-ta": "ha",
    "°c": "độ C",
    "độ c": "độ C",
    "gram": "g",
    "gam": "g",
    "km/giờ": "km/h",
    "kwh": "kWh",
    "kw": "kW",
    "kv": "kV",
    "mwh": "MWh",
    "mw": "MW",
    "gwh": "GWh",
    "gw": "GW",
    "mah": "mAh",
    "ghz": "GHz",
    "mhz": "MHz",
    "hz": "Hz",
    "gb": "GB",
    "mb": "MB",
    "tb": "TB",
    "kb": "KB",
    "mp": "MP",
    "megapixel": "MP",
    "teu": "TEU",
    "w": "W",
    "v": "V",
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
def _scan(
    pattern: regex.Pattern[str],
    text: str,
    spans: list[tuple[int, int]] | None = None,
    overlapped: bool = False,
) -> Iterator[regex.Match[str]]:
    """Matches of ``pattern`` in ``text`` (or in each stretch of ``spans``), each scan with a timeout."""
    for s, e in spans if spans is not None else [(0, len(text))]:
        try:
            # A guard against runaway matching, not a limit on long texts: 1 s per 100,000 characters.
            budget = MATCH_TIMEOUT * max(1.0, (e - s) / 100_000)
            yield from pattern.finditer(text, s, e, overlapped=overlapped, timeout=budget)
        except TimeoutError:
            log.warning("quantity pattern timed out on a text of %d characters; partial result", len(text))
            return


# Seats that class a vehicle ("xe dưới 12 chỗ", "loại xe 16 ghế ngồi"), no count.
_SEAT_NOUNS = frozenset(["chỗ", "ghế", "ghế ngồi", "chỗ ngồi"])
_VEHICLE_BEFORE = regex.compile(r"(?<![\w])xe(?:[ ]\w+){0,3}[ ]$", regex.V1)


# The whole space-delimited word before a number, as written ("TravelMate 2300", "Galaxy S20"),
# unlike ``_prev_word`` (its last run of letters and digits, lowercased).
_WORD_BEFORE = regex.compile(r"(\S+)[ ]$")


def _word_before(text: str, pos: int) -> str:
    """The word (as written) that ends right before ``pos`` and a space, or ""."""
    m = _WORD_BEFORE.search(text, max(0, pos - 40), pos)
    return m.group(1) if m else ""


def _prev_word(text: str, pos: int) -> str:
    tok = prev_token(text, pos)
    return tok if tok[:1].isalnum() else ""


def _modifier_before(text: str, pos: int) -> tuple[Modifier | None, int]:
    """The modifier word(s) right before ``pos`` ("hơn ", "tối đa ") and where they start."""
    if pos < 3 or text[pos - 1] != " ":
        return None, pos
    i = pos - 1
    while i > pos - 9 and i > 0 and text[i - 1].isalpha():
        i -= 1
    if text[i : pos - 1].lower() not in _MODIFIER_LAST_WORDS:
        return None, pos  # fast path: most numbers have no modifier
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
    low = [w.lower() for w in words[:4]]
    if not words[0][0].isalpha():
        return None
    compound = next((k for k in (4, 3, 2) if len(low) >= k and " ".join(low[:k]) in _COMPOUNDS), 0)
    if compound and words[1].islower():
        n = compound  # "chỉ tiêu", "bị can" (whose first word alone is not a noun)
    elif low[0] in _NOT_NOUN:
        return None
    elif any(not w.islower() for w in words[1:2]):
        n = 1  # "5 người Việt Nam": stop before a name
    elif (
        low[0] in _CLASSIFIERS
        and len(low) >= 2
        and low[1] not in _NOT_NOUN
        and (low[1] in _COUNT_NOUNS or low[1] in _COMPOUND_FIRST)
    ):
        n = 3 if len(low) >= 3 and " ".join(low[1:3]) in _COMPOUNDS else 2
    else:
        n = 1
    noun_words = words[:n]
    length = len(" ".join(noun_words)) + 1  # leading space
    return " ".join(noun_words).lower(), length


def _modifier(raw: str | None) -> Modifier | None:
    return _MOD_MAP.get(" ".join(raw.lower().split())) if raw else None


def _known_noun(noun: str) -> bool:
    return noun in _COMPOUNDS or noun in _COUNT_NOUNS or noun.split()[0] in _CLASSIFIERS


def _word_number_ok(text: str, m: regex.Match[str], prev: str, noun: str) -> bool:
    """Whether a number in words counts ``noun``: known nouns always, others after a clearly numeric word."""
    num_raw = m.group("num")
    if num_raw[0].isupper() and prev:
        return False  # "ông Tám", "chị Hai": a name mid-sentence
    words = num_raw.lower().split()
    before = _prev_word(text, m.start("num"))  # ``prev`` is before the modifier
    if before in _NOT_BEFORE_NUMBER_WORD or (words[0] == "chín" and before in _NOT_BEFORE_CHIN):
        return False  # "ngã sáu", "bộ ba"; "lúa chín", "ăn chín uống sôi": ripe, cooked
    if _known_noun(noun):
        return True
    if words[0] not in _NUMERIC_WORD_STARTS and len(words) == 1:
        return False  # "năm học", "một cách": "năm"/"một" alone need a known noun
    first = m.group("noun").split()[0]
    return first.islower() and first.lower() not in _NOT_AFTER_NUMBER_WORD


def _range_join(low: str, pos: int) -> int:
    """Where the second number of a range starts after ``pos`` ("1 triệu đến 5 triệu"), or -1."""
    for join in _RANGE_JOINS:
        if low.startswith(join, pos):
            nxt = pos + len(join)
            return nxt if low[nxt : nxt + 1].isdigit() else -1
    return -1


def _qty_matches(text: str, low: str) -> list[Quantity]:
    out: list[Quantity] = []
    # first numbers of ranges whose unit comes after the second ("từ 10 đến 15 tỷ đồng")
    pending: list[tuple[int, int, int, float | int, int, Modifier | None]] = []
    scale_at: dict[int, int] = {}  # start of a money/quantity item -> its multiplier
    word_spans = windows(text, low, _NUMBER_WORD_ANCHORS, None, before=0, after=110)
    # overlapped: a noun may run over the next number ("hai điểm sau hai trận đấu")
    word_matches = _scan(_P_QTY_WORDS, text, word_spans, overlapped=True)
    for m in itertools.chain(_scan(_P_QTY_DIGITS, text), word_matches):
        num_raw = m.group("num")
        is_word = not num_raw[0].isdigit()
        if (
            is_word
            and num_raw.lower() in _RESTRICTED_WORDS
            and not (m.group("pct") or m.group("cur") or m.group("unit") or m.group("mult"))
        ):
            noun_raw = m.group("noun")
            if not noun_raw or noun_raw.split(None, 1)[0].lower() not in _NOUN_STARTS:
                continue  # fast path: "năm 2023", "một số": no known noun after "năm"/"một"
        g = m.groupdict()
        if not (g["pct"] or g["cur"] or g["unit"] or g["noun"] or g["mult"]):
            continue  # a bare number: nothing to report
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
        if is_word and (
            prev[:1].isdigit()
            or prev in _WORD_NUMBER_PARTS
            or not (pct or cur or unit or g["noun"] or mult_raw)
        ):
            continue  # "30 năm thành lập": "năm" after a number is a year; "hai" inside "một trăm hai mươi"
        values = [v1] if v2 is None else [v1, v2]
        if pct:
            out.extend(_range_items(text, m, start, values, "percent", mod))
            continue
        if cur or unit:
            scaled = [_int_if_whole(round(v * mult, 6)) for v in values]
            if cur:
                kw = {"currency": _CUR_MAP.get(cur.lower(), cur.upper())}
                items = _range_items(text, m, start, scaled, "money", mod, **kw)
            else:
                kw = {"unit": _UNIT_MAP.get(unit.lower(), unit.lower())}
                items = _range_items(text, m, start, scaled, "quantity", mod, **kw)
            scale_at[items[-1].start] = mult
            out.extend(items)
            continue
        first_end = m.end("mult") if mult_raw else m.end("num")
        if not is_word and v2 is None:
            join = _range_join(low, first_end)
            if join >= 0:
                pending.append((start, first_end, join, v1, mult if mult_raw else 0, mod))
                continue
        if v2 or (
            mod is None
            and (
                (prev in _SKIP_BEFORE and not low.endswith(_COUNTING_SO, max(0, start - 9), start))
                or low.endswith(_LABELS_BEFORE, max(0, start - 12), start)
            )
        ):
            continue  # "năm 2023", "số 12" (not "mỗi năm khoảng 500.000 người"); ranges "1-2 câu" are not counts
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
        if mod is None and not is_word and not _known_noun(noun) and _is_foreign(_word_before(text, start)):
            continue  # "TravelMate 2300 giá", "modem 56 kpbs": a model's number (not "hơn Napoli 3 điểm")
        if noun in _SEAT_NOUNS and _VEHICLE_BEFORE.search(text, max(0, start - 24), start):
            continue  # "xe dưới 12 chỗ": the kind of vehicle, no count
        if is_word and not _word_number_ok(text, m, prev, noun):
            continue
        if (
            not is_word
            and not mult_raw
            and len(num_raw) == 4
            and num_raw.isdigit()
            and 1900 <= v1 <= 2100
            and (not _known_noun(noun) or noun in _VERBAL_COMPOUNDS)
        ):
            continue  # "Quý Mão 2023 bình quân": a year
        value = _int_if_whole(round(v1 * mult, 6))
        if not isinstance(value, int):
            continue
        end = m.start("noun") + length
        out.append(_item(text, start, end, "count", value, mod, noun=noun))
    if pending:
        out.extend(_range_firsts(text, out, pending, scale_at))
    return out


def _range_firsts(
    text: str,
    out: list[Quantity],
    pending: list[tuple[int, int, int, float | int, int, Modifier | None]],
    scale_at: dict[int, int],
) -> list[Quantity]:
    """The lower bounds of ranges, with the multiplier and unit of the upper one ("1 đến 5 triệu đồng")."""
    by_start = {q.start: q for q in out if q.kind in ("money", "percent", "quantity")}
    firsts: list[Quantity] = []
    for start, first_end, join, v1, mult, mod in pending:
        second = by_start.get(join)
        if second is None or not isinstance(second.value, int | float):
            continue
        if second.kind == "percent":
            value = v1 if mult == 0 else None
        else:
            value = _int_if_whole(round(v1 * (mult or scale_at.get(join, 1)), 6))
        if value is None or not value < second.value:
            continue  # "2.000 đến 1 triệu đồng" is no range
        firsts.append(
            _item(text, start, first_end, second.kind, value, mod, currency=second.currency, unit=second.unit)
        )
    return firsts


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
    for m in _scan(_P_RATIO, text, spans):
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
    for m in _scan(_P_ORD, text, windows(text, low, _ORDINAL_ANCHORS, None, before=24, after=48)):
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
    for m in _scan(_P_TERM, text, windows(text, low, _TERM_ANCHORS, None, before=8, after=40)):
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

"""The entity stage: guideline span conventions, odd casing, random text, linear-time patterns.

Rule tables run without the statistical model (``use_ner_model=False``) so that they pin
the rule layer; the robustness tests also run with the shipped model.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsextract.entities import Gazetteers, rule_entities
from newsextract.pipeline import Pipeline
from newsextract.records import Entity


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    return Pipeline(components=["newsextract_dates", "newsextract_entities"], use_ner_model=False)


@pytest.fixture(scope="module")
def full() -> Pipeline:
    return Pipeline(components=["newsextract_dates", "newsextract_entities"])


def _ents(p: Pipeline, text: str) -> list[Entity]:
    return list(p.extract(text).entities)


def _spans(p: Pipeline, text: str, label: str) -> list[str]:
    return [e.text for e in _ents(p, text) if e.label == label]


def assert_well_formed(text: str, ents: list[Entity]) -> None:
    """Spans are exact, sorted, non-overlapping, non-empty and without outer spaces."""
    last = 0
    for e in ents:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] == e.text
        assert e.text == e.text.strip()
        assert e.start >= last, ents
        last = e.end


PER_CASES = [
    ("Phát biểu chỉ đạo, đồng chí Trần Thị Phương Hoa nhấn mạnh yêu cầu.", ["Trần Thị Phương Hoa"]),
    ("Ông Nguyễn Văn An, Chủ tịch UBND tỉnh Thái Bình, cho biết như vậy.", ["Nguyễn Văn An"]),
    ("Bà Lê Thị Mai là giáo viên dạy giỏi.", ["Lê Thị Mai"]),
    ("GS.TS Phạm Minh Đức trình bày báo cáo.", ["Phạm Minh Đức"]),
    ("HLV Park Hang-seo chốt danh sách đội tuyển.", ["Park Hang-seo"]),
    ("HLV Philippe Troussier chốt danh sách.", ["Philippe Troussier"]),
    ("Tài xế được xác định là ông C.T.L. (SN 1972).", ["C.T.L."]),
    ("Nạn nhân là anh N.V.K, sinh năm 1993.", ["N.V.K"]),
    ("Sau đó em Nguyễn Duy Tr. được đưa đi cấp cứu.", ["Nguyễn Duy Tr."]),
    # a firm between a title and its head's name; "CEO" cues a name
    ("Giám đốc điều hành Amazon Jeff Bezos, Giám đốc điều hành Apple Tim Cook.", ["Jeff Bezos", "Tim Cook"]),
    ("Diễn giả gồm tiến sĩ Mai Xuân Lan, CEO Thúy Phan.", ["Mai Xuân Lan", "Thúy Phan"]),
    # a monarch or pope with a regnal number, which the name keeps
    ("Ông đã chọn tên mới là Giáo hoàng Benedict XVI.", ["Benedict XVI"]),
    ("Ông từng phục vụ giáo hoàng John Paul II từ năm 1981.", ["John Paul II"]),
    ("Năm 1939, Giáo hoàng Pius XII được bầu chọn.", ["Pius XII"]),
    ("Chúc mừng Nữ hoàng Elizabeth II.", ["Elizabeth II"]),
    # a surname that is also an organisation head ("Đoàn") after "Ông"; not so "tập đoàn Hùng" (a gang)
    ("Ông Đoàn Gia Cường, Phó Chủ tịch HĐQT Hòa Phát, trả lời cổ đông.", ["Đoàn Gia Cường"]),
    ("Trần Thế Hùng cầm đầu tập đoàn Hùng buôn lậu. Ông Hùng bị bắt.", ["Trần Thế Hùng", "Hùng"]),
    ("Thứ trưởng Bộ GD&ĐT Hoàng Minh Sơn cho biết.", ["Hoàng Minh Sơn"]),
    # a name glued by the segmenter to its cue or to the next word; a firm's name before a person's
    ("Theo PGS Khánh, hiện nay trường cũng vậy.", ["Khánh"]),
    ("Với con mắt nhà nghề, ông Sáu biết đó là cây dó.", ["Sáu"]),
    ("Phó Tổng Giám đốc Saigontourist Trần Hùng Việt cho biết.", ["Trần Hùng Việt"]),
    ("Trong trận đấu, Roy Sullivan bị sét đánh lần thứ hai.", ["Roy Sullivan"]),
    # a word opening the sentence is no part of the name; a thing named with a foreign word is no person
    ("Như Darwin đã phát hiện ra, sự thích nghi rất quan trọng.", ["Darwin"]),
    ("Máy Rinnai, kiểu TCM 2001, công suất 350W.", []),
    ("Ông Trung nêu quan điểm, điều quan trọng nhất khi đầu tư.", ["Trung"]),
    # an abbreviated title glued to a one-word name; a title's later words in lowercase
    ("Anh là học trò của HLV Lippi trong nhiều năm.", ["Lippi"]),
    ("Việc này xảy ra sau khi Phó thủ tướng Heng Swee Keat rút lui.", ["Heng Swee Keat"]),
    # "Em", "Cháu" at the start of a sentence are kinship words, outside the name
    ("Em Đ. sau đó đến công an tự thú.", ["Đ."]),
    ("Cháu Nguyễn Văn Tài được đưa đi cấp cứu.", ["Nguyễn Văn Tài"]),
    ("Ngay sau đó, Trưởng ban quản lý vịnh Hạ Long Ngô Hùng cho biết.", ["Ngô Hùng"]),
    # a surname that is also a place word ("hồ", lake), then a middle name: a person
    ("Gia đình em Hồ Văn Trung có 6 người.", ["Hồ Văn Trung"]),
    # a two-letter syllable ends the sentence: the dot is not an abbreviation's
    ("Anh có quan hệ với nữ diễn viên Cái Nguyệt Hy. Cặp đôi chia tay.", ["Cái Nguyệt Hy"]),
    # the country after a title is outside the name
    ("Kể từ khi Tổng thống Mỹ Joe Biden nhậm chức, quan hệ thay đổi.", ["Joe Biden"]),
    ("Chủ tịch Trung Quốc Tập Cận Bình phát biểu.", ["Tập Cận Bình"]),
    ("Bộ trưởng Quốc phòng Nga Sergei Ivanov thì hy vọng.", ["Sergei Ivanov"]),
    # one initial glued to a foreign name, even when the segmenter glues a word before it
    (
        "Bộ trưởng Quốc phòng Mỹ D.Rumsfeld đã đề cập. Tổng thư ký LHQ K.Annan cho rằng.",
        ["D.Rumsfeld", "K.Annan"],
    ),
    # a capitalised honorific inside a place name cues no person
    ("Chị Loan (30 tuổi, ngụ P.Cầu Ông Lãnh) bị thương.", ["Loan"]),
]

ORG_CASES = [
    # a unit with its place, ending before the verb; HTML references decoded inside, offsets kept
    (
        "Tại Lào Cai, Sở y tế tỉnh Lào Cai cho biết: Trung tâm y tế huyện Bảo Thắng đã phối hợp.",
        ["Sở y tế tỉnh Lào Cai", "Trung tâm y tế huyện Bảo Thắng"],
    ),
    ("Ngày 9/3, Bộ KH&amp;ĐT đã có công văn gửi công ty.", ["Bộ KH&amp;ĐT"]),
    # a unit glued to a title by the segmenter, with its parent: one ORG
    (
        "ThS Tạ Quang Lâm (Phó Phòng Đào tạo Trường ĐH Sư phạm TPHCM) cho biết.",
        ["Phòng Đào tạo Trường ĐH Sư phạm TPHCM"],
    ),
    (
        "Ông Hồ, trưởng Phòng kinh doanh Công ty Điện lực TP.HCM, cho biết.",
        ["Phòng kinh doanh Công ty Điện lực TP.HCM"],
    ),
    # unit names going on in lowercase up to a clause boundary
    (
        "Báo đồng thời thành lập Ban Tư vấn tuyển sinh với sự tham gia của chuyên viên.",
        ["Ban Tư vấn tuyển sinh"],
    ),
    (
        "Ban chỉ huy phòng chống lụt bão huyện cho biết nước dâng cao.",
        ["Ban chỉ huy phòng chống lụt bão huyện"],
    ),
    ("Xe buýt do Sở Giao thông công chính TP cho tăng cường.", ["Sở Giao thông công chính TP"]),
    ("Sở Y tế tổ chức đoàn kiểm tra.", ["Sở Y tế"]),
    (
        "Giải thưởng do Trung tâm Văn hóa doanh nhân Việt Nam tổ chức.",
        ["Trung tâm Văn hóa doanh nhân Việt Nam"],
    ),
    ("UBND quận Cầu Giấy tổ chức hội nghị.", ["UBND quận Cầu Giấy"]),
    ("Quận ủy Cầu Giấy tổ chức tổng kết công tác.", ["Quận ủy Cầu Giấy"]),
    (
        "Ban Chấp hành Đảng bộ quận Cầu Giấy (Hà Nội) họp phiên thứ 18.",
        ["Ban Chấp hành Đảng bộ quận Cầu Giấy"],
    ),
    ("Bộ Tài chính công bố số liệu mới.", ["Bộ Tài chính"]),
    ("Thứ trưởng Bộ Y tế Trần Văn Thuấn chúc mừng các nhà khoa học.", ["Bộ Y tế"]),
    (
        "Lực lượng đặc nhiệm giữa Bộ Tài chính và Ngân hàng Trung ương Anh vừa ra mắt.",
        ["Bộ Tài chính", "Ngân hàng Trung ương Anh"],
    ),
    ("Giao Sở Giao thông vận tải chủ trì thực hiện.", ["Sở Giao thông vận tải"]),
    (
        "Mẫu được gửi Trung tâm Kiểm soát bệnh tật tỉnh Hà Nam xét nghiệm.",
        ["Trung tâm Kiểm soát bệnh tật tỉnh Hà Nam"],
    ),
    ("Học sinh trường THCS Khương Thượng đạt giải nhất.", ["trường THCS Khương Thượng"]),
    ("Bệnh nhân được chuyển tới bệnh viện Bạch Mai.", ["bệnh viện Bạch Mai"]),
    ("Theo Reuters, cuộc họp kéo dài hai giờ.", ["Reuters"]),
    ("Phóng viên Dân trí ghi nhận tại hiện trường.", ["Dân trí"]),
    # a unit's name after its head is no person, nor cut where the segmenter glued a syllable
    ("Giao UBND phường Nguyễn Thái Học bố trí lực lượng nhắc nhở.", ["UBND phường Nguyễn Thái Học"]),
    ("Đoàn đã làm việc với UBND huyện Gò Công Tây và xã Long Bình.", ["UBND huyện Gò Công Tây"]),
    # a body followed by its ward or province is one ORG; a comma keeps the district apart
    ("Chị Dung, Bí thư Đảng ủy P.15, Q.8 cho biết như vậy.", ["Đảng ủy P.15"]),
    (
        "Ông Thi, Chi cục trưởng Chi cục Quản lý thị trường Phú Yên cho biết như vậy.",
        ["Chi cục Quản lý thị trường Phú Yên"],
    ),
    ("Viện trưởng Viện Thú y Trương Văn Dung cho biết như vậy.", ["Viện Thú y"]),
    # lowercase words of a unit's name up to a place, a number or a name
    ("Ngày 27/4, Cảng vụ hàng hải Vũng Tàu cho biết đã khử trùng tàu.", ["Cảng vụ hàng hải Vũng Tàu"]),
    ("Dự án do Sở Giao thông công chính TP.HCM chấp thuận.", ["Sở Giao thông công chính TP.HCM"]),
    ("Ngày 28/1, Đội quản lý thị trường 5B phát hiện tại chợ nhiều gà.", ["Đội quản lý thị trường 5B"]),
    (
        "Đơn vị thi công là công ty quản lý và sửa chữa đường bộ 2 của tỉnh.",
        ["công ty quản lý và sửa chữa đường bộ 2"],
    ),
    (
        "Đại diện Tập đoàn phát thanh và truyền hình Thái Lan có mặt.",
        ["Tập đoàn phát thanh và truyền hình Thái Lan"],
    ),
    ("Ông là thành viên Hội luật sư quốc tế từ năm 2010.", ["Hội luật sư quốc tế"]),
    ("Frank Owen, thư ký của Viện tàu ngầm Australia, cho biết như vậy.", ["Viện tàu ngầm Australia"]),
    ("Giám đốc Công ty luật Minh Bạch cho biết như vậy.", ["Công ty luật Minh Bạch"]),
    ("Ban tổ chức cho biết sẽ có 15 lễ hội.", ["Ban tổ chức"]),
    # head and name glued into one word by the segmenter
    ("Ông Phúc đề nghị Chánh án Tòa án nhân dân Tối cao kiểm tra lại.", ["Tòa án nhân dân Tối cao"]),
    ("Ông Tấn, phó cục trưởng Cục Thuế TP.HCM, khẳng định như vậy.", ["Cục Thuế TP.HCM"]),
    # lowercase heads, camel-case names, national teams
    ("Ông Nguyễn Hòa Bình, Chủ tịch Tập đoàn NextTech, cho biết như vậy.", ["Tập đoàn NextTech"]),
    ("Ảnh nguồn: báo Quảng Ninh.", ["báo Quảng Ninh"]),
    ("Vì vậy bến xe miền Đông dự báo lượng khách tăng.", ["bến xe miền Đông"]),
    # one word shaped like a firm's name is no person after a title
    ("Ông Lý Chung Dân - Phó tổng giám đốc Sawaco cho biết.", ["Sawaco"]),
    # a kind of body of a country is no named body: the country is a place
    ("Xu hướng các công ty Trung Quốc niêm yết tại Mỹ vẫn tăng mạnh.", []),
    ("Chiến thắng trước đội tuyển Lào với tỷ số 4-1 là kỷ niệm đẹp.", ["đội tuyển Lào"]),
    ("Cầu thủ này khoác áo đội tuyển quốc gia Singapore 8 lần.", ["đội tuyển quốc gia Singapore"]),
    # a firm after its description ("hãng", "thương hiệu"), which stays outside
    ("Viện Pasteur ở Lille và hãng Regma đang nghiên cứu.", ["Viện Pasteur", "Regma"]),
    ("Ông Vân, Phó giám đốc thương hiệu bán lẻ 24-Seven, cho rằng như vậy.", ["24-Seven"]),
    # a source credited at the end of an article
    ("Tàu ngầm chìm sâu.\nTrang Phạm\nTheo Live Science", ["Live Science"]),
    # a verb the segmenter glued to the last syllable of the name stays outside
    ("Ngày 5/1, TAND TP Phan Thiết tuyên bị cáo phạm tội.", ["TAND TP Phan Thiết"]),
    ("Hải quan Tân Thanh ăn hối lộ cả với hàng nhập khẩu.", ["Hải quan Tân Thanh"]),
    ("Phía Sở TDTT Hải Phòng không hề hay biết.", ["Sở TDTT Hải Phòng"]),
    ("Giám đốc dự án Công ty Tân Thời Đại kỳ vọng vào du lịch.", ["Công ty Tân Thời Đại"]),
    ("Thủ tướng đánh giá cao Bộ Ngoại giao về việc này.", ["Bộ Ngoại giao"]),
    # "Cơ quan" heads a named body; "Cơ quan chức năng" names none
    ("Cơ quan Năng lượng Quốc tế vừa lên tiếng cảnh báo.", ["Cơ quan Năng lượng Quốc tế"]),
    ("Cơ quan chức năng đang điều tra làm rõ.", []),
    # lowercase words after a named body go on it when a place ends them
    (
        "Trước đó, Công ty Vận tải hành khách đường sắt Hà Nội đã báo cáo.",
        ["Công ty Vận tải hành khách đường sắt Hà Nội"],
    ),
    (
        "Ông Uy, trưởng khoa Trung tâm Y tế dự phòng tỉnh An Giang, khẳng định.",
        ["Trung tâm Y tế dự phòng tỉnh An Giang"],
    ),
    ("Công ty đã đầu tư Trường quốc tế Ngôi sao 100% vốn nước ngoài.", ["Trường quốc tế Ngôi sao"]),
    # "Bộ" alone is the ministry before a verb or a boundary, not the classifier
    ("Đúng ra, Bộ nên nói rõ là không được ghi mã ngành.", ["Bộ"]),
    ("Ông được lãnh đạo Bộ tin tưởng, điều động.", ["Bộ"]),
    ("Bộ phim được công chiếu ở liên hoan phim Cannes.", []),
    # a full name after a party or state body is a person, after a ward's head the ward's name
    ("Lãnh đạo đương chức: bí thư Huyện ủy Huỳnh Ngọc Thành, phó bí thư Dương Minh Quang.", ["Huyện ủy"]),
    ("Ông làm việc với trung tá công an Doãn Công Huân hơn 1 giờ.", []),
    ("Chủ tịch UBND phường Nguyễn Thái Học cho biết như vậy.", ["UBND phường Nguyễn Thái Học"]),
    ("Lãnh đạo các Ban, Bộ, ngành trung ương dự lễ.", []),
    # a verb after a field of activity ends the name; the field stays
    ("Ngày 27/4, Bộ Y tế thông tin nước ta chưa có ca mắc mới.", ["Bộ Y tế"]),
    ("Phó Chủ tịch Ủy ban nhân dân thành phố lưu ý điều này.", ["Ủy ban nhân dân thành phố"]),
    # lowercase words of a unit's name after a dash; "phòng, chống" after it stays outside
    (
        "Hôm nay, Sở Lao động - thương binh và xã hội TP.HCM sẽ thanh tra.",
        ["Sở Lao động - thương binh và xã hội TP.HCM"],
    ),
    # a steering committee keeps its field (whole in 19 of 21 train annotations)
    (
        "Công điện gửi Ban Chỉ đạo quốc gia phòng, chống Covid-19; các tỉnh.",
        ["Ban Chỉ đạo quốc gia phòng, chống Covid-19"],
    ),
    # a kind of body after "các": the type word stays outside or there is no entity
    ("Học phí tại các trường Đại học Western Kentucky được giảm.", ["Đại học Western Kentucky"]),
    # a board of a body is one ORG with it
    ("Công điện của Ban Thường vụ Thành ủy Đà Nẵng cũng lưu ý.", ["Ban Thường vụ Thành ủy Đà Nẵng"]),
    (
        "Đại diện BCH Đoàn thanh niên Cộng sản Hồ Chí Minh phát biểu.",
        ["BCH Đoàn thanh niên Cộng sản Hồ Chí Minh"],
    ),
    (
        "Ban cán sự đảng Ủy ban nhân dân thành phố rà soát kế hoạch.",
        ["Ban cán sự đảng Ủy ban nhân dân thành phố"],
    ),
    # a head glued to an abbreviation by the segmenter; a blocker ("Bộ đội") inside a longer body
    (
        "Chương trình được truyền trực tiếp trên sóng Đài PTTH Bình Thuận và trực tuyến.",
        ["Đài PTTH Bình Thuận"],
    ),
    (
        "Thượng tá Vũ Kim Huệ, Tham mưu trưởng Bộ Chỉ huy Bộ đội Biên phòng Phú Yên, cho biết.",
        ["Bộ Chỉ huy Bộ đội Biên phòng Phú Yên"],
    ),
    # a person's name glued after a province: the body ends with the province
    ("Chủ tịch UBND tỉnh Hậu Giang Đồng Văn Thanh cho biết.", ["UBND tỉnh Hậu Giang"]),
    # a company's own name alone, or starting a longer name, elsewhere in the article
    (
        "Tập đoàn Hateco mở kho mới. Hateco cho biết Hateco Fulfillment sẽ xử lý đơn hàng.",
        ["Tập đoàn Hateco", "Hateco", "Hateco Fulfillment"],
    ),
    # a body after an event word glued into one segmenter word; "T.Ư"; lowercase words before the name
    (
        "LĐBĐ VN sẽ tổ chức Đại hội Hội đồng Trọng tài Quốc gia tại Đà Nẵng.",
        ["LĐBĐ VN", "Hội đồng Trọng tài Quốc gia"],
    ),
    ("Theo đó, Ban chấp hành T.Ư khóa X cần có ngay nghị quyết.", ["Ban chấp hành T.Ư"]),
    ("Ông Đào Trọng Thi, Giám đốc Đại học quốc gia Hà Nội, cho biết.", ["Đại học quốc gia Hà Nội"]),
    (
        "Kyrgyzstan gặp nhau tại hội nghị của Tổ chức hợp tác Thượng Hải, Bắc Kinh.",
        ["Tổ chức hợp tác Thượng Hải"],
    ),
    (
        "Công ty đầu tư Trường quốc tế Ngôi sao 100% vốn; hợp tác với Công ty quản trị Pioneer đào tạo các lớp.",
        ["Trường quốc tế Ngôi sao", "Công ty quản trị Pioneer"],
    ),
    # the body ends before a name glued to its abbreviation, before "nước này", before a foreign name
    ("Thứ trưởng Bộ GD&ĐT Hoàng Minh Sơn cho biết.", ["Bộ GD&ĐT"]),
    ("Báo cáo của Bộ Quốc phòng nước này xác nhận.", ["Bộ Quốc phòng"]),
    ("Về phía Mỹ, người phát ngôn Bộ Ngoại giao Mỹ Ned Price cho biết.", ["Bộ Ngoại giao Mỹ"]),
    ("Tôi đang nỗ lực với Công đảng để đảm bảo đa số phiếu.", ["Công đảng"]),
    # a party named by a word of the segmenter that goes on in lowercase; a name glued after a noun
    ("Thành công của Đảng Bảo thủ kết thúc 13 năm cầm quyền của Đảng Tự do.", ["Đảng Bảo thủ", "Đảng Tự do"]),
    ("Đảng Cộng sản Việt Nam lãnh đạo toàn dân.", ["Đảng Cộng sản Việt Nam"]),
    ("Trên trang Instagram cá nhân, cặp đôi chia sẻ nhiều ảnh.", ["Instagram"]),
    # a department glued to its title or to its name by the segmenter, with its lowercase field
    (
        "NSƯT Thành Hội, Phó khoa Sân khấu Trường CĐ VHNT TP.HCM cho biết.",
        ["khoa Sân khấu Trường CĐ VHNT TP.HCM"],
    ),
    ("Ông A, Trưởng khoa Ngoại lồng ngực, Bệnh viện K cho biết.", ["khoa Ngoại lồng ngực", "Bệnh viện K"]),
    (
        "Chị Thu - Cán bộ điều dưỡng khoa Cấp cứu, Bệnh viện Bạch Mai cho biết.",
        ["khoa Cấp cứu", "Bệnh viện Bạch Mai"],
    ),
    # a national team named by "tuyển", "đội" or its sport; the army keeps its own head
    ("Beckham chưa đủ bản lĩnh làm đội trưởng tuyển Anh.", ["tuyển Anh"]),
    ("Thu Hoài được gọi lên đội tuyển bóng chuyền Việt Nam.", ["đội tuyển bóng chuyền Việt Nam"]),
    ("Riêng đội Syria gặp sự cố tại sân bay.", ["đội Syria"]),
    ("Quân đội Myanmar đã lên tiếng.", ["Quân đội Myanmar"]),
    ("Hóa thạch được tìm thấy ở Ai Cập.\nTheo Hà Trang\nDân Việt", ["Dân Việt"]),
    # a foreign firm's name without its last word, not inside a longer name; an exchange's name
    ("Cuộc điều tra Ant Group kéo dài. Tương lai của Ant còn bỏ ngỏ.", ["Ant Group", "Ant"]),
    ("Sun Group (Thành viên Sun Group) giới thiệu Sun Grand Boulevard.", ["Sun Group", "Sun Group"]),
    ("Ngày 16/4, sàn giao dịch Coolcat sập. Một người chơi Coolcat bày tỏ lo lắng.", ["Coolcat", "Coolcat"]),
    # a firm whose name is also a forest's; the firm before its head's name
    ("Theo báo cáo, Amazon và Google đã chi ra số tiền lớn.", ["Amazon", "Google"]),
    ("Theo Giám đốc điều hành Apple Tim Cook, công ty sẽ tăng chi.", ["Apple"]),
    # a school named after a person, its level abbreviated; one of a foreign city
    ("Ông Lê Vinh Danh, Hiệu trưởng trường ĐH Tôn Đức Thắng bị đình chỉ.", ["trường ĐH Tôn Đức Thắng"]),
    ("Giảng viên Trường CĐ Nguyễn Tất Thành cho biết.", ["Trường CĐ Nguyễn Tất Thành"]),
    ("Ông A tại trường ĐH Ottawa (Canada) cho biết.", ["trường ĐH Ottawa"]),
    # a pattern cut short inside a listed body reaches its end and the place after it
    (
        "Phó giám đốc Sở Nông nghiệp và Phát triển nông thôn Hà Nội Đào Duy Tâm cho biết.",
        ["Sở Nông nghiệp và Phát triển nông thôn Hà Nội"],
    ),
]

LOC_CASES = [
    # Rome and a former province are places; a news source on the byline's line is no person
    ("Hóa thạch này có từ thời kỳ Hy Lạp và La Mã cổ đại.", ["Hy Lạp", "La Mã"]),
    # a forest or basin before a name that is also a firm's
    ("Rừng Amazon đang bị tàn phá.", ["Amazon"]),
    # a state after lowercase "bang", the word outside; "Liên bang Nga" and a body's "bang" stay whole
    ("Người dân bang Victoria được nhập cảnh.", ["Victoria"]),
    ("Thượng nghị sĩ bang Tây Virginia John D. Rockefeller IV cho rằng.", ["Tây Virginia"]),
    ("Liên bang Nga phản đối.", ["Liên bang Nga"]),
    # a district whose name starts with a place word ("núi") is whole
    ("Em học tại trường nghề ở Tam Kỳ, huyện Núi Thành.", ["Tam Kỳ", "Núi Thành"]),
    (
        "Gà bị thu giữ tại các chợ Trần Chánh Chiếu, Nguyễn Tri Phương, Hòa Hưng.",
        ["Trần Chánh Chiếu", "Nguyễn Tri Phương", "Hòa Hưng"],
    ),
    ("Người dân quận Cầu Giấy phấn khởi.", ["Cầu Giấy"]),
    ("Quận Cầu Giấy triển khai chứng thực trực tuyến.", ["Cầu Giấy"]),
    ("Cửa hàng ở quận 3 mở cửa trở lại.", ["quận 3"]),
    ("Nhiều doanh nghiệp tại TP.HCM tăng tốc sản xuất.", ["TP.HCM"]),
    ("Du khách đổ về vịnh Hạ Long dịp nghỉ lễ.", ["Hạ Long"]),
    ("Cửa hàng nằm ở số 471 Lê Văn Sỹ, quận 3.", ["Lê Văn Sỹ", "quận 3"]),
    ("Đoàn công tác làm việc tại Hà Nội và Việt Nam.", ["Hà Nội", "Việt Nam"]),
    ("Trụ sở đặt tại 36 Nguyễn Thị Minh Khai, Quận 1.", ["Nguyễn Thị Minh Khai", "Quận 1"]),
    # a house number in brackets makes even a famous person's name a street
    (
        "Nhà hàng Tháp Bà (29 Phạm Văn Đồng, TP Nha Trang) bị phạt. Ông Phạm Văn Đồng nói.",
        ["Phạm Văn Đồng", "Nha Trang"],
    ),
    ("Hàng hóa được xuất khẩu sang châu Âu và Hàn Quốc.", ["châu Âu", "Hàn Quốc"]),
    ("Nhiều hộ dân ở P.7 và P.15 của Q.8 bị ngập.", ["P.7", "P.15", "Q.8"]),
    ("Nước lũ tràn qua bờ sông Tiền và sông Cửu Long.", ["sông Tiền", "Cửu Long"]),
    ("Phần lớn du khách là người Thái.", ["Thái"]),
    ("Người dân thôn Trung, xã Việt Hùng được xét nghiệm.", ["Trung", "Việt Hùng"]),
    # a person's name after a place ("Trưởng ban quản lý vịnh Hạ Long Ngô Hùng") is no place
    ("Trưởng ban quản lý vịnh Hạ Long Ngô Hùng cho biết.", ["Hạ Long"]),
    ("Chủ tịch tỉnh Quảng Nam Lê Trí Thanh cho biết.", ["Quảng Nam"]),
    ("Người dân huyện Lê Thủy vui mừng.", ["Lê Thủy"]),
    ("Nhiều người dân xã Hòa Hiệp Trung đi tìm trầm.", ["Hòa Hiệp Trung"]),
    # "cầu" (bridge) ending another word heads no place
    ("Người hâm mộ yêu cầu CLB chủ quản rút lui. Các CLB khác cũng vậy.", []),
    # an honorific that starts a place's name is no cue for a person
    ("Khách giảm ở Khánh Hòa, Bà Rịa - Vũng Tàu, Đà Nẵng.", ["Khánh Hòa", "Bà Rịa - Vũng Tàu", "Đà Nẵng"]),
    # a country of several words is whole
    ("Liên Hợp Quốc yêu cầu người nước ngoài rời Bờ Biển Ngà.", ["Bờ Biển Ngà"]),
]


@pytest.mark.parametrize(("text", "expected"), PER_CASES)
def test_per(rules: Pipeline, text: str, expected: list[str]) -> None:
    assert _spans(rules, text, "PER") == expected


@pytest.mark.parametrize(("text", "expected"), ORG_CASES)
def test_org(rules: Pipeline, text: str, expected: list[str]) -> None:
    assert _spans(rules, text, "ORG") == expected


@pytest.mark.parametrize(("text", "expected"), LOC_CASES)
def test_loc(rules: Pipeline, text: str, expected: list[str]) -> None:
    assert _spans(rules, text, "LOC") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Các tổ chức chính trị - xã hội và chính quyền quận đều tham gia.",
        'Cuộc vận động "Người Việt Nam ưu tiên dùng hàng Việt Nam" tiếp tục được đẩy mạnh.',
        "Đảng ủy cơ sở được kiện toàn.",
        "Sở thích của tôi là đọc sách.",
        "UBND các xã, phường tổ chức ra quân.",
        "Điện thoại có màn hình 120 Hz, pin 5.000 mAh.",
        # a head and a type word only name a kind of body
        "Từ lớp 12, các trường ĐH, CĐ đã bắt đầu hướng nghiệp.",
        "Các doanh nghiệp tư nhân, công ty TNHH, công ty cổ phần đều không thực hiện.",
        "Em được xét tuyển vào trường THPT với số điểm 60.",
        # "Anh" opening a sentence before a verb is "he", not England
        "Anh từng tốt nghiệp đại học. Anh cũng từng đóng phim.",
    ],
)
def test_no_org_or_loc(rules: Pipeline, text: str) -> None:
    assert [e.text for e in _ents(rules, text) if e.label in {"ORG", "LOC"}] == []


@pytest.mark.parametrize(
    "text",
    [
        # a named head followed by lowercase words only is a class of bodies
        "Hai trường tiểu học bị ngập sâu, học sinh phải nghỉ.",
        "Các trường đại học không nên tập trung vào đào tạo các ngành này.",
        "Nhiều trường hợp được cách ly tại nhà máy sinh sản.",
        # a verb ends a unit's name; a glued head is no body when the word names something else
        "Sở Y tế tổ chức đoàn kiểm tra.",
        "Các đại biểu thảo luận về Bộ luật Dân sự sửa đổi.",
        "Du khách đến từ Đài Loan và thành phố Đài Bắc tăng mạnh.",
        "Lễ hội Đêm trắng Ban Mê chính thức được tạm dừng.",
        # boards, competitions, a person quoted with "Theo"
        "Ông Việt, Chủ tịch Hội đồng quản trị công ty, cho biết như vậy.",
        "Đội bóng vẫn bay cao ở Premier League mùa này.",
        "Theo Collin Koh, tàu có đủ ôxy trong ba ngày.",
        # a lowercase head is no place for lowercase words before a name ("tin [báo] lực lượng");
        # a unit word is no part of a club's name ("CLB [nước] Anh"); a train is no delegation
        "Sau khi nhận được tin báo lực lượng cứu hộ đã có mặt.",
        "6 CLB nước Anh đều rút lui. Thông báo của CLB thành Madrid.",
        "Đoàn tàu 3 toa xe có thể chở 930 khách.",
    ],
)
def test_no_new_org(rules: Pipeline, text: str) -> None:
    assert [e.text for e in _ents(rules, text) if e.label == "ORG" and e.text != "Sở Y tế"] == []


def test_bracketed_abbreviation_is_org(rules: Pipeline) -> None:
    text = "Ngân hàng Trung ương Anh (BoE) cho biết. BoE sẽ phát hành tiền số."
    assert _spans(rules, text, "ORG") == ["Ngân hàng Trung ương Anh", "BoE", "BoE"]


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        # a short name of one capital in brackets is the body's too, and so are its later mentions
        (
            "Hiệp hội Cà phê Cacao Việt Nam (Vicofa) cho biết giá giảm. Vicofa dự báo giá tăng.",
            ["Hiệp hội Cà phê Cacao Việt Nam", "Vicofa", "Vicofa"],
        ),
        # a country in brackets stays a place
        ("Công ty Rinnai (Nhật) bán máy pha cà phê.", ["Công ty Rinnai"]),
    ],
)
def test_bracketed_short_name(rules: Pipeline, text: str, orgs: list[str]) -> None:
    assert _spans(rules, text, "ORG") == orgs


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # model PER spans that are none: a league, a title cut from its body, a school subject
        ("Bình Định thua 2 trận tại V-League để mất ngôi.", "V-League"),
        ("Ông được bổ nhiệm chức vụ Phó Chánh Thanh tra Bộ GDĐT.", "Phó Chánh"),
        ("Con anh luyện thi môn Toán tại trung tâm.", "Toán"),
    ],
)
def test_model_person_span_rejected(text: str, span: str) -> None:
    from newsextract.entities import Gazetteers, _clean_model_span

    s = text.index(span)
    assert _clean_model_span(text, s, s + len(span), "PER", Gazetteers.load()) is None


@pytest.mark.parametrize(
    ("text", "label", "spans"),
    [
        # "Bác" is an honorific outside the name
        ("Ngôi chùa này là nơi Bác Hồ từng tìm đến trú chân.", "PER", ["Hồ"]),
        # an abbreviated ward or district glued to its name
        ("Chị Loan (30 tuổi, ngụ P.Cầu Ông Lãnh) bị thương nhẹ.", "LOC", ["Cầu Ông Lãnh"]),
        ("Nhà ở Q.Bình Thạnh bị ngập sâu.", "LOC", ["Bình Thạnh"]),
        # places named after people: after a place head, at the ends of a route, in a list of places
        ("Đoàn cán bộ của xã Quang Trung đã lập biên bản.", "LOC", ["Quang Trung"]),
        # every province and city is listed: a full name after "thành phố" that is none is a person
        ("Chủ tịch HĐND thành phố Nguyễn Ngọc Tuấn cho biết như vậy.", "PER", ["Nguyễn Ngọc Tuấn"]),
        # a head kept before a province's name: without it another place is named
        ("Chuyến bay hạ cánh tại Sân bay Đà Nẵng lúc 10h.", "LOC", ["Sân bay Đà Nẵng"]),
        ("Các tuyến như Xa lộ Hà Nội cũng bắt đầu đông xe.", "LOC", ["Xa lộ Hà Nội"]),
        # a country the segmenter glued to the name after it; not a Vietnamese given name
        ("Tổng thống Gabon Ali Bongo Ondimba cho biết tại hội nghị.", "PER", ["Ali Bongo Ondimba"]),
        ("Quốc Anh và Đức Tài hẹn nhau sau giờ học.", "LOC", []),
        # a middle initial inside a name after a title
        ("Tổng thống Mỹ George W. Bush thăm châu Á.", "PER", ["George W. Bush"]),
        # a club after a title is no person
        ("Chia sẻ trên báo, chủ tịch Villarreal, Fernando Roig, không ngần ngại.", "PER", ["Fernando Roig"]),
        # a head that is also a surname, before a middle name, starts a person's name
        ("Trong khi đó, Đoàn Văn Hậu chưa kịp hồi phục.", "PER", ["Đoàn Văn Hậu"]),
        ("Tân Phó Chánh Thanh tra Đỗ Anh Dũng hứa sẽ nỗ lực.", "PER", ["Đỗ Anh Dũng"]),
        ("Tuyến 16 từ Giáp Bát tới đường Hoàng Quốc Việt sẽ dừng.", "LOC", ["Giáp Bát", "Hoàng Quốc Việt"]),
        ("Tuyến số 39 (Hoàng Quốc Việt - Văn Điển) vẫn chạy.", "LOC", ["Hoàng Quốc Việt", "Văn Điển"]),
        (
            "Các tuyến đường ngập như Ba Tháng Hai, Bàn Cờ, Nguyễn Thiện Thuật bị ùn tắc.",
            "LOC",
            ["Ba Tháng Hai", "Bàn Cờ", "Nguyễn Thiện Thuật"],
        ),
    ],
)
def test_honorific_and_abbreviated_heads(rules: Pipeline, text: str, label: str, spans: list[str]) -> None:
    assert _spans(rules, text, label) == spans


def test_person_after_organisation(rules: Pipeline) -> None:
    text = "Bí thư Thành ủy Hà Nội Đinh Tiến Dũng ký quyết định."
    assert [(e.text, e.label) for e in _ents(rules, text) if e.label != "DATE"] == [
        ("Thành ủy Hà Nội", "ORG"),
        ("Đinh Tiến Dũng", "PER"),
    ]


def test_bare_party_is_org(rules: Pipeline) -> None:
    assert _spans(rules, "Các cấp ủy Đảng quán triệt nghị quyết.", "ORG") == ["Đảng"]


@pytest.mark.parametrize(
    "text",
    [
        "ÔNG NGUYỄN VĂN AN, CHỦ TỊCH UBND TỈNH THÁI BÌNH, PHÁT BIỂU NGÀY 4/1/2023",
        "QUẬN ỦY CẦU GIẤY: 31/31 CHỈ TIÊU HOÀN THÀNH VÀ VƯỢT MỨC",
        "ông nguyễn văn an, chủ tịch ubnd tỉnh thái bình, cho biết hôm qua",
        "bộ tài chính và ngân hàng nhà nước họp tại hà nội",
        "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z " * 20,
        "Ủy ban " * 300,
        "",
        "\n\n\n",
    ],
)
@pytest.mark.parametrize("model", [False, True])
def test_odd_casing_degrades_gracefully(rules: Pipeline, full: Pipeline, text: str, model: bool) -> None:
    p = full if model else rules
    ents = _ents(p, text)
    assert_well_formed(text, ents)
    for e in ents:
        assert e.label in {"PER", "ORG", "LOC", "DATE"}
        if e.label != "DATE":
            assert len(e.text) <= 80, e
            assert "\n" not in e.text


def test_lowercase_text_has_no_names(rules: Pipeline) -> None:
    text = "ông nguyễn văn an, chủ tịch ubnd tỉnh thái bình, cho biết"
    assert [e for e in _ents(rules, text) if e.label in {"PER", "LOC"}] == []


_ALPHABET = (
    'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYáàảãạếềểễệóòỏõọ.,;:()"“”-/ \n0123456789'
)
_WORDS = [
    "ông",
    "Nguyễn",
    "Văn",
    "An",
    "UBND",
    "quận",
    "Cầu",
    "Giấy",
    "TP.HCM",
    "Bộ",
    "Y",
    "tế",
    "và",
    "đường",
    "số",
    "471",
    "Sở",
    "N.V.K",
    "Theo",
    "Reuters",
    "Sullivan",
    "(",
    ")",
    ",",
    ".",
    "\n",
    "ngày",
    "4/1/2023",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.text(alphabet=_ALPHABET, max_size=200),
        st.lists(st.sampled_from(_WORDS), max_size=60).map(" ".join),
    )
)
def test_random_text_never_raises(rules: Pipeline, text: str) -> None:
    ents = _ents(rules, text)
    assert_well_formed(text, ents)


def test_rule_entities_without_tokens() -> None:
    g = Gazetteers.load()
    text = "đồng chí Trần Thị Phương Hoa, Bí thư Quận ủy Cầu Giấy"
    got = [(e.text, e.label) for e in rule_entities(text, g)]
    assert got == [("Trần Thị Phương Hoa", "PER"), ("Quận ủy Cầu Giấy", "ORG")]


# ----------------------------------------------------------------------------- linear time

ADVERSARIAL = [
    "A ",
    "Vua A ",
    "bang A ",
    "XIV ",
    "Ab ",
    "AB ",
    "Ủy ban ",
    "Bộ Y tế ",
    "UBND quận ",
    "quận Cầu ",
    "ông Nguyễn ",
    "N.",
    "Sở Giao thông vận tải ",
    "và Bộ ",
    "- A ",
    "1 ",
    "số 1 A ",
    '"a ',
    "Trung tâm Kiểm soát bệnh tật ",
    "tuyến (A - ",
    "đường như A, ",
    "P.A ",
    "đội A ",
    "AC Milan tại Lyon ",
    "đảng dân chủ ",
    "TP. Ông ",
    "nhãn hàng A.",
]
SMALL = 1500
RATIO_LIMIT = 8 * 4  # linear growth is ~8x; allow 4x noise


def _best_time(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


@pytest.mark.parametrize("unit", ADVERSARIAL)
def test_entity_patterns_linear(unit: str) -> None:
    from newsextract import entities

    g = Gazetteers.load()
    # the gazetteer patterns and every module-level pattern of the stage
    pats: list[regex.Pattern[str]] = [
        *g.patterns.values(),
        *(p for p in vars(entities).values() if isinstance(p, regex.Pattern)),
    ]
    small = (unit * (SMALL // len(unit) + 1))[:SMALL]
    large = small * 8

    def run(text: str) -> Callable[[], object]:
        return lambda: [list(p.finditer(text, timeout=5.0)) for p in pats]

    t_small = max(_best_time(run(small)), 1e-3)
    t_large = _best_time(run(large))
    assert t_large <= RATIO_LIMIT * t_small, (unit, t_small, t_large)


@pytest.mark.parametrize("unit", ["Bộ Y tế ", "ông Nguyễn Văn ", "A ", "quận Cầu "])
def test_rule_entities_linear(unit: str) -> None:
    g = Gazetteers.load()
    small = unit * (SMALL // len(unit))
    large = small * 8
    t_small = max(_best_time(lambda: rule_entities(small, g)), 1e-3)
    t_large = _best_time(lambda: rule_entities(large, g))
    assert t_large <= RATIO_LIMIT * t_small, (unit, t_small, t_large)


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("HLV Lippi", ["HLV", "Lippi"]),  # an abbreviated title before a name
        ("GD&ĐT Hoàng Minh Sơn", ["GD&ĐT", "Hoàng Minh Sơn"]),
        ("trang Instagram", ["trang", "Instagram"]),  # a lowercase word before a name
        ("loài ếch Australia", ["loài ếch", "Australia"]),
        ("UC Davis", ["UC Davis"]),  # a name of its own
        ("Bảo thủ", ["Bảo thủ"]),
        ("khoa Ngoại", ["khoa Ngoại"]),  # heads the segmenter rightly glues
        ("đền Hùng", ["đền Hùng"]),
        ("tuyển Anh", ["tuyển Anh"]),
    ],
)
def test_glued_words_split(word: str, parts: list[str]) -> None:
    from newsextract.entities import _split_glued_names

    text = f"Nói về {word} hôm qua."
    s = text.index(word)
    words = [(0, 3), (4, 6), (s, s + len(word)), (s + len(word) + 1, s + len(word) + 4)]
    got = _split_glued_names(text, words, Gazetteers.load())
    assert [text[a:b] for a, b in got[2:-1]] == parts


def test_model_org_keeps_its_whole_token() -> None:
    from newsextract.entities import _clean_model_span

    g = Gazetteers.load()
    text = "Hiện tại Nhạc viện có đào tạo"
    s = text.index("Nhạc")
    c = _clean_model_span(text, s, s + len("Nhạc viện"), "ORG", g, {s + len("Nhạc viện")})
    assert c is not None and text[c.start : c.end] == "Nhạc viện"
    text = "từ Thường Phước xuôi"  # a lowercase word glued after a name is still dropped
    s = text.index("Thường")
    c = _clean_model_span(text, s, len(text), "PER", g, {len(text)})
    assert c is not None and text[c.start : c.end] == "Thường Phước"


@pytest.mark.parametrize("name", ["European Super League", "Memory Cleaner", "Windows Explorer"])
def test_english_things_are_no_person(rules: Pipeline, name: str) -> None:
    from newsextract.entities import _clean_model_span

    text = f"Họ nói rằng {name} hoạt động rất hiệu quả."
    assert _spans(rules, text, "PER") == []
    s = text.index(name)
    assert _clean_model_span(text, s, s + len(name), "PER", Gazetteers.load()) is None


def test_model_per_spans_are_filtered_and_communes_become_places() -> None:
    from newsextract.entities import Gazetteers, _clean_model_span

    g = Gazetteers.load()
    text = "Trưởng Phòng Đào tạo Trường ĐH Nông Lâm TPHCM, PGS-TS Hồ Thanh Phong, từ Thường Phước xuôi"
    assert _clean_model_span(text, 0, 46, "PER", g) is None  # holds an abbreviation
    s = text.index("PGS-TS")
    c = _clean_model_span(text, s, text.index(", từ"), "PER", g)
    assert c is not None and text[c.start : c.end] == "Hồ Thanh Phong"
    s = text.index("Thường Phước")
    c = _clean_model_span(text, s, s + len("Thường Phước"), "PER", g)
    assert c is not None and c.label == "LOC"


# --- the model reads only sentences where a name may be left for it -----------------------------


@pytest.mark.parametrize(
    ("sentence", "needs_model"),
    [
        ("Tuy nhiên, theo kế hoạch, hội nghị sẽ diễn ra vào tuần sau.", False),  # common words only
        ("Theo Giám đốc Sở, các chỉ tiêu đều đạt.", False),  # a title, no name
        ("Đại diện THPT và CLB cho biết giá tăng 5 USD.", False),  # abbreviations are the rules'
        ("Ngày 4/1/2023, UBND tỉnh Quảng Ninh họp.", False),  # all covered by rules
        ("Cầu thủ Taylor Swiftson ghi bàn thắng.", True),  # a name no rule knows
        ("Hôm qua, Ingenuity bay lần thứ hai.", True),
        ("nước sông dâng cao, người dân sơ tán.", False),  # nothing capitalised
    ],
)
def test_model_reads_only_sentences_with_uncovered_names(sentence: str, needs_model: bool) -> None:
    import itertools

    from newsextract.entities import EntityRecognizer, _model_ranges, _rule_candidates, _Words
    from newsextract.segment import KEY_SENTENCES, KEY_TOKENS, KEY_WORDS

    p = Pipeline(components=["newsextract_dates"], use_ner_model=False)
    rec = EntityRecognizer(use_model=False)
    text = "Tiêu đề\n\n" + sentence
    doc = p.make_doc(text)
    words = _Words(doc.user_data[KEY_WORDS])
    cands = _rule_candidates(text, rec.gazetteers, doc.user_data.get("newsextract.dates", []), words)
    toks, spaces = doc.user_data[KEY_TOKENS]
    starts = list(
        itertools.accumulate((len(w) + int(s) for w, s in zip(toks, spaces, strict=True)), initial=0)
    )
    sents = [(s, e) for s, e in doc.user_data[KEY_SENTENCES] if s >= text.index(sentence)]
    ranges = _model_ranges(text, sents, words, cands, toks, starts, rec.common_words)
    assert bool(ranges) is needs_model
    for lo, hi in ranges:  # token ranges cover the sentence's text
        assert text[starts[lo] : starts[hi]].strip() == sentence


def test_model_vocab_stays_flat(full: Pipeline) -> None:
    rec = full.nlp.get_pipe("newsextract_entities").recognizer
    full.extract("Cầu thủ Taylor Swiftson ghi bàn.")
    model = rec.model
    if model is None:
        pytest.skip("no NER model shipped")
    before = len(model.vocab.strings)
    for i in range(20):
        full.extract(f"Cầu thủ Zyxwa{i} Qorbet{i} ghi bàn ở Wumbo{i}.")
    assert len(model.vocab.strings) == before


@pytest.mark.parametrize(
    ("text", "orgs", "locs"),
    [
        # a football report: a club named after a province, with "đội" and bare; a club the lists name bare
        (
            "Với trận thua thứ 3 mà đội Bình Định phải nhận, HLV Đức Thắng buồn. Bình Định vẫn nắm quyền "
            "tự quyết ở V-League. Cầu thủ Bình Định đã cố gắng.",
            ["đội Bình Định", "Bình Định", "Bình Định"],
            [],
        ),
        (
            "Hợp đồng của Messi với Barcelona còn 2 tháng. HLV Pochettino muốn có cầu thủ này cho trận đấu tới.",
            ["Barcelona"],
            [],
        ),
        # clubs of the clubs list (the model's PER, or nothing) in a football report; the city after "tại"
        (
            "Juventus hòa 1-1 trước Fiorentina ở vòng 33 Serie A, kém Inter 13 điểm. HLV Pirlo buồn vì "
            "cầu thủ ghi bàn quá ít. Trận đấu tới diễn ra tại Lyon.",
            ["Juventus", "Fiorentina", "Inter"],
            [],
        ),
        ("Porto vượt qua Lyon với tỷ số 2-0. HLV Mourinho khen cầu thủ và trận đấu.", ["Porto", "Lyon"], []),
        # a club named "CLB <province>" is the bare province of the same football report
        (
            "HLV Park được CLB Hà Nội bổ nhiệm. Cầu thủ ghi bàn giúp Hà Nội thắng trận đấu.",
            ["CLB Hà Nội", "Hà Nội"],
            [],
        ),
        # every league name is a cue of football reports ("Europa League", "Ligue 1")
        ("HLV Garcia muốn Lyon thắng ở Europa League và Ligue 1.", ["Lyon"], []),
        # teams of a country are no club; outside football a province is a place
        ("HLV nói 6 đội bóng Anh rút lui khỏi giải. Cầu thủ và trận đấu bị ảnh hưởng.", [], ["Anh"]),
        ("Đội Bình Định của tỉnh đã tham gia hội thi.", [], ["Bình Định"]),
    ],
)
def test_sports_clubs(rules: Pipeline, text: str, orgs: list[str], locs: list[str]) -> None:
    assert _spans(rules, text, "ORG") == orgs
    assert _spans(rules, text, "LOC") == locs


@pytest.mark.parametrize(
    "text",
    [
        # a league after a title, or with a surname-like first word, is no person (nor anything)
        "Trước tình hình đó, nhà sáng lập European Super League và đồng thời là phó Chủ tịch giải đấu lên tiếng.",
        "Barcelona bị đe dọa loại khỏi Champions League và La Liga?",
        "Hà Nội FC thắng ở V-League 2021 và Premier League hoãn trận.",
    ],
)
def test_leagues_are_no_entity(rules: Pipeline, text: str) -> None:
    got = [(e.text, e.label) for e in rules.extract(text).entities]
    assert not any("League" in t or "Liga" in t for t, _ in got), got


@pytest.mark.parametrize(
    ("text", "pers"),
    [
        # a ship's name is no person; a goalkeeper ("thủ môn") is one, a school subject is not
        ("Singapore cho biết tàu MV Swift Rescue đã khởi hành, còn tàu ngầm Nanggala mất tích.", []),
        ("Bóng bay vào khung thành thủ môn Roy Carroll. Em giỏi môn Toán.", ["Roy Carroll"]),
    ],
)
def test_ships_are_no_person(rules: Pipeline, text: str, pers: list[str]) -> None:
    assert _spans(rules, text, "PER") == pers


@pytest.mark.parametrize(
    "text",
    [
        # planets and stars are no place, even after a place head
        "Ngày xây dựng Thành phố Sao Hỏa vẫn nằm trong kế hoạch. Sống trên Sao Hỏa sẽ không dễ dàng.",
        "Mặt Trăng quay quanh Trái Đất, còn Trái Đất quay quanh Mặt Trời.",
    ],
)
def test_planets_are_no_entity(rules: Pipeline, text: str) -> None:
    assert [(e.text, e.label) for e in rules.extract(text).entities] == []


@pytest.mark.parametrize(
    ("text", "orgs", "pers"),
    [
        # a foreign name credited as a source is a press organisation
        ("Chị cầm ảnh của chồng (Ảnh: Antara).\nTheo Guardian, vụ nổ xảy ra hôm 21/4.", ["Antara", "Guardian"], []),
        ("Theo nguồn tin từ tờ Mirror, bà vẫn chưa dừng lại.\nMinh Phương\nTheo Guardian", ["Mirror", "Guardian"],
         ["Minh Phương"]),
        # a name the article gives a person, titles and abbreviations are no source
        ("Jimmy Carter nói. Theo Carter, đáng lẽ anh phải có tiền.", [], ["Jimmy Carter"]),
        ("Theo PGS.TS Lê Văn Quảng, bệnh này không rõ ràng (Ảnh: FBNV).", [], ["Lê Văn Quảng"]),
    ],
)  # fmt: skip
def test_news_sources(rules: Pipeline, text: str, orgs: list[str], pers: list[str]) -> None:
    assert _spans(rules, text, "ORG") == orgs
    assert _spans(rules, text, "PER") == pers


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        # a verb after a body's name ends it; a unit described by verbs keeps them
        ("Các y bác sĩ Bệnh viện Chợ Rẫy khảo sát, tiến hành xây dựng bệnh viện.", ["Bệnh viện Chợ Rẫy"]),
        ("Cơ sở quan trọng để Quỹ XTPTDL Đà Nẵng tổng hợp, báo cáo lãnh đạo.", ["Quỹ XTPTDL Đà Nẵng"]),
        ("Dự án do công ty Keepmoat Homes xây dựng vừa phát hiện di tích.", ["công ty Keepmoat Homes"]),
        # a clause's verb between two bodies ends the first; a field word stays in the name
        (
            "Theo đó, UBND tỉnh Quảng Trị giao Bộ Chỉ huy Quân sự tỉnh chủ trì.",
            ["UBND tỉnh Quảng Trị", "Bộ Chỉ huy Quân sự tỉnh"],
        ),
        (
            "Sở TN-MT kiến nghị UBND TP trình Thủ tướng Chính phủ cho phép.",
            ["Sở TN-MT", "UBND TP", "Chính phủ"],
        ),
        (
            "Ngày 29/4, Bệnh viện Bạch Mai thông tin cứu chữa thành công bệnh nhân 43 tuổi.",
            ["Bệnh viện Bạch Mai"],
        ),
        (
            "Tổng giám đốc Công ty Cổ phần Vật liệu xây dựng Secoin.",
            ["Công ty Cổ phần Vật liệu xây dựng Secoin"],
        ),
        ("Cơ khí điện tử, trường ĐH Thủy lợi hợp tác với một số trường.", ["trường ĐH Thủy lợi"]),
    ],
)
def test_verb_after_body_name(rules: Pipeline, text: str, orgs: list[str]) -> None:
    assert _spans(rules, text, "ORG") == orgs


@pytest.mark.parametrize(
    ("text", "locs"),
    [
        # regions named whole (train annotations: "phương Tây" 10 of 10, "đồng bằng sông Cửu Long" 8 of 8)
        (
            "Các nước phương Tây lo ngại về lúa ở đồng bằng sông Cửu Long.",
            ["phương Tây", "đồng bằng sông Cửu Long"],
        ),
        (
            "Khu vực châu Á - Thái Bình Dương tăng trưởng, dân xứ Thanh đi làm.",
            ["châu Á - Thái Bình Dương", "xứ Thanh"],
        ),
        # states, capitals and older Vietnamese spellings of countries
        (
            "Ông ở bang Massachusetts rồi sang Kolkata. Quân Libăng rút.",
            ["Massachusetts", "Kolkata", "Libăng"],
        ),
    ],
)
def test_regions_whole(rules: Pipeline, text: str, locs: list[str]) -> None:
    assert _spans(rules, text, "LOC") == locs


@pytest.mark.parametrize(
    ("text", "pers"),
    [
        # joined degrees and honorary titles cue the name, also when the segmenter glues them to it
        ("Hội đồng gồm PGS-TS Dương Ái Phương (Hiệu trưởng), PGS-TS Hồ Thanh Phong (Hiệu phó).",
         ["Dương Ái Phương", "Hồ Thanh Phong"]),
        ("Có NSƯT Thành Hội (phải) và NSND Lan Hương.", ["Thành Hội", "Lan Hương"]),
    ],
)  # fmt: skip
def test_degree_and_honorary_titles(rules: Pipeline, text: str, pers: list[str]) -> None:
    assert _spans(rules, text, "PER") == pers


@pytest.mark.parametrize(
    ("text", "pers"),
    [
        # the given name of a full name, alone later, is the same person
        ("Anh cả là Hồ Văn Trí, sinh viên ở Huế. Ngày 28/10, Trí nghe tin sạt lở và về nhà.",
         ["Hồ Văn Trí", "Trí"]),
        # not before another capitalised word, not after a place's head, not a common word
        ("Ông Nguyễn Văn Đông đến xã Đông Hòa. Phía Đông có mưa.", ["Nguyễn Văn Đông"]),
        ("Bà Lê Thị Lan về thôn Lan ở huyện.", ["Lê Thị Lan"]),
    ],
)  # fmt: skip
def test_given_name_alone(rules: Pipeline, text: str, pers: list[str]) -> None:
    assert _spans(rules, text, "PER") == pers


@pytest.mark.parametrize(
    ("text", "pers", "orgs"),
    [
        # the byline's name glued to the source on the last line
        ("Người dùng nên cẩn thận.\nT.ThủyTheo The Verge", ["T.Thủy"], ["The Verge"]),
        ("Ông nói vậy.\nMinh PhươngTheo Guardian", ["Minh Phương"], ["Guardian"]),
        ("Nội dung bài.\nT.ThủyTổng hợp", ["T.Thủy"], []),
    ],
)
def test_glued_byline(rules: Pipeline, text: str, pers: list[str], orgs: list[str]) -> None:
    assert _spans(rules, text, "PER") == pers
    assert _spans(rules, text, "ORG") == orgs


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        # a board named bare is a body; inside a title it is not, nor where the title names it again
        ("HĐQT đã thông qua phương án. Ông Long là Chủ tịch HĐQT.", ["HĐQT"]),
        ("Hội đồng quản trị họp bất thường. Bà là thành viên Hội đồng quản trị.", ["Hội đồng quản trị"]),
        # bare names of one body: "Học viện", "Nhạc viện", "G7"
        ("Học viện cho biết sẽ tuyển thêm. Các nước G7 họp.", ["Học viện", "G7"]),
    ],
)
def test_bare_bodies(rules: Pipeline, text: str, orgs: list[str]) -> None:
    assert _spans(rules, text, "ORG") == orgs


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        # a hospital's or a school's department named after lowercase "khoa"; not "đa khoa", "y khoa"
        (
            "Anh được đưa vào khoa Cấp cứu. Cô là giảng viên khoa Sân khấu Trường CĐ VHNT TP.HCM.",
            ["khoa Cấp cứu", "khoa Sân khấu Trường CĐ VHNT TP.HCM"],
        ),
        (
            "Ông là nhà sử học y khoa. Bệnh viện đa khoa Bạc Liêu nhận bệnh nhân.",
            ["Bệnh viện đa khoa Bạc Liêu"],
        ),
        # "trưởng khoa" before a body's name is a title; before a department's own name it is not
        ("Bác sĩ Lan, trưởng khoa Cấp cứu, cho biết.", ["khoa Cấp cứu"]),
    ],
)
def test_departments(rules: Pipeline, text: str, orgs: list[str]) -> None:
    assert _spans(rules, text, "ORG") == orgs


@pytest.mark.parametrize(
    ("text", "orgs", "locs"),
    [
        # the border guard of a province, named with its abbreviation in brackets or abbreviated
        ("Bộ đội Biên phòng (BĐBP) tỉnh Đắk Lắk cho biết.", ["Bộ đội Biên phòng (BĐBP) tỉnh Đắk Lắk"], []),
        ("Chỉ huy trưởng BĐBP tỉnh Đắk Lắk và Bộ đội biên phòng tỉnh Gia Lai họp.",
         ["BĐBP tỉnh Đắk Lắk", "Bộ đội biên phòng tỉnh Gia Lai"], []),
        # a body's abbreviation in brackets, then its place: one body; without a place, two names
        ("Trung tâm Kiểm soát bệnh tật (CDC) TP Đà Nẵng cho biết. CDC thành phố Đà Nẵng lấy mẫu.",
         ["Trung tâm Kiểm soát bệnh tật (CDC) TP Đà Nẵng", "CDC thành phố Đà Nẵng"], []),
        ("Ngân hàng Trung ương Anh (BoE) cho biết.", ["Ngân hàng Trung ương Anh", "BoE"], []),
    ],
)  # fmt: skip
def test_bodies_with_abbreviation_and_place(
    rules: Pipeline, text: str, orgs: list[str], locs: list[str]
) -> None:
    assert _spans(rules, text, "ORG") == orgs
    assert _spans(rules, text, "LOC") == locs


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        # "Tổ chức" before a capital is a body's name, also after a capitalised word; before a lowercase
        # word it is the verb
        ("Theo Tổ chức Y tế Thế giới, dịch lan rộng. Tổ chức Giải phóng Palestine tuyên bố.",
         ["Tổ chức Y tế Thế giới", "Tổ chức Giải phóng Palestine"]),
        ("Tổ chức hội nghị tổng kết vào cuối năm.", []),
    ],
)  # fmt: skip
def test_organisation_word(rules: Pipeline, text: str, orgs: list[str]) -> None:
    assert _spans(rules, text, "ORG") == orgs


@pytest.mark.parametrize(
    ("text", "orgs", "locs"),
    [
        # a firm or brand named once after its description stands alone elsewhere in the article
        ("Theo nhãn hàng Aiken, sản phẩm đã có mặt. Aiken mong muốn lan tỏa thông điệp.",
         ["Aiken", "Aiken"], []),
        ("Thông tin được công ty BetterUp cung cấp. Năm 2021, BetterUp huy động 125 triệu USD.",
         ["công ty BetterUp", "BetterUp"], []),
        # not when the name is a place's or starts with a surname
        ("Thương hiệu Việt Nam được chú ý. Việt Nam xuất khẩu gạo.", [], ["Việt Nam", "Việt Nam"]),
        # a title abbreviation glued to the name by the segmenter
        ("Công ty Coteccons họp. Ông Phạm Quân Lực - Phó TGĐ Coteccons - cho biết.",
         ["Công ty Coteccons", "Coteccons"], []),
    ],
)  # fmt: skip
def test_brand_own_names(rules: Pipeline, text: str, orgs: list[str], locs: list[str]) -> None:
    assert _spans(rules, text, "ORG") == orgs
    assert _spans(rules, text, "LOC") == locs


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        # a party named by its kind, with its country; the verb the segmenter glues to it stays out
        ("Chủ tịch đảng Dân chủ tự do Nga V.Zhirinovsky dự đoán.", ["đảng Dân chủ tự do Nga"]),
        ("Đảng Bảo thủ thắng. đảng Lao động thua. Đảng cách mạng dân tộc Mông Cổ (MPRP) rút.",
         ["Đảng Bảo thủ", "đảng Lao động", "Đảng cách mạng dân tộc Mông Cổ", "MPRP"]),
        # "Dân chủ Nhật Bản" holds no Sunday; the party's own bodies and members are no party
        ("Đảng Tự do Dân chủ Nhật Bản thắng cử.", ["Đảng Tự do Dân chủ Nhật Bản"]),
        ("Đảng ủy xã họp với các đảng viên.", ["Đảng ủy xã"]),
        # electricity companies named by their place
        ("Điện lực TP.HCM đề nghị người dân cảnh giác. Ngành điện lực phát triển.", ["Điện lực TP.HCM"]),
    ],
)  # fmt: skip
def test_parties(rules: Pipeline, text: str, orgs: list[str]) -> None:
    assert _spans(rules, text, "ORG") == orgs


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        # a university named after lowercase "đại học"/"trường đại học"; not a level of study
        (
            "Ông học tại trường đại học Stanford, rồi đại học Harvard.",
            ["trường đại học Stanford", "đại học Harvard"],
        ),
        ("Học phí: cao đẳng 8.000 AUD/năm; đại học 11.000 AUD; khóa đại học 2 năm.", []),
        # "TP." ending a sentence: the next sentence's first word is no part of the body, the stop no part of it
        ("Đó là ông Dương Vũ Lâm - đại biểu HĐND TP. Ông Lâm cho rằng nói như vậy.", ["HĐND TP"]),
        ("UBND TP. Hồ Chí Minh và UBND TP.Cần Thơ họp.", ["UBND TP. Hồ Chí Minh", "UBND TP.Cần Thơ"]),
    ],
)
def test_lowercase_universities_and_city_stop(rules: Pipeline, text: str, orgs: list[str]) -> None:
    assert _spans(rules, text, "ORG") == orgs


@pytest.mark.parametrize(
    ("text", "locs"),
    [
        # a one-word country the segmenter glued to the verb after it; not a compound ("Mỹ nhân")
        ("Tàu ngầm do Đức sản xuất đã mất tích. Séc cáo buộc gián điệp Nga.", ["Đức", "Séc", "Nga"]),
        ("Mỹ nhân Thái Lan sở hữu làn da trắng mịn.", ["Thái Lan"]),
        # spellings and cities added to the list
        ("Nhân viên một bệnh viện công ở Italia 15 năm không đi làm.", ["Italia"]),
        (
            "Nhiệt độ Bắc cực đóng băng. Kiến trúc Đông Dương. Người Trung Hoa ưa bột mì.",
            ["Bắc cực", "Đông Dương", "Trung Hoa"],
        ),
        # a listed region opening with a lowercase word, glued by the segmenter to the word before
        ("Tôi cảnh báo rằng bóng đá châu Âu sẽ loạn.", ["châu Âu"]),
    ],
)
def test_glued_and_listed_places(rules: Pipeline, text: str, locs: list[str]) -> None:
    assert _spans(rules, text, "LOC") == locs


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        # a customs office named by its gate, airport or province, in either case
        ("Lực lượng hải quan cửa khẩu Tân Thanh đã bắt giữ.", ["hải quan cửa khẩu Tân Thanh"]),
        ("Hải quan Tân Sơn Nhất và Chi cục Hải quan sân bay Tân Sơn Nhất phát hiện.",
         ["Hải quan Tân Sơn Nhất", "Chi cục Hải quan sân bay Tân Sơn Nhất"]),
        ("Ông làm thủ tục hải quan. Theo đó, hàng được thông quan.", []),
    ],
)  # fmt: skip
def test_customs_offices(rules: Pipeline, text: str, orgs: list[str]) -> None:
    assert _spans(rules, text, "ORG") == orgs


@pytest.mark.parametrize(
    ("text", "orgs", "locs"),
    [
        # a steering committee named by its field keeps the field and its place
        ("Ban Chỉ đạo phòng, chống Covid-19 huyện Đông Anh cho biết.",
         ["Ban Chỉ đạo phòng, chống Covid-19 huyện Đông Anh"], []),
        ("Theo Ban chỉ đạo phòng chống dịch Covid-19 tỉnh Hà Nam, hôm nay có 3 ca.",
         ["Ban chỉ đạo phòng chống dịch Covid-19 tỉnh Hà Nam"], []),
        ("Ông là phó ban chỉ đạo công tác phòng chống dịch cúm gia cầm huyện Thốt Nốt.",
         ["ban chỉ đạo công tác phòng chống dịch cúm gia cầm huyện Thốt Nốt"], []),
        # the committees "of every level" are a class of bodies, no entity
        ("Ban Chỉ đạo phòng, chống dịch các cấp của tỉnh Thanh Hóa họp.", [], ["Thanh Hóa"]),
    ],
)  # fmt: skip
def test_steering_committees(rules: Pipeline, text: str, orgs: list[str], locs: list[str]) -> None:
    assert _spans(rules, text, "ORG") == orgs
    assert _spans(rules, text, "LOC") == locs


@pytest.mark.parametrize(
    ("text", "orgs", "locs"),
    [
        # the American parties named bare after a word of politics; a republic's name is a place
        ("Phe Dân chủ và Cộng hoà trong ủy ban tranh cãi. Nhiều đảng viên Cộng hoà phản đối.",
         ["Dân chủ", "Cộng hoà", "Cộng hoà"], []),
        ("Tổng thống Cộng hòa Séc Milos Zeman đến thăm.", [], ["Cộng hòa Séc"]),
    ],
)  # fmt: skip
def test_us_parties(rules: Pipeline, text: str, orgs: list[str], locs: list[str]) -> None:
    assert _spans(rules, text, "ORG") == orgs
    assert _spans(rules, text, "LOC") == locs


@pytest.mark.parametrize(
    ("text", "pers"),
    [
        # a firm's name before a one-word "name" makes it a product, no person; a staff title before keeps him
        ("Toyota Cross bán chạy nhất. Mẫu Cross có giá 720 triệu.", []),
        (
            "Ông Park Hang Seo nói. Chủ tịch Vingroup Phạm Nhật Vượng cho biết.",
            ["Park Hang Seo", "Phạm Nhật Vượng"],
        ),
    ],
)
def test_brand_products(full: Pipeline, text: str, pers: list[str]) -> None:
    assert _spans(full, text, "PER") == pers


def test_arabic_article_goes_on_the_name(full: Pipeline) -> None:
    text = "Thái tử Abdullah Abdul Aziz al-Tweijri phát biểu. Ông Mohammed Saleh al-Gheith nói."
    assert _spans(full, text, "PER") == ["Abdullah Abdul Aziz al-Tweijri", "Mohammed Saleh al-Gheith"]

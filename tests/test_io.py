"""Readers: text, JSON Lines (gz), HTML, directories, stdin; every record yields one item."""

from __future__ import annotations

import gzip
import io
import pickle
from pathlib import Path

import pytest

from newsextract.io import (
    Article,
    InputError,
    RawHtml,
    expand_inputs,
    iter_articles,
    iter_inputs,
    iter_records,
    read_html,
    resolve,
)

HTML = """<html><head><title>Hà Nội mưa to</title>
<meta name="author" content="Nguyễn Văn A">
<meta property="article:published_time" content="2023-01-04T08:00:00+07:00"></head>
<body><nav>Trang chủ | Thời sự</nav><article><h1>Hà Nội mưa to</h1>
<p>Ngày 4/1/2023, Quận ủy Cầu Giấy tổ chức hội nghị lần thứ 18 để tổng kết công tác năm 2022.</p>
<p>Hội nghị có sự tham dự của nhiều đại biểu. Đồng chí Trần Thị Phương Hoa phát biểu chỉ đạo.</p>
</article></body></html>"""


def test_txt_file_id_is_stem(tmp_path: Path) -> None:
    p = tmp_path / "bai-1.txt"
    p.write_text("Hà Nội mưa to.", encoding="utf-8")
    [a] = list(iter_articles(p))
    assert isinstance(a, Article) and a.id == "bai-1" and a.text == "Hà Nội mưa to."


def test_txt_not_utf8_is_decode_error(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_bytes(b"H\xe0 N\xf4i")
    [e] = list(iter_articles(p))
    assert isinstance(e, InputError) and e.stage == "decode" and e.id == "x"


def test_jsonl_bad_lines_become_errors(tmp_path: Path) -> None:
    p = tmp_path / "dump.jsonl"
    p.write_bytes(
        b'{"id": "a", "text": "Hu\xe1\xba\xbf", "published": "2023-01-04", "title": "T"}\n'
        b"\n"
        b"{not json\n"
        b'{"id": 7, "text": 5}\n'
        b"\xff\xfe\n"
        b"[1, 2]\n"
        b'{"text": "Vinh"}\n'
    )
    items = list(iter_articles(p))
    assert [type(i).__name__ for i in items] == [
        "Article",
        "InputError",
        "InputError",
        "InputError",
        "InputError",
        "Article",
    ]
    assert items[0] == Article(id="a", text="Huế", published="2023-01-04", title="T")
    assert [(i.id, i.stage) for i in items[1:5] if isinstance(i, InputError)] == [
        ("dump:3", "parse"),
        ("7", "parse"),
        ("dump:5", "decode"),
        ("dump:6", "parse"),
    ]
    assert items[5].id == "dump:7"


def test_jsonl_gz_and_truncated_gz(tmp_path: Path) -> None:
    lines = b"".join(b'{"id": "%d", "text": "B\xc3\xa0i %d"}\n' % (i, i) for i in range(200))
    good = tmp_path / "ok.jsonl.gz"
    good.write_bytes(gzip.compress(lines))
    assert [a.id for a in iter_articles(good)] == [str(i) for i in range(200)]
    bad = tmp_path / "bad.jsonl.gz"
    bad.write_bytes(gzip.compress(lines)[:-30])
    items = list(iter_articles(bad))
    assert isinstance(items[-1], InputError) and items[-1].stage == "read"
    assert all(isinstance(i, Article) for i in items[:-1])


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    p = tmp_path / "trang.html"
    p.write_text(HTML, encoding="utf-8")
    [raw] = list(iter_records(p))
    assert isinstance(raw, RawHtml) and raw.id == "trang"
    a = resolve(raw)
    assert isinstance(a, Article)
    assert a.id == "trang" and a.title == "Hà Nội mưa to" and a.author == "Nguyễn Văn A"
    assert a.published == "2023-01-04" and a.carry_text
    assert "Quận ủy Cầu Giấy" in a.text and "Trang chủ" not in a.text
    assert list(iter_articles(p)) == [a]


def test_html_without_text_is_error() -> None:
    with pytest.raises(InputError) as ei:
        read_html(b"<html><body></body></html>", id="rong")
    assert ei.value.id == "rong"


def test_directory_recursive_glob_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.txt").write_text("Một", encoding="utf-8")
    (tmp_path / "b" / "c.txt").write_text("Hai", encoding="utf-8")
    (tmp_path / "b" / "d.jsonl").write_text('{"text": "Ba"}\n', encoding="utf-8")
    (tmp_path / ".hidden" / "e.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    assert [a.id for a in iter_inputs([str(tmp_path)])] == ["a", "b/c", "b/d:1"]
    assert [a.id for a in iter_inputs([str(tmp_path)], glob="*.txt")] == ["a", "b/c"]


def test_stdin_and_missing_path() -> None:
    stdin = io.BytesIO('{"id": "s1", "text": "Cần Thơ"}\n{"text": "Huế"}\n'.encode())
    assert [a.id for a in iter_inputs(["-"], stdin=stdin)] == ["s1", "stdin:2"]
    with pytest.raises(FileNotFoundError):
        expand_inputs(["/nonexistent/khong-co.jsonl"])


def test_input_error_pickles() -> None:
    e = pickle.loads(pickle.dumps(InputError("hỏng", id="a", stage="parse", type="JSONDecodeError")))
    assert (str(e), e.id, e.stage, e.type) == ("hỏng", "a", "parse", "JSONDecodeError")

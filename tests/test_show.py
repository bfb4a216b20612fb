"""``newsextract show``: the HTML page of one article, checked as markup and in headless Chromium."""

from __future__ import annotations

import json
import os
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsextract.cli import main
from newsextract.records import DateSpan, Entity, Money, Quantity, Result
from newsextract.show import render, render_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "articles_a.gold.jsonl"
CHROMIUM = Path("/usr/bin/chromium")
VOID = {"meta", "br", "img", "input", "link", "hr"}


class _Page(HTMLParser):
    """Checks nesting and collects the article's text, elements and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.elements: list[tuple[str, dict[str, str]]] = []  # inside the article text only
        self.text_parts: list[str] = []
        self.in_text = 0  # depth inside <div id="text">
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if self.in_text or tag in ("tr", "a"):
            self.elements.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])
        if tag in VOID:
            return
        self.stack.append(tag)
        if self.in_text or a.get("id") == "text":
            self.in_text += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()
        if self.in_text:
            self.in_text -= 1

    def handle_data(self, data: str) -> None:
        if self.in_text:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def having(self, tag: str, cls: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == tag and cls in a.get("class", "").split()]


def parse(page: str) -> _Page:
    p = _Page()
    p.feed(page)
    p.close()
    assert p.stack == [], p.stack
    return p


def assert_self_contained(page: str) -> None:
    low = page.lower()
    assert "<script" not in low and "<link" not in low and "<img" not in low
    assert "http://" not in low and "https://" not in low and "url(" not in low


# --------------------------------------------------------------------------- render (pure)

TEXT = 'Ngày 4/1/2023, Quận ủy <Cầu Giấy> chi "1.250 tỷ đồng" & họp.'


def _result() -> Result:
    def at(s: str) -> tuple[int, int]:
        i = TEXT.index(s)
        return i, i + len(s)

    d0, d1 = at("Ngày 4/1/2023")
    o0, o1 = at("Quận ủy <Cầu Giấy>")
    m0, m1 = at("1.250 tỷ đồng")
    return Result(
        id="t1",
        title="Thử <nghiệm>",
        entities=[
            Entity(start=d0, end=d1, text=TEXT[d0:d1], label="DATE"),
            Entity(start=o0, end=o1, text=TEXT[o0:o1], label="ORG"),
        ],
        dates=[DateSpan(start=d0 + 5, end=d1, text=TEXT[d0 + 5 : d1], value="2023-01-04", grain="day")],
        quantities=[
            Quantity(start=m0, end=m1, text=TEXT[m0:m1], kind="money", value=1.25e12, currency="VND")
        ],
        facts=[
            Money(start=m0, end=m1, evidence=TEXT[m0:m1], value=1.25e12, currency="VND"),
            # crosses the ORG entity and the money quantity
            Money(start=o0 + 4, end=m0 + 3, evidence=TEXT[o0 + 4 : m0 + 3], value=1, currency="VND"),
        ],
    )


def test_render_marks_escapes_and_nests() -> None:
    page = render(_result(), TEXT)
    p = parse(page)
    assert p.text == TEXT  # every character once, in order, unescaped by the parser
    assert "&lt;Cầu Giấy&gt;" in page and "&amp; họp" in page and "<nghiệm>" not in page
    ents = p.having("mark", "ent")
    assert {a["data-label"] for a in ents} == {"DATE", "ORG"}
    assert any("ORG" in a["class"].split() for a in ents)
    dq = p.having("span", "dq")
    titles = {a["title"] for a in dq}
    assert "date 2023-01-04 (day)" in titles
    assert "money 1,250,000,000,000 VND" in titles
    assert_self_contained(page)


def test_fact_rows_link_to_evidence_anchors() -> None:
    page = render(_result(), TEXT)
    p = parse(page)
    rows = p.having("tr", "fact")
    assert [r["id"] for r in rows] == ["fact-0", "fact-1"]
    links = [a["href"] for a in p.having("a", "ev-link")]
    assert links == ["#ev-0", "#ev-1"]
    for href in links:
        assert p.ids.count(href[1:]) == 1  # exactly one anchor, on the first fragment
    # the crossing evidence was split: more than one fragment, one id
    assert len(p.having("span", "ev-1")) > 1


def test_empty_and_out_of_range_spans() -> None:
    r = Result(
        entities=[Entity(start=3, end=99, text="x", label="PER")],
        facts=[Money(start=2, end=2, evidence="", value=1, currency="VND")],
    )
    page = render(r, "Huế đẹp")
    p = parse(page)
    assert p.text == "Huế đẹp" and not p.having("mark", "ent")
    assert "ev-0" in p.ids and p.having("a", "ev-link")[0]["href"] == "#ev-0"


spans = st.tuples(
    st.integers(0, 30), st.integers(0, 30), st.sampled_from(["PER", "ORG", "LOC", "DATE", "dq"])
)


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.sampled_from('aă ơ<>&"\n'), min_size=1, max_size=30), raw=st.lists(spans, max_size=12))
def test_any_spans_nest_and_keep_the_text(text: str, raw: list[tuple[int, int, str]]) -> None:
    ents, dates, facts = [], [], []
    for a, b, kind in raw:
        s, e = sorted((min(a, len(text)), min(b, len(text))))
        if kind == "dq":
            dates.append(DateSpan(start=s, end=e, text=text[s:e], value=None, grain="relative-unresolvable"))
            facts.append(Money(start=s, end=e, evidence=text[s:e], value=s, currency="VND"))
        else:
            ents.append(Entity(start=s, end=e, text=text[s:e], label=kind))  # type: ignore[arg-type]
    page = render(Result(entities=ents, dates=dates, facts=facts), text)
    p = parse(page)
    assert p.text == text
    assert len(p.having("tr", "fact")) == len(facts)
    assert all(p.ids.count(f"ev-{i}") == 1 for i in range(len(facts)))


# --------------------------------------------------------------------------- files and CLI


def test_render_file_jsonl_by_id_and_txt(tmp_path: Path, pipeline) -> None:
    page = render_file(SAMPLE, article_id="s02", pipeline=pipeline)
    first = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[1])
    assert first["id"] == "s02"
    assert parse(page).text == first["text"]
    txt = tmp_path / "bai.txt"
    txt.write_text("Ngày 4/1/2023, Quận ủy Cầu Giấy tổ chức hội nghị lần thứ 18.", encoding="utf-8")
    p = parse(render_file(txt, pipeline=pipeline))
    assert p.having("mark", "ent") and p.having("span", "dq") and p.having("tr", "fact")
    with pytest.raises(LookupError):
        render_file(SAMPLE, article_id="khong-co", pipeline=pipeline)
    with pytest.raises(FileNotFoundError):
        render_file(tmp_path / "missing.jsonl", pipeline=pipeline)


def test_cli_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "page.html"
    assert main(["show", str(SAMPLE), "--id", "s03", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'class="ent ' in page
    assert main(["show", str(SAMPLE), "--id", "khong-co"]) == 2
    assert "khong-co" in capsys.readouterr().err


# --------------------------------------------------------------------------- headless Chromium


def _need_chromium() -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but /usr/bin/chromium is missing (apt-get install -y chromium)")
        pytest.skip("/usr/bin/chromium is absent")


def _chromium(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *extra,
        url,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def test_page_in_headless_chromium(tmp_path: Path, pipeline) -> None:
    _need_chromium()
    article = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    result = pipeline.extract(article["text"], published=article.get("published"), id=article["id"])
    assert result.entities and result.facts and result.dates and result.quantities
    html_path = tmp_path / "page.html"
    html_path.write_text(render(result, article["text"]), encoding="utf-8")
    proc = _chromium(html_path.as_uri(), tmp_path / "profile", "--dump-dom")
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = parse(proc.stdout)
    assert dom.text == article["text"]  # the browser kept every character
    ents = dom.having("mark", "ent")
    assert {a["data-label"] for a in ents} == {e.label for e in result.entities}
    assert len(ents) >= len(result.entities)
    assert len(dom.having("span", "dq")) >= len(
        {(d.start, d.end) for d in [*result.dates, *result.quantities]}
    )
    rows = dom.having("tr", "fact")
    assert len(rows) == len(result.facts)
    for row in rows:
        n = row["id"].removeprefix("fact-")
        assert dom.ids.count(f"ev-{n}") == 1
    assert [a["href"] for a in dom.having("a", "ev-link")] == [f"#ev-{i}" for i in range(len(result.facts))]

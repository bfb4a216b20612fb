"""The command line: help, extract on .txt and .jsonl, evaluate, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsextract.cli import main, parse_args


def test_parse_args_defaults() -> None:
    a = parse_args(["extract", "a.txt"])
    assert a.command == "extract" and a.output == "-" and a.format == "jsonl" and not a.resume


@pytest.mark.parametrize(
    "argv", [["--help"], ["extract", "--help"], ["evaluate", "--help"], ["show", "--help"]]
)
def test_help_exits_zero(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 0
    assert "newsextract" in capsys.readouterr().out


def test_no_command_is_usage_error() -> None:
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2


def test_extract_txt_and_jsonl(tmp_path: Path) -> None:
    txt = tmp_path / "bai-1.txt"
    txt.write_text(
        "Quận ủy Cầu Giấy họp\n\nNgày 4/1/2023, Quận ủy Cầu Giấy tổ chức hội nghị lần thứ 18.\n", "utf-8"
    )
    jl = tmp_path / "dump.jsonl"
    rows = [
        {"id": "a", "text": "Bộ Tài chính cho biết thu ngân sách tăng 8,02%.", "published": "2023-01-05"},
        {"id": "b", "text": ""},
        {"id": "c", "text": "Hôm qua, UBND TP Hà Nội họp.", "published": "2023-01-05", "title": "Họp"},
    ]
    jl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{not json\n", "utf-8")
    out = tmp_path / "out.jsonl"
    code = main(["extract", str(txt), str(jl), "-o", str(out), "--jobs", "1", "--no-model"])
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert [x["id"] for x in lines][:4] == ["bai-1", "a", "b", "c"]
    assert len(lines) == 5  # one line per input record, the malformed one included
    assert code == 1  # some error records were written
    assert lines[0]["title"] == "Quận ủy Cầu Giấy họp"
    assert "error" in lines[2] and lines[2]["error"]["stage"] == "input"
    assert "error" in lines[4]
    assert any(e["text"] == "Bộ Tài chính" and e["label"] == "ORG" for e in lines[1]["entities"])
    assert lines[3]["title"] == "Họp" and lines[3]["published"] == "2023-01-05"


def test_missing_input_is_exit_2(tmp_path: Path) -> None:
    assert main(["extract", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "o.jsonl")]) == 2


def test_evaluate_with_predictions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "g.jsonl"
    text = "Ông Nguyễn Văn An làm việc tại Hà Nội."
    gold.write_text(
        json.dumps(
            {
                "id": "g1",
                "text": text,
                "entities": [
                    {"start": 4, "end": 17, "label": "PER"},
                    {"start": 31, "end": 37, "label": "LOC"},
                ],
            },
            ensure_ascii=False,
        )
        + "\n",
        "utf-8",
    )
    pred = tmp_path / "p.jsonl"
    pred.write_text(
        json.dumps(
            {"id": "g1", "entities": [{"start": 4, "end": 17, "text": "Nguyễn Văn An", "label": "PER"}]},
            ensure_ascii=False,
        )
        + "\n",
        "utf-8",
    )
    report = tmp_path / "r.json"
    assert main(["evaluate", str(gold), "--pred", str(pred), "--json", str(report)]) == 0
    data = json.loads(report.read_text("utf-8"))
    assert data["entities"]["strict"]["PER"]["f1"] == 1.0
    assert data["entities"]["strict"]["micro"]["recall"] == 0.5
    assert "PER" in capsys.readouterr().out

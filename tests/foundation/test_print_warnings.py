"""Warnings written as plain text to a file or pipe are the lines rich renders for them (one write, not one render
per warning), long lines, tabs, newlines and non-ASCII text included; the silenced line follows."""

from __future__ import annotations

import io

from renketsu.cli import common
from renketsu.reports.text import console
from renketsu.reports.warnings import Warning

WARNINGS = [
    Warning("negative_cash", "E1", "1100", "E1's 1100 Cash is -5 (a credit balance): " + "long " * 60, "ledger/tb.csv",
            17),
    Warning("translation_difference", "E\t2", None, "tab\there, a newline\nthere, 現金 and [bold]markup[/bold]"),
    Warning("income_debit", "E3", "4100", "no row", "ledger/big.csv", None),
]


def _rich(warnings, silenced) -> str:
    out = io.StringIO()
    con = console(stderr=True)
    con.file = out
    for w in warnings:
        con.print(common._styled(("warning", "yellow"), f" {common.visible(w.rule)} ", common.visible(w.text())))
    if silenced:
        con.print(f"{len(silenced)} warning(s) silenced: " + ", ".join(
            common.visible(f"{w.rule}:{w.entity}" + (f":{w.account}" if w.account else "")) for w in silenced))
    return out.getvalue()


def test_plain_warnings_are_the_lines_rich_prints(capsys):
    common.print_warnings(WARNINGS, WARNINGS[:1])
    got = capsys.readouterr().err
    assert got == _rich(WARNINGS, WARNINGS[:1])
    assert got.count("\n") == 4  # one line each (soft wrap, the newline escaped), and the silenced line


def test_plain_warnings_are_not_rendered_one_by_one(capsys, monkeypatch):
    def no_render(*parts):
        raise AssertionError("a warning rendered through rich")

    monkeypatch.setattr(common, "_styled", no_render)
    common.print_warnings(WARNINGS, [])
    assert capsys.readouterr().err.startswith("warning negative_cash ledger/tb.csv:17: E1's 1100 Cash")

"""Rates are demanded only where a row or an amount needs them (issue 10, item 7).

Opening a workspace no longer runs a rate check of its own: it used to demand a closing and an
average rate at every fiscal year end of every foreign ledger, and a spot rate at every holding
date, whether or not anything was translated there. The consolidation asks for exactly the rates
it uses (docs/format.md §4), and `validate` consolidates at every fiscal year end, so it reports
those and no others.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from renketsu.cli.main import app

CASE = Path(__file__).resolve().parents[1] / "cases" / "translation" / "a-foreign-sub-cta" / "workspace"
runner = CliRunner()


def _acquired_in_2021(tmp_path: Path) -> Path:
    """Case a, with S bought on 2021-01-01: its 2020 trial balance is history before control."""
    root = tmp_path / "ws"
    shutil.copytree(CASE, root)
    g = root / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace("date: '2020-01-01'", "date: '2021-01-01'"), encoding="utf-8")
    (root / "rates.csv").write_text("currency,date,kind,rate\nUSD,2021-01-01,spot,110\n"
                                    "USD,2021-06-30,spot,112\nUSD,2021-12-31,average,115\nUSD,2021-12-31,closing,120\n", encoding="utf-8")
    return root


def test_no_rates_for_a_year_before_control(tmp_path: Path) -> None:
    root = _acquired_in_2021(tmp_path)
    out = runner.invoke(app, ["validate", str(root)])
    # before: "no average rate for USD at 2020-12-31, and no closing rate: needed for translating S's ..."
    assert out.exit_code == 0, out.output
    assert "rates.csv" not in out.output
    res = runner.invoke(app, ["consolidate", str(root), "--period", "2021-12-31", "--format", "json"])
    assert res.exit_code == 0, res.output


def test_a_rate_the_consolidation_uses_is_still_demanded(tmp_path: Path) -> None:
    root = _acquired_in_2021(tmp_path)
    rates = root / "rates.csv"
    rates.write_text(rates.read_text(encoding="utf-8").replace("USD,2021-12-31,average,115\n", ""), encoding="utf-8")
    out = runner.invoke(app, ["validate", str(root)])
    assert out.exit_code == 2, out.output
    assert "no average rate for USD at 2021-12-31" in out.output
    assert "USD,2021-12-31,average,RATE" in out.output


def test_ownership_needs_no_rates(tmp_path: Path) -> None:
    root = _acquired_in_2021(tmp_path)
    (root / "rates.csv").unlink()
    out = runner.invoke(app, ["ownership", str(root), "--date", "2021-12-31"])
    assert out.exit_code == 0, out.output
    assert "S" in out.output


def test_one_kind_asked_with_and_without_a_fallback_is_one_rate_to_add() -> None:
    """Found by review (n-34 without its spot rate of the issue day): the message said "no spot (or closing) rate
    ..., and no spot rate" and asked for the same row twice."""
    import datetime as dt

    from renketsu.model.errors import Problems
    from renketsu.workspace.rates import report_missing

    problems = Problems()
    day = dt.date(2022, 7, 1)
    report_missing(problems, "/ws", {("USD", day, "spot", "closing"): ["S's share issue"],
                                     ("USD", day, "spot", None): ["translating S's dated equity rows"]})
    (p,) = problems.items
    assert p.message == ("no spot rate for USD at 2022-07-01: needed for S's share issue; translating S's dated "
                         "equity rows")
    assert p.hint.count("USD,2022-07-01,spot,RATE") == 1 and "rows" not in p.hint

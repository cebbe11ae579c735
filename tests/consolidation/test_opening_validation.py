"""opening.csv is checked by reading and by ``renketsu validate``: every problem together, each naming
file and row (docs/format.md "Extension: opening.csv")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from renketsu.api import Context
from renketsu.cli.main import app
from renketsu.model.errors import RenketsuError

OPENING = Path(__file__).resolve().parents[1] / "cases" / "opening" / "o-1b-opening-balances" / "workspace"
HEADER = "date,entity,item,account,holder,amount\n"


def _copy(tmp_path: Path, opening_csv: str | None = None) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(OPENING, ws)
    if opening_csv is not None:
        (ws / "opening.csv").write_text(opening_csv, encoding="utf-8")
    return ws


def _problems(ws: Path) -> list:
    with pytest.raises(RenketsuError) as e:
        Context.open(ws)
    return e.value.problems


def test_the_case_validates() -> None:
    res = CliRunner().invoke(app, ["validate", str(OPENING)])
    assert res.exit_code == 0, res.output
    assert "ok" in res.output


def test_every_problem_is_reported_together_with_its_row(tmp_path: Path) -> None:
    ws = _copy(tmp_path, HEADER + "\n".join([
        "2022-12-31,H,reserve,,,1328600",
        "2022-12-31,S,equity,3100,,3600000",
        "2022-12-31,S,equity,9999,,1",           # 4: unknown account
        "2022-12-31,S,goodwill,,H,1250",
        "2022-12-31,S,nci,,,1470000",
        "2022-12-31,S,nci,,,1470000",            # 7: duplicate
        "2022-12-31,ZZ,nci,,,1",                 # 8: unknown entity
        "2022-12-31,A,carrying,,H,1e4",          # 9: not exact
        "2022-12-31,A,goodwill,,P,1250",         # 10: P is not a holder of A
        "2021-12-31,A,reserve,,H,29400",         # 11: another date
    ]) + "\n")
    problems = _problems(ws)
    by_row = {(p.where.row if p.where else None): p.kind for p in problems}
    assert by_row[4] == "opening.unknown_account"
    assert by_row[7] == "opening.duplicate"
    assert by_row[8] == "opening.unknown_entity"
    assert by_row[9].startswith("schema.")
    assert by_row[11] == "opening.date"
    assert all(p.where is not None and p.where.file.endswith("opening.csv") for p in problems)
    assert all(p.hint for p in problems)


def test_items_must_fit_the_entity_at_the_start_date(tmp_path: Path) -> None:
    ws = _copy(tmp_path, HEADER + "\n".join([
        "2022-12-31,H,reserve,,,1328600",
        "2022-12-31,S,reserve,,,908000",
        "2022-12-31,S,equity,3100,,3600000",     # both equity and reserve
        "2022-12-31,S,carrying,,H,1",            # an associate's item
        "2022-12-31,A,goodwill,,P,1250",         # P is not a holder of A; A has no carrying
        "2022-12-31,P,nci,,,0",                  # the parent
    ]) + "\n")
    kinds = sorted(p.kind for p in _problems(ws))
    assert kinds == sorted(["opening.item", "opening.item", "opening.unknown_holder", "opening.missing",
                            "opening.not_held", "opening.missing"])


def test_every_subsidiary_and_associate_at_the_start_date_is_listed(tmp_path: Path) -> None:
    ws = _copy(tmp_path, HEADER + "2022-12-31,H,reserve,,,1328600\n")
    missing = [p for p in _problems(ws) if p.kind == "opening.missing"]
    assert {m.message.split(" ")[0] for m in missing} == {"S", "A"}


def test_a_holding_change_after_the_start_date_is_refused(tmp_path: Path) -> None:
    ws = _copy(tmp_path)
    g = ws / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8") + "- date: '2023-06-30'\n  holder: H\n  entity: S\n  share: 0.9\n"
                 "  cost: 5000\n", encoding="utf-8")
    kinds = [p.kind for p in _problems(ws)]
    assert "opening.holding_after_start" in kinds


def test_the_start_date_must_be_a_fiscal_year_end_held_by_the_ledger(tmp_path: Path) -> None:
    text = (OPENING / "opening.csv").read_text(encoding="utf-8")
    ws = _copy(tmp_path, text.replace("2022-12-31", "2022-06-30"))
    kinds = {p.kind for p in _problems(ws)}
    assert "opening.date" in kinds
    ws2 = _copy(tmp_path / "b", text.replace("2022-12-31", "2021-12-31"))
    assert "opening.start_not_period" in {p.kind for p in _problems(ws2)}


def test_each_listed_entity_needs_its_trial_balance_at_the_start_date(tmp_path: Path) -> None:
    ws = _copy(tmp_path)
    tb = ws / "ledger" / "trial_balances.csv"
    lines = tb.read_text(encoding="utf-8").splitlines(keepends=True)
    tb.write_text("".join(ln for ln in lines if not ln.startswith("A,2022-12-31")), encoding="utf-8")
    problems = _problems(ws)
    assert [p.kind for p in problems] == ["opening.no_trial_balance"]
    assert "A" in problems[0].message and problems[0].where.row is not None


def test_an_equity_account_with_a_balance_needs_its_row(tmp_path: Path) -> None:
    text = (OPENING / "opening.csv").read_text(encoding="utf-8")
    ws = _copy(tmp_path, "".join(ln for ln in text.splitlines(keepends=True) if ",S,equity,3300," not in ln))
    ctx = Context.open(ws)  # the rows are well formed: the consolidation finds the account left out
    with pytest.raises(RenketsuError) as e:
        ctx.consolidate("2023-12-31")
    assert [p.kind for p in e.value.problems] == ["opening.missing"]
    assert "3300" in e.value.problems[0].message and e.value.problems[0].where.file.endswith("opening.csv")
    res = CliRunner().invoke(app, ["validate", str(ws)])
    assert res.exit_code == 2 and "3300" in res.output

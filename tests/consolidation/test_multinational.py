"""Issue 10 item 1: investments in any currency, equity method by any holder, jgaap goodwill inside an
associate's carrying amount. The first year of each two-year worked case (the second is its expected.yaml;
the working is in each case's README.md), and the re-cut's step table."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context, EngineContext
from renketsu.consolidation import FINAL, STEPS, ConsolidationResult
from renketsu.consolidation.stage import Step, StepOrderError, check_order

CASES = Path(__file__).resolve().parent.parent / "cases"
M1 = CASES / "multinational/m-1-foreign-intermediate-holds-foreign-sub/workspace"
M2 = CASES / "multinational/m-2b-associate-under-usd-holding/workspace"
M3 = CASES / "equity-method/m-3-jgaap-associate-goodwill/workspace"


def _run(ws: Path, period: str) -> tuple[dict[str, Decimal], ConsolidationResult]:
    res = Context.open(ws).consolidate(period)
    assert res.ok, [c for c in res.checks if not c["ok"]]
    return res.balance_sheet, res


def test_foreign_intermediate_first_year() -> None:
    bs, res = _run(M1, "2023-12-31")
    assert bs == {"1100": 11010000, "1600": 1800000, "3100": -10000000, "3300": -580000, "3600": -580000,
                  "3900": -1650000}
    assert (res.profit_total, res.profit_owners, res.profit_nci) == (725000, 580000, 145000)
    # The holder's investment leaves at its closing-rate amount, the difference out of its reserve.
    first = next(e for e in res.eliminations if e.kind == "investment" and e.entity == "S")
    lines = {(ln.entity, ln.account): ln.amount for ln in first.lines}
    assert lines[("H", "1500")] == -7840000 and lines[("H", "3600")] == 560000


def test_associate_under_foreign_holding_first_year() -> None:
    bs, _res = _run(M2, "2023-12-31")
    assert bs == {"1100": 470000, "1510": 1890000, "3100": -2000000, "3300": -202500, "3600": -157500}


def test_jgaap_associate_goodwill_first_year() -> None:
    bs, res = _run(M3, "2023-12-31")
    assert bs == {"1100": 58000, "1510": 41600, "3100": -100000, "3300": 400}
    assert res.income_statement == {"4300": 400}


def test_ifrs_associate_goodwill_is_not_amortised(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(M3, ws)
    group = (ws / "group.yaml").read_text().replace("framework: jgaap", "framework: ifrs").replace(
        "  goodwill_amortisation_years: 5\n", "  nci_measurement: proportionate\n")
    (ws / "group.yaml").write_text(group)
    res = Context.open(ws).consolidate("2024-12-31")
    assert res.balance_sheet["1510"] == 42000 + 2000 + 2500
    assert not [e for e in res.eliminations if e.kind == "goodwill_amortisation"]


def test_rates_only_where_an_amount_needs_them(tmp_path: Path) -> None:
    """H (USD) has no income rows: the engine asks no USD average rate in either year (issue 10 item 7).

    (``validate``'s rate check, workspace/rates.py, still asks for one per foreign entity and period: the
    engine is run here without it.)"""
    from renketsu.consolidation import consolidate
    from renketsu.ledger import Ledger
    from renketsu.model.errors import Problems
    from renketsu.workspace import read_workspace

    ws = tmp_path / "ws"
    shutil.copytree(M1, ws)
    rates = [ln for ln in (ws / "rates.csv").read_text().splitlines() if not (ln.startswith("USD,") and "average" in ln)]
    (ws / "rates.csv").write_text("\n".join(rates) + "\n")
    problems = Problems()
    workspace = read_workspace(ws, problems)
    assert workspace is not None and not problems
    res = consolidate(workspace, Ledger.load(workspace, problems), dt.date(2024, 12, 31))
    assert res.balance_sheet["3600"] == -1204000
    assert "average" not in res.translation["H"]


def test_typed_result_accessors() -> None:
    _bs, res = _run(M1, "2024-12-31")
    f = res.figures_of("S")
    assert f is not None and f.goodwill == 1920000 and f.nci_amount == 1952000
    assert res.amount("3600") == -1204000 and res.amount("4100") == -1395000
    check = res.check("investments_eliminated")
    assert check is not None and check.ok
    assert res.to_json()["entities"]["S"]["goodwill"] == "1920000"


def test_context_meets_the_protocol() -> None:
    assert isinstance(Context.open(M3), EngineContext)


def test_step_table_order_is_checked() -> None:
    check_order((*STEPS, *FINAL), given=("entries",))
    names = [s.name for s in STEPS]
    with pytest.raises(StepOrderError, match="needs acquisition"):
        check_order(tuple(s for s in STEPS if s.name != "acquisition"))
    with pytest.raises(StepOrderError, match="made twice"):
        check_order((*STEPS, Step("again", STEPS[0].fn, (), "acquisition")))
    assert names[0] == "acquisition" and names[-1] == "nci"


def test_steps_stamp_their_own_name() -> None:
    _bs, res = _run(M1, "2024-12-31")
    goodwill_translation = [e for e in res.eliminations if e.kind == "translation"]
    assert goodwill_translation and {e.step for e in goodwill_translation} == {"goodwill"}

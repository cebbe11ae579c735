"""Opening balances (issue 10 item 4): the group of tests/cases/opening/ from full history and from
opening.csv gives the same figures, and the full history at the start date gives opening.csv's figures."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

CASES = Path(__file__).resolve().parents[1] / "cases" / "opening"
FULL = CASES / "o-1-full-history" / "workspace"
OPENING = CASES / "o-1b-opening-balances" / "workspace"
START = dt.date(2022, 12, 31)
HEADER = "date,entity,item,account,holder,amount\n"


@pytest.fixture(scope="module")
def full() -> Context:
    return Context.open(FULL)


@pytest.fixture(scope="module")
def opened() -> Context:
    return Context.open(OPENING)


def _figures(res) -> dict:
    return {
        "balance_sheet": res.balance_sheet,
        "income_statement": res.income_statement,
        "profit": (res.profit_total, res.profit_owners, res.profit_nci),
        "entities": {e: (f.goodwill, f.nci_amount, f.cta) for e, f in res.figures.items()},
        "checks": [(c.name, c.ok) for c in res.typed_checks],
    }


@pytest.mark.parametrize("period", ["2023-12-31", "2024-12-31"])
def test_opening_balances_give_the_figures_of_full_history(full: Context, opened: Context, period: str) -> None:
    a, b = full.consolidate(period), opened.consolidate(period)
    assert _figures(b) == _figures(a)
    assert a.ok and b.ok
    assert b.amount("1510") == a.amount("1510") != 0  # the associate's carrying amount
    assert b.amount("1600") == a.amount("1600") != 0  # goodwill still being amortised


def test_the_year_after_the_start_is_the_hand_worked_one(opened: Context) -> None:
    res = opened.consolidate("2023-12-31")
    assert res.amount("3600") == Decimal(-2356000)
    assert res.amount("3900") == Decimal(-1899700)
    assert res.amount("3300") == Decimal(-3581900)
    assert res.figures["S"].goodwill == Decimal(102050)
    opening_entries = [e for e in res.eliminations if e.kind == "investment"]
    assert sorted(e.entity for e in opening_entries) == ["H", "S"]
    assert all("opening position" in e.reason for e in opening_entries)


def test_no_rate_and_no_trial_balance_before_the_start_date(opened: Context) -> None:
    assert min(opened.periods()) == START
    assert all(r.date >= START for r in opened.workspace.rates)
    assert all(h.equity_at_acquisition is None for h in opened.workspace.group.holdings)
    assert {(r.date, r.kind) for r in opened.workspace.rates if r.date == START} == {(START, "closing")}


def _opening_csv() -> dict[tuple[str, str, str], Decimal]:
    with (OPENING / "opening.csv").open(encoding="utf-8") as fh:
        return {(r["entity"], r["item"], r["account"] or r["holder"]): Decimal(r["amount"]) for r in csv.DictReader(fh)}


def test_full_history_at_the_start_date_gives_the_opening_figures(full: Context) -> None:
    rows = _opening_csv()
    res = full.consolidate(START)
    assert res.figures["S"].nci_amount == rows[("S", "nci", "")]
    assert res.figures["S"].cta == rows[("S", "reserve_owners", "")]
    assert res.figures["H"].cta == rows[("H", "reserve_owners", "")]
    # goodwill at the start date's closing rate: 1,250 EUR × 140
    assert res.figures["S"].goodwill == rows[("S", "goodwill", "H")] * 140
    # own reserves of the translation (the entity's reserve before the NCI's share and eliminations)
    assert Decimal(res.translation["H"]["cta"]) == rows[("H", "reserve", "")]
    # S: net assets 52,500 EUR at 140 less its equity at historical rates
    assert Decimal(res.translation["S"]["cta"]) == \
        52500 * 140 - rows[("S", "equity", "3100")] - rows[("S", "equity", "3300")] == 908000
    # the associate: carrying amount in USD at 132, its reserve on the equity-method entries (less the
    # difference on H's eliminated cost)
    assert res.amount("1510") == rows[("A", "carrying", "H")] * 132
    em_cta = -sum((ln.amount for e in res.eliminations if e.step == "equity_method" and e.entity == "A"
                   for ln in e.lines if ln.account == "3600"), Decimal(0))
    assert em_cta == rows[("A", "reserve", "H")]


def test_a_period_not_after_the_start_date_is_refused(opened: Context) -> None:
    with pytest.raises(RenketsuError) as e:
        opened.consolidate(START)
    assert [p.kind for p in e.value.problems] == ["opening.before_start"]
    assert "2022-12-31" in e.value.problems[0].message


def test_the_statements_of_the_second_year_are_the_same(full: Context, opened: Context) -> None:
    """2024's statement set (its prior year 2023 consolidated from opening balances too) equals full history's:
    the equity statement rolls, the notes' roll-forwards show no goodwill 'acquired' by the opening entry."""
    a, b = full.consolidate("2024-12-31"), opened.consolidate("2024-12-31")
    assert b.statements is not None and a.statements is not None
    ja, jb = a.statements.to_json(), b.statements.to_json()
    # the prior year's translation facts name the start date's rate ("opening") instead of the acquisition's
    fa, fb = ja["comparative"].pop("translation"), jb["comparative"].pop("translation")
    assert fa["S"].pop("acquisition") == "120" and fb["S"].pop("opening") == "140"
    assert fa["H"].pop("acquisition") == "110" and fb["H"].pop("opening") == "132"
    assert fa == fb
    assert jb == ja
    assert all(c["ok"] for c in b.statements.to_json()["statement_checks"])


def test_the_first_year_has_no_comparative_and_says_why(opened: Context) -> None:
    st = opened.consolidate("2023-12-31").statements.to_json()
    assert "opening balances at 2022-12-31" in str(st)


def _in_yen(tmp_path: Path, name: str, workspace: Path, opening_csv: str | None) -> Path:
    """The case's group with every company booking in yen (no rates at all)."""
    ws = tmp_path / name
    shutil.copytree(workspace, ws)
    g = ws / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8").replace("currency: USD", "currency: JPY")
                 .replace("currency: EUR", "currency: JPY"), encoding="utf-8")
    (ws / "rates.csv").unlink()
    if opening_csv is None:
        (ws / "opening.csv").unlink(missing_ok=True)
    else:
        (ws / "opening.csv").write_text(opening_csv, encoding="utf-8")
    return ws


def test_a_group_in_one_currency_from_opening_balances(tmp_path: Path) -> None:
    """The same group booking in yen: H's goodwill (¥6,540,000 paid over 60,000 of equity) and S's and A's
    are amortised on over the 25 months left; NCI 20% of S's 52,500; no reserve anywhere."""
    full_ws = _in_yen(tmp_path, "full", FULL, None)
    left = Fraction(25, 60)
    opening_csv = HEADER + "\n".join([
        "2022-12-31,H,equity,3100,,60000",
        "2022-12-31,H,equity,3300,,1300",
        f"2022-12-31,H,goodwill,,P,{6540000 * left}",
        "2022-12-31,S,equity,3100,,30000",
        "2022-12-31,S,equity,3300,,22500",
        f"2022-12-31,S,goodwill,,H,{(36000 - Fraction(8, 10) * 37500) * left}",
        "2022-12-31,S,nci,,,10500",
        "2022-12-31,A,carrying,,H,13550",
        "2022-12-31,A,goodwill,,H,1250",
    ]) + "\n"
    open_ws = _in_yen(tmp_path, "open", OPENING, opening_csv)
    full_ctx, open_ctx = Context.open(full_ws), Context.open(open_ws)
    at_start = full_ctx.consolidate(START)
    assert at_start.figures["S"].nci_amount == 10500 and at_start.figures["H"].goodwill == 2725000
    assert at_start.amount("1510") == 13550
    for period in ("2023-12-31", "2024-12-31"):
        a, b = full_ctx.consolidate(period), open_ctx.consolidate(period)
        assert _figures(b) == _figures(a), period
        assert a.amount("3600") == 0 and a.ok


def _parent_holds_the_associate(tmp_path: Path, name: str, workspace: Path, years: list[int]) -> Path:
    """The case with A held by P directly (30% for ¥1,320,000 = 12,000 USD × 110): an associate's reserve on
    the parent's own lines, where no subsidiary's opening entry takes part."""
    import yaml

    ws = tmp_path / name
    shutil.copytree(workspace, ws)
    g = yaml.safe_load((ws / "group.yaml").read_text(encoding="utf-8"))
    for h in g["holdings"]:
        if h["entity"] == "A":
            h["holder"], h["cost"] = "P", 1320000
    (ws / "group.yaml").write_text(yaml.safe_dump(g, sort_keys=False), encoding="utf-8")
    h_rev = {2022: 1000, 2023: 2000}
    p_profit = {2023: 600000, 2024: 300000}
    p_div = {2021: 33000, 2023: 84000, 2024: 22500}  # 30% of A's dividends, booked in yen
    rows = [ln for ln in (ws / "ledger" / "trial_balances.csv").read_text(encoding="utf-8").splitlines()[1:]
            if ln.split(",")[0] in ("S", "A")]
    for y in years:
        p = f"{y}-12-31"
        h_re = sum(v for k, v in h_rev.items() if k < y)
        rows += [f"H,{p},1100,,{24000 + h_re + h_rev.get(y, 0)}", f"H,{p},1500,S,36000", f"H,{p},3100,,-60000"]
        rows += [f"H,{p},3300,,{-h_re}"] if h_re else []
        rows += [f"H,{p},4100,,{-h_rev[y]}"] if y in h_rev else []
        p_re = sum(p_profit.get(k, 0) + p_div.get(k, 0) for k in range(2020, y))
        cash = 80000 + p_re + p_profit.get(y, 0) + p_div.get(y, 0)
        rows += [f"P,{p},1100,,{cash}", f"P,{p},1500,H,6600000", f"P,{p},1500,A,1320000", f"P,{p},3100,,-8000000"]
        rows += [f"P,{p},3300,,{-p_re}"] if p_re else []
        rows += [f"P,{p},4100,,{-(p_profit[y] + 400000)}", f"P,{p},5200,,400000"] if y in p_profit else []
        rows += [f"P,{p},4200,A,{-p_div[y]}"] if y in p_div else []
    (ws / "ledger" / "trial_balances.csv").write_text(
        "entity,period,account,partner,amount\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return ws


def _opening_from(res, goodwill_left: dict[str, Decimal], rates: dict[str, Fraction]) -> str:
    """opening.csv from a full-history consolidation at the start date (what an export would write):
    equity at historical rates from the contributions, the year closed; goodwill, NCI and owners' reserve
    from the entity figures; the associates' carrying amount and reserve from their equity-method entries."""
    chart_equity = {"3100", "3300"}
    out = []
    for e, f in sorted(res.figures.items()):
        contrib = res.contributions[e]
        closing = Fraction(res.translation[e]["closing"]) if e in res.translation else Fraction(1)
        profit = -sum((v for a, v in contrib.items() if a[0] in "45"), Decimal(0))
        for acc in sorted(chart_equity):
            amount = -contrib.get(acc, Decimal(0)) + (profit - contrib.get("3400", Decimal(0)) if acc == "3300" else 0)
            out.append(f"{START},{e},equity,{acc},,{amount}")
        if f.goodwill:
            gw = Fraction(f.goodwill) / closing
            assert gw.denominator == 1
            out.append(f"{START},{e},goodwill,,,{gw}")
        if f.nci_amount:
            out.append(f"{START},{e},nci,,,{f.nci_amount}")
        out.append(f"{START},{e},reserve_owners,,,{f.cta}")
    for e, eo in res.ownership.entities.items():
        if eo.method != "equity":
            continue
        for holder in eo.direct:
            em = [x for x in res.eliminations if x.step == "equity_method" and x.entity == e and x.partner == holder]
            carrying = sum((ln.amount for x in em for ln in x.lines if ln.account == "1510"), Decimal(0))
            reserve = -sum((ln.amount for x in em for ln in x.lines if ln.account == "3600"), Decimal(0))
            local = Fraction(carrying) / rates[e]
            assert local.denominator == 1
            out += [f"{START},{e},carrying,,{holder},{local}", f"{START},{e},goodwill,,{holder},{goodwill_left[e]}",
                    f"{START},{e},reserve,,{holder},{reserve}"]
    return HEADER + "\n".join(out) + "\n"


def test_an_associate_held_by_the_parent_and_an_opening_file_made_from_full_history(tmp_path: Path) -> None:
    full_ws = _parent_holds_the_associate(tmp_path, "full", FULL, [2020, 2021, 2022, 2023, 2024])
    open_ws = _parent_holds_the_associate(tmp_path, "open", OPENING, [2022, 2023, 2024])
    full_ctx = Context.open(full_ws)
    at_start = full_ctx.consolidate(START)
    assert at_start.ok
    (open_ws / "opening.csv").write_text(_opening_from(at_start, {"A": Decimal(1250)}, {"A": Fraction(132)}),
                                         encoding="utf-8")
    open_ctx = Context.open(open_ws)
    for period in ("2023-12-31", "2024-12-31"):
        a, b = full_ctx.consolidate(period), open_ctx.consolidate(period)
        assert _figures(b) == _figures(a), period
        assert a.ok and a.amount("3600") != 0


def test_an_opening_file_made_from_the_full_history_of_the_case(tmp_path: Path, full: Context) -> None:
    """H's equity per account instead of its reserve: the same figures as the case's opening.csv."""
    ws = tmp_path / "ws"
    shutil.copytree(OPENING, ws)
    made = _opening_from(full.consolidate(START), {"A": Decimal(1250)}, {"A": Fraction(132)})
    assert "H,equity,3100,,6600000" in made and "S,nci,,,1470000" in made and "A,reserve,,H,29400" in made
    (ws / "opening.csv").write_text(made, encoding="utf-8")
    a, b = full.consolidate("2023-12-31"), Context.open(ws).consolidate("2023-12-31")
    assert _figures(b) == _figures(a)


def test_consolidate_exports_the_opening_file(tmp_path: Path) -> None:
    """`renketsu consolidate --export-opening FILE` at the start date writes the case's opening position; a
    workspace started from it gives full history's figures."""
    from typer.testing import CliRunner

    from renketsu.cli.main import app

    out = tmp_path / "opening.csv"
    res = CliRunner().invoke(app, ["consolidate", str(FULL), "--period", "2022-12-31", "--format", "json",
                                   "--export-opening", str(out)])
    assert res.exit_code == 0, res.output
    written = out.read_text(encoding="utf-8")
    given = (OPENING / "opening.csv").read_text(encoding="utf-8").splitlines()
    # H is given by its reserve in the case; the export writes its equity per account
    assert set(written.splitlines()) ^ set(given) == {
        "2022-12-31,H,equity,3100,,6600000", "2022-12-31,H,equity,3300,,163000", "2022-12-31,H,reserve,,,1328600"}
    ws = tmp_path / "ws"
    shutil.copytree(OPENING, ws)
    (ws / "opening.csv").write_text(written, encoding="utf-8")
    a = Context.open(FULL).consolidate("2024-12-31")
    assert _figures(Context.open(ws).consolidate("2024-12-31")) == _figures(a)


def test_the_export_is_refused_where_it_cannot_be_exact(opened: Context) -> None:
    from renketsu.consolidation.opening import export_opening

    with pytest.raises(RenketsuError) as e:
        export_opening(opened.workspace, opened.ledger, START)
    assert [p.kind for p in e.value.problems] == ["opening.export_from_opening"]


def _under_an_80pct_parent(tmp_path: Path, name: str, workspace: Path, framework: str) -> Path:
    """The case with P holding 80% of H (cost ¥5,280,000 = 80% × USD 60,000 × 110: no goodwill on H), so
    the NCI of H shares H's 30% of the associate A (IFRS 10.B94, IAS 28.10); ifrs: no goodwill amortised."""
    import yaml

    ws = tmp_path / name
    shutil.copytree(workspace, ws)
    g = yaml.safe_load((ws / "group.yaml").read_text(encoding="utf-8"))
    g["framework"] = framework
    if framework == "ifrs":
        g["policies"].pop("goodwill_amortisation_years")
    for h in g["holdings"]:
        if h["entity"] == "H":
            h["share"], h["cost"] = 0.8, 5280000
    (ws / "group.yaml").write_text(yaml.safe_dump(g, sort_keys=False), encoding="utf-8")
    tb = ws / "ledger" / "trial_balances.csv"
    rows = []
    for ln in tb.read_text(encoding="utf-8").splitlines():
        f = ln.split(",")
        if f[0] == "P" and f[2:4] == ["1500", "H"]:
            f[4] = "5280000"
        elif f[0] == "P" and f[2] == "1100":
            f[4] = str(int(f[4]) + 1320000)
        rows.append(",".join(f))
    tb.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return ws


@pytest.mark.parametrize(("framework", "h_nci", "before", "nci_2023"), [
    ("jgaap", 1463840, 175200, 4287280), ("ifrs", 1559040, 378600, 4427340)])
def test_an_associate_under_a_partly_owned_holder_from_the_opening_file_full_history_exports(
        tmp_path: Path, framework: str, h_nci: int, before: int, nci_2023: int) -> None:
    """H, 80% P's, holds 30% of A. H's NCI at the start date is 20% of H's net assets with A at its carrying
    amount (IFRS 10.22, B94; IAS 28.10): it already holds 20% of H's share of A's retained profit to then —
    jgaap: USD (13,550 − 12,000) × 132 − reserve 29,400 = ¥175,200, goodwill inside A amortised; ifrs: USD
    (15,300 − 12,000) × 132 − 57,000 = ¥378,600, none amortised. So opening.csv's `nci` for H is what full
    history reports, and the next years give full history's figures. The consolidation once took 20% of that
    share again on top of the opening `nci`: the NCI too high by 35,040 (jgaap) / 75,720 (ifrs) for good."""
    from renketsu.consolidation.opening import export_opening

    full_ws = _under_an_80pct_parent(tmp_path, "full", FULL, framework)
    open_ws = _under_an_80pct_parent(tmp_path, "open", OPENING, framework)
    full_ctx = Context.open(full_ws)
    at_start = full_ctx.consolidate(START)
    assert at_start.ok and at_start.figures["H"].nci_amount == h_nci
    made = export_opening(full_ctx.workspace, full_ctx.ledger, START)
    assert f"2022-12-31,H,nci,,,{h_nci}\n" in made
    (open_ws / "opening.csv").write_text(made, encoding="utf-8")
    open_ctx = Context.open(open_ws)
    for period in ("2023-12-31", "2024-12-31"):
        a, b = full_ctx.consolidate(period), open_ctx.consolidate(period)
        assert _figures(b) == _figures(a), period
        assert a.ok and b.ok
    b = open_ctx.consolidate("2023-12-31")
    assert b.amount("3900") == -nci_2023
    at = [e for e in b.eliminations if e.step == "equity_method" and e.entity == "A" and e.attribute_to is None]
    assert [ln.amount for e in at for ln in e.lines if ln.account == "3300"] == [-before]

"""Consistency checks for the bundled example examples/iij-2010.

Plain Python on purpose (csv + yaml + decimal, no renketsu imports): these tests
check the example's files and the hand-computed figures stated in its README,
in docs/iij-2010.md and in expected_iij*.yaml, independently of the engine.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WS = ROOT / "examples" / "iij-2010"
HERE = Path(__file__).resolve().parent
PERIOD = "2010-03-31"
PRIOR = "2009-03-31"  # the prior fiscal year (FY2008), for comparatives
SUBS = ("IIJT", "IIJFS")


def _group() -> dict:
    return yaml.safe_load((WS / "group.yaml").read_text(encoding="utf-8"))


def _rows() -> list[dict]:
    rows = []
    for path in sorted((WS / "ledger").glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            rows.extend(csv.DictReader(fh))
    return rows


def _types() -> dict[str, str]:
    return {a["id"]: a["type"] for a in _group()["accounts"]}


def _role(role: str) -> str:
    (acc,) = [a["id"] for a in _group()["accounts"] if a.get("role") == role]
    return acc


def _tb() -> dict[str, dict[tuple[str, str], Decimal]]:
    """entity -> (account, partner) -> amount, at PERIOD."""
    return _tb_at(PERIOD)


def _tb_at(period: str) -> dict[str, dict[tuple[str, str], Decimal]]:
    """entity -> (account, partner) -> amount, at ``period``."""
    tb: dict[str, dict[tuple[str, str], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for r in _rows():
        assert r["period"] in (PERIOD, PRIOR), r
        if r["period"] == period:
            tb[r["entity"]][(r["account"], r["partner"])] += Decimal(r["amount"])
    return tb


def _by_account(lines: dict[tuple[str, str], Decimal]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = defaultdict(Decimal)
    for (acc, _partner), amt in lines.items():
        out[acc] += amt
    return out


def _is_pl(acc: str) -> bool:
    return _types()[acc] in ("income", "expense")


def _profit(accounts: dict[str, Decimal]) -> Decimal:
    return -sum((v for a, v in accounts.items() if _is_pl(a)), Decimal(0))


def _net_assets(accounts: dict[str, Decimal]) -> Decimal:
    """Closing net assets, natural sign: assets (debit, +) plus liabilities (credit, -)."""
    types = _types()
    return sum((v for a, v in accounts.items() if types[a] in ("asset", "liability")), Decimal(0))


def _nonzero(d: dict[str, Decimal]) -> dict[str, Decimal]:
    return {k: v for k, v in d.items() if v != 0}


def _expected(name: str) -> dict:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))["expect"]


def _as_dec(d: dict) -> dict[str, Decimal]:
    return {str(k): Decimal(str(v)) for k, v in d.items()}


def _yen(x: Decimal) -> str:
    return f"{int(x):,}"


# ---------------------------------------------------------------- consolidation by hand


def _consolidate() -> tuple[dict[str, Decimal], dict[str, Decimal], Decimal]:
    tb = _tb()
    group = _group()
    total: dict[str, Decimal] = defaultdict(Decimal)
    for lines in tb.values():
        for acc, amt in _by_account(lines).items():
            total[acc] += amt
    # 1. investment against equity at acquisition (formed at capital: no goodwill)
    for h in group["holdings"]:
        cost = Decimal(str(h["cost"]))
        equity = sum((Decimal(str(v)) for v in h["equity_at_acquisition"].values()), Decimal(0))
        assert cost == equity, "the example has no goodwill"
        total[_role("investment")] -= cost
        for acc, v in h["equity_at_acquisition"].items():
            total[str(acc)] += Decimal(str(v))
    # 2. intercompany balances and sales, pair by pair
    for lines in tb.values():
        for (acc, partner), amt in lines.items():
            if partner and _role("investment") != acc:
                total[acc] -= amt
    profit = _profit(total)
    bs = {a: v for a, v in total.items() if not _is_pl(a)}
    bs[_role("retained_earnings")] -= profit
    is_ = {a: v for a, v in total.items() if _is_pl(a)}
    return _nonzero(bs), _nonzero(is_), profit


def _merge() -> tuple[dict[str, Decimal], dict[str, Decimal], dict[str, Decimal]]:
    """IIJ's own books after absorbing IIJT and IIJFS (docs/format.md §9, §10.8)."""
    tb = _tb()
    inv, re_ = _role("investment"), _role("retained_earnings")
    after: dict[str, Decimal] = defaultdict(Decimal)
    own = _by_account(tb["IIJ"])
    for acc, amt in own.items():
        if not _is_pl(acc):
            after[acc] += amt
    after[re_] -= _profit(own)  # IIJ's FY2009 profit closed
    tie_in: dict[str, Decimal] = {}
    for sub in SUBS:
        lines = tb[sub]
        for (acc, _partner), amt in lines.items():
            if _types()[acc] in ("asset", "liability"):
                after[acc] += amt
        carrying = tb["IIJ"][(inv, sub)]
        after[inv] -= carrying
        tie_in[sub] = _net_assets(_by_account(lines)) - carrying
    # intra-group receivables and payables between the merging companies are
    # extinguished (the debtor and the creditor become one company)
    for ent in ("IIJ",) + SUBS:
        for (acc, partner), amt in tb[ent].items():
            if partner and _types()[acc] in ("asset", "liability") and acc != inv:
                after[acc] -= amt
    gain = sum((v for v in tie_in.values() if v > 0), Decimal(0))
    loss = -sum((v for v in tie_in.values() if v < 0), Decimal(0))
    is_ = _nonzero({_role("tie_in_gain"): -gain, _role("tie_in_loss"): loss})
    after[re_] -= gain - loss
    return _nonzero(after), is_, tie_in


# ---------------------------------------------------------------- the files


def test_amounts_are_whole_yen():
    for r in _rows():
        assert Decimal(r["amount"]) == Decimal(r["amount"]).to_integral_value(), r


def test_every_entity_period_sums_to_zero():
    sums: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for r in _rows():
        sums[(r["entity"], r["period"])] += Decimal(r["amount"])
    assert set(sums) == {(e, p) for e in ("IIJ",) + SUBS for p in (PERIOD, PRIOR)}
    assert all(v == 0 for v in sums.values()), dict(sums)


def test_prior_year_revenue_is_the_announced_fy2008_revenue():
    """The 2009-03-31 trial balances carry the announced non-consolidated FY2008 revenue exactly."""
    with (WS / "facts.csv").open(newline="", encoding="utf-8") as fh:
        revenue = {f["entity"]: Decimal(f["value"]) for f in csv.DictReader(fh) if f["concept"] == "revenue"}
    prior = _tb_at(PRIOR)
    assert {e: -_by_account(lines)["4100"] for e, lines in prior.items()} == revenue


def test_prior_year_profit_rolls_into_the_opening_retained_earnings():
    """Retained earnings at 2010-03-31 (the balance opening FY2009) = 2009-03-31's opening + FY2008 profit."""
    re_acc = _role("retained_earnings")
    prior, now = _tb_at(PRIOR), _tb()
    for ent in prior:
        by = _by_account(prior[ent])
        profit = -sum((v for acc, v in by.items() if _types()[acc] in ("income", "expense")), Decimal(0))
        assert _by_account(now[ent])[re_acc] == by[re_acc] - profit, ent


def test_accounts_and_partners_are_known():
    ids = {e["id"] for e in _group()["entities"]}
    for r in _rows():
        assert r["account"] in _types(), r
        assert r["entity"] in ids and (r["partner"] == "" or r["partner"] in ids), r


def test_capital_in_ledger_equals_capital_facts():
    with (WS / "facts.csv").open(newline="", encoding="utf-8") as fh:
        facts = list(csv.DictReader(fh))
    capital = {f["entity"]: Decimal(f["value"]) for f in facts if f["concept"] == "capital"}
    assert capital == {"IIJ": Decimal(14295000000), "IIJT": Decimal(2358000000), "IIJFS": Decimal(50000000)}
    for ent, lines in _tb().items():
        assert -_by_account(lines)[_role("share_capital")] == capital[ent]


def test_facts_carry_dates_basis_and_source():
    with (WS / "facts.csv").open(newline="", encoding="utf-8") as fh:
        facts = list(csv.DictReader(fh))
    assert len(facts) == 9
    for f in facts:
        assert f["basis"] == "non_consolidated"
        assert f["source"] == "IIJ announcement 2010-02-04"
        if f["concept"] == "revenue":
            assert (f["period_start"], f["as_of"]) == ("2008-04-01", "2009-03-31")
        elif f["concept"] == "capital":
            assert (f["period_start"], f["as_of"]) == ("", "2009-03-31")
        else:
            assert (f["concept"], f["unit"], f["as_of"]) == ("employees", "persons", "2009-12-31")
    employees = sum(Decimal(f["value"]) for f in facts if f["concept"] == "employees")
    assert employees == 1282
    assert _expected("expected_iij_merger.yaml")["facts_after[concept=employees].value"] == 1282


def test_holdings_match_the_investment_rows():
    tb = _tb()
    inv = _role("investment")
    for h in _group()["holdings"]:
        assert h["holder"] == "IIJ" and h["share"] == 1
        assert tb["IIJ"][(inv, h["entity"])] == Decimal(str(h["cost"]))
        eq = h["equity_at_acquisition"]
        assert Decimal(str(eq["3100"])) == -_by_account(tb[h["entity"]])[_role("share_capital")]


def test_intercompany_pairs_match():
    tb = _tb()
    types = _types()
    for a in tb:
        for b in tb:
            if a == b:
                continue
            bal_a = sum((v for (acc, p), v in tb[a].items() if p == b and types[acc] in ("asset", "liability") and acc != _role("investment")), Decimal(0))
            bal_b = sum((v for (acc, p), v in tb[b].items() if p == a and types[acc] in ("asset", "liability") and acc != _role("investment")), Decimal(0))
            assert bal_a + bal_b == 0, (a, b)
            pl_a = sum((v for (acc, p), v in tb[a].items() if p == b and _is_pl(acc)), Decimal(0))
            pl_b = sum((v for (acc, p), v in tb[b].items() if p == a and _is_pl(acc)), Decimal(0))
            assert pl_a + pl_b == 0, (a, b)


def test_events_yaml_is_the_one_merger():
    ev = yaml.safe_load((WS / "events.yaml").read_text(encoding="utf-8"))["events"]
    assert len(ev) == 1
    (m,) = ev
    assert (m["id"], m["kind"], str(m["effective"]), m["surviving"], m["absorbed"]) == (
        "merger-2010", "merger", "2010-04-01", "IIJ", ["IIJT", "IIJFS"])
    assert all(v == 0 for v in m["consideration"].values())


# ---------------------------------------------------------------- the hand-computed figures


def test_consolidated_statements_match_expected_iij_yaml():
    bs, is_, profit = _consolidate()
    exp = _expected("expected_iij.yaml")
    assert bs == _as_dec(exp["balance_sheet"])
    assert is_ == _as_dec(exp["income_statement"])
    assert sum(bs.values()) == 0
    assert sum(is_.values()) == -profit
    assert profit == Decimal(str(exp["profit"]["total"])) == Decimal(str(exp["profit"]["owners"]))
    assert exp["profit"]["nci"] == 0


def test_merger_figures_match_expected_iij_merger_yaml():
    after, is_, tie_in = _merge()
    bs, _, _ = _consolidate()
    exp = _expected("expected_iij_merger.yaml")
    assert tie_in == {"IIJT": Decimal(3740000000), "IIJFS": Decimal(75000000)}
    assert after == _as_dec(exp["entities_after.IIJ.balance_sheet"])
    assert is_ == _as_dec(exp["entities_after.IIJ.income_statement"])
    assert sum(after.values()) == 0
    # no goodwill, no fair-value adjustments: the survivor's books equal the group's
    assert after == bs
    assert _as_dec(exp["consolidated_before.balance_sheet"]) == bs
    assert _as_dec(exp["consolidated_after.balance_sheet"]) == bs
    assert exp["consolidated_change.balance_sheet"] == {} == exp["consolidated_change.income_statement"]


def test_simplified_merger_test_passes():
    tb = _tb()
    own = _by_account(tb["IIJ"])
    net_assets = _net_assets(own)
    assert net_assets == Decimal(25645410000)
    consideration = Decimal(0)
    assert consideration * 5 <= max(net_assets, Decimal(5000000))
    _, _, tie_in = _merge()
    # no merger loss (art. 795(2), Ordinance art. 195): a tie-in loss is a merger
    # loss, and each absorbed company counts as a merger of its own, so every
    # absorbed company must give a gain (or nil), not just their total
    assert all(v >= 0 for v in tie_in.values())


@pytest.mark.parametrize("doc", ["examples/iij-2010/README.md", "docs/iij-2010.md"])
def test_documents_state_the_computed_figures(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    bs, is_, profit = _consolidate()
    _, _, tie_in = _merge()
    tb = _tb()
    figures = [
        tie_in["IIJT"], tie_in["IIJFS"], tie_in["IIJT"] + tie_in["IIJFS"],
        _net_assets(_by_account(tb["IIJT"])), _net_assets(_by_account(tb["IIJFS"])),
        _net_assets(_by_account(tb["IIJ"])), profit, -is_["4100"], -bs["3300"],
    ]
    for x in figures:
        assert _yen(x) in text, (doc, _yen(x))
    assert "1,282" in text

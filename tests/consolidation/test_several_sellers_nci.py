"""Several group companies selling one subsidiary on one day (issue 10): one seller with NCI of its own
(tests/cases/deconsolidation/x-33-two-sellers-one-with-nci: P 80% of H; P 30% and H 50% of S, each at 1,000 a
percent; both sell on 2022-07-01, P for 40,000, H for 65,000), or one seller keeping 10% below significant influence
(x-34: H wholly P's, sells 40 of its 50% for 52,000 and keeps 10% at fair value 13,000), or one seller keeping 30%
with significant influence (x-48: H sells 20 of its 50% for 26,000 and keeps 30% at fair value 36,000, the equity
method's deemed cost), or x-33 at different prices a share (x-49: H pays 55,000, each seller's own goodwill).
x-48 under jgaap (x-51: the interest kept at its consolidated carrying amount). Or both sellers with NCI of their own (x-50: P 80% of H, 60% of K; H 30% and K 50% of S).
Each case's README works every figure by hand."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

X27 = Path(__file__).resolve().parents[1] / "cases" / "deconsolidation" / "x-33-two-sellers-one-with-nci" / "workspace"
X28 = X27.parents[1] / "x-34-two-sellers-one-keeps-10pct" / "workspace"
X49 = X27.parents[1] / "x-49-two-sellers-one-with-nci-different-prices" / "workspace"
X50 = X27.parents[1] / "x-50-two-sellers-both-with-nci" / "workspace"
X51 = X27.parents[1] / "x-51-jgaap-two-sellers-one-keeps-influence" / "workspace"
X48 = X27.parents[1] / "x-48-two-sellers-one-keeps-influence" / "workspace"


def _copy(tmp_path: Path, src: Path = X27) -> Path:
    ws = tmp_path / "workspace"
    shutil.copytree(src, ws)
    return ws


def _edit(ws: Path, old: str, new: str) -> None:
    g = ws / "group.yaml"
    text = g.read_text(encoding="utf-8")
    assert old in text
    g.write_text(text.replace(old, new), encoding="utf-8")


def test_each_seller_and_the_sellers_nci():
    """Gain 12,200 = 105,000 + 19,200 − 96,000 − 16,000; P 40,000 − 3/8 × 92,800 = 5,200 (its 10,000 corrected by
    4,800), H 65,000 − 5/8 × 92,800 = 7,000 (its 15,000 by 8,000). H's entry moves H's NCI's 1,600 inside S's NCI onto
    H's NCI; closing gives H's NCI 20% of H's 7,000, 1,400."""
    res = Context.open(X27).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"P": Decimal(5200), "H": Decimal(7000)}
    entries = {e.partner: e for e in res.eliminations if e.kind == "disposal"}
    gain = {s: sum(ln.amount for ln in e.lines if ln.account == "4950") for s, e in entries.items()}
    assert gain == {"P": Decimal(4800), "H": Decimal(8000)}
    nci = {s: [(ln.entity, ln.amount) for ln in e.lines if ln.account == "3900"] for s, e in entries.items()}
    # H: 5/8 of S's own NCI 19,200 = 12,000 and its NCI's 1,600, off S's line (one line); 1,600 onto H's NCI
    assert nci == {"P": [("S", Decimal(7200))], "H": [("S", Decimal(13600)), ("H", Decimal(-1600))]}
    assert "1,600 of S's NCI is H's own NCI's and stays with it" in entries["H"].reason
    assert {c.entity: c.amount for c in res.closing if c.account == "3900"} == {"H": Decimal(-1400),
                                                                                  "S": Decimal(-1800)}


def test_the_year_after(tmp_path):
    """2023, nothing happening: H's NCI 20% × 115,000 = 23,000, owners' retained earnings P's 10,000 + 80% × 15,000 =
    22,000 (what 2022 closed with)."""
    ws = _copy(tmp_path)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8")
                  + "P,2023-12-31,1100,,130000,\nP,2023-12-31,1500,H,80000,\nP,2023-12-31,3100,,-200000,\n"
                    "P,2023-12-31,3300,,-10000,\nH,2023-12-31,1100,,115000,\nH,2023-12-31,3100,,-100000,\n"
                    "H,2023-12-31,3300,,-15000,\n", encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    assert res.balance_sheet == {"1100": Decimal(245000), "3100": Decimal(-200000), "3300": Decimal(-22000),
                                 "3900": Decimal(-23000)}
    assert all(c["ok"] for c in res.to_json()["statement_checks"])


def _refused(ws: Path) -> str:
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    (p,) = [p for p in err.value.problems if p.kind == "deconsolidation.several_sellers"]
    return p.message


def test_different_prices_a_share_each_sellers_own_goodwill():
    """x-49 (x-33 with H paying 55,000: goodwill P 6,000, H 15,000): gain 7,200 = 105,000 + 19,200 − 96,000 − 21,000;
    each seller's part its own elimination reversed: P 40,000 − (3/8 × 76,800 + 6,000) = 5,200, H 65,000 − (5/8 ×
    76,800 + 15,000) = 2,000 (by the shares it would be 3,875, and H's NCI would not end at 20% of H's 110,000); H's
    entry takes its own goodwill 15,000 off, P's 6,000; H's NCI bear 20% of 2,000, 400."""
    res = Context.open(X49).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"P": Decimal(5200), "H": Decimal(2000)}
    entries = {e.partner: e for e in res.eliminations if e.kind == "disposal"}
    gw = {s: sum(ln.amount for ln in e.lines if ln.account == "1600") for s, e in entries.items()}
    assert gw == {"P": Decimal(-6000), "H": Decimal(-15000)}
    gain = {s: sum(ln.amount for ln in e.lines if ln.account == "4950") for s, e in entries.items()}
    assert gain == {"P": Decimal(4800), "H": Decimal(8000)}
    assert "its own goodwill 15,000: its own elimination reversed" in entries["H"].reason
    assert {c.entity: c.amount for c in res.closing if c.account == "3900"} == {"H": Decimal(-400),
                                                                                  "S": Decimal(-1800)}
    assert res.balance_sheet["3900"] == Decimal(-22000)  # 20% × H's net assets 110,000


def test_different_prices_a_share_under_jgaap(tmp_path):
    """x-49 README "The same under jgaap": goodwill left P 5,150, H 12,875 (17 months of 50 and 125); gain 10,175 =
    P 6,050 + H 4,125; profit 15,125, NCI 2,475; H's NCI 22,000 = 20% × 110,000."""
    ws = _copy(tmp_path, X49)
    _edit(ws, "framework: ifrs\npolicies:\n  nci_measurement: proportionate\n",
          "framework: jgaap\npolicies:\n  nci_measurement: proportionate\n  goodwill_amortisation_years: 10\n")
    res = Context.open(ws).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"P": Decimal(6050), "H": Decimal(4125)}
    assert -res.income_statement["4950"] == Decimal(10175)
    assert res.profit_total == Decimal(15125) and res.profit_nci == Decimal(2475)
    assert res.balance_sheet["3900"] == Decimal(-22000)
    assert all(c["ok"] for c in res.to_json()["statement_checks"])


def test_different_prices_without_the_equity_at_acquisition_are_refused(tmp_path):
    """Each seller's own goodwill is read from its cost less its share of the equity_at_acquisition its row gives."""
    ws = _copy(tmp_path, X49)
    _edit(ws, "  holder: H\n  entity: S\n  share: 0.5\n  cost: 55000\n  equity_at_acquisition:\n    '3100': 80000\n",
          "  holder: H\n  entity: S\n  share: 0.5\n  cost: 55000\n")
    assert _refused(ws).endswith(", and H has NCI of its own and the sellers paid different prices a share of S and "
                                 "H's purchase gives no equity_at_acquisition: not consolidated yet")


def test_different_prices_with_a_bargain_purchase_are_refused(tmp_path):
    ws = _copy(tmp_path, X49)
    _edit(ws, "  share: 0.5\n  cost: 55000\n", "  share: 0.5\n  cost: 38000\n")
    assert _refused(ws).endswith(", and H has NCI of its own and the sellers paid different prices a share of S and "
                                 "H's goodwill is not above 0: not consolidated yet")


def test_a_seller_with_nci_keeping_an_interest_below_influence(tmp_path):
    """x-33 with H selling 40 of its 50% for 52,000 and keeping 10% at fair value 13,000 (was refused; x-62 keeps
    influence): gain 92,000 + 13,000 + 19,200 − 96,000 − 16,000 = 12,200; P 5,200, H 52,000 + 13,000 − 58,000 =
    7,000, all H's (its NCI 1,400); H's NCI end at 20% × (102,000 + 13,000) = 23,000."""
    ws = _copy(tmp_path)
    _edit(ws, "  holder: H\n  entity: S\n  share: 0\n  cost: 65000\n",
          "  holder: H\n  entity: S\n  share: 0.1\n  cost: 52000\n  retained_fair_value: 13000\n")
    tb = ws / "ledger" / "trial_balances.csv"
    text = tb.read_text(encoding="utf-8")
    for old, new_ in (("H,2022-12-31,1100,,115000,", "H,2022-12-31,1100,,102000,\nH,2022-12-31,1500,S,10000,"),
                      ("H,2022-12-31,4950,S,-15000,", "H,2022-12-31,4950,S,-12000,")):
        assert old in text
        text = text.replace(old, new_)
    tb.write_text(text, encoding="utf-8")
    res = Context.open(ws).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"P": Decimal(5200), "H": Decimal(7000)}
    assert res.balance_sheet == {"1100": Decimal(232000), "1500": Decimal(13000), "3100": Decimal(-200000),
                                 "3300": Decimal(-22000), "3900": Decimal(-23000)}
    assert {c.entity: c.amount for c in res.closing if c.account == "3900"} == {"H": Decimal(-1400),
                                                                                  "S": Decimal(-1800)}
    assert all(c["ok"] for c in res.to_json()["statement_checks"])


# ---------------------------------------------------------------------------------------- x-34, one keeps 10%


def test_the_seller_keeping_an_interest_takes_it_at_fair_value():
    """Gain 12,200 = 92,000 + 13,000 + 19,200 − 96,000 − 16,000; P 40,000 − 3/8 × 92,800 = 5,200 (its 10,000 corrected
    by 4,800), H 52,000 + 13,000 − 5/8 × 92,800 = 7,000 (its 12,000 corrected by 5,000); H's entry puts the 10% at
    13,000 on its investment account and takes its remaining cost 10,000 off (its cost 50,000 back first)."""
    res = Context.open(X28).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"P": Decimal(5200), "H": Decimal(7000)}
    assert {d.seller: d.proceeds for d in res.disposals} == {"P": Decimal(40000), "H": Decimal(52000)}
    assert {d.seller: (d.kept_account, d.kept) for d in res.disposals} == {"P": (None, Decimal(0)),
                                                                               "H": ("1500", Decimal(13000))}
    entries = {e.partner: e for e in res.eliminations if e.kind == "disposal"}
    gain = {s: sum(ln.amount for ln in e.lines if ln.account == "4950") for s, e in entries.items()}
    assert gain == {"P": Decimal(4800), "H": Decimal(5000)}
    inv = sum(ln.amount for ln in entries["H"].lines if ln.account == "1500" and ln.entity == "H")
    assert inv == Decimal(50000 + 13000 - 10000)
    assert "fair value of the 10% H keeps below significant influence 13,000" in entries["H"].reason


def test_the_year_after_the_interest_kept(tmp_path):
    """2023, nothing happening: fair value − H's cost, 3,000, on the investment against retained earnings (entry
    retained_interest, as x-8's later years): investment 13,000, retained earnings 25,000."""
    ws = _copy(tmp_path, X28)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8")
                  + "P,2023-12-31,1100,,110000,\nP,2023-12-31,1500,H,100000,\nP,2023-12-31,3100,,-200000,\n"
                    "P,2023-12-31,3300,,-10000,\nH,2023-12-31,1100,,102000,\nH,2023-12-31,1500,S,10000,\n"
                    "H,2023-12-31,3100,,-100000,\nH,2023-12-31,3300,,-12000,\n", encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    assert res.balance_sheet == {"1100": Decimal(212000), "1500": Decimal(13000), "3100": Decimal(-200000),
                                 "3300": Decimal(-25000)}
    (e,) = [e for e in res.eliminations if e.kind == "retained_interest"]
    assert [(ln.entity, ln.account, ln.amount) for ln in e.lines] == [("H", "1500", Decimal(3000)),
                                                                       ("H", "3300", Decimal(-3000))]
    assert all(c["ok"] for c in res.to_json()["statement_checks"])


def test_an_interest_kept_by_one_of_several_sellers_under_jgaap_below_influence(tmp_path):
    """x-51 README "Below significant influence": H sells 40 of its 50% for 52,000 and keeps 10%, at 1/8 × 85,040 =
    10,630; gain 17,590 = P 8,110 + H 9,480; then at H's cost 9,440 (entry retained_interest, 1,190 into retained
    earnings): investment 9,440, retained earnings 27,840."""
    ws = _copy(tmp_path, X51)
    _edit(ws, "  holder: H\n  entity: S\n  share: 0.3\n  cost: 26000\n", "  holder: H\n  entity: S\n  share: 0.1\n"
          "  cost: 52000\n")
    tb = ws / "ledger" / "trial_balances.csv"
    text = tb.read_text(encoding="utf-8")
    for old, new_ in (("H,2022-12-31,1100,,78800,", "H,2022-12-31,1100,,104800,"),
                      ("H,2022-12-31,1500,S,28320,", "H,2022-12-31,1500,S,9440,"),
                      ("H,2022-12-31,4950,S,-7120,", "H,2022-12-31,4950,S,-14240,")):
        assert old in text
        text = text.replace(old, new_)
    tb.write_text(text, encoding="utf-8")
    res = Context.open(ws).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"P": Decimal(8110), "H": Decimal(9480)}
    assert {d.seller: (d.kept_account, d.kept, d.kept_equity) for d in res.disposals} == {
        "P": (None, Decimal(0), Decimal(0)), "H": ("1500", Decimal(9440), Decimal(-1190))}
    (e,) = [e for e in res.eliminations if e.kind == "retained_interest"]
    assert {(ln.account, ln.amount) for ln in e.lines if ln.amount} == {("1500", Decimal(-1190)),
                                                                        ("3300", Decimal(1190))}
    assert res.balance_sheet == {"1100": Decimal(218400), "1500": Decimal(9440), "3100": Decimal(-200000),
                                 "3300": Decimal(-27840)}
    assert all(c["ok"] for c in res.to_json()["statement_checks"])


def test_an_interest_kept_by_one_of_several_sellers_changed_again_is_refused(tmp_path):
    """H sells its 10% later in the year: an interest kept by one of several sellers changed again is not read."""
    ws = _copy(tmp_path, X28)
    g = ws / "group.yaml"
    g.write_text(g.read_text(encoding="utf-8") + "- date: '2022-10-01'\n  holder: H\n  entity: S\n  share: 0\n"
                 "  cost: 14000\n", encoding="utf-8")
    assert _refused(ws).endswith(", and H keeps an interest and the holdings of S change again by 2022-12-31: not "
                                 "consolidated yet")


def test_an_interest_kept_by_one_of_several_sellers_needs_its_fair_value(tmp_path):
    ws = _copy(tmp_path, X28)
    _edit(ws, "  retained_fair_value: 13000\n", "")
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    assert [p.kind for p in err.value.problems] == ["deconsolidation.no_retained_fair_value"]


# ---------------------------------------------------------------------------------------- x-48, one keeps influence


def test_the_seller_keeping_influence_takes_it_at_fair_value_on_the_equity_method_investment():
    """x-48 (README "The loss of control"): gain 9,200 = 66,000 + 36,000 + 19,200 − 96,000 − 16,000; P 40,000 − 3/8 ×
    92,800 = 5,200 (its 10,000 corrected by 4,800), H 26,000 + 36,000 − 5/8 × 92,800 = 4,000 (its 6,000 corrected by
    2,000); H's entry puts the 30% at 36,000 on 1510 and takes its remaining cost 30,000 off 1500 (its cost 50,000 back
    first); the equity method runs from 36,000: 30% × S's 4,000 after the sale = 1,200."""
    res = Context.open(X48).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"P": Decimal(5200), "H": Decimal(4000)}
    assert {d.seller: d.proceeds for d in res.disposals} == {"P": Decimal(40000), "H": Decimal(26000)}
    # not an investment below significant influence: nothing on Disposed.kept_account
    assert {d.seller: (d.kept_account, d.kept) for d in res.disposals} == {"P": (None, Decimal(0)),
                                                                               "H": (None, Decimal(0))}
    entries = {e.partner: e for e in res.eliminations if e.kind == "disposal"}
    gain = {s: sum(ln.amount for ln in e.lines if ln.account == "4950") for s, e in entries.items()}
    assert gain == {"P": Decimal(4800), "H": Decimal(2000)}
    h = {(ln.entity, ln.account): ln.amount for ln in entries["H"].lines if ln.entity == "H"}
    assert h == {("H", "1500"): Decimal(50000 - 30000), ("H", "1510"): Decimal(36000), ("H", "4950"): Decimal(2000)}
    assert "fair value of the 30% H keeps with significant influence 36,000" in entries["H"].reason
    assert "the equity method's deemed cost from 2022-07-01 (IAS 28.32)" in entries["H"].reason
    (em,) = [e for e in res.eliminations if e.step == "equity_method"]
    assert (em.entity, em.partner) == ("S", "H")
    assert {(ln.account, ln.amount) for ln in em.lines} == {("1510", Decimal(1200)), ("4300", Decimal(-1200))}


def test_the_year_after_the_interest_kept_with_influence(tmp_path):
    """x-48 README "2023": S earns 5,000; retained_interest puts 36,000 on 1510 and H's cost 30,000 off (6,000 into
    retained earnings), the equity method adds 1,200 of 2022 and 1,500 of 2023: 1510 38,700, retained earnings
    24,700."""
    ws = _copy(tmp_path, X48)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8")
                  + "P,2023-12-31,1100,,110000,\nP,2023-12-31,1500,H,100000,\nP,2023-12-31,3100,,-200000,\n"
                    "P,2023-12-31,3300,,-10000,\nH,2023-12-31,1100,,76000,\nH,2023-12-31,1500,S,30000,\n"
                    "H,2023-12-31,3100,,-100000,\nH,2023-12-31,3300,,-6000,\n"
                    "S,2023-12-31,1100,,55000,\nS,2023-12-31,1400,,50000,\nS,2023-12-31,3100,,-80000,\n"
                    "S,2023-12-31,3300,,-20000,\nS,2023-12-31,4100,,-5000,\n", encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    assert res.balance_sheet == {"1100": Decimal(186000), "1510": Decimal(38700), "3100": Decimal(-200000),
                                 "3300": Decimal(-24700)}
    assert res.profit_total == Decimal(1500) and not res.disposals
    (e,) = [e for e in res.eliminations if e.kind == "retained_interest"]
    assert {(ln.account, ln.amount) for ln in e.lines} == {("1510", Decimal(36000)), ("1500", Decimal(-30000)),
                                                           ("3300", Decimal(-6000))}
    assert all(c["ok"] for c in res.to_json()["statement_checks"])


def test_the_year_after_an_interest_kept_with_influence_under_jgaap(tmp_path):
    """x-51, 2023: S earns 5,000; retained_interest puts the carrying amount 31,890 on 1510 and H's cost 28,320 off
    (3,570 into retained earnings); the equity method adds 2022's 1,200 − 180 and 2023's 1,500 − 12 × 30 = 1,140:
    1510 34,050, profit 1,140, retained earnings 25,310 + 1,140 = 26,450."""
    ws = _copy(tmp_path, X51)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8")
                  + "P,2023-12-31,1100,,113600,\nP,2023-12-31,1500,H,100000,\nP,2023-12-31,3100,,-200000,\n"
                    "P,2023-12-31,3300,,-13600,\nH,2023-12-31,1100,,78800,\nH,2023-12-31,1500,S,28320,\n"
                    "H,2023-12-31,3100,,-100000,\nH,2023-12-31,3300,,-7120,\n"
                    "S,2023-12-31,1100,,55000,\nS,2023-12-31,1400,,50000,\nS,2023-12-31,3100,,-80000,\n"
                    "S,2023-12-31,3300,,-20000,\nS,2023-12-31,4100,,-5000,\n", encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    assert res.balance_sheet == {"1100": Decimal(192400), "1510": Decimal(34050), "3100": Decimal(-200000),
                                 "3300": Decimal(-26450)}
    assert res.profit_total == Decimal(1140) and not res.disposals
    assert all(c["ok"] for c in res.to_json()["statement_checks"])


def test_an_interest_kept_with_influence_by_one_of_several_sellers_needs_its_fair_value(tmp_path):
    ws = _copy(tmp_path, X48)
    _edit(ws, "  retained_fair_value: 36000\n", "")
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    (p,) = err.value.problems
    assert p.kind == "deconsolidation.no_retained_fair_value"
    assert "H sells part of S on 2022-07-01 and keeps 30% with significant influence" in p.message


# ---------------------------------------------------------------------------------------- x-50, both with NCI


def test_both_sellers_with_nci_of_their_own():
    """x-50: gain 12,200; H 40,000 − (28,800 + 6,000) = 5,200, K 65,000 − (48,000 + 10,000) = 7,000; each entry moves
    its own NCI's share of S's NCI onto its NCI (H 960, K 3,200) and is attributed to it: H's NCI bear 1,040, K's
    2,800; at the end 22,000 = 20% × 110,000 and 46,000 = 40% × 115,000."""
    res = Context.open(X50).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"H": Decimal(5200), "K": Decimal(7000)}
    entries = {e.partner: e for e in res.eliminations if e.kind == "disposal"}
    assert {s: e.attribute_to for s, e in entries.items()} == {"H": "H", "K": "K"}
    nci = {s: [(ln.entity, ln.amount) for ln in e.lines if ln.account == "3900"] for s, e in entries.items()}
    assert nci == {"H": [("S", Decimal(7200 + 960)), ("H", Decimal(-960))],
                   "K": [("S", Decimal(12000 + 3200)), ("K", Decimal(-3200))]}
    assert {c.entity: c.amount for c in res.closing if c.account == "3900"} == {
        "H": Decimal(-1040), "K": Decimal(-2800), "S": Decimal(-2760)}
    figures = {e: res.figures_of(e).nci_amount for e in ("H", "K")}  # type: ignore[union-attr]
    assert figures == {"H": Decimal(22000), "K": Decimal(46000)}


def _x50_k_pays(tmp_path: Path, cost: int, equity: bool = True) -> Path:
    ws = _copy(tmp_path, X50)
    _edit(ws, "  holder: K\n  entity: S\n  share: 0.5\n  cost: 50000\n  equity_at_acquisition:\n    '3100': 80000\n",
          f"  holder: K\n  entity: S\n  share: 0.5\n  cost: {cost}\n"
          + ("  equity_at_acquisition:\n    '3100': 80000\n" if equity else ""))
    tb = ws / "ledger" / "trial_balances.csv"
    more = cost - 50000
    text = tb.read_text(encoding="utf-8")
    for old, new in (("K,2021-12-31,1100,,50000,", f"K,2021-12-31,1100,,{50000 - more},"),
                     ("K,2021-12-31,1500,S,50000,", f"K,2021-12-31,1500,S,{cost},"),
                     ("K,2022-12-31,1100,,115000,", f"K,2022-12-31,1100,,{115000 - more},"),
                     ("K,2022-12-31,4950,S,-15000,", f"K,2022-12-31,4950,S,{-(15000 - more)},")):
        assert old in text
        text = text.replace(old, new)
    tb.write_text(text, encoding="utf-8")
    return ws


def test_both_sellers_with_nci_at_different_prices(tmp_path):
    """x-50 with K paying 55,000 (goodwill 15,000): gain 105,000 + 19,200 − 96,000 − 21,000 = 7,200; H 5,200, K
    65,000 − (48,000 + 15,000) = 2,000; K's NCI 40,000 + 2,000 + 1,200 + 40% × 2,000 = 44,000 = 40% × K's 110,000."""
    res = Context.open(_x50_k_pays(tmp_path, 55000)).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"H": Decimal(5200), "K": Decimal(2000)}
    assert res.figures_of("K").nci_amount == Decimal(44000)  # type: ignore[union-attr]
    assert res.figures_of("H").nci_amount == Decimal(22000)  # type: ignore[union-attr]
    assert all(c["ok"] for c in res.to_json()["statement_checks"])


def test_both_sellers_with_nci_at_different_prices_without_equity_are_refused(tmp_path):
    assert _refused(_x50_k_pays(tmp_path, 55000, equity=False)).endswith(
        ", and H, K have NCI of their own and the sellers paid different prices a share of S and K's purchase gives "
        "no equity_at_acquisition: not consolidated yet")

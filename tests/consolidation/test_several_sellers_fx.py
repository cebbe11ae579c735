"""Several group companies selling one subsidiary on one day, or one selling while another keeps, where a seller or
keeper books in another currency or has NCI of its own (issue 10; docs/consolidation.md "Several sellers on one day",
"An interest kept by another group company").

x-58: x-33 with the seller with NCI (H, 80% P's) booking in USD; x-59: P sells a USD S while K (80% P's) keeps 20%
with significant influence; x-60 / x-61: x-51 (jgaap) with the keeping seller H booking in USD, keeping 30% with
significant influence or 10% below it; x-62: x-33's seller with NCI (H) keeping 30% with significant influence. Each case's README works every figure by hand; these tests pin the parts,
the entries, a variant at different prices and the year after."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

CASES = Path(__file__).resolve().parents[1] / "cases" / "deconsolidation"
X58 = CASES / "x-58-two-sellers-dollar-seller-with-nci" / "workspace"
X59 = CASES / "x-59-foreign-sub-sold-keeper-with-nci" / "workspace"
X60 = CASES / "x-60-jgaap-two-sellers-dollar-keeper-keeps-influence" / "workspace"
X61 = CASES / "x-61-jgaap-two-sellers-dollar-keeper-keeps-10pct" / "workspace"
X62 = CASES / "x-62-two-sellers-one-with-nci-keeps-influence" / "workspace"
X17 = CASES / "x-17-two-sellers-one-day" / "workspace"


def _copy(tmp_path: Path, src: Path) -> Path:
    ws = tmp_path / src.parent.name
    shutil.copytree(src, ws)
    return ws


def _edit(path: Path, *swaps: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in swaps:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def _ok(res) -> None:
    assert all(c["ok"] for c in res.to_json()["statement_checks"])


def _2023(ws: Path, h_rows: str, s_rows: str = "") -> None:
    """2023 with nothing happening: P's books as at 2022 (its gain in retained earnings), H's ``h_rows``; USD 2023
    average 130, closing 140."""
    _edit(ws / "rates.csv", ("USD,2022-12-31,closing,125\n",
                             "USD,2022-12-31,closing,125\nUSD,2023-12-31,average,130\nUSD,2023-12-31,closing,140\n"))
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8") + h_rows + s_rows, encoding="utf-8")


# ------------------------------------------------------------------------------- x-58, a seller with NCI in USD


def test_a_dollar_seller_with_nci_among_two():
    """x-58: gain 25,200 = 118,000 + 19,200 − 96,000 − 16,000; P 40,000 − 34,800 = 5,200, H USD 650 × 120 − (48,000 +
    10,000) = 20,000 (its ¥18,000 corrected by +2,000); H's NCI 20% of H's part, 4,000; 1,600 of S's NCI moved onto
    H's; the translation H's books put on the cost sold (USD 500 × 20) taken out of its reserve."""
    res = Context.open(X58).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"P": Decimal(5200), "H": Decimal(20000)}
    entries = {e.partner: e for e in res.eliminations if e.kind == "disposal"}
    assert {s: sum(ln.amount for ln in e.lines if ln.account == "4950") for s, e in entries.items()} == {
        "P": Decimal(4800), "H": Decimal(-2000)}
    assert "1,600 of S's NCI is H's own NCI's and stays with it" in entries["H"].reason
    assert {c.entity: c.amount for c in res.closing if c.account == "3900"} == {"H": Decimal(-4000),
                                                                                  "S": Decimal(-1800)}
    _ok(res)


def test_a_dollar_seller_with_nci_at_different_prices(tmp_path):
    """x-58 with H paying USD 550 (¥55,000 at 100): goodwill P 6,000, H 15,000 (each one's own, as x-49); gain 118,000
    + 19,200 − 96,000 − 21,000 = 20,200: P 5,200, H 78,000 − (48,000 + 15,000) = 15,000 (its NCI 3,000). H's cash USD
    450 then 1,100: reserve 450 × 10 = 4,500, at the end 4,500 + 450 × 15 + 650 × 5 = 14,500 (owners 11,600); NCI 20%
    × 137,500 = 27,500; retained earnings 7,000 + 21,400 = 28,400."""
    ws = _copy(tmp_path, X58)
    _edit(ws / "group.yaml", ("  holder: H\n  entity: S\n  share: 0.5\n  cost: 500\n",
                              "  holder: H\n  entity: S\n  share: 0.5\n  cost: 550\n"))
    _edit(ws / "ledger" / "trial_balances.csv", ("H,2021-12-31,1100,,500,", "H,2021-12-31,1100,,450,"),
          ("H,2021-12-31,1500,S,500,", "H,2021-12-31,1500,S,550,"), ("H,2022-12-31,1100,,1150,", "H,2022-12-31,1100,,1100,"),
          ("H,2022-12-31,4950,S,-150,", "H,2022-12-31,4950,S,-100,"))
    res = Context.open(ws).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"P": Decimal(5200), "H": Decimal(15000)}
    assert res.balance_sheet == {"1100": Decimal(267500), "3100": Decimal(-200000), "3300": Decimal(-28400),
                                 "3600": Decimal(-11600), "3900": Decimal(-27500)}
    assert (res.profit_total, res.profit_nci) == (Decimal(26200), Decimal(4800))
    _ok(res)


def test_a_dollar_seller_with_nci_the_year_after(tmp_path):
    """x-58 in 2023: H's cash USD 1,150 × 140 = 161,000, its NCI 20% = 32,200; H's reserve 15,750 + 1,150 × 15 =
    33,000 (owners 26,400); retained earnings 32,400 (2022's closing: the cost's translation moved to them)."""
    ws = _copy(tmp_path, X58)
    _2023(ws, "P,2023-12-31,1100,,130000,\nP,2023-12-31,1500,H,80000,\nP,2023-12-31,3100,,-200000,\n"
              "P,2023-12-31,3300,,-10000,\nH,2023-12-31,1100,,1150,\nH,2023-12-31,3100,,-1000,\n"
              "H,2023-12-31,3300,,-150,\n")
    res = Context.open(ws).consolidate("2023-12-31")
    assert res.balance_sheet == {"1100": Decimal(291000), "3100": Decimal(-200000), "3300": Decimal(-32400),
                                 "3600": Decimal(-26400), "3900": Decimal(-32200)}
    _ok(res)


# ------------------------------------------------------------------------------- x-59, a keeper with NCI, S in USD


def test_a_keeper_with_nci_of_a_foreign_subsidiary():
    """x-59: gain 66,000; P's part 144,000 − 94,500 = 49,500 (its 69,000 corrected by −19,500), K's remeasurement
    48,000 − 31,500 = 16,500 apart on K's 4950, attributed to K (its NCI 3,300 + 472 of the share of profit)."""
    res = Context.open(X59).consolidate("2022-12-31")
    entries = [e for e in res.eliminations if e.kind == "disposal"]
    gain = {(e.partner, e.attribute_to): sum(ln.amount for ln in e.lines if ln.account == "4950") for e in entries}
    assert gain == {("P", "P"): Decimal(19500), ("K", "K"): Decimal(-16500)}
    assert {c.entity: c.amount for c in res.closing if c.account == "3900"} == {"K": Decimal(-3772),
                                                                                  "S": Decimal(-2760)}
    _ok(res)


# ------------------------------------------------------------------------------- x-60, x-61: jgaap, a keeper in USD


def test_jgaap_a_dollar_keeper_keeping_influence_among_two():
    """x-60: kept at 3/8 × 85,040 = 31,890; gain 13,250 = P 8,110 + H 5,140 (its ¥3,744 corrected by 1,396); H's
    remaining cost USD 283.2 off at 120 (33,984), the translation its books put on it since, 283.2 × 5 = 1,416, out of
    its reserve (seller_cost)."""
    res = Context.open(X60).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"P": Decimal(8110), "H": Decimal(5140)}
    (h,) = [e for e in res.eliminations if e.kind == "disposal" and e.partner == "H"]
    assert {(ln.entity, ln.account): ln.amount for ln in h.lines if ln.entity == "H"} == {
        ("H", "1500"): Decimal(56640 - 33984), ("H", "1510"): Decimal(31890), ("H", "4950"): Decimal(-1396)}
    assert "the consolidated carrying amount of the 30% H keeps with significant influence 31,890" in h.reason
    (t,) = [e for e in res.eliminations if e.kind == "seller_cost" and e.step == "deconsolidation"]
    assert [(ln.entity, ln.account, ln.amount) for ln in t.lines] == [("H", "1500", Decimal(-1416)),
                                                                      ("H", "3600", Decimal(1416))]
    _ok(res)


def test_jgaap_a_dollar_keeper_keeping_influence_the_year_after(tmp_path):
    """x-60 in 2023 (S earns 5,000): the carrying amount 31,890 on 1510 and H's cost off; the equity method 1,200 −
    180 for 2022 and 1,500 − 360 = 1,140 for 2023: 1510 34,050; retained earnings 25,710 + 1,140 = 26,850; H's reserve
    14,300 + 748 × 15 = 25,520; cash 113,600 + 748 × 140 = 218,320."""
    ws = _copy(tmp_path, X60)
    _2023(ws, "P,2023-12-31,1100,,113600,\nP,2023-12-31,1500,H,100000,\nP,2023-12-31,3100,,-200000,\n"
              "P,2023-12-31,3300,,-13600,\nH,2023-12-31,1100,,748,\nH,2023-12-31,1500,S,283.2,\n"
              "H,2023-12-31,3100,,-1000,\nH,2023-12-31,3300,,-31.2,\n",
          "S,2023-12-31,1100,,55000,\nS,2023-12-31,1400,,50000,\nS,2023-12-31,3100,,-80000,\n"
          "S,2023-12-31,3300,,-20000,\nS,2023-12-31,4100,,-5000,\n")
    res = Context.open(ws).consolidate("2023-12-31")
    assert res.balance_sheet == {"1100": Decimal(218320), "1510": Decimal(34050), "3100": Decimal(-200000),
                                 "3300": Decimal(-26850), "3600": Decimal(-25520)}
    assert res.profit_total == Decimal(1140)
    _ok(res)


def test_jgaap_a_dollar_keeper_below_influence_among_two():
    """x-61: kept at 1/8 × 85,040 = 10,630, gain 18,390 = P 8,110 + H 10,280; then at H's cost USD 94.4 at the day
    before's 120 = 11,328 (698 into retained earnings, retained_interest), translated since with H's assets."""
    res = Context.open(X61).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"P": Decimal(8110), "H": Decimal(10280)}
    (h,) = [d for d in res.disposals if d.seller == "H"]
    assert (h.kept_account, h.kept, h.kept_equity) == ("1500", Decimal(11328), Decimal(698))
    (e,) = [e for e in res.eliminations if e.kind == "retained_interest"]
    assert {(ln.account, ln.amount) for ln in e.lines if ln.amount} == {("1500", Decimal(698)),
                                                                        ("3300", Decimal(-698))}
    assert res.balance_sheet["1500"] == Decimal(11800)
    _ok(res)


def test_jgaap_a_dollar_keeper_below_influence_the_year_after(tmp_path):
    """x-61 in 2023: the investment USD 94.4 × 140 = 13,216; H's reserve 15,872 + (968 + 94.4) × 15 = 31,808;
    retained earnings 30,528 (2022's closing)."""
    ws = _copy(tmp_path, X61)
    _2023(ws, "P,2023-12-31,1100,,113600,\nP,2023-12-31,1500,H,100000,\nP,2023-12-31,3100,,-200000,\n"
              "P,2023-12-31,3300,,-13600,\nH,2023-12-31,1100,,968,\nH,2023-12-31,1500,S,94.4,\n"
              "H,2023-12-31,3100,,-1000,\nH,2023-12-31,3300,,-62.4,\n")
    res = Context.open(ws).consolidate("2023-12-31")
    assert res.balance_sheet == {"1100": Decimal(249120), "1500": Decimal(13216), "3100": Decimal(-200000),
                                 "3300": Decimal(-30528), "3600": Decimal(-31808)}
    _ok(res)


def test_jgaap_a_dollar_keeper_of_a_foreign_subsidiary_among_two_is_still_refused(tmp_path):
    """x-17 (S in EUR) under jgaap with H (USD) keeping 30%: the reserve kept with the interest among several sellers
    is not read."""
    ws = _copy(tmp_path, X17)
    _edit(ws / "group.yaml", ("framework: ifrs\n", "framework: jgaap\n"),
          ("  holder: H\n  entity: S\n  share: 0\n  cost: 800\n", "  holder: H\n  entity: S\n  share: 0.3\n  cost: 320\n"))
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    (p,) = [p for p in err.value.problems if p.kind == "deconsolidation.several_sellers"]
    assert p.message.endswith(", and H keeps an interest under jgaap and S books in EUR (the reserve kept with the "
                              "interest among several sellers is not read): not consolidated yet")


# ------------------------------------------------------------------------------- x-62, the keeping seller has NCI


def _refused(ws: Path) -> str:
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    (p,) = [p for p in err.value.problems if p.kind == "deconsolidation.several_sellers"]
    return p.message


def test_a_seller_with_nci_keeping_influence_among_two():
    """x-62: gain 9,200 = 66,000 + 36,000 + 19,200 − 96,000 − 16,000; P 5,200, H 26,000 + 36,000 − 58,000 = 4,000
    (its 6,000 corrected by −2,000), attributed to H with the equity method's 1,200: H's NCI 800 + 240."""
    res = Context.open(X62).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"P": Decimal(5200), "H": Decimal(4000)}
    (h,) = [e for e in res.eliminations if e.kind == "disposal" and e.partner == "H"]
    assert h.attribute_to == "H"
    assert {(ln.entity, ln.account): ln.amount for ln in h.lines if ln.entity == "H"} == {
        ("H", "1500"): Decimal(50000 - 30000), ("H", "1510"): Decimal(36000), ("H", "4950"): Decimal(2000),
        ("H", "3900"): Decimal(-1600)}
    assert {c.entity: c.amount for c in res.closing if c.account == "3900"} == {"H": Decimal(-1040),
                                                                                  "S": Decimal(-1800)}


def _x62_jgaap(tmp_path: Path, p_cost: int = 27600, h_cost: int = 46000) -> Path:
    """x-62 under jgaap, goodwill over 10 years, at one price a share (920 a percent: goodwill P 3,600, H 6,000, 80
    a month) unless ``p_cost``/``h_cost`` say otherwise; no retained_fair_value; the books follow the costs."""
    ws = _copy(tmp_path, X62)
    _edit(ws / "group.yaml", ("framework: ifrs\n", "framework: jgaap\n"),
          ("  nci_measurement: proportionate\n", "  nci_measurement: proportionate\n  goodwill_amortisation_years: 10\n"),
          ("  holder: P\n  entity: S\n  share: 0.3\n  cost: 30000\n", f"  holder: P\n  entity: S\n  share: 0.3\n  cost: {p_cost}\n"),
          ("  holder: H\n  entity: S\n  share: 0.5\n  cost: 50000\n", f"  holder: H\n  entity: S\n  share: 0.5\n  cost: {h_cost}\n"),
          ("  retained_fair_value: 36000\n", ""))
    p_cash, h_cash, h_sold = 120000 - p_cost, 100000 - h_cost, h_cost * 2 // 5
    _edit(ws / "ledger" / "trial_balances.csv",
          ("P,2021-12-31,1100,,90000,", f"P,2021-12-31,1100,,{p_cash},"),
          ("P,2021-12-31,1500,S,30000,", f"P,2021-12-31,1500,S,{p_cost},"),
          ("H,2021-12-31,1100,,50000,", f"H,2021-12-31,1100,,{h_cash},"),
          ("H,2021-12-31,1500,S,50000,", f"H,2021-12-31,1500,S,{h_cost},"),
          ("P,2022-12-31,1100,,130000,", f"P,2022-12-31,1100,,{p_cash + 40000},"),
          ("P,2022-12-31,4950,S,-10000,", f"P,2022-12-31,4950,S,{p_cost - 40000},"),
          ("H,2022-12-31,1100,,76000,", f"H,2022-12-31,1100,,{h_cash + 26000},"),
          ("H,2022-12-31,1500,S,30000,", f"H,2022-12-31,1500,S,{h_cost - h_sold},"),
          ("H,2022-12-31,4950,S,-6000,", f"H,2022-12-31,4950,S,{h_sold - 26000},"))
    return ws


def test_jgaap_a_seller_with_nci_keeping_influence_among_two(tmp_path):
    """x-62 under jgaap (x-51's figures: goodwill 9,600, 8,240 left the day before): kept at 3/8 × 85,040 = 31,890 (=
    3/5 of H's own 53,150 at one price a share); gain 12,850: P 8,110, H 4,740 (its NCI 948); the equity method 1,200
    − 180 = 1,020 (H's NCI 204). NCI 2,892 of the profit (S's 1,800, less H's NCI's 60 of H's goodwill amortised, +
    948 + 204); NCI at the end 20% × (80,000 + 32,910) = 22,582; retained earnings 6,230 + 16,498 = 22,728."""
    res = Context.open(_x62_jgaap(tmp_path)).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"P": Decimal(8110), "H": Decimal(4740)}
    assert res.balance_sheet == {"1100": Decimal(212400), "1510": Decimal(32910), "3100": Decimal(-200000),
                                 "3300": Decimal(-22728), "3900": Decimal(-22582)}
    assert (res.profit_total, res.profit_nci) == (Decimal(19390), Decimal(2892))
    _ok(res)


def test_jgaap_a_seller_with_nci_keeping_at_different_prices_is_refused(tmp_path):
    """x-62 under jgaap with H paying 47,200 (x-51's prices: goodwill P 3,600, H 7,200): the interest kept is read by
    the shares, which is not H's own goodwill."""
    msg = _refused(_x62_jgaap(tmp_path, h_cost=47200))
    assert msg.endswith(", and H keeps an interest under jgaap, has NCI of its own and the sellers paid different "
                        "prices a share of S: not consolidated yet")


def test_a_dollar_seller_with_nci_keeping_an_interest_is_refused(tmp_path):
    """x-58 with H (USD, 80% P's) keeping 10% below significant influence: its NCI's share of the interest kept in its
    currency is not read."""
    ws = _copy(tmp_path, X58)
    _edit(ws / "group.yaml", ("  holder: H\n  entity: S\n  share: 0\n  cost: 650\n",
                              "  holder: H\n  entity: S\n  share: 0.1\n  cost: 520\n  retained_fair_value: 130\n"))
    assert _refused(ws).endswith(", and H keeps an interest and has NCI of its own and books in USD (its NCI's share "
                                 "of the interest kept in its currency is not read): not consolidated yet")


def test_a_seller_with_nci_keeping_influence_at_different_prices(tmp_path):
    """x-62 with H paying 55,000 (x-49's prices: goodwill P 6,000, H 15,000, each one's own): gain 66,000 + 36,000 +
    19,200 − 96,000 − 21,000 = 4,200; P 40,000 − 34,800 = 5,200, H 26,000 + 36,000 − (48,000 + 15,000) = −1,000 (its
    books 26,000 − 22,000 = 4,000); H's NCI at the end 20% × (71,000 + 37,200) = 21,640."""
    ws = _copy(tmp_path, X62)
    _edit(ws / "group.yaml", ("  holder: H\n  entity: S\n  share: 0.5\n  cost: 50000\n",
                              "  holder: H\n  entity: S\n  share: 0.5\n  cost: 55000\n"))
    _edit(ws / "ledger" / "trial_balances.csv", ("H,2021-12-31,1100,,50000,", "H,2021-12-31,1100,,45000,"),
          ("H,2021-12-31,1500,S,50000,", "H,2021-12-31,1500,S,55000,"),
          ("H,2022-12-31,1100,,76000,", "H,2022-12-31,1100,,71000,"),
          ("H,2022-12-31,1500,S,30000,", "H,2022-12-31,1500,S,33000,"),
          ("H,2022-12-31,4950,S,-6000,", "H,2022-12-31,4950,S,-4000,"))
    res = Context.open(ws).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"P": Decimal(5200), "H": Decimal(-1000)}
    assert res.balance_sheet["3900"] == Decimal(-21640) and res.balance_sheet["1510"] == Decimal(37200)
    _ok(res)


# ------------------------------------------------------------------------------- ifrs: a keeper in USD with influence

X48 = CASES / "x-48-two-sellers-one-keeps-influence" / "workspace"


def _x48_dollar_keeper(tmp_path: Path) -> Path:
    """x-48 with H (wholly P's) booking in USD at x-58's rates: capital USD 1,000, 50% of S for USD 500 (¥50,000 at
    100: goodwill P 6,000, H 10,000); sells 20 of it for USD 220 (¥26,400 at 120) and keeps 30% with significant
    influence at fair value USD 310 (¥37,200); its books: gain USD 20, remaining cost USD 300, cash USD 500 then
    720."""
    ws = _copy(tmp_path, X48)
    shutil.copy(X58 / "rates.csv", ws / "rates.csv")
    _edit(ws / "group.yaml", ("  name: Holdings KK\n  currency: JPY\n", "  name: Holdings Inc\n  currency: USD\n"),
          ("  entity: H\n  share: 1\n  cost: 100000\n  equity_at_acquisition:\n    '3100': 100000\n",
           "  entity: H\n  share: 1\n  cost: 100000\n  equity_at_acquisition:\n    '3100': 1000\n"),
          ("  holder: H\n  entity: S\n  share: 0.5\n  cost: 50000\n", "  holder: H\n  entity: S\n  share: 0.5\n  cost: 500\n"),
          ("  share: 0.3\n  cost: 26000\n  retained_fair_value: 36000\n",
           "  share: 0.3\n  cost: 220\n  retained_fair_value: 310\n"))
    _edit(ws / "ledger" / "trial_balances.csv", ("H,2021-12-31,1100,,50000,", "H,2021-12-31,1100,,500,"),
          ("H,2021-12-31,1500,S,50000,", "H,2021-12-31,1500,S,500,"),
          ("H,2021-12-31,3100,,-100000,", "H,2021-12-31,3100,,-1000,"),
          ("H,2022-12-31,1100,,76000,", "H,2022-12-31,1100,,720,"),
          ("H,2022-12-31,1500,S,30000,", "H,2022-12-31,1500,S,300,"),
          ("H,2022-12-31,3100,,-100000,", "H,2022-12-31,3100,,-1000,"),
          ("H,2022-12-31,4950,S,-6000,", "H,2022-12-31,4950,S,-20,"))
    return ws


def test_a_dollar_keeper_keeping_influence_among_two(tmp_path):
    """Gain 40,000 + 26,400 + 37,200 + 19,200 − 96,000 − 16,000 = 10,800: P 5,200, H 26,400 + 37,200 − 58,000 = 5,600
    (its ¥2,400 corrected by 3,200); H's remaining cost USD 300 off at 120 (36,000) and its translation since, 300 × 5
    = 1,500, out of its reserve; the equity method under H in S's yen from 37,200: + 1,200 = 38,400. H's reserve 500
    × 10 + 500 × 15 + 220 × 5 = 13,600; retained earnings 8,000 + 16,800 = 24,800; cash 110,000 + 720 × 125 =
    200,000."""
    res = Context.open(_x48_dollar_keeper(tmp_path)).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"P": Decimal(5200), "H": Decimal(5600)}
    assert res.balance_sheet == {"1100": Decimal(200000), "1510": Decimal(38400), "3100": Decimal(-200000),
                                 "3300": Decimal(-24800), "3600": Decimal(-13600)}
    (t,) = [e for e in res.eliminations if e.kind == "seller_cost"]
    assert [(ln.entity, ln.account, ln.amount) for ln in t.lines] == [("H", "1500", Decimal(-1500)),
                                                                      ("H", "3600", Decimal(1500))]
    _ok(res)


def test_a_dollar_keeper_keeping_influence_the_year_after(tmp_path):
    """2023 (S earns 5,000): 1510 38,400 + 1,500 = 39,900; retained earnings 26,300; H's reserve 13,600 + 720 × 15 =
    24,400; cash 110,000 + 720 × 140 = 210,800."""
    ws = _x48_dollar_keeper(tmp_path)
    _2023(ws, "P,2023-12-31,1100,,110000,\nP,2023-12-31,1500,H,100000,\nP,2023-12-31,3100,,-200000,\n"
              "P,2023-12-31,3300,,-10000,\nH,2023-12-31,1100,,720,\nH,2023-12-31,1500,S,300,\n"
              "H,2023-12-31,3100,,-1000,\nH,2023-12-31,3300,,-20,\n",
          "S,2023-12-31,1100,,55000,\nS,2023-12-31,1400,,50000,\nS,2023-12-31,3100,,-80000,\n"
          "S,2023-12-31,3300,,-20000,\nS,2023-12-31,4100,,-5000,\n")
    res = Context.open(ws).consolidate("2023-12-31")
    assert res.balance_sheet == {"1100": Decimal(210800), "1510": Decimal(39900), "3100": Decimal(-200000),
                                 "3300": Decimal(-26300), "3600": Decimal(-24400)}
    assert res.profit_total == Decimal(1500)
    _ok(res)


# ------------------------------------------------------------------------------- a seller with NCI, S in EUR

X35 = CASES / "x-35-partly-owned-dollar-seller-yen-keeper" / "workspace"


def _x35_both_sell(tmp_path: Path, p_row: str, p_rows: str) -> Path:
    """x-35 (H USD 80% P's sells its 50% of the EUR S for USD 1,000) with P selling on the same day too: ``p_row`` its
    holding row of the day, ``p_rows`` its books at 2022-12-31 but share capital and H."""
    ws = _copy(tmp_path, X35)
    _edit(ws / "group.yaml", ("  holder: P\n  entity: S\n  share: 0.3\n  retained_fair_value: 61200\n", p_row))
    _edit(ws / "ledger" / "trial_balances.csv",
          ("P,2022-12-31,1100,,54000,\nP,2022-12-31,1500,H,80000,\nP,2022-12-31,1500,S,36000,\n",
           p_rows + "P,2022-12-31,1500,H,80000,\n"))
    return ws


def test_two_sellers_one_with_nci_of_a_foreign_subsidiary(tmp_path):
    """x-35 with P selling its 30% for ¥61,200 (its books: gain 25,200) instead of keeping it at that fair value (was
    refused): x-35's gain 66,200 — P 61,200 − 43,125 = 18,075, H 120,000 − 71,875 = 48,125 (its NCI 9,625). H's NCI's
    1,175 of S's reserve moved into the reserve first (nci_reserve), so the reserve recycled is x-35's 14,200 — P 3/8 =
    5,325 = 30% × 11,750 + 1,800, H 8,875 — and H's NCI's OCI 4,375 − 1,775. Profit 10,000 + 8,250 + 66,200 = 84,450;
    NCI 12,100; retained earnings 20,850 + 72,350 = 93,200; reserve H's 12,000; NCI 35,000; cash 115,200 + 175,000."""
    ws = _x35_both_sell(tmp_path, "  holder: P\n  entity: S\n  share: 0\n  cost: 61200\n",
                        "P,2022-12-31,1100,,115200,\nP,2022-12-31,4950,S,-25200,2022-07-01\n")
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text("".join(ln for ln in tb.read_text(encoding="utf-8").splitlines(keepends=True)
                          if not ln.startswith("S,2022-12-31")), encoding="utf-8")
    res = Context.open(ws).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"P": Decimal(18075), "H": Decimal(48125)}
    assert res.balance_sheet == {"1100": Decimal(290200), "3100": Decimal(-150000), "3300": Decimal(-93200),
                                 "3600": Decimal(-12000), "3900": Decimal(-35000)}
    (r,) = [e for e in res.eliminations if e.kind == "nci_reserve"]
    assert [(ln.entity, ln.account, ln.amount) for ln in r.lines] == [("S", "3900", Decimal(1175)),
                                                                      ("S", "3600", Decimal(-1175))]
    cta = {e.partner: sum(ln.amount for ln in e.lines if ln.account == "3600") for e in res.eliminations
           if e.kind == "disposal"}
    assert cta == {"P": Decimal(5325), "H": Decimal(8875)}
    ci = res.to_json()["comprehensive_income"]
    assert (ci["oci"]["reclassified_on_disposal"], ci["nci"]["oci"], ci["owners"]["oci"]) == ("-14200", "2600", "2850")
    assert (res.profit_total, res.profit_nci) == (Decimal(84450), Decimal(12100))
    _ok(res)


def test_two_sellers_one_with_nci_of_a_foreign_subsidiary_the_other_keeping(tmp_path):
    """x-35 with P selling 10 of its 30% for ¥20,400 (its books: cost sold 12,000, gain 8,400) and keeping 20% with
    significant influence at fair value ¥40,800 (EUR 240 at 170): x-35's gain 66,200 (20,400 + 40,800 = 61,200), P
    18,075, H 48,125; the equity method under P from EUR 240: 20% × EUR 70 × 172 = 2,408, EUR 254 × 180 = 45,720 (its
    reserve 2,512). Retained earnings 93,200 + 2,408 = 95,608; reserve 12,000 + 2,512 = 14,512; cash 74,400 +
    175,000."""
    ws = _x35_both_sell(tmp_path, "  holder: P\n  entity: S\n  share: 0.2\n  cost: 20400\n  retained_fair_value: 40800\n",
                        "P,2022-12-31,1100,,74400,\nP,2022-12-31,1500,S,24000,\nP,2022-12-31,4950,S,-8400,2022-07-01\n")
    res = Context.open(ws).consolidate("2022-12-31")
    assert {d.seller: d.gain for d in res.disposals} == {"P": Decimal(18075), "H": Decimal(48125)}
    assert res.balance_sheet == {"1100": Decimal(249400), "1510": Decimal(45720), "3100": Decimal(-150000),
                                 "3300": Decimal(-95608), "3600": Decimal(-14512), "3900": Decimal(-35000)}
    _ok(res)


def test_two_sellers_one_with_nci_of_a_foreign_subsidiary_the_year_after(tmp_path):
    """The first of these in 2023 (P and H earn nothing): H's reserve 15,000 + USD 1,400 × 15 = 36,000 (owners 28,800);
    NCI 20% × 196,000 = 39,200; retained earnings 93,200; cash 115,200 + 196,000."""
    ws = _x35_both_sell(tmp_path, "  holder: P\n  entity: S\n  share: 0\n  cost: 61200\n",
                        "P,2022-12-31,1100,,115200,\nP,2022-12-31,4950,S,-25200,2022-07-01\n")
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text("".join(ln for ln in tb.read_text(encoding="utf-8").splitlines(keepends=True)
                          if not ln.startswith("S,2022-12-31"))
                  + "P,2023-12-31,1100,,115200,\nP,2023-12-31,1500,H,80000,\nP,2023-12-31,3100,,-150000,\n"
                    "P,2023-12-31,3300,,-45200,\nH,2023-12-31,1100,,1400,\nH,2023-12-31,3100,,-1000,\n"
                    "H,2023-12-31,3300,,-400,\n", encoding="utf-8")
    rates = ws / "rates.csv"
    rates.write_text(rates.read_text(encoding="utf-8") + "USD,2023-12-31,average,130\nUSD,2023-12-31,closing,140\n",
                     encoding="utf-8")
    res = Context.open(ws).consolidate("2023-12-31")
    assert res.balance_sheet == {"1100": Decimal(311200), "3100": Decimal(-150000), "3300": Decimal(-93200),
                                 "3600": Decimal(-28800), "3900": Decimal(-39200)}
    _ok(res)

"""A survivor the group owns in part absorbing its own subsidiary, in any currency (issue 10).

The worked cases are merger/s-21 (an 80%-owned USD holding absorbs its wholly-owned USD subsidiary)
and merger/s-22 (the same holding absorbs its 80% subsidiary, cash to the outside shareholders).
Here: the same with a yen survivor and with a subsidiary booking in EUR. Each was simulated
before with the survivor's NCI read as the owners' (the reserve moved against retained earnings,
every check passing).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

CASES = Path(__file__).parents[1] / "cases" / "merger"
S21 = CASES / "s-21-80pct-usd-holding-absorbs-wholly-owned-usd-sub" / "workspace"
EVENT = "merge-ust-2022"


def _copy(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / src.parent.name
    shutil.copytree(src, dst)
    return dst


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def _simulate(ws: Path) -> dict:
    return Context.open(ws).simulate(EVENT).to_json()


def _set_tb(ws: Path, entity: str, rows: dict[str, str]) -> None:
    """Replace ``entity``'s rows of the trial balance by ``rows`` (account[,partner] → amount)."""
    tb = ws / "ledger" / "trial_balances.csv"
    kept = [r for r in tb.read_text().splitlines() if not r.startswith(f"{entity},")]
    for key, amount in rows.items():
        account, _, partner = key.partition(",")
        kept.append(f"{entity},2021-12-31,{account},{partner},{amount}")
    tb.write_text("\n".join(kept) + "\n")


def test_a_yen_survivor_owned_80pct_absorbing_its_usd_subsidiary_changes_nothing(tmp_path: Path):
    """s-21 with SUS booking in yen (its books × 100 at the rates of 2020, the loan at ¥5,500,000, its cost
    of UST ¥80,000,000). From the standards, before the engine was run: UST's reserve 8,500,000 (6,500,000
    + 1,000,000 on the fair-value adjustment + 1,000,000 on the goodwill), 80% the owners': 6,800,000;
    SUS has none. NCI 20% × (cash 24,500,000 + other assets 115,500,000 + goodwill 11,000,000 − other
    liabilities 22,000,000) = 25,800,000. SUS takes UST over at ¥88,000,000 + goodwill ¥11,000,000 against its cost ¥80,000,000:
    tie-in gain ¥19,000,000. Nothing changes hands with SUS's NCI (IFRS 10.B86, IAS 21.48C), nothing is
    disposed of (IAS 21.48): the reversal keeps the owners' 6,800,000 in the reserve (Cr 3600 6,800,000,
    Cr 3300 12,200,000). The owners' reserve of UST the consolidation reports (7,000,000) holds the whole
    goodwill translation, whose NCI share (200,000) SUS's NCI bore: it was kept whole, ¥200,000 moved from
    retained earnings to the reserve."""
    ws = _copy(S21, tmp_path)
    _edit_yaml(ws / "group.yaml", lambda g: [e.update(currency="JPY") for e in g["entities"] if e["id"] == "SUS"])
    _edit_yaml(ws / "group.yaml", lambda g: [h.update(equity_at_acquisition={"3100": 100_000_000})
                                             for h in g["holdings"] if h["entity"] == "SUS"])
    _edit_yaml(ws / "group.yaml", lambda g: [h.update(cost=80_000_000) for h in g["holdings"] if h["entity"] == "UST"])
    _set_tb(ws, "SUS", {"1100": "24500000", "1200,UST": "5500000", "1500,UST": "80000000", "3100": "-100000000",
                        "4100": "-30000000", "5200": "20000000"})
    sim = _simulate(ws)
    assert sim["consolidated_before"]["balance_sheet"]["3600"] == "-6800000"
    assert sim["consolidated_before"]["balance_sheet"]["3900"] == "-25800000"
    assert sim["consolidated_change"] == {"balance_sheet": {}, "income_statement": {}}
    (entry,) = [e for e in sim["consolidation_entries"] if "tie-in" in e["reason"]]
    assert {ln["account"]: ln["amount"] for ln in entry["lines"]} == {
        "4800": "19000000", "3600": "-6800000", "3300": "-12200000"}
    assert all(c["ok"] for c in sim["checks"])


def test_an_80pct_usd_survivor_absorbing_its_eur_subsidiary_changes_nothing(tmp_path: Path):
    """s-21 with UST booking in EUR (its books × 0.8; EUR at 125 on 2020-12-31, 131.25 on average, 137.5
    closing: USD 1 = EUR 0.8 throughout, so every yen figure is s-21's). From the standards: SUS takes UST
    over in USD at the closing rates (EUR × 137.5 ÷ 110 = × 1.25: s-21's USD books); nothing consolidated
    changes, the reversal keeps the owners' 400,000 of reserve (80% of UST's 8,500,000 less the 8,000,000
    on SUS's cost). It moved ¥1,400,000 from the reserve to retained earnings."""
    ws = _copy(S21, tmp_path)
    _edit_yaml(ws / "group.yaml", lambda g: [e.update(currency="EUR") for e in g["entities"] if e["id"] == "UST"])

    def eur(g):
        for h in g["holdings"]:
            if h["entity"] == "UST":
                h["equity_at_acquisition"] = {"3100": 320_000, "3300": 160_000}
                h["fair_value_adjustments"] = [{"account": "1400", "amount": 80_000}]
    _edit_yaml(ws / "group.yaml", eur)
    _set_tb(ws, "UST", {"1400": "760000", "2100,SUS": "-40000", "2200": "-160000", "3100": "-320000",
                        "3300": "-160000", "4100": "-400000", "5200": "320000"})
    with (ws / "rates.csv").open("a") as f:
        f.write("EUR,2020-12-31,spot,125\nEUR,2020-12-31,closing,125\nEUR,2021-12-31,average,131.25\n"
                "EUR,2021-12-31,closing,137.5\n")
    s21 = _simulate(_copy(S21, tmp_path / "s21"))
    sim = _simulate(ws)
    assert sim["consolidated_before"]["balance_sheet"] == s21["consolidated_before"]["balance_sheet"]
    assert sim["consolidated_change"] == {"balance_sheet": {}, "income_statement": {}}
    assert sim["entities_after"]["SUS"]["balance_sheet"] == s21["entities_after"]["SUS"]["balance_sheet"]
    assert all(c["ok"] for c in sim["checks"])


S22 = CASES / "s-22-80pct-usd-holding-absorbs-80pct-usd-sub-cash-to-nci" / "workspace"


def test_s22_in_yen_puts_the_owners_part_in_capital_surplus(tmp_path: Path):
    """s-22 with every company booking in yen (SUS's and UST's books × 100, the rates of 2020; the cash
    ¥15,000,000). From the standards, before the engine was run: NCI before 20% × UST's 80,000,000 (70,000,000
    + 10,000,000 fair-value adjustment) = 16,000,000 and 20% × (SUS's sub-group 134,000,000 − 16,000,000) =
    23,600,000: 39,600,000; after 20% × (134,000,000 − 15,000,000) = 23,800,000. NCI −15,800,000 against the
    15,000,000 paid: 800,000 the owners', capital surplus (IFRS 10.B96; ASBJ Statement 22 §30); retained
    earnings unchanged; no reserve anywhere. SUS books capital surplus ¥1,000,000 (20% × 80,000,000 −
    15,000,000), of which the consolidation after gives its NCI 200,000 from retained earnings: it left
    capital surplus at −1,000,000 and retained earnings 200,000 lower."""
    ws = _copy(S22, tmp_path)
    _edit_yaml(ws / "group.yaml", lambda g: [e.update(currency="JPY") for e in g["entities"]])

    def yen(g):
        for h in g["holdings"]:
            if h["entity"] == "SUS":
                h["equity_at_acquisition"] = {"3100": 100_000_000}
            if h["entity"] == "UST":
                h["cost"] = 64_000_000
                h["equity_at_acquisition"] = {k: v * 100 for k, v in h["equity_at_acquisition"].items()}
                h["fair_value_adjustments"] = [{"account": "1400", "amount": 10_000_000}]
    _edit_yaml(ws / "group.yaml", yen)
    tb = ws / "ledger" / "trial_balances.csv"
    rows = []
    for r in tb.read_text().splitlines():
        if r.startswith(("SUS,", "UST,")):
            *head, amount = r.split(",")
            r = ",".join([*head, str(int(amount) * 100)])
        rows.append(r)
    tb.write_text("\n".join(rows) + "\n")
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0].update(consideration={"cash": 15_000_000}))
    sim = _simulate(ws)
    assert sim["consolidated_before"]["balance_sheet"]["3900"] == "-39600000"
    assert sim["consolidated_change"] == {"balance_sheet": {"1100": "-15000000", "3200": "-800000",
                                                            "3900": "15800000"}, "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


S23 = CASES / "s-23-80pct-eur-survivor-absorbs-usd-sister-for-shares" / "workspace"


def _simulate_a(ws: Path) -> dict:
    return Context.open(ws).simulate("merge-a-2022").to_json()


def test_s23_without_new_shares_gives_the_nci_their_share_of_the_sister(tmp_path: Path):
    """s-23 with no consideration: S's outside shareholders keep 20% of S, A's business now in it. From the
    standards, before the engine was run: NCI 20% × 71,500,000 = 14,300,000, up 7,700,000 (IFRS 10.23, B96);
    their reserve 20% × 6,050,000 = 1,210,000, was 560,000: the owners' falls by 650,000 (IAS 21.48C);
    capital surplus −7,700,000 + 650,000 = −7,050,000; retained earnings unchanged. It was refused."""
    ws = _copy(S23, tmp_path)
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0].pop("consideration"))
    sim = _simulate_a(ws)
    assert sim["consolidated_change"] == {"balance_sheet": {"3200": "7050000", "3600": "650000", "3900": "-7700000"},
                                          "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


def test_s23_in_yen_puts_the_nci_change_in_capital_surplus(tmp_path: Path):
    """s-23 with every company in yen (S's books at EUR 125, A's at USD 100, share capital +¥10,000,000). From
    the standards, before the engine was run: NCI before 20% × S's 30,000,000 = 6,000,000; after 10% × (S's
    30,000,000 + A's 35,000,000) = 6,500,000; the 500,000 the owners', in capital surplus (ASBJ Statement
    22 §30); no reserve; retained earnings unchanged. It was simulated with the note that the change in
    S's holders' shares is not modelled, the NCI left at 20% of S after (13,000,000)."""
    ws = _copy(S23, tmp_path)
    _edit_yaml(ws / "group.yaml", lambda g: [e.update(currency="JPY") for e in g["entities"]])

    def yen(g):
        for h in g["holdings"]:
            h["equity_at_acquisition"] = {k: v * (125 if h["entity"] == "S" else 100)
                                          for k, v in h["equity_at_acquisition"].items()}
    _edit_yaml(ws / "group.yaml", yen)
    _set_tb(ws, "S", {"1400": "37500000", "2200": "-7500000", "3100": "-25000000", "4100": "-17500000",
                      "5200": "12500000"})
    _set_tb(ws, "A", {"1400": "40000000", "2200": "-5000000", "3100": "-20000000", "3300": "-10000000",
                      "4100": "-25000000", "5200": "20000000"})
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0]["consideration"].update(share_capital_increase=10_000_000))
    sim = _simulate_a(ws)
    assert sim["consolidated_before"]["balance_sheet"]["3900"] == "-6000000"
    assert sim["consolidated_change"] == {"balance_sheet": {"3200": "500000", "3900": "-500000"},
                                          "income_statement": {}}
    assert any("rises from 80% to 90%" in n for n in sim["notes"])
    assert all(c["ok"] for c in sim["checks"])


def _give_ust_a_subsidiary(ws: Path, currency: str) -> None:
    """UST buys 100% of T (booking in ``currency``) on 2020-12-31 for USD 10,000 out of its other assets;
    T's equity is that cost at the 2020-12-31 rate (100 per USD; EUR at 100 that day, 120 at the close)."""
    equity = 10_000 if currency != "JPY" else 1_000_000

    def group(g):
        g["entities"].append({"id": "T", "name": "Tooling", "currency": currency, "country": "US"})
        g["holdings"].append({"date": "2020-12-31", "holder": "UST", "entity": "T", "share": 1, "cost": 10_000,
                              "equity_at_acquisition": {"3100": equity}})
    _edit_yaml(ws / "group.yaml", group)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text().replace("UST,2021-12-31,1400,,950000", "UST,2021-12-31,1400,,940000")
                  + f"UST,2021-12-31,1500,T,10000\nT,2021-12-31,1400,,{equity}\nT,2021-12-31,3100,,-{equity}\n")
    if currency == "EUR":
        with (ws / "rates.csv").open("a") as f:
            f.write("EUR,2020-12-31,spot,100\nEUR,2020-12-31,closing,100\nEUR,2021-12-31,average,105\n"
                    "EUR,2021-12-31,closing,120\n")


@pytest.mark.parametrize("currency", ["USD", "EUR", "JPY"])
def test_s21_with_ust_holding_a_subsidiary_changes_nothing(tmp_path: Path, currency: str):
    """s-21 with UST holding 100% of T (cost USD 10,000): T passes to SUS at that cost and nothing changes
    hands with SUS's NCI, who held 20% of T through SUS and UST before and through SUS after: nothing
    consolidated changes (IFRS 10.B86). The translation difference on the cost of T, taken out of UST's
    reserve before and out of SUS's after, is kept for the owners' share only (as inside an 80%-owned
    holder, docs/restructuring.md "Currencies"). It moved ¥1,400,000 from the reserve to retained earnings
    (s-21's), whatever T's currency."""
    ws = _copy(S21, tmp_path)
    _give_ust_a_subsidiary(ws, currency)
    sim = _simulate(ws)
    assert sim["consolidated_change"] == {"balance_sheet": {}, "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


def test_s21_under_an_intermediate_holding_changes_nothing(tmp_path: Path):
    """s-21 with P holding 80% of H (JPY), which holds all of SUS: SUS's NCI (20%) is H's outside
    shareholders' indirect share, and nothing changes hands with them: nothing consolidated changes. It
    moved ¥1,400,000 from the reserve to retained earnings, as s-21."""
    ws = _copy(S21, tmp_path)

    def group(g):
        g["entities"].insert(1, {"id": "H", "name": "Holding", "currency": "JPY", "country": "JP"})
        for h in g["holdings"]:
            if h["entity"] == "SUS":
                h.update(holder="H", share=1, cost=100_000_000)
        g["holdings"].insert(0, {"date": "2020-12-31", "holder": "P", "entity": "H", "share": 0.8,
                                 "cost": 80_000_000, "equity_at_acquisition": {"3100": 100_000_000}})
    _edit_yaml(ws / "group.yaml", group)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text().replace("P,2021-12-31,1500,SUS,80000000\n",
                                         "P,2021-12-31,1500,H,80000000\nH,2021-12-31,1500,SUS,100000000\n"
                                         "H,2021-12-31,3100,,-100000000\n"))
    sim = _simulate(ws)
    assert sim["consolidated_before"]["balance_sheet"]["3600"] == "-8800000"
    assert sim["consolidated_change"] == {"balance_sheet": {}, "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


S24 = CASES / "s-24-outside-shareholders-get-shares-of-a-90pct-survivor" / "workspace"


def test_s24_with_cash_too_buys_part_of_their_nci(tmp_path: Path):
    """s-24 paid in shares and USD 50,000 cash (s-20's: USD 10,000 to A's outside shareholders, 40,000 to
    P; S's other assets USD 100,000 of cash). From the standards, before the engine was run: NCI after 16% ×
    S's identifiable net assets after, (350,000 + 600,000 − 50,000) × 110 = 99,000,000: 15,840,000, from
    17,050,000: −1,210,000 against the ¥1,100,000 paid out of the group (IFRS 10.B96), 110,000 the owners';
    their reserve 16% × 8,750,000 = 1,400,000, from 1,425,000: 25,000 to the owners' (IAS 21.48C); capital
    surplus 85,000; the cash paid to P stays in the group. It was refused."""
    ws = _copy(S24, tmp_path)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text().replace("S,2021-12-31,1400,,400000", "S,2021-12-31,1100,,100000\nS,2021-12-31,1400,,300000"))
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0]["consideration"].update(cash=50_000))
    sim = _simulate_a(ws)
    assert sim["consolidated_change"] == {"balance_sheet": {"1100": "-1100000", "3200": "-85000", "3600": "-25000",
                                                            "3900": "1210000"}, "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


def test_s24_in_yen_gives_the_nci_its_share(tmp_path: Path):
    """s-24 with every company in yen (S's and A's books × 100, A's goodwill ¥4,000,000, share capital
    +¥15,000,000). From the standards, before the engine was run: NCI before 10% × 35,000,000 + 20% ×
    60,000,000 = 15,500,000; after 16% × 95,000,000 = 15,200,000; the 300,000 the owners', in capital
    surplus (ASBJ Statement 22 §30); no reserve. It was refused (`simulate.new_shares`)."""
    ws = _copy(S24, tmp_path)
    _edit_yaml(ws / "group.yaml", lambda g: [e.update(currency="JPY") for e in g["entities"]])
    _edit_yaml(ws / "group.yaml", lambda g: [h.update(equity_at_acquisition={k: v * 100 for k, v in
                                                                             h["equity_at_acquisition"].items()})
                                             for h in g["holdings"]])
    tb = ws / "ledger" / "trial_balances.csv"
    rows = []
    for r in tb.read_text().splitlines():
        if r.startswith(("S,", "A,")):
            *head, amount = r.split(",")
            r = ",".join([*head, str(int(amount) * 100)])
        rows.append(r)
    tb.write_text("\n".join(rows) + "\n")
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0]["consideration"].update(share_capital_increase=15_000_000))
    sim = _simulate_a(ws)
    assert sim["consolidated_before"]["balance_sheet"]["3900"] == "-15500000"
    assert sim["consolidated_change"] == {"balance_sheet": {"3200": "-300000", "3900": "300000"},
                                          "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


S25 = CASES / "s-25-80pct-eur-survivor-absorbs-usd-sister-holding-a-usd-sub" / "workspace"


def test_s25_in_yen_gives_the_nci_their_share_of_the_sub_group(tmp_path: Path):
    """s-25 with every company in yen (S's books at EUR 125, A's and T's at USD 100; A's cost of T ¥10,000,000,
    share capital +¥10,000,000). From the standards, before the engine was run: NCI before 20% × S's
    30,000,000 = 6,000,000; after 10% × (S's 30,000,000 + A's business without its cost of T 25,000,000 +
    T's 12,000,000) = 6,700,000 (IFRS 10.B96: T moves under S, the group's interest in it falls to 90%); the
    700,000 the owners', in capital surplus (ASBJ Statement 22 §30); no reserve; retained earnings
    unchanged. It was simulated with the note that the change in S's holders' shares is not modelled, the
    NCI left at 20% of S after: +7,400,000 (20% of A's business and T) against retained earnings."""
    ws = _copy(S25, tmp_path)
    _edit_yaml(ws / "group.yaml", lambda g: [e.update(currency="JPY") for e in g["entities"]])

    def yen(g):
        for h in g["holdings"]:
            rate = 125 if h["entity"] == "S" else 100
            h["equity_at_acquisition"] = {k: v * rate for k, v in h["equity_at_acquisition"].items()}
            if h["entity"] == "T":
                h["cost"] = h["cost"] * 100
    _edit_yaml(ws / "group.yaml", yen)
    _set_tb(ws, "S", {"1400": "37500000", "2200": "-7500000", "3100": "-25000000", "4100": "-17500000",
                      "5200": "12500000"})
    _set_tb(ws, "A", {"1400": "30000000", "1500,T": "10000000", "2200": "-5000000", "3100": "-20000000",
                      "3300": "-10000000", "4100": "-25000000", "5200": "20000000"})
    _set_tb(ws, "T", {"1400": "15000000", "2200": "-3000000", "3100": "-10000000", "4100": "-12000000",
                      "5200": "10000000"})
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0]["consideration"].update(share_capital_increase=10_000_000))
    sim = _simulate_a(ws)
    assert sim["consolidated_before"]["balance_sheet"]["3900"] == "-6000000"
    assert sim["consolidated_change"] == {"balance_sheet": {"3200": "700000", "3900": "-700000"},
                                          "income_statement": {}}
    assert any("rises from 80% to 90%" in n for n in sim["notes"])
    assert all(c["ok"] for c in sim["checks"])


def test_s25_without_new_shares_gives_the_nci_their_share_of_the_holding(tmp_path: Path):
    """s-25 with no consideration: S's outside shareholders keep 20% of S, now holding A's business and T.
    From the standards, before the engine was run: NCI 20% × 73,700,000 = 14,740,000, up 8,140,000 (IFRS
    10.23, B96); their reserve 20% × 6,150,000 = 1,230,000, was 560,000: the owners' falls by 670,000 (IAS
    21.48C); capital surplus −8,140,000 + 670,000 = −7,470,000; retained earnings unchanged. It was refused."""
    ws = _copy(S25, tmp_path)
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0].pop("consideration"))
    sim = _simulate_a(ws)
    assert sim["consolidated_change"] == {"balance_sheet": {"3200": "7470000", "3600": "670000", "3900": "-8140000"},
                                          "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


def _t_owned_80pct(ws: Path) -> None:
    _edit_yaml(ws / "group.yaml", lambda g: [h.update(share=0.8, cost=80000) for h in g["holdings"] if h["entity"] == "T"])
    _set_tb(ws, "A", {"1400": "320000", "1500,T": "80000", "2200": "-50000", "3100": "-200000", "3300": "-100000",
                      "4100": "-250000", "5200": "200000"})


def test_s25_with_t_owned_80pct_by_a_keeps_ts_outside_shareholders(tmp_path: Path):
    """s-25 with A holding 80% of T for USD 80,000 (no goodwill; A's other assets USD 320,000). From the standards,
    before the engine was run: T's outside shareholders keep their 20% of T (2,640,000); S's NCI get 10% of S's
    books without its cost of T (EUR 456,000 × 137.5 = 62,700,000) and of S's 80% of T (10,560,000): 7,326,000,
    was 6,600,000 (IFRS 10.B96); their reserve 10% × (2,800,000 + A's 2,450,000, net of 800,000 on its cost of T,
    + 80% × 1,100,000) = 613,000, was 560,000 (IAS 21.48C); capital surplus −673,000; retained earnings unchanged.
    It was refused (case merger/s-30 has the same with goodwill on T)."""
    ws = _copy(S25, tmp_path)
    _t_owned_80pct(ws)
    sim = _simulate_a(ws)
    assert sim["consolidated_before"]["balance_sheet"]["3900"] == "-9240000"
    assert sim["consolidated_change"] == {"balance_sheet": {"3200": "673000", "3600": "53000", "3900": "-726000"},
                                          "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


S30 = CASES / "s-30-80pct-eur-survivor-absorbs-usd-sister-holding-80pct-of-a-usd-sub-with-goodwill" / "workspace"


def test_s30_in_yen_leaves_the_goodwill_to_the_owners(tmp_path: Path):
    """s-30 with every company in yen (S's books at EUR 125, A's and T's at USD 100; A's cost of 80% of T
    ¥10,000,000, goodwill ¥2,000,000; share capital +¥10,000,000). From the standards, before the engine was run:
    T's outside shareholders keep 20% × 12,000,000 = 2,400,000; S's NCI 10% × (S's 30,000,000 + A's business
    without its cost of T 25,000,000 + S's 80% of T 9,600,000) = 6,460,000, was 6,000,000; the 460,000 the
    owners', in capital surplus (IFRS 10.B96; ASBJ Statement 22 §30); the goodwill stays the owners' (IFRS 3.19);
    retained earnings unchanged. It was simulated with the note that the change in S's holders' shares is not
    modelled."""
    ws = _copy(S30, tmp_path)
    _edit_yaml(ws / "group.yaml", lambda g: [e.update(currency="JPY") for e in g["entities"]])

    def yen(g):
        for h in g["holdings"]:
            rate = 125 if h["entity"] == "S" else 100
            h["equity_at_acquisition"] = {k: v * rate for k, v in h["equity_at_acquisition"].items()}
            if h["entity"] == "T":
                h["cost"] = h["cost"] * 100
    _edit_yaml(ws / "group.yaml", yen)
    _set_tb(ws, "S", {"1400": "37500000", "2200": "-7500000", "3100": "-25000000", "4100": "-17500000",
                      "5200": "12500000"})
    _set_tb(ws, "A", {"1400": "30000000", "1500,T": "10000000", "2200": "-5000000", "3100": "-20000000",
                      "3300": "-10000000", "4100": "-25000000", "5200": "20000000"})
    _set_tb(ws, "T", {"1400": "15000000", "2200": "-3000000", "3100": "-10000000", "4100": "-12000000",
                      "5200": "10000000"})
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0]["consideration"].update(share_capital_increase=10_000_000))
    sim = _simulate_a(ws)
    assert sim["consolidated_before"]["balance_sheet"]["3900"] == "-8400000"
    assert sim["consolidated_change"] == {"balance_sheet": {"3200": "460000", "3900": "-460000"},
                                          "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


def test_s25_with_ts_nci_at_fair_value_is_refused(tmp_path: Path):
    """s-25 with A holding 80% of T, T's NCI measured at fair value (USD 25,000: NCI goodwill USD 5,000): the NCI's
    own goodwill would move with the sub-group under S, not modelled: refused, naming what. (s-25 reports under
    jgaap, which refuses NCI at fair value at the holding, ``policy.nci_fair_value_jgaap``: the group here reports
    under ifrs.)"""
    ws = _copy(S25, tmp_path)
    _t_owned_80pct(ws)
    _edit_yaml(ws / "group.yaml", lambda g: [h.update(nci_measurement="fair_value", nci_fair_value=25000)
                                             for h in g["holdings"] if h["entity"] == "T"])
    _edit_yaml(ws / "group.yaml", lambda g: g.update(framework="ifrs"))
    with pytest.raises(RenketsuError) as err:
        _simulate_a(ws)
    assert [p.kind for p in err.value.problems] == ["simulate.currency"]
    assert "and T's NCI, below A, are measured at fair value (goodwill of their own)" in str(err.value)


S26 = CASES / "s-26-80pct-eur-survivor-absorbs-75pct-usd-sister-for-cash" / "workspace"


def test_s26_in_yen_puts_the_owners_gain_in_capital_surplus(tmp_path: Path):
    """s-26 with every company in yen (S's books at EUR 125, A's at USD 100; cash ¥16,000,000, ¥4,000,000 of it
    to A's outside shareholders). From the standards, before the engine was run: NCI before 20% × S's
    30,000,000 + 25% × A's 35,000,000 = 14,750,000; after 20% × S's 49,000,000 (30,000,000 + 35,000,000 −
    16,000,000) = 9,800,000: −4,950,000 against 4,000,000 paid, the 950,000 the owners', in capital surplus
    (IFRS 10.B96; ASBJ Statement 22 §30); no reserve; retained earnings unchanged. It was simulated with S's
    NCI share of the equity S credited P taken from retained earnings (−2,850,000) and capital surplus
    +3,800,000."""
    ws = _copy(S26, tmp_path)
    _edit_yaml(ws / "group.yaml", lambda g: [e.update(currency="JPY") for e in g["entities"]])

    def yen(g):
        for h in g["holdings"]:
            rate = 125 if h["entity"] == "S" else 100
            h["equity_at_acquisition"] = {k: v * rate for k, v in h["equity_at_acquisition"].items()}
    _edit_yaml(ws / "group.yaml", yen)
    _set_tb(ws, "S", {"1100": "25000000", "1400": "12500000", "2200": "-7500000", "3100": "-25000000",
                      "4100": "-17500000", "5200": "12500000"})
    _set_tb(ws, "A", {"1400": "40000000", "2200": "-5000000", "3100": "-20000000", "3300": "-10000000",
                      "4100": "-25000000", "5200": "20000000"})
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0]["consideration"].update(cash=16_000_000))
    sim = _simulate_a(ws)
    assert sim["consolidated_before"]["balance_sheet"]["3900"] == "-14750000"
    assert sim["consolidated_change"] == {"balance_sheet": {"1100": "-4000000", "3200": "-950000",
                                                            "3900": "4950000"}, "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


def test_s26_with_a_holding_a_subsidiary_is_refused(tmp_path: Path):
    """s-26 with A holding 100% of T: A's outside shareholders bought out while T moves under S, its indirect NCI
    changing from A's 25% to S's 20%, is not modelled: refused (simulate.currency), naming the pattern."""
    ws = _copy(S26, tmp_path)

    def add_t(g):
        g["entities"].append({"id": "T", "name": "T", "currency": "USD", "country": "US"})
        g["holdings"].append({"date": "2020-12-31", "holder": "A", "entity": "T", "share": 1, "cost": 100000,
                              "equity_at_acquisition": {"3100": 100000}})
    _edit_yaml(ws / "group.yaml", add_t)
    _set_tb(ws, "A", {"1400": "300000", "1500,T": "100000", "2200": "-50000", "3100": "-200000", "3300": "-100000",
                      "4100": "-250000", "5200": "200000"})
    _set_tb(ws, "T", {"1400": "100000", "3100": "-100000"})
    with pytest.raises(RenketsuError) as err:
        _simulate_a(ws)
    assert [p.kind for p in err.value.problems] == ["simulate.currency"]
    assert "S is 80% owned (its NCI's share of A's reserve would move" in str(err.value)


S27 = CASES / "s-27-eur-survivor-under-an-80pct-holder-absorbs-usd-sister" / "workspace"


def test_s27_without_new_shares_gives_the_holders_nci_their_share_of_the_sister(tmp_path: Path):
    """s-27 with no consideration: H keeps 100% of S, H's NCI 20% of S, now with A's business in it. From the
    standards, before the engine was run (as s-23's test): NCI +20% × 38,500,000 = +7,700,000 (IFRS 10.B96);
    their reserve 20% × 6,050,000 = 1,210,000, was 560,000: the owners' −650,000 (IAS 21.48C); capital surplus
    −7,050,000; retained earnings unchanged. H's own net assets (20% of its cash theirs) are not touched. It
    was refused."""
    ws = _copy(S27, tmp_path)
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0].pop("consideration"))
    sim = _simulate_a(ws)
    assert sim["consolidated_change"] == {"balance_sheet": {"3200": "7050000", "3600": "650000", "3900": "-7700000"},
                                          "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


S31 = CASES / "s-31-eur-survivor-under-an-80pct-usd-holder-absorbs-usd-sister" / "workspace"


def test_s31_without_new_shares_gives_the_holders_nci_their_share_of_the_sister(tmp_path: Path):
    """s-31 (H booking in USD) with no consideration: H keeps 100% of S, its NCI 20% of S with A's business in it.
    From the standards, before the engine was run (as s-27's test): NCI +20% × 38,500,000 = +7,700,000 (IFRS 10.B96);
    their reserve 20% × (2,800,000 + 3,250,000) = 1,210,000, was 560,000: the owners' −650,000 (IAS 21.48C);
    capital surplus −7,050,000; retained earnings unchanged. The difference on H's cost of S (2,500,000) stays out
    of H's reserve, its NCI's 20% with it. It was refused."""
    ws = _copy(S31, tmp_path)
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0].pop("consideration"))
    sim = _simulate_a(ws)
    assert sim["consolidated_change"] == {"balance_sheet": {"3200": "7050000", "3600": "650000", "3900": "-7700000"},
                                          "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


def test_s31_with_goodwill_on_s_is_refused(tmp_path: Path):
    """s-31 with H having paid USD 260,000 for S (goodwill on S): H's NCI would bear part of it, which is not
    modelled with the interest changing: refused (simulate.currency), as with a holder in yen."""
    ws = _copy(S31, tmp_path)
    _edit_yaml(ws / "group.yaml", lambda g: [h.update(cost=260000) for h in g["holdings"] if h["entity"] == "S"])
    _set_tb(ws, "H", {"1100": "40000", "1500,S": "260000", "3100": "-300000"})
    with pytest.raises(RenketsuError) as err:
        _simulate_a(ws)
    assert [p.kind for p in err.value.problems] == ["simulate.currency"]
    assert "S is 80% owned (its NCI's share of A's reserve would move" in str(err.value)


def test_s27_with_a_holding_a_subsidiary_changes_as_s25(tmp_path: Path):
    """s-27 with A holding 100% of T (s-25's T, USD): S held through H, T moving under S. From the standards,
    before the engine was run: H's NCI hold 20% of S through H before and 10% after, and 10% of T with it; H's
    own net assets are not touched, so the changes are s-25's: NCI +770,000 (10% of A's business with T,
    4,070,000, less 10% of S, 3,300,000), the owners' reserve −55,000, capital surplus −715,000 (IFRS 10.B96, IAS
    21.48C); retained earnings unchanged."""
    ws = _copy(S27, tmp_path)

    def add_t(g):
        g["entities"].append({"id": "T", "name": "T", "currency": "USD", "country": "US"})
        g["holdings"].append({"date": "2020-12-31", "holder": "A", "entity": "T", "share": 1, "cost": 100000,
                              "equity_at_acquisition": {"3100": 100000}})
    _edit_yaml(ws / "group.yaml", add_t)
    _set_tb(ws, "A", {"1400": "300000", "1500,T": "100000", "2200": "-50000", "3100": "-200000", "3300": "-100000",
                      "4100": "-250000", "5200": "200000"})
    _set_tb(ws, "T", {"1400": "150000", "2200": "-30000", "3100": "-100000", "4100": "-120000", "5200": "100000"})
    sim = _simulate_a(ws)
    assert sim["consolidated_change"] == {"balance_sheet": {"3200": "715000", "3600": "55000", "3900": "-770000"},
                                          "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


def test_s26_under_an_80pct_holder_changes_as_s26(tmp_path: Path):
    """s-26 with S held through H (P 80% → H, JPY, holding 100% of S and ¥5,000,000 of cash; P's cash
    ¥53,500,000, its shares of H ¥24,000,000). From the standards, before the engine was run: H's NCI hold 20%
    of S through H before and after (no new shares), A's outside shareholders are bought out for ¥5,500,000:
    the changes are s-26's (cash −5,500,000, NCI −6,325,000, the owners' reserve +162,500, capital surplus
    +662,500; IFRS 10.B96, IAS 21.48C); retained earnings unchanged."""
    ws = _copy(S26, tmp_path)

    def under_h(g):
        g["entities"].append({"id": "H", "name": "H", "currency": "JPY", "country": "JP"})
        for h in g["holdings"]:
            if h["entity"] == "S":
                h.update(holder="H", share=1, cost=25_000_000)
        g["holdings"].append({"date": "2020-12-31", "holder": "P", "entity": "H", "share": 0.8, "cost": 24_000_000,
                              "equity_at_acquisition": {"3100": 30_000_000}})
    _edit_yaml(ws / "group.yaml", under_h)
    _set_tb(ws, "P", {"1100": "53500000", "1500,H": "24000000", "1500,A": "22500000", "3100": "-80000000",
                      "3300": "-10000000", "4100": "-30000000", "5200": "20000000"})
    _set_tb(ws, "H", {"1100": "5000000", "1500,S": "25000000", "3100": "-30000000"})
    sim = _simulate_a(ws)
    assert sim["consolidated_change"] == {"balance_sheet": {"1100": "-5500000", "3200": "-662500", "3600": "-162500",
                                                            "3900": "6325000"}, "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


S32 = CASES / "s-32-80pct-eur-survivor-absorbs-75pct-usd-sister-for-shares" / "workspace"


def test_s32_with_cash_too_buys_part_of_the_outside_shareholders_nci(tmp_path: Path):
    """s-32 with cash EUR 160,000 as well as the 20,000 new shares, split by A's shares (EUR 40,000 = ¥5,500,000 to
    A's outside shareholders). From the standards, before the engine was run: the NCI after is 22.5% of S's net
    assets after the cash paid, 22.5% × (71,500,000 − 22,000,000) = 11,137,500, from 16,225,000: −5,087,500 against
    5,500,000 paid, the owners lose 412,500 (IFRS 10.B96); reserve 22.5% × 6,050,000 = 1,361,250, was 1,372,500:
    the owners' +11,250 (IAS 21.48C); capital surplus −423,750; retained earnings unchanged. (Simulated before too,
    through s-24's reading: this pins it for a EUR survivor and a USD sister.)"""
    ws = _copy(S32, tmp_path)
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0]["consideration"].update(cash=160000))
    sim = _simulate_a(ws)
    assert sim["consolidated_change"] == {"balance_sheet": {"1100": "-5500000", "3200": "423750", "3600": "-11250",
                                                            "3900": "5087500"}, "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


S33 = CASES / "s-33-80pct-eur-survivor-absorbs-75pct-usd-sister-fair-value-nci-for-cash" / "workspace"


def test_s33_in_yen_gives_the_nci_goodwill_to_the_owners(tmp_path: Path):
    """s-33 with every company in yen (S's books at EUR 125, A's at USD 100; A's NCI at fair value ¥8,000,000, their
    goodwill ¥500,000; cash ¥16,000,000, ¥4,000,000 of it to A's outside shareholders). From the standards, before
    the engine was run: NCI before 20% × 30,000,000 + 25% × 35,000,000 + 500,000 = 15,250,000; after 20% × S's
    identifiable net assets (30,000,000 + 35,000,000 − 16,000,000) = 9,800,000: −5,450,000 against 4,000,000 paid,
    the 1,450,000 the owners', in capital surplus (IFRS 10.B96; ASBJ Statement 22 §30), the goodwill (500,000)
    theirs now (IFRS 3.19); retained earnings unchanged. It was simulated through the sister-merger reading with
    S's NCI's share of the equity S credited P taken from retained earnings."""
    ws = _copy(S33, tmp_path)
    _edit_yaml(ws / "group.yaml", lambda g: [e.update(currency="JPY") for e in g["entities"]])

    def yen(g):
        for h in g["holdings"]:
            rate = 125 if h["entity"] == "S" else 100
            h["equity_at_acquisition"] = {k: v * rate for k, v in h["equity_at_acquisition"].items()}
            if h["entity"] == "A":
                h["nci_fair_value"] = 8_000_000
    _edit_yaml(ws / "group.yaml", yen)
    _set_tb(ws, "S", {"1100": "25000000", "1400": "12500000", "2200": "-7500000", "3100": "-25000000",
                      "4100": "-17500000", "5200": "12500000"})
    _set_tb(ws, "A", {"1400": "40000000", "2200": "-5000000", "3100": "-20000000", "3300": "-10000000",
                      "4100": "-25000000", "5200": "20000000"})
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0]["consideration"].update(cash=16_000_000))
    sim = _simulate_a(ws)
    assert sim["consolidated_before"]["balance_sheet"]["3900"] == "-15250000"
    assert sim["consolidated_change"] == {"balance_sheet": {"1100": "-4000000", "3200": "-1450000",
                                                            "3900": "5450000"}, "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


def test_s33_with_new_shares_to_the_outside_shareholders_is_refused(tmp_path: Path):
    """s-33 with 20,000 new shares instead of the cash: A's outside shareholders, their NCI at fair value, would
    become S's NCI with their own goodwill, which is not modelled: refused (simulate.new_shares)."""
    ws = _copy(S33, tmp_path)
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0].update(
        consideration={"shares_issued": 20000, "share_capital_increase": 100000}))
    with pytest.raises(RenketsuError) as err:
        _simulate_a(ws)
    assert {p.kind for p in err.value.problems} <= {"simulate.currency", "simulate.new_shares"}


# ------------------------------------------------- a holding with associates in its sub-group (s-35, s-36)

S35 = CASES / "s-35-80pct-eur-survivor-absorbs-usd-sister-holding-a-usd-associate" / "workspace"
S36 = CASES / "s-36-80pct-eur-survivor-absorbs-usd-sister-whose-sub-holds-a-usd-associate" / "workspace"


def test_s35_with_goodwill_inside_the_associates_carrying_amount(tmp_path: Path):
    """s-35 with A paying USD 300,000 for its 30% of X (s-18's figures: goodwill USD 60,000 inside the carrying
    amount, jgaap, amortised over 5 years; A's other assets USD 100,000). From the standards, before the engine
    was run: X's carrying amount USD 318,000 × 110 = 34,980,000, its reserve 3,090,000 − 3,000,000 on A's cost =
    90,000. S's identifiable net assets after 33,000,000 + 11,000,000 − 5,500,000 + 34,980,000 = 73,480,000 (the
    associate's goodwill is inside its carrying amount, IAS 28.32 / ASBJ Statement 16 §12, not a goodwill the
    group recognises: it is part of S's net assets as the group carries them); NCI 10% = 7,348,000, was 6,600,000;
    their reserve 10% × (2,800,000 + 3,250,000 + 90,000) = 614,000, was 560,000; capital surplus −748,000 +
    54,000 = −694,000; retained earnings unchanged. It was refused (simulate.currency)."""
    ws = _copy(S35, tmp_path)
    _edit_yaml(ws / "group.yaml", lambda g: [g.update(policies={"goodwill_amortisation_years": 5}),
                                             *[h.update(cost=300000) for h in g["holdings"] if h["entity"] == "X"]])
    _set_tb(ws, "A", {"1400": "100000", "1500,X": "300000", "2200": "-50000", "3100": "-200000", "3300": "-100000",
                      "4100": "-250000", "5200": "200000"})
    sim = _simulate_a(ws)
    assert sim["consolidated_before"]["balance_sheet"]["1510"] == "34980000"
    assert sim["consolidated_change"] == {"balance_sheet": {"3200": "694000", "3600": "54000", "3900": "-748000"},
                                          "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


def test_s35_in_yen_gives_the_nci_their_share_of_the_associate(tmp_path: Path):
    """s-35 with every company in yen (S's books at EUR 125, A's and X's at USD 100; A's cost of X ¥24,000,000, X's
    equity at acquisition ¥80,000,000; share capital +¥10,000,000). From the standards, before the engine was run:
    X's carrying amount 24,000,000 + 30% × 10,000,000 = 27,000,000; NCI before 20% × 30,000,000 = 6,000,000; after
    10% × (S's 30,000,000 + A's other assets 16,000,000 − liabilities 5,000,000 + X 27,000,000) = 6,800,000, the
    800,000 the owners' in capital surplus (IFRS 10.B96; ASBJ Statement 22 §30); no reserve; retained earnings
    unchanged. It was simulated with the note that the change in S's holders' shares is not modelled."""
    ws = _copy(S35, tmp_path)
    _edit_yaml(ws / "group.yaml", lambda g: [e.update(currency="JPY") for e in g["entities"]])

    def yen(g):
        for h in g["holdings"]:
            rate = 125 if h["entity"] == "S" else 100
            h["equity_at_acquisition"] = {k: v * rate for k, v in h["equity_at_acquisition"].items()}
            if h["entity"] == "X":
                h["cost"] = h["cost"] * 100
    _edit_yaml(ws / "group.yaml", yen)
    _set_tb(ws, "S", {"1400": "37500000", "2200": "-7500000", "3100": "-25000000", "4100": "-17500000",
                      "5200": "12500000"})
    _set_tb(ws, "A", {"1400": "16000000", "1500,X": "24000000", "2200": "-5000000", "3100": "-20000000",
                      "3300": "-10000000", "4100": "-25000000", "5200": "20000000"})
    _set_tb(ws, "X", {"1400": "90000000", "3100": "-80000000", "4100": "-10000000"})
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0]["consideration"].update(share_capital_increase=10_000_000))
    sim = _simulate_a(ws)
    assert sim["consolidated_before"]["balance_sheet"]["1510"] == "27000000"
    assert sim["consolidated_change"] == {"balance_sheet": {"3200": "800000", "3900": "-800000"},
                                          "income_statement": {}}
    assert any("rises from 80% to 90%" in n for n in sim["notes"])
    assert all(c["ok"] for c in sim["checks"])


def test_s35_with_the_associate_held_by_the_parent_too_is_refused(tmp_path: Path):
    """s-35 with P holding 10% of X as well (¥8,000,000 of its cash, 2020-12-31): X's equity-method position is
    split between A, which merges, and P, which does not; not modelled under a survivor with NCI: refused, naming
    X and both holders."""
    ws = _copy(S35, tmp_path)
    _edit_yaml(ws / "group.yaml", lambda g: g["holdings"].append(
        {"date": "2020-12-31", "holder": "P", "entity": "X", "share": 0.1, "cost": 8000000,
         "equity_at_acquisition": {"3100": 800000}}))
    _set_tb(ws, "P", {"1100": "42000000", "1500,S": "20000000", "1500,A": "30000000", "1500,X": "8000000",
                      "3100": "-80000000", "3300": "-10000000", "4100": "-30000000", "5200": "20000000"})
    with pytest.raises(RenketsuError) as err:
        _simulate_a(ws)
    assert [p.kind for p in err.value.problems] == ["simulate.currency"]
    assert "X is an associate of A and P" in str(err.value)


def test_s36_with_t_owned_80pct_is_refused(tmp_path: Path):
    """s-36 with A holding 80% of T (USD 240,000; A's other assets USD 160,000): T's outside shareholders hold 20%
    of its associate X through T; T moving under S with an associate and NCI of its own is not modelled: refused,
    naming T and X."""
    ws = _copy(S36, tmp_path)
    _edit_yaml(ws / "group.yaml", lambda g: [h.update(share=0.8, cost=240000) for h in g["holdings"]
                                             if h["entity"] == "T"])
    _set_tb(ws, "A", {"1400": "160000", "1500,T": "240000", "2200": "-50000", "3100": "-200000", "3300": "-100000",
                      "4100": "-250000", "5200": "200000"})
    with pytest.raises(RenketsuError) as err:
        _simulate_a(ws)
    assert [p.kind for p in err.value.problems] == ["simulate.currency"]
    assert "T, with outside shareholders or goodwill of its own, holds associate X" in str(err.value)


def test_s35_with_a_10pct_interest_instead_is_refused(tmp_path: Path):
    """s-35 with A holding 10% of X (no influence, not consolidated, USD 80,000; A's other assets USD 320,000): the
    interest's carrying amount moving under S, the NCI's share of it, is not modelled: refused, naming it."""
    ws = _copy(S35, tmp_path)
    _edit_yaml(ws / "group.yaml", lambda g: [h.update(share=0.1, cost=80000) for h in g["holdings"]
                                             if h["entity"] == "X"])
    _set_tb(ws, "A", {"1400": "320000", "1500,X": "80000", "2200": "-50000", "3100": "-200000", "3300": "-100000",
                      "4100": "-250000", "5200": "200000"})
    with pytest.raises(RenketsuError) as err:
        _simulate_a(ws)
    assert [p.kind for p in err.value.problems] == ["simulate.currency"]
    assert "A holds X as an interest neither consolidated nor by the equity method" in str(err.value)


def test_s35_without_new_shares_gives_the_nci_their_share_of_the_associate(tmp_path: Path):
    """s-35 with no consideration: S's outside shareholders keep 20% of S, now holding A's business with X. From the
    standards, before the engine was run: NCI 20% × 74,800,000 = 14,960,000, up 8,360,000 (IFRS 10.23, B96); their
    reserve 20% × 6,200,000 = 1,240,000, was 560,000: the owners' falls by 680,000 (IAS 21.48C); capital surplus
    −8,360,000 + 680,000 = −7,680,000; retained earnings unchanged. It was refused."""
    ws = _copy(S35, tmp_path)
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0].pop("consideration"))
    sim = _simulate_a(ws)
    assert sim["consolidated_change"] == {"balance_sheet": {"3200": "7680000", "3600": "680000", "3900": "-8360000"},
                                          "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


def test_s35_with_eur_at_100_moves_the_reserve_on_the_cost_of_the_associate(tmp_path: Path):
    """s-35 with EUR at 100 on 2021-12-31 (USD 1 = EUR 1.1 that day, EUR 0.8 when A bought X). From the standards,
    before the engine was run: S's net assets EUR 240,000 × 100 = 24,000,000, its reserve −6,200,000, NCI before
    4,800,000 (reserve −1,240,000 in it). S takes A's other assets at EUR 176,000, liabilities EUR 55,000 and X at
    the rates of A's purchase, EUR 192,000 (IAS 21.23(b)): credited EUR 313,000. X's carrying amount stays
    29,700,000; the difference on S's cost, 192,000 × (100 − 125) = −4,800,000, replaces A's +2,400,000, so the
    reserve on X becomes +7,350,000 and A's reserve kept 3,250,000 + 19,200,000 − 26,400,000 = −3,950,000: the
    gross reserve stays −6,200,000 + 3,250,000 + 150,000 = −2,800,000. S's identifiable net assets after 47,600,000 −
    11,500,000 + 29,700,000 = 65,800,000: NCI 6,580,000 (+1,780,000), their reserve 10% × −2,800,000 = −280,000
    (was −1,240,000: the owners' falls by 960,000, IAS 21.48C); capital surplus −1,780,000 + 960,000 = −820,000;
    retained earnings unchanged."""
    ws = _copy(S35, tmp_path)
    rates = ws / "rates.csv"
    rates.write_text(rates.read_text().replace("EUR,2021-12-31,closing,137.5", "EUR,2021-12-31,closing,100"))
    sim = _simulate_a(ws)
    assert sim["entities_after"]["S"]["balance_sheet"]["1500"] == "192000.00"
    assert sim["consolidated_before"]["balance_sheet"]["3900"] == "-4800000"
    assert sim["consolidated_change"] == {"balance_sheet": {"3200": "820000", "3600": "960000", "3900": "-1780000"},
                                          "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


def test_s36_with_eur_at_100(tmp_path: Path):
    """s-36 with EUR at 100 on 2021-12-31. From the standards, before the engine was run: NCI before 20% ×
    24,000,000 = 4,800,000; S takes A's other assets at EUR 110,000, liabilities EUR 55,000, its cost of T at EUR
    240,000 (the rates of A's purchase). S's identifiable net assets after (410,000 − 115,000) × 100 + T's
    38,500,000 with X at its carrying amount = 68,000,000: NCI 6,800,000 (+2,000,000); the gross reserve stays
    −6,200,000 + 250,000 + 3,250,000 = −2,700,000 (S's difference on its cost of T, −6,000,000, in place of A's
    3,000,000, which A's reserve kept makes up for), the NCI's 10% −270,000, was −1,240,000: the owners' falls by
    970,000; capital surplus −2,000,000 + 970,000 = −1,030,000; retained earnings unchanged."""
    ws = _copy(S36, tmp_path)
    rates = ws / "rates.csv"
    rates.write_text(rates.read_text().replace("EUR,2021-12-31,closing,137.5", "EUR,2021-12-31,closing,100"))
    sim = _simulate_a(ws)
    assert sim["consolidated_change"] == {"balance_sheet": {"3200": "1030000", "3600": "970000", "3900": "-2000000"},
                                          "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


def test_s35_with_a_eur_associate(tmp_path: Path):
    """s-35 with X booking in EUR (its USD figures read at the 2020-12-31 cross rate, × 100 / 125: equity at
    acquisition EUR 640,000, profit 2021 EUR 80,000). From the standards, before the engine was run: X's carrying
    amount EUR 216,000 × 137.5 = 29,700,000 (cost 24,000,000, share of profit EUR 24,000 × 130 = 3,120,000, reserve
    on it 2,580,000 less 2,400,000 on A's cost: +180,000); NCI after 10% × 74,800,000 = 7,480,000 (+880,000), their
    reserve 10% × (2,800,000 + 3,250,000 + 180,000) = 623,000, was 560,000; capital surplus −817,000."""
    ws = _copy(S35, tmp_path)
    _edit_yaml(ws / "group.yaml", lambda g: [
        *[e.update(currency="EUR") for e in g["entities"] if e["id"] == "X"],
        *[h.update(equity_at_acquisition={"3100": 640000}) for h in g["holdings"] if h["entity"] == "X"]])
    _set_tb(ws, "X", {"1400": "720000", "3100": "-640000", "4100": "-80000"})
    sim = _simulate_a(ws)
    assert sim["consolidated_before"]["balance_sheet"]["1510"] == "29700000"
    assert sim["consolidated_change"] == {"balance_sheet": {"3200": "817000", "3600": "63000", "3900": "-880000"},
                                          "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])

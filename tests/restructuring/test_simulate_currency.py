"""Events booked in another currency than the reporting currency (issue 10 item 3).

The acquisition of case acquisition/s-9 is booked by a USD holding: its entity entry is in
USD, the consolidation translates it at the position date's closing rate. Without that
rate the simulation says which row to add; a disposal by a holder booking in USD is
simulated in USD (cases disposal/s-12, s-12b).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

CASE = Path(__file__).parents[1] / "cases" / "acquisition" / "s-9-acquisition-booked-in-usd" / "workspace"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    dst = tmp_path / "ws"
    shutil.copytree(CASE, dst)
    return dst


def test_the_usd_entry_is_in_usd_and_the_consolidation_in_yen(ws: Path):
    sim = Context.open(ws).simulate("buy-t-2022").to_json()
    (entry,) = sim["entity_entries"]
    assert entry["entity"] == "SUS"
    assert {ln["account"]: ln["amount"] for ln in entry["lines"]} == {"1500": "1000000.00", "1100": "-1000000.00"}
    assert sim["consolidated_change"]["balance_sheet"]["1100"] == "-110000000"  # USD 1,000,000 at closing 110
    assert all(c["ok"] for c in sim["checks"])


def test_a_missing_closing_rate_on_the_position_date_is_named(ws: Path):
    rates = (ws / "rates.csv").read_text().splitlines()
    (ws / "rates.csv").write_text("\n".join(r for r in rates if r != "USD,2021-12-31,closing,110") + "\n")
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).simulate("buy-t-2022")
    text = str(err.value)
    assert "USD" in text and "2021-12-31" in text and "closing" in text


def test_a_disposal_by_a_holder_booking_in_usd_is_simulated_in_usd(ws: Path):
    """SUS (USD) sells 10% of T, keeping control: its entry is in USD, the consolidation an equity transaction."""
    events = {"events": [{"id": "sale", "kind": "disposal", "date": "2022-01-01", "holder": "SUS", "entity": "T",
                          "share_sold": 0.1, "proceeds": 150000}]}
    group = yaml.safe_load((ws / "group.yaml").read_text())
    group["holdings"].append({"date": "2020-12-31", "holder": "SUS", "entity": "T", "share": 0.8, "cost": 800000,
                              "equity_at_acquisition": {"3100": 600000, "3300": 300000}})
    (ws / "group.yaml").write_text(yaml.safe_dump(group, sort_keys=False))
    (ws / "events.yaml").write_text(yaml.safe_dump(events, sort_keys=False))
    tb = ws / "ledger" / "trial_balances.csv"
    rows = tb.read_text().replace("SUS,2021-12-31,1100,,1500000", "SUS,2021-12-31,1100,,700000")
    tb.write_text(rows + "SUS,2021-12-31,1500,T,800000\n")
    sim = Context.open(ws).simulate("sale").to_json()
    (entry,) = sim["entity_entries"]
    # Carrying amount of the shares sold 800,000 × 1/8 = 100,000; gain 50,000 in SUS's books (USD).
    assert {ln["account"]: ln["amount"] for ln in entry["lines"]} == {
        "1100": "150000.00", "1500": "-100000.00", "4900": "-50000.00"}
    change = sim["consolidated_change"]
    assert change["income_statement"] == {}  # IFRS 10.23: no gain in profit
    assert change["balance_sheet"]["1100"] == "16500000"  # USD 150,000 at the closing rate 110
    # T's net assets USD 1,000,000 × 110; 10% of them to the NCI.
    assert change["balance_sheet"]["3900"] == "-11000000"
    assert all(c["ok"] for c in sim["checks"]), sim["checks"]


MERGER = Path(__file__).parents[1] / "cases" / "merger" / "s-13-usd-holding-absorbs-wholly-owned-usd-sub" / "workspace"


def test_statements_of_a_usd_company_are_labelled_and_rounded_in_usd():
    """Issue 10 item 7: simulation statements of foreign companies are labelled with their own currency —
    the terminal (entries, reasons, key points, statements after) and the web page alike."""
    from rich.console import Console

    from renketsu.reports.terminal import print_renderables, render_simulation
    from renketsu.web.views import simulation_view

    ctx = Context.open(MERGER)
    sim = ctx.simulate("merge-ust-2022").to_json()
    group = ctx.workspace.group
    currencies = {e: x.currency for e, x in group.entities.items()}
    chart = {a.id: (a.name, a.type, a.role) for a in group.accounts.values()}  # as the CLI gives it
    con = Console(record=True, width=120)
    print_renderables(con, render_simulation(sim, chart, currency="JPY", currencies=currencies, width=120))
    text = con.export_text()
    assert "SUS after the event — balance sheet" in text
    assert "1,050,000.00" in text  # SUS's other assets, in USD with cents
    assert "net 800,000.00, goodwill 100,000.00" in text  # an entry's reason, not garbled
    assert "Gain on extinguishment of tie-in shares 100,000.00 USD" in text  # the key point names the currency
    view = simulation_view(sim, chart, "JPY", currencies)
    sus = next(e for e in view["entities_after"] if e["entity"] == "SUS")
    assert sus["bs"].currency == "USD" and sus["dec"] == 2
    p = next(e for e in view["entities_after"] if e["entity"] == "P")
    assert p["bs"].currency == "JPY" and p["dec"] == 0
    assert {(e["entity"], e["currency"], e["dec"]) for e in view["entries"]} == {("SUS", "USD", 2)}


DISPOSAL = Path(__file__).parents[1] / "cases" / "disposal" / "s-12-usd-holding-sells-eur-sub-loses-control" / "workspace"


def test_loss_of_control_by_a_usd_holder_under_jgaap(tmp_path: Path):
    """Case disposal/s-12 under jgaap (ASBJ 22 §29; docs/format.md §10.8): the 20% kept is not remeasured,
    only the part sold's reserve is recycled. By hand: goodwill EUR 160,000 over 20 years, 2021's EUR 8,000
    at the average 125 = ¥1,000,000; goodwill EUR 152,000 × 130 = ¥19,760,000; the owners' reserve of DE
    80% × 9,000,000 + (19,760,000 − 18,200,000) = ¥8,760,000. Owners' carrying amount 104,000,000 +
    19,760,000 = 123,760,000, a quarter kept: ¥30,940,000, the part sold ¥92,820,000; recycled ¾ ×
    8,760,000 = ¥6,570,000; gain 99,000,000 − 92,820,000 + 6,570,000 = ¥12,750,000."""
    ws = tmp_path / "ws"
    shutil.copytree(DISPOSAL, ws)
    group = (ws / "group.yaml").read_text()
    (ws / "group.yaml").write_text(group.replace("framework: ifrs", "framework: jgaap"))
    sim = Context.open(ws).simulate("sell-de-60").to_json()
    assert sim["consolidated_before"]["balance_sheet"]["1600"] == "19760000"
    assert sim["consolidated_before"]["balance_sheet"]["3600"] == "-9660000"
    after = sim["consolidated_after"]
    assert after["income_statement"] == {"4900": "-12750000"}
    assert after["balance_sheet"] == {"1100": "164400000", "1510": "30940000", "3100": "-100000000",
                                      "3300": "-92250000", "3600": "-3090000"}  # SUS's 900,000 + ¼ of DE's
    assert all(c["ok"] for c in sim["checks"]), sim["checks"]


def test_the_simulation_pack_shows_a_usd_company_in_usd(tmp_path: Path):
    import openpyxl

    from renketsu.reports.xlsx import write_simulation_pack

    ctx = Context.open(MERGER)
    sim = ctx.simulate("merge-ust-2022").to_json()
    group = ctx.workspace.group
    chart = {a.id: (a.name, a.type, a.role) for a in group.accounts.values()}
    path = write_simulation_pack(sim, chart, tmp_path / "pack.xlsx", "JPY", {e: x.currency for e, x in group.entities.items()})
    ws = openpyxl.load_workbook(path)["Entries"]
    assert [c.value for c in ws[1]] == ["entity", "account", "name", "amount", "reason", "currency"]
    assert ws["A2"].value == "SUS" and ws["F2"].value == "USD"
    assert "0.00" in ws["D2"].number_format  # cents shown, not rounded away by the yen format

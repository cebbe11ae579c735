"""Events booked in another currency than the reporting currency (issue 10 item 3).

The acquisition of case acquisition/s-9 is booked by a USD holding: its entity entry is in
USD, the consolidation translates it at the position date's closing rate. Without that
rate the simulation says which row to add; a disposal by a holder booking in USD is
refused with a message, not simulated wrongly.
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


def test_a_disposal_by_a_holder_booking_in_usd_is_refused(ws: Path):
    events = {"events": [{"id": "sale", "kind": "disposal", "date": "2022-01-01", "holder": "SUS", "entity": "T",
                          "share_sold": 0.1, "proceeds": 100000}]}
    group = yaml.safe_load((ws / "group.yaml").read_text())
    group["holdings"].append({"date": "2020-12-31", "holder": "SUS", "entity": "T", "share": 0.8, "cost": 1000000,
                              "equity_at_acquisition": {"3100": 600000, "3300": 300000}})
    (ws / "group.yaml").write_text(yaml.safe_dump(group, sort_keys=False))
    (ws / "events.yaml").write_text(yaml.safe_dump(events, sort_keys=False))
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).simulate("sale")
    assert "SUS keeps its books in USD" in str(err.value)

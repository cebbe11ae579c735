"""Companies Act tests for a company booking in another currency than yen (issue 10 item 3).

The Act's amounts are in yen (the ¥5,000,000 floor of Ordinance art. 196); a survivor booking in
USD reads them at the stated rate, and the explanation says which rate, which date and the amount
in its own currency. Cases merger/s-13 and s-13b are the simulations this reading is taken in.
"""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from renketsu.api import Context
from renketsu.model.types import Consideration
from renketsu.restructuring.legal import YenReading, simplified_merger

CASE = Path(__file__).parents[1] / "cases" / "merger" / "s-13-usd-holding-absorbs-wholly-owned-usd-sub" / "workspace"
AT_110 = YenReading("USD", Fraction(110), dt.date(2021, 12, 31))


def _check(net_assets: int, cash: int):
    return simplified_merger("SUS", Decimal(net_assets), None, Consideration(cash=Decimal(cash)), reading=AT_110)


def test_the_yen_floor_is_read_in_dollars_at_the_stated_rate():
    # Net assets USD 20,000 are below ¥5,000,000 / 110 = USD 45,454.5454…: the limit is a fifth of that,
    # USD 9,090.9090… (read as USD 5,000,000 it would be USD 1,000,000; without the floor USD 4,000).
    assert _check(20_000, 9_090).applies
    assert not _check(20_000, 9_091).applies
    c = _check(20_000, 9_091)
    assert c.inputs["floor"] == "500000/11" and c.inputs["limit"] == "100000/11"
    assert c.inputs["currency"] == "USD" and c.inputs["yen_per_unit"] == "110" and c.inputs["rate_date"] == "2021-12-31"


def test_the_explanation_names_the_rate_the_date_and_the_local_amount():
    text = _check(20_000, 8_000).explanation
    assert "¥5,000,000" in text
    assert "USD 45,454.55" in text and "500000/11" in text
    assert "closing rate of 2021-12-31" in text and "1 USD = ¥110" in text
    assert "net assets USD 20,000" in text and "cash USD 8,000" in text


def test_above_the_floor_the_net_assets_decide_and_the_floor_is_still_shown():
    c = _check(1_100_000, 220_000)
    assert c.applies and c.inputs["net_assets_for_test"] == "1100000"
    assert "above ¥5,000,000" in c.explanation and "USD 45,454.55" in c.explanation
    assert not _check(1_100_000, 220_001).applies


def test_a_yen_survivor_reads_nothing():
    c = simplified_merger("P", Decimal(1_000_000), None, Consideration(cash=Decimal(1_000_000)))
    assert c.applies and "currency" not in c.inputs and "closing rate" not in c.explanation


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    dst = tmp_path / "ws"
    shutil.copytree(CASE, dst)
    return dst


def test_the_simulated_merger_of_usd_companies_says_so(ws: Path):
    sim = Context.open(ws).simulate("merge-ust-2022").to_json()
    (simplified,) = [c for c in sim["legal"] if c["rule"] == "jp.simplified_merger"]
    assert simplified["entity"] == "SUS" and simplified["applies"] is True
    assert "1 USD = ¥110" in simplified["explanation"] and "2021-12-31" in simplified["explanation"]
    assert "net assets USD 1,100,000" in simplified["explanation"]
    assert simplified["inputs"]["net_assets"] == "1100000"  # SUS's closed equity in USD


def test_a_sister_merger_with_a_usd_company_is_simulated(ws: Path):
    """Once refused (``simulate.currency``): UST held 60% by SUS and 40% by P. All three are wholly
    owned by the group, so the merger is simulated (tests/restructuring/test_sister_currency.py):
    nothing consolidated changes, and the Companies Act tests still read yen at the stated rate."""
    group = yaml.safe_load((ws / "group.yaml").read_text())
    group["holdings"][1]["share"] = 0.6
    group["holdings"].append({"date": "2020-12-31", "holder": "P", "entity": "UST", "share": 0.4, "cost": 32000000})
    (ws / "group.yaml").write_text(yaml.safe_dump(group, sort_keys=False))
    tb = ws / "ledger" / "trial_balances.csv"
    text = tb.read_text().replace("P,2021-12-31,1100,,50000000", "P,2021-12-31,1100,,18000000")
    tb.write_text(text + "P,2021-12-31,1500,UST,32000000\n")
    sim = Context.open(ws).simulate("merge-ust-2022").to_json()
    assert sim["consolidated_change"] == {"balance_sheet": {}, "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])
    (simplified,) = [c for c in sim["legal"] if c["rule"] == "jp.simplified_merger"]
    assert "1 USD = ¥110" in simplified["explanation"]
    (short,) = [c for c in sim["legal"] if c["rule"] == "jp.short_form_merger"]
    assert short["entity"] == "UST" and short["applies"] is False and short["inputs"]["votes_held"] == "0.6"
